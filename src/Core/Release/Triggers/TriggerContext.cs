using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// A no-cut decision in the making, shared by its triggers: the configuration and the request, the NO-GO reasons
/// and input errors found so far, and every input file read with its sha256 (null when missing), which make the
/// decision's inputsDigest. Holds the helpers every trigger uses: reading a policy input (a missing file is a
/// reason, never a pass; an unreadable one an input error), reading the timestamp of dated evidence, and the
/// max-age rule.
/// </summary>
/// <param name="config">The configuration.</param>
/// <param name="request">The question.</param>
internal sealed class TriggerContext(ReleaseTrainConfig config, DecisionRequest request)
{
    private readonly RepositoryFiles _files = new(config.RootDirectory);
    private readonly SortedDictionary<string, string?> _inputs = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _reasons = [];
    private readonly List<Diagnostic> _inputErrors = [];

    /// <summary>The configuration.</summary>
    public ReleaseTrainConfig Config => config;

    /// <summary>The question.</summary>
    public DecisionRequest Request => request;

    /// <summary>The configuration's root-confined files, for triggers that hand them on (validators).</summary>
    public RepositoryFiles Files => _files;

    /// <summary>The NO-GO reasons found so far, in order.</summary>
    public IReadOnlyList<Diagnostic> Reasons => _reasons;

    /// <summary>The input errors found so far, in order.</summary>
    public IReadOnlyList<Diagnostic> InputErrors => _inputErrors;

    /// <summary>Every input read so far, by root-relative path or another key: its sha256 (null: missing).</summary>
    public IReadOnlyDictionary<string, string?> Inputs => _inputs;

    /// <summary>Records a NO-GO reason.</summary>
    /// <param name="reason">An RT41xx diagnostic of the trigger's <see cref="NoCutTrigger.ReasonCodes"/>.</param>
    public void Reason(Diagnostic reason) => _reasons.Add(reason);

    /// <summary>Records an input error: the decision then has no verdict (exit 2).</summary>
    /// <param name="error">The diagnostic.</param>
    public void InputError(Diagnostic error) => _inputErrors.Add(error);

    /// <summary>Records an input of the decision (part of inputsDigest).</summary>
    /// <param name="key">A root-relative path with forward slashes, or another stable key (<c>review:ID</c>).</param>
    /// <param name="digest">Its sha256 or another stable text; null when the file is missing.</param>
    public void Input(string key, string? digest) => _inputs[key] = digest;

    /// <summary>The root-relative, forward-slash key of a full path under the root.</summary>
    /// <param name="fullPath">A full path under the configuration's root.</param>
    /// <returns>The key.</returns>
    public string KeyOf(string fullPath) => Path.GetRelativePath(config.RootDirectory, fullPath).Replace('\\', '/');

    /// <summary>
    /// Reads a JSON policy input; when the file is missing, records RT4102 (required <paramref name="kind"/>
    /// evidence <paramref name="id"/> is missing) at the configuration's line.
    /// </summary>
    /// <param name="relative">Root-relative path from the configuration.</param>
    /// <param name="declaredAt">Where the configuration names it.</param>
    /// <param name="kind">What kind of evidence it is, for the message (e.g. <c>readiness</c>).</param>
    /// <param name="id">Its id, for the message.</param>
    /// <returns>The document, or null when missing (a reason) or unreadable (an input error).</returns>
    public LocatedJsonDocument? ReadJson(string relative, ConfigLocation declaredAt, string kind, string id) =>
        ReadJson(relative, declaredAt, () => Missing(relative, declaredAt, kind, id));

