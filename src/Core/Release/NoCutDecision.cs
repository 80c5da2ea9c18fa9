using System.Text.Json.Nodes;
using NodaTime;
using NuGet.Versioning;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Time;
using ReleaseTrain.Core.Validators;

namespace ReleaseTrain.Core.Release;

/// <summary>What a no-cut decision is asked about.</summary>
/// <param name="Release">The release version.</param>
/// <param name="Commit">The commit sha, or null.</param>
/// <param name="At">The instant the decision is evaluated at.</param>
public sealed record DecisionRequest(string Release, string? Commit, Instant At)
{
    /// <summary>Sign-off decisions from GitHub PR reviews, fetched by the caller (empty: records only).</summary>
    public IReadOnlyList<SignOff.SignOffDecision> Reviews { get; init; } = [];

    /// <summary>The release's author, who cannot approve it; or null.</summary>
    public string? Author { get; init; }

    /// <summary>Where <see cref="Author"/> came from (<see cref="SignOff.ReleaseAuthor.Source"/>), or null.</summary>
    public string? AuthorSource { get; init; }

    /// <summary>
    /// Resolved team memberships for sign-off (<see cref="SignOff.SignOffEvaluator.MembershipKey"/>), or null.
    /// </summary>
    public IReadOnlyDictionary<string, bool>? Memberships { get; init; }
}

/// <summary>One no-cut trigger evaluated, for <c>decide --explain</c>.</summary>
/// <param name="Trigger">backcompat, evidence, waivers, gates, freeze, signoff or validators.</param>
/// <param name="Subject">What it was evaluated for (a train, an action, a contract).</param>
/// <param name="Inputs">The input files it read, with their sha256 (or "missing").</param>
/// <param name="Result">pass, or the NO-GO reason codes, or "invalid input".</param>
public sealed record DecisionCheck(string Trigger, string Subject, string Inputs, string Result);

/// <summary>A GO / NO-GO decision.</summary>
/// <param name="Request">The question.</param>
/// <param name="Reasons">The NO-GO reasons (RT41xx diagnostics; stable codes); empty for GO.</param>
/// <param name="InputErrors">Inputs that could not be read or are invalid; non-empty means no verdict (exit 2).</param>
/// <param name="Trains">The trains whose version range holds the release.</param>
/// <param name="InputsDigest">JCS sha256 over the request and every input file read (its sha256, or null when
/// missing).</param>
/// <param name="PolicyDigest">JCS sha256 of the policy members of the configuration.</param>
/// <param name="EvidenceDigest">The committed digest of the release's evidence bundle
/// (artifacts/evidence/&lt;release&gt;/COMMITTED), or null when there is none.</param>
public sealed record Decision(
    DecisionRequest Request,
    IReadOnlyList<Diagnostic> Reasons,
    IReadOnlyList<Diagnostic> InputErrors,
    IReadOnlyList<string> Trains,
    string InputsDigest,
    string PolicyDigest,
    string? EvidenceDigest
)
{
    /// <summary>Every trigger evaluated, with its inputs and result, in order (for <c>decide --explain</c>).</summary>
    public IReadOnlyList<DecisionCheck> Checks { get; init; } = [];

    /// <summary>
    /// Every configured train matched against the release, in configuration order: which covers it and why (for
    /// <c>decide --explain</c>); empty without trains or when the release is not a NuGet version.
    /// </summary>
    public IReadOnlyList<TrainMatch> TrainMatches { get; init; } = [];

    /// <summary>GO when there is no reason against the release.</summary>
    public bool Go => Reasons.Count == 0 && InputErrors.Count == 0;

    /// <summary>"GO" or "NO-GO".</summary>
    public string Verdict => Go ? "GO" : "NO-GO";

    /// <summary>0 GO, 1 NO-GO, 2 invalid input.</summary>
    public int ExitCode =>
        InputErrors.Count > 0 ? 2
        : Go ? 0
        : 1;

    /// <summary>
    /// The decision-log record of this decision (schemas/decision-record.schema.json) without seq, prevHash and
    /// recordHash, which <see cref="HashChainedLog.Append"/> adds. decisionId is a UUID URN derived from prevHash and
    /// inputsDigest.
    /// </summary>
    /// <param name="prevHash">The previous record's recordHash.</param>
    /// <returns>The record.</returns>
    public JsonObject ToRecord(string prevHash) =>
        new()
        {
            ["decisionId"] = ReleaseTrain.Core.Evidence.CycloneDxSbom.SerialNumber(
                System.Text.Encoding.UTF8.GetBytes(prevHash + "|" + InputsDigest)
            ),
            ["evaluatedAt"] = PolicyTime.Utc(Request.At),
            ["release"] = Request.Release,
            ["commit"] = Request.Commit,
            ["verdict"] = Verdict,
            ["reasons"] = new JsonArray([
                .. Reasons.Select(r => (JsonNode)new JsonObject { ["code"] = r.Code, ["message"] = r.Message }),
            ]),
            ["inputsDigest"] = InputsDigest,
            ["policyDigest"] = PolicyDigest,
            ["evidenceDigest"] = EvidenceDigest,
        };
}

