using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Validators;

/// <summary>A validator's verdict, as the seed contracts name it.</summary>
public enum ValidationStatus
{
    /// <summary>No finding.</summary>
    Pass,

    /// <summary>Warnings only.</summary>
    Warn,

    /// <summary>At least one error finding.</summary>
    Fail,
}

/// <summary>
/// The result of a built-in validator (DESIGN.md check 6; docs/validators.md): RT6xxx findings with file, line and
/// column, the status, and the JSON reports it writes (file name to content, each following a schema in schemas/).
/// </summary>
/// <param name="Validator">The validator (the contract kind), e.g. <c>usr-backcompat</c>.</param>
/// <param name="File">Full path of the validated file.</param>
/// <param name="Findings">Errors and warnings, in file order.</param>
/// <param name="Reports">Reports by file name (e.g. <c>usr-backcompat-matrix-results.json</c>).</param>
public sealed record ValidationResult(
    string Validator,
    string File,
    IReadOnlyList<Diagnostic> Findings,
    IReadOnlyDictionary<string, JsonObject> Reports
)
{
    /// <summary>Fail when any error, Warn when any warning, else Pass.</summary>
    public ValidationStatus Status =>
        CheckStatus.Of(Findings) switch
        {
            CheckStatus.Fail => ValidationStatus.Fail,
            CheckStatus.Warn => ValidationStatus.Warn,
            _ => ValidationStatus.Pass,
        };

    /// <summary>"pass", "warn" or "fail".</summary>
    public string StatusName => CheckStatus.Of(Findings);

    /// <summary>0 pass or warn, 1 fail.</summary>
    public int ExitCode => Status == ValidationStatus.Fail ? 1 : 0;

    /// <summary>
    /// What the validator read besides <see cref="File"/>: full paths of files (drill evidence, thresholds, the files
    /// an artifact manifest lists), and of folders whose listing it read, those ending with a directory separator.
    /// Empty when it read only <see cref="File"/>. The inputs of the MSBuild gate
    /// (<c>VerificationReport.InputFiles</c>).
    /// </summary>
    public IReadOnlyList<string> Reads { get; init; } = [];

    /// <summary>
    /// The earliest instant (UTC) after the evaluation instant at which this result can differ (a waiver expires or
    /// starts expiring, a drill counts or grows too old; <see cref="Time.NextChange"/>), or null when it does not
    /// depend on the instant.
    /// </summary>
    public NodaTime.Instant? ChangesAt { get; init; }
}

/// <summary>Collects findings against one file (the validators' shared helper).</summary>
internal sealed class Findings(string path)
{
    public string Path { get; } = path;

    public List<Diagnostic> List { get; } = [];

    public int Errors => List.Count(d => d.Severity == DiagnosticSeverity.Error);

    public int Warnings => List.Count(d => d.Severity == DiagnosticSeverity.Warning);

    public void Error(DiagnosticDescriptor code, LocatedJsonNode? at, params object?[] args) =>
        List.Add(code.Error(Path, at?.Line ?? 1, at?.Column ?? 1, args));

    public void Error(DiagnosticDescriptor code, int line, int column, params object?[] args) =>
        List.Add(code.Error(Path, line, column, args));

    public void Warn(DiagnosticDescriptor code, LocatedJsonNode? at, params object?[] args) =>
        List.Add(code.Create(DiagnosticSeverity.Warning, Path, at?.Line ?? 1, at?.Column ?? 1, args));

    public JsonArray ToJson() =>
        new([
            .. List.Select(d =>
                (JsonNode)
                    new JsonObject
                    {
                        ["code"] = d.Code,
                        ["severity"] = d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
                        ["message"] = d.Message,
                        ["line"] = d.Line,
                        ["column"] = d.Column,
                    }
            ),
        ]);

    public string Status => CheckStatus.Of(List);
}

/// <summary>Small readers over located JSON for the validators.</summary>
internal static class Node
{
    public static string? Text(LocatedJsonObject? node, string name) =>
        (node?.GetMember(name)?.Value as LocatedJsonScalar) is { Kind: JsonKind.String } s ? s.Text : null;

    public static bool? Bool(LocatedJsonObject? node, string name) =>
        (node?.GetMember(name)?.Value as LocatedJsonScalar) is { Kind: JsonKind.Boolean } b ? b.Boolean : null;

    public static decimal? Number(LocatedJsonObject? node, string name) =>
        (node?.GetMember(name)?.Value as LocatedJsonScalar) is { } s && s.TryGetDecimal(out var d) ? d : null;

    public static LocatedJsonArray? Array(LocatedJsonObject? node, string name) =>
        node?.GetMember(name)?.Value as LocatedJsonArray;

    public static LocatedJsonObject? Object(LocatedJsonObject? node, string name) =>
        node?.GetMember(name)?.Value as LocatedJsonObject;

    public static LocatedJsonNode At(LocatedJsonObject node, string name) => node.GetMember(name)?.Value ?? node;

    public static List<string> Strings(LocatedJsonObject? node, string name) =>
        Array(node, name)
            ?.Items.OfType<LocatedJsonScalar>()
            .Where(s => s.Kind == JsonKind.String)
            .Select(s => s.Text!)
            .ToList()
        ?? [];

    public static JsonArray JsonStrings(IEnumerable<string> items) =>
        new([.. items.Select(i => (JsonNode)JsonValue.Create(i)!)]);
}