    /// <summary>Reads a JSON policy input; when the file is missing, records the reason that missing gives.</summary>
    /// <param name="relative">Root-relative path from the configuration.</param>
    /// <param name="declaredAt">Where the configuration names it.</param>
    /// <param name="missing">The reason a missing file is.</param>
    /// <returns>The document, or null when missing (a reason) or unreadable (an input error).</returns>
    public LocatedJsonDocument? ReadJson(string relative, ConfigLocation declaredAt, Func<Diagnostic> missing)
    {
        var bytes = ReadBytes(relative, declaredAt, missing, out var full);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return LocatedJsonDocument.Parse(bytes, full);
        }
        catch (ReleaseTrainException ex)
        {
            _inputErrors.Add(ex.Diagnostic);
            return null;
        }
    }

    /// <summary>
    /// Reads an input file without parsing it (recording its digest); when missing, records RT4102 as
    /// <see cref="ReadJson(string, ConfigLocation, string, string)"/> does.
    /// </summary>
    /// <param name="relative">Root-relative path from the configuration.</param>
    /// <param name="declaredAt">Where the configuration names it.</param>
    /// <param name="kind">What kind of input it is, for the message.</param>
    /// <param name="id">Its id, for the message.</param>
    /// <returns>Its full path, or null when missing (a reason) or unreadable (an input error).</returns>
    public string? ReadFile(string relative, ConfigLocation declaredAt, string kind, string id) =>
        ReadBytes(relative, declaredAt, () => Missing(relative, declaredAt, kind, id), out var full) is null
            ? null
            : full;

    /// <summary>
    /// Reads the ISO 8601 timestamp of dated evidence at a JSON Pointer. A pointer that names no string is RT4009, a
    /// timestamp without an offset RT4004 (input errors).
    /// </summary>
    /// <param name="document">The evidence.</param>
    /// <param name="relative">Its root-relative path, for RT4009.</param>
    /// <param name="pointer">The JSON Pointer of its timestamp (RFC 6901).</param>
    /// <returns>The timestamp, or null after recording the input error.</returns>
    public Dated? ReadDate(LocatedJsonDocument document, string relative, string pointer)
    {
        if (
            !JsonPointer.TryParse(pointer, out var parsed, out _)
            || parsed.Evaluate(document.Root) is not LocatedJsonScalar { Kind: JsonKind.String, Text: { } stamp } node
        )
        {
            Invalid(document, relative, $"has no timestamp string at {pointer}");
            return null;
        }

        if (!PolicyTime.TryParseInstant(stamp, out var dated, out var error))
        {
            _inputErrors.Add(DiagnosticCodes.InvalidTimestamp.Error(document.Path, node.Line, node.Column, error));
            return null;
        }

        return new Dated(dated, stamp, node);
    }

    /// <summary>
    /// The max-age rule: evidence dated <paramref name="dated"/> is too old when more elapsed time than
    /// <paramref name="maxAge"/> lies between it and the decision's instant (exactly <paramref name="maxAge"/> is not).
    /// </summary>
    /// <param name="dated">When the evidence was made.</param>
    /// <param name="maxAge">Its maximum age (elapsed time).</param>
    /// <param name="age">Its age at the decision's instant.</param>
    /// <returns>True when it is older than <paramref name="maxAge"/>.</returns>
    public bool OlderThan(Dated dated, Duration maxAge, out Duration age)
    {
        ArgumentNullException.ThrowIfNull(dated);
        age = request.At - dated.At;
        return age > maxAge;
    }

    /// <summary>True when evidence is dated later than the decision's instant plus the clock skew.</summary>
    /// <param name="dated">When the evidence says it was made.</param>
    /// <param name="clockSkew">The tolerated skew.</param>
    /// <returns>Whether it comes from the future.</returns>
    public bool FromTheFuture(Dated dated, Duration clockSkew)
    {
        ArgumentNullException.ThrowIfNull(dated);
        return dated.At > request.At + clockSkew;
    }

    /// <summary>Records RT4009: a policy input is readable but lacks what the trigger reads.</summary>
    /// <param name="document">The input, or null when it could not be read (the error then has no file).</param>
    /// <param name="relative">Its root-relative path.</param>
    /// <param name="why">What it lacks.</param>
    public void Invalid(LocatedJsonDocument? document, string relative, string why) =>
        _inputErrors.Add(
            DiagnosticCodes.InvalidPolicyInput.Error(
                document?.Path,
                document?.Root.Line ?? 0,
                document?.Root.Column ?? 0,
                relative,
                why
            )
        );

    /// <summary>The text of a scalar member, or null.</summary>
    /// <param name="node">The object.</param>
    /// <param name="name">The member.</param>
    /// <returns>Its text.</returns>
    public static string? Text(LocatedJsonObject node, string name) =>
        (node.GetMember(name)?.Value as LocatedJsonScalar)?.Text;

    /// <summary>An elapsed time for messages: <c>8d 0h</c>, <c>3h 5m</c> or <c>5m 0s</c>.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text.</returns>
    public static string Describe(Duration duration) =>
        duration.Days > 0 ? $"{duration.Days}d {duration.Hours}h"
        : duration.Hours > 0 ? $"{duration.Hours}h {duration.Minutes}m"
        : $"{duration.Minutes}m {duration.Seconds}s";

    private static Diagnostic Missing(string relative, ConfigLocation at, string kind, string id) =>
        DiagnosticCodes.EvidenceMissing.Error(at.File, at.Line, at.Column, kind, id, relative);

    /// <summary>
    /// Reads an input's bytes, recording its digest; null when missing (a reason) or unreadable (an input error).
    /// </summary>
    private byte[]? ReadBytes(string relative, ConfigLocation declaredAt, Func<Diagnostic> missing, out string full)
    {
        try
        {
            full = _files.Resolve(relative, declaredAt.File, declaredAt.Line, declaredAt.Column);
        }
        catch (ReleaseTrainException ex)
        {
            _inputErrors.Add(ex.Diagnostic);
            full = string.Empty;
            return null;
        }

        var key = KeyOf(full);
        if (!File.Exists(full))
        {
            _inputs[key] = null;
            _reasons.Add(missing());
            return null;
        }

        try
        {
            var bytes = _files.ReadBytes(full);
            _inputs[key] = Digest.Sha256(bytes);
            return bytes;
        }
        catch (ReleaseTrainException ex)
        {
            _inputErrors.Add(ex.Diagnostic);
            return null;
        }
    }
}

/// <summary>The timestamp of dated evidence.</summary>
/// <param name="At">The instant.</param>
/// <param name="Text">The timestamp as written (with its offset).</param>
/// <param name="Node">Where it is written, for diagnostics.</param>
internal sealed record Dated(Instant At, string Text, LocatedJsonScalar Node);
