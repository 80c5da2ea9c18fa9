using System.Text.Json.Nodes;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Release;

/// <summary>What a release is asked for.</summary>
/// <param name="Release">The version, e.g. 1.2.0 (the tag is <c>v</c> + version).</param>
/// <param name="Commit">The commit sha the release is cut from.</param>
/// <param name="At">The evaluation instant.</param>
public sealed record ReleaseRequest(string Release, string Commit, Instant At)
{
    /// <summary>Sign-off decisions from PR reviews (empty: records only).</summary>
    public IReadOnlyList<SignOffDecision> Reviews { get; init; } = [];

    /// <summary>The release's author, who cannot approve it.</summary>
    public string? Author { get; init; }

    /// <summary>Resolved team memberships, or null.</summary>
    public IReadOnlyDictionary<string, bool>? Memberships { get; init; }

    /// <summary>
    /// The folder the release's packages are uploaded from, checked against the evidence bundle; null for
    /// <c>{root}/artifacts/packages</c>.
    /// </summary>
    public string? PackagesDirectory { get; init; }
}

/// <summary>The outcome of the release preconditions.</summary>
/// <param name="Refusals">RT5xxx reasons the release is refused (each missing role by name), empty when it may go
/// ahead.</param>
/// <param name="InputErrors">Inputs that cannot be read: the release is refused (exit 2).</param>
/// <param name="SignOff">The sign-off status, or null when sign-off is not configured.</param>
/// <param name="EvidenceDigest">The release's committed evidence digest, or null.</param>
/// <param name="Decision">The GO decision record the release rests on, or null.</param>
public sealed record ReleaseGateResult(
    IReadOnlyList<Diagnostic> Refusals,
    IReadOnlyList<Diagnostic> InputErrors,
    SignOffStatus? SignOff,
    string? EvidenceDigest,
    JsonObject? Decision
)
{
    /// <summary>True when the release may be created.</summary>
    public bool Allowed => Refusals.Count == 0 && InputErrors.Count == 0;

    /// <summary>0 allowed, 1 refused, 2 inputs unreadable.</summary>
    public int ExitCode =>
        InputErrors.Count > 0 ? 2
        : Refusals.Count > 0 ? 1
        : 0;
}