/// <summary>
/// The no-cut decision (DESIGN.md, check 4): runs the no-cut triggers of <see cref="NoCutTriggers.All"/> (one file
/// each in Release/Triggers/, each with its stable reason codes) and combines what they find. For each train whose
/// version range holds the release, every train trigger in registry order; then every release trigger for each
/// subject it names. Each run is one <see cref="DecisionCheck"/> for <c>decide --explain</c>. With nothing
/// configured, the verdict is GO. A committed evidence bundle of the release that does not verify
/// (<see cref="ReleaseEvidence"/>) is an input error: no verdict. The same inputs give the same verdict and
/// inputsDigest.
/// </summary>
public static class NoCutDecision
{
    /// <summary>Decides.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="request">The question.</param>
    /// <returns>The decision.</returns>
    public static Decision Decide(ReleaseTrainConfig config, DecisionRequest request)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        var context = new TriggerContext(config, request);
        if (!NuGetVersion.TryParse(request.Release, out var version))
        {
            context.InputError(
                DiagnosticCodes.InvalidUsage.Error(
                    null,
                    0,
                    0,
                    $"--version '{request.Release}' is not a NuGet version (e.g. --version 1.2.0)."
                )
            );
            return Result(context, [], []);
        }

        var matches = CoverageTrigger.Match(config.Policy.Trains, version);
        var trains = config.Policy.Trains.Where((_, i) => matches[i].Covers).ToList();
        var checks = new List<DecisionCheck>();
        foreach (var train in trains)
        {
            foreach (var trigger in NoCutTriggers.All.OfType<TrainTrigger>())
            {
                checks.Add(Step(context, trigger.Name, train.Id, () => trigger.Evaluate(context, train)));
            }
        }

        foreach (var trigger in NoCutTriggers.All.OfType<ReleaseTrigger>())
        {
            foreach (var subject in trigger.Subjects(context).ToList())
            {
                checks.Add(Step(context, trigger.Name, subject, () => trigger.Evaluate(context, subject)));
            }
        }

        return Result(context, [.. trains.Select(t => t.Id)], checks) with
        {
            TrainMatches = matches,
        };
    }

    /// <summary>Runs one trigger for one subject and records what it read and what it found.</summary>
    private static DecisionCheck Step(TriggerContext context, string trigger, string subject, Action check)
    {
        var reasons = context.Reasons.Count;
        var errors = context.InputErrors.Count;
        var read = new HashSet<string>(context.Inputs.Keys, StringComparer.Ordinal);
        check();
        var inputs = string.Join(
            ", ",
            context.Inputs.Where(kv => !read.Contains(kv.Key)).Select(kv => $"{kv.Key} ({kv.Value ?? "missing"})")
        );
        var codes = context.Reasons.Skip(reasons).Select(r => r.Code).ToList();
        var result =
            context.InputErrors.Count > errors
                ? "invalid input: " + string.Join(", ", context.InputErrors.Skip(errors).Select(e => e.Code))
            : codes.Count == 0 ? "pass"
            : "NO-GO: " + string.Join(", ", codes);
        return new DecisionCheck(trigger, subject, inputs.Length == 0 ? "configuration only" : inputs, result);
    }

    private static Decision Result(
        TriggerContext context,
        IReadOnlyList<string> trains,
        IReadOnlyList<DecisionCheck> checks
    )
    {
        var (config, request) = (context.Config, context.Request);

        // The evidence bundle of the release, where present, is an input: it must verify (with the packages of
        // artifacts/packages, when that folder exists), and its committed digest is recorded.
        var evidenceDigest = EvidenceBundle.CommittedDigest(config.RootDirectory, request.Release);
        if (evidenceDigest is not null)
        {
            var committed = EvidenceBundle.CommittedPath(config.RootDirectory, request.Release);
            context.Input(context.KeyOf(committed), evidenceDigest);
            var packages = EvidenceBundle.PackagesPath(config.RootDirectory);
            foreach (
                var difference in ReleaseEvidence.Verify(
                    config.RootDirectory,
                    request.Release,
                    Directory.Exists(packages) ? packages : null,
                    "no decision was taken"
                )
            )
            {
                context.InputError(difference);
            }
        }

        var preimage = new JsonObject
        {
            ["release"] = request.Release,
            ["commit"] = request.Commit,
            ["evaluatedAt"] = PolicyTime.Utc(request.At),
            ["policy"] = config.Policy.Digest,
            ["files"] = new JsonObject(
                context.Inputs.Select(kv =>
                    KeyValuePair.Create(kv.Key, (JsonNode?)(kv.Value is null ? null : JsonValue.Create(kv.Value)))
                )
            ),
        };
        var inputsDigest = JsonCanonicalizer.Sha256(LocatedJsonDocument.Parse(preimage.ToJsonString()).Root);
        Diagnostic[] reasons = [.. context.Reasons];
        Diagnostic[] errors = [.. context.InputErrors];
        return new Decision(request, reasons, errors, trains, inputsDigest, config.Policy.Digest, evidenceDigest)
        {
            Checks = checks,
        };
    }
}