/// <summary>
/// The preconditions of <c>release-train release</c> and the Cake Release target (docs/signoff.md): joint sign-off
/// complete (when configured); no freeze window blocks the <c>release</c> action; the committed evidence bundle and
/// every package to upload verify against each other (<see cref="ReleaseEvidence"/>, RT5013); and a GO decision is
/// recorded in the decision log for this release and commit, taken over the current evidence bundle, and not followed
/// by a NO-GO for them, which the no-cut decision (<see cref="NoCutDecision"/>) evaluated again now confirms (RT5043
/// otherwise: a recorded GO is not signed, so it is never trusted alone). Each unmet precondition is one RT5xxx
/// refusal; every missing role is named.
/// </summary>
public static class ReleaseGate
{
    /// <summary>Checks the preconditions.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="request">The release.</param>
    /// <returns>The result.</returns>
    public static ReleaseGateResult Check(ReleaseTrainConfig config, ReleaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        var refusals = new List<Diagnostic>();
        var errors = new List<Diagnostic>();
        var evidenceDigest = EvidenceBundle.CommittedDigest(config.RootDirectory, request.Release);
        if (evidenceDigest is null)
        {
            var bundle = Path.GetRelativePath(
                config.RootDirectory,
                EvidenceBundle.CommittedPath(config.RootDirectory, request.Release)
            );
            refusals.Add(
                DiagnosticCodes.ReleaseContentMissing.Error(
                    null,
                    0,
                    0,
                    request.Release,
                    $"no evidence bundle {bundle}. Pack the release (dotnet pack), then write its bundle: "
                        + $"release-train evidence --version {request.Release}"
                )
            );
        }
        else
        {
            refusals.AddRange(
                ReleaseEvidence.Verify(
                    config.RootDirectory,
                    request.Release,
                    request.PackagesDirectory ?? EvidenceBundle.PackagesPath(config.RootDirectory),
                    "nothing was uploaded"
                )
            );
        }

        SignOffStatus? signoff = null;
        if (config.Policy.SignOff is not null)
        {
            signoff = SignOffCheck.Run(
                config,
                new SignOffRequest(request.Release, request.Commit, evidenceDigest, request.At, request.Author),
                request.Reviews,
                request.Memberships,
                out var signoffErrors
            );
            errors.AddRange(signoffErrors);
            if (signoffErrors.Count == 0)
            {
                refusals.AddRange(signoff.Diagnostics);
            }
        }

        var freeze = FreezeEvaluator.Evaluate(
            config.Policy,
            new FreezeQuery("release", request.Release, request.Commit, request.At),
            upcoming: 0
        );
        foreach (var occurrence in freeze.Blocking)
        {
            var at = occurrence.Window.Location;
            refusals.Add(
                DiagnosticCodes.ReleaseActionFrozen.Error(
                    at.File,
                    at.Line,
                    at.Column,
                    occurrence.Window.Id,
                    PolicyTime.Utc(occurrence.Start),
                    PolicyTime.Utc(occurrence.End)
                )
            );
        }

        var (logPath, display) = DecisionLog.Where(config);
        JsonObject? go = null;
        var records = DecisionLog.Read(config, out var logErrors);
        errors.AddRange(logErrors);
        var latest = records.LastOrDefault(r =>
            Text(r, "release") == request.Release && SignOffEvaluator.SameCommit(request.Commit, Text(r, "commit"))
        );
        if (latest is null)
        {
            refusals.Add(
                DiagnosticCodes.ReleaseNotDecided.Error(
                    logPath,
                    0,
                    0,
                    request.Release,
                    Short(request.Commit),
                    $"{display} holds no decision for them"
                )
            );
        }
        else if (Text(latest, "verdict") != "GO")
        {
            refusals.Add(
                DiagnosticCodes.ReleaseNotDecided.Error(
                    logPath,
                    (int)(latest["seq"]?.GetValue<long>() ?? 0),
                    1,
                    request.Release,
                    Short(request.Commit),
                    $"the latest decision (#{latest["seq"]}, {Text(latest, "evaluatedAt")}) is "
                        + $"{Text(latest, "verdict")}"
                )
            );
        }
        else if (Text(latest, "evidenceDigest") != evidenceDigest)
        {
            refusals.Add(
                DiagnosticCodes.ReleaseNotDecided.Error(
                    logPath,
                    (int)(latest["seq"]?.GetValue<long>() ?? 0),
                    1,
                    request.Release,
                    Short(request.Commit),
                    $"the GO decision #{latest["seq"]} was taken over evidence "
                        + $"{Text(latest, "evidenceDigest") ?? "(none)"}, the bundle is now "
                        + $"{evidenceDigest ?? "(none)"}"
                )
            );
        }
        else if (refusals.Count > 0 || errors.Count > 0)
        {
            go = latest; // refused already: evaluating the decision again would only repeat the reasons
        }
        else
        {
            // The recorded GO is not trusted alone: decisions are appended unsigned (by CI), so whoever may push the
            // ledger branch or commit the file log could append one. The no-cut decision is evaluated again here, over
            // the same inputs, and must be GO too.
            var again = NoCutDecision.Decide(
                config,
                new DecisionRequest(request.Release, request.Commit, request.At)
                {
                    Reviews = request.Reviews,
                    Author = request.Author,
                    Memberships = request.Memberships,
                }
            );
            if (again.InputErrors.Count > 0)
            {
                errors.AddRange(again.InputErrors);
            }
            else if (!again.Go)
            {
                refusals.Add(
                    DiagnosticCodes.ReleaseDecisionNotReproduced.Error(
                        logPath,
                        (int)(latest["seq"]?.GetValue<long>() ?? 0),
                        1,
                        request.Release,
                        Short(request.Commit),
                        latest["seq"]?.ToJsonString() ?? "?",
                        string.Join("; ", again.Reasons.Select(r => r.Code + " " + r.Message))
                    )
                );
            }
            else
            {
                go = latest;
            }
        }

        return new ReleaseGateResult(refusals, errors, signoff, evidenceDigest, go);
    }

    /// <summary>
    /// The NO-GO decision-log record of a refused release (reasons = the refusals), so that a refusal is logged like
    /// any no-cut decision.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="request">The release.</param>
    /// <param name="result">The refused gate result.</param>
    /// <param name="prevHash">The previous record's hash.</param>
    /// <returns>The record (without seq, prevHash, recordHash).</returns>
    public static JsonObject RefusalRecord(
        ReleaseTrainConfig config,
        ReleaseRequest request,
        ReleaseGateResult result,
        string prevHash
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var reasons = result.InputErrors.Concat(result.Refusals).ToList();
        var preimage = new JsonObject
        {
            ["action"] = "release",
            ["release"] = request.Release,
            ["commit"] = request.Commit,
            ["evaluatedAt"] = PolicyTime.Utc(request.At),
            ["reasons"] = new JsonArray([
                .. reasons.Select(r => (JsonNode)JsonValue.Create(r.Code + " " + r.Message)!),
            ]),
        };
        var inputsDigest = JsonCanonicalizer.Sha256(LocatedJsonDocument.Parse(preimage.ToJsonString()).Root);
        var decision = new Decision(
            new DecisionRequest(request.Release, request.Commit, request.At),
            reasons,
            [],
            [],
            inputsDigest,
            config.Policy.Digest,
            result.EvidenceDigest
        );
        var record = decision.ToRecord(prevHash);
        record["action"] = "release";
        return record;
    }

    private static string? Text(JsonObject record, string name) =>
        record[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
