using System.Text.Json.Nodes;
using NodaTime;
using NuGet.Versioning;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Freeze;
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

    /// <summary>Resolved team memberships for sign-off (<see cref="SignOff.SignOffEvaluator.MembershipKey"/>), or null.</summary>
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
/// <param name="InputsDigest">JCS sha256 over the request and every input file read (its sha256, or null when missing).</param>
/// <param name="PolicyDigest">JCS sha256 of the policy members of the configuration.</param>
/// <param name="EvidenceDigest">The committed digest of the release's evidence bundle (artifacts/evidence/&lt;release&gt;/COMMITTED), or null when there is none.</param>
public sealed record Decision(
    DecisionRequest Request,
    IReadOnlyList<Diagnostic> Reasons,
    IReadOnlyList<Diagnostic> InputErrors,
    IReadOnlyList<string> Trains,
    string InputsDigest,
    string PolicyDigest,
    string? EvidenceDigest)
{
    /// <summary>Every trigger evaluated, with its inputs and result, in order (for <c>decide --explain</c>).</summary>
    public IReadOnlyList<DecisionCheck> Checks { get; init; } = [];

    /// <summary>GO when there is no reason against the release.</summary>
    public bool Go => Reasons.Count == 0 && InputErrors.Count == 0;

    /// <summary>"GO" or "NO-GO".</summary>
    public string Verdict => Go ? "GO" : "NO-GO";

    /// <summary>0 GO, 1 NO-GO, 2 invalid input.</summary>
    public int ExitCode => InputErrors.Count > 0 ? 2 : Go ? 0 : 1;

    /// <summary>
    /// The decision-log record of this decision (schemas/decision-record.schema.json) without seq, prevHash and
    /// recordHash, which <see cref="HashChainedLog.Append"/> adds. decisionId is a UUID URN derived from prevHash and
    /// inputsDigest.
    /// </summary>
    /// <param name="prevHash">The previous record's recordHash.</param>
    /// <returns>The record.</returns>
    public JsonObject ToRecord(string prevHash) => new()
    {
        ["decisionId"] = ReleaseTrain.Core.Evidence.CycloneDxSbom.SerialNumber(System.Text.Encoding.UTF8.GetBytes(prevHash + "|" + InputsDigest)),
        ["evaluatedAt"] = PolicyTime.Utc(Request.At),
        ["release"] = Request.Release,
        ["commit"] = Request.Commit,
        ["verdict"] = Verdict,
        ["reasons"] = new JsonArray([.. Reasons.Select(r => (JsonNode)new JsonObject { ["code"] = r.Code, ["message"] = r.Message })]),
        ["inputsDigest"] = InputsDigest,
        ["policyDigest"] = PolicyDigest,
        ["evidenceDigest"] = EvidenceDigest,
    };
}

/// <summary>
/// The no-cut decision (DESIGN.md, check 4), from the seed's no-cut triggers, each a stable reason code:
/// strict blocking compatibility scenarios failing (RT4101); readiness, security or other evidence missing (RT4102),
/// stale (RT4103) or dated in the future beyond the clock skew (RT4104); the rollback drill missing, failing or older
/// than 30 days (RT4105); critical waivers expired (RT4106) or lacking approvals (RT4107); an active freeze of the
/// release or cutover action (RT4108); gates passed out of their configured order (RT4109); when <c>signoff</c> is
/// configured, incomplete joint sign-off (RT4110, naming each missing role). With nothing configured,
/// the verdict is GO. The same inputs give the same verdict and inputsDigest.
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
        var context = new Context(config, request);
        if (!NuGetVersion.TryParse(request.Release, out var version))
        {
            context.InputErrors.Add(DiagnosticCodes.InvalidUsage.Error(null, 0, 0, $"--release '{request.Release}' is not a NuGet version."));
            return context.Result([]);
        }

        var trains = config.Policy.Trains.Where(t => t.Versions.Satisfies(version)).ToList();
        foreach (var train in trains)
        {
            context.Step("backcompat", train.Id, () => context.Backcompat(train));
            context.Step("evidence", train.Id, () => context.Evidence(train));
            context.Step("waivers", train.Id, () => context.Waivers(train));
            context.Step("gates", train.Id, () => context.Gates(train));
        }

        foreach (var action in new[] { "release", "cutover" })
        {
            context.Step("freeze", action, () =>
            {
                var freeze = FreezeEvaluator.Evaluate(config.Policy, new FreezeQuery(action, request.Release, request.Commit, request.At), upcoming: 0);
                foreach (var occurrence in freeze.Blocking)
                {
                    var at = occurrence.Window.Location;
                    context.Reasons.Add(DiagnosticCodes.ReleaseFrozen.Error(at.File, at.Line, at.Column, action, occurrence.Window.Id, PolicyTime.Utc(occurrence.Start), PolicyTime.Utc(occurrence.End)));
                }
            });
        }

        if (config.Policy.SignOff is not null)
        {
            context.Step("signoff", request.Release, context.SignOff);
        }

        if (config.Contracts.Any(c => c.Kind != ReleaseTrain.Core.Validators.ValidatorKinds.Rules))
        {
            context.Step("validators", string.Join(", ", config.Contracts.Where(c => c.Kind != ReleaseTrain.Core.Validators.ValidatorKinds.Rules).Select(c => c.Id)), context.Validators);
        }

        return context.Result([.. trains.Select(t => t.Id)]) with { Checks = context.Checks };
    }

    private sealed class Context(ReleaseTrainConfig config, DecisionRequest request)
    {
        private readonly RepositoryFiles _files = new(config.RootDirectory);
        private readonly SortedDictionary<string, string?> _inputs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, LocatedJsonDocument> _documents = new(StringComparer.Ordinal);

        public List<Diagnostic> Reasons { get; } = [];

        public List<Diagnostic> InputErrors { get; } = [];

        public List<DecisionCheck> Checks { get; } = [];

        /// <summary>Runs one trigger and records what it read and what it found.</summary>
        public void Step(string trigger, string subject, Action check)
        {
            var reasons = Reasons.Count;
            var errors = InputErrors.Count;
            var read = new HashSet<string>(_inputs.Keys, StringComparer.Ordinal);
            check();
            var inputs = string.Join(", ", _inputs.Where(kv => !read.Contains(kv.Key)).Select(kv => $"{kv.Key} ({kv.Value ?? "missing"})"));
            var codes = Reasons.Skip(reasons).Select(r => r.Code).ToList();
            var result = InputErrors.Count > errors ? "invalid input: " + string.Join(", ", InputErrors.Skip(errors).Select(e => e.Code))
                : codes.Count == 0 ? "pass" : "NO-GO: " + string.Join(", ", codes);
            Checks.Add(new DecisionCheck(trigger, subject, inputs.Length == 0 ? "configuration only" : inputs, result));
        }

        public Decision Result(IReadOnlyList<string> trains)
        {
            // The evidence bundle of the release, where present, is an input: its committed digest is recorded.
            var evidenceDigest = ReleaseTrain.Core.Evidence.EvidenceBundle.CommittedDigest(config.RootDirectory, request.Release);
            if (evidenceDigest is not null)
            {
                _inputs[Path.GetRelativePath(config.RootDirectory, ReleaseTrain.Core.Evidence.EvidenceBundle.CommittedPath(config.RootDirectory, request.Release)).Replace('\\', '/')] = evidenceDigest;
            }

            var preimage = new JsonObject
            {
                ["release"] = request.Release,
                ["commit"] = request.Commit,
                ["evaluatedAt"] = PolicyTime.Utc(request.At),
                ["policy"] = config.Policy.Digest,
                ["files"] = new JsonObject(_inputs.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)(kv.Value is null ? null : JsonValue.Create(kv.Value))))),
            };
            var inputsDigest = JsonCanonicalizer.Sha256(LocatedJsonDocument.Parse(preimage.ToJsonString()).Root);
            return new Decision(request, Reasons, InputErrors, trains, inputsDigest, config.Policy.Digest, evidenceDigest);
        }

        /// <summary>Every validator contract of the configuration runs at the decision's instant; a failing one is RT4111.</summary>
        public void Validators()
        {
            foreach (var contract in config.Contracts.Where(c => c.Kind != ReleaseTrain.Core.Validators.ValidatorKinds.Rules))
            {
                var manifest = Read(contract.Manifest.Path, new ConfigLocation(config.ConfigPath, contract.Manifest.Line, contract.Manifest.Column), $"validator '{contract.Id}' input", DiagnosticCodes.EvidenceMissing, contract.Id, contract.Kind, json: false);
                if (manifest is null)
                {
                    continue;
                }

                try
                {
                    var result = ReleaseTrain.Core.Validators.ValidatorKinds.Run(contract.Kind, manifest, contract.Options, _files, request.At);
                    if (result.Status == ReleaseTrain.Core.Validators.ValidationStatus.Fail)
                    {
                        var first = result.Findings.First(f => f.Severity == DiagnosticSeverity.Error);
                        Reasons.Add(DiagnosticCodes.ValidatorFailingNoGo.Error(first.File, first.Line, first.Column, contract.Id, contract.Kind, $"{result.Findings.Count(f => f.Severity == DiagnosticSeverity.Error)} error(s), first {first.Code}: {first.Message.TrimEnd('.')}"));
                    }
                }
                catch (ReleaseTrainException ex)
                {
                    InputErrors.Add(ex.Diagnostic);
                }
            }
        }

        public void SignOff()
        {
            if (config.Policy.SignOff is not { } policy)
            {
                return;
            }

            var evidenceDigest = ReleaseTrain.Core.Evidence.EvidenceBundle.CommittedDigest(config.RootDirectory, request.Release);
            var status = ReleaseTrain.Core.SignOff.SignOffCheck.Run(config, new ReleaseTrain.Core.SignOff.SignOffRequest(request.Release, request.Commit, evidenceDigest, request.At, request.Author), request.Reviews, request.Memberships, out var errors);
            InputErrors.AddRange(errors);
            try
            {
                var log = ReleaseTrain.Core.SignOff.SignOffCheck.RecordsPath(config);
                _inputs[Path.GetRelativePath(config.RootDirectory, log).Replace('\\', '/')] = File.Exists(log) ? Digest.Sha256(File.ReadAllBytes(log)) : null;
            }
            catch (ReleaseTrainException)
            {
                // Reported by SignOffCheck.Run.
            }

            foreach (var review in request.Reviews)
            {
                _inputs["review:" + review.SourceId] = $"{review.Principal} {review.Verdict} {review.Commit} {review.AtText}";
            }

            if (errors.Count == 0 && !status.Complete)
            {
                var at = policy.Location;
                Reasons.Add(DiagnosticCodes.SignOffIncompleteNoGo.Error(at.File, at.Line, at.Column, request.Release, string.Join("; ", status.Diagnostics.Select(d => d.Message.TrimEnd('.')))));
            }
        }

        public void Backcompat(ReleaseTrainDefinition train)
        {
            if (train.BackcompatResults is null)
            {
                return;
            }

            var document = Read(train.BackcompatResults, train.Location, "backcompat results", DiagnosticCodes.EvidenceMissing);
            if (document?.Root is not LocatedJsonObject root)
            {
                Invalid(document, train.BackcompatResults, "is not a JSON object");
                return;
            }

            var rows = (root.GetMember("rows") ?? root.GetMember("scenarios"))?.Value as LocatedJsonArray;
            if (rows is null)
            {
                Invalid(document, train.BackcompatResults, "has no 'rows' array");
                return;
            }

            foreach (var row in rows.Items.OfType<LocatedJsonObject>())
            {
                var strict = Text(row, "readerMode") == "strict";
                var blocking = row.GetMember("blocking")?.Value is LocatedJsonScalar { Kind: JsonKind.Boolean, Boolean: true };
                var status = Text(row, "status") ?? (row.GetMember("pass")?.Value is LocatedJsonScalar { Kind: JsonKind.Boolean } p ? (p.Boolean ? "pass" : "fail") : null);
                if (strict && blocking && !string.Equals(status, "pass", StringComparison.OrdinalIgnoreCase) && !string.Equals(status, "warn", StringComparison.OrdinalIgnoreCase))
                {
                    Reasons.Add(DiagnosticCodes.StrictBackcompatFailing.Error(document.Path, row.Line, row.Column, Text(row, "id") ?? "?", "status " + (status ?? "missing")));
                }
            }
        }

        public void Evidence(ReleaseTrainDefinition train)
        {
            foreach (var evidence in train.Evidence)
            {
                var kindName = evidence.Kind switch
                {
                    EvidenceKind.Readiness => "readiness",
                    EvidenceKind.Security => "security",
                    EvidenceKind.RollbackDrill => "rollback-drill",
                    _ => "other",
                };
                var isDrill = evidence.Kind == EvidenceKind.RollbackDrill;
                var document = Read(evidence.Path, evidence.Location, $"{kindName} evidence '{evidence.Id}'", isDrill ? DiagnosticCodes.RollbackDrillFailing : DiagnosticCodes.EvidenceMissing, evidence.Id, kindName);
                if (document is null)
                {
                    continue;
                }

                if (!JsonPointer.TryParse(evidence.TimestampPointer, out var pointer, out _) || pointer.Evaluate(document.Root) is not LocatedJsonScalar { Kind: JsonKind.String, Text: { } stamp } stampNode)
                {
                    Invalid(document, evidence.Path, $"has no timestamp string at {evidence.TimestampPointer}");
                    continue;
                }

                if (!PolicyTime.TryParseInstant(stamp, out var dated, out var stampError))
                {
                    InputErrors.Add(DiagnosticCodes.InvalidTimestamp.Error(document.Path, stampNode.Line, stampNode.Column, stampError));
                    continue;
                }

                var age = request.At - dated;
                if (dated > request.At + train.ClockSkew)
                {
                    Reasons.Add(DiagnosticCodes.EvidenceFromTheFuture.Error(document.Path, stampNode.Line, stampNode.Column, kindName, evidence.Id, stamp, Describe(train.ClockSkew)));
                    continue;
                }

                if (isDrill)
                {
                    var result = JsonPointer.TryParse(evidence.ResultPointer, out var resultPointer, out _) ? (resultPointer.Evaluate(document.Root) as LocatedJsonScalar)?.Text : null;
                    if (!CheckStatus.IsPassed(result))
                    {
                        Reasons.Add(DiagnosticCodes.RollbackDrillFailing.Error(document.Path, stampNode.Line, stampNode.Column, evidence.Id, $"its result is {result ?? "missing"}"));
                        continue;
                    }

                    var limit = Duration.Min(evidence.MaxAge, train.RollbackDrillMaxAge);
                    if (age > limit)
                    {
                        Reasons.Add(DiagnosticCodes.RollbackDrillFailing.Error(document.Path, stampNode.Line, stampNode.Column, evidence.Id, $"it ran {Describe(age)} ago ({stamp}), longer ago than {Describe(limit)}"));
                    }

                    continue;
                }

                if (age > evidence.MaxAge)
                {
                    Reasons.Add(DiagnosticCodes.EvidenceStale.Error(document.Path, stampNode.Line, stampNode.Column, kindName, evidence.Id, Describe(age), Describe(evidence.MaxAge), stamp));
                }
            }
        }

        public void Waivers(ReleaseTrainDefinition train)
        {
            foreach (var waiver in train.Waivers.Where(w => w.Severity == "critical"))
            {
                var at = waiver.Location;
                if (WaiverRules.IsExpired(waiver.AllowedUntil, request.At))
                {
                    Reasons.Add(DiagnosticCodes.WaiverExpired.Error(at.File, at.Line, at.Column, waiver.Id, PolicyTime.Utc(waiver.AllowedUntil)));
                }

                var approvals = WaiverRules.ApprovalCount(waiver.Approvers);
                if (approvals < waiver.RequiredApprovals)
                {
                    Reasons.Add(DiagnosticCodes.WaiverUnapproved.Error(at.File, at.Line, at.Column, waiver.Id, approvals, waiver.RequiredApprovals));
                }
            }
        }

        public void Gates(ReleaseTrainDefinition train)
        {
            if (train.Gates.Count == 0 || train.GateResults is null)
            {
                return;
            }

            var document = Read(train.GateResults, train.Location, "gate results", DiagnosticCodes.EvidenceMissing, "gate-results", "gate");
            if (document is null)
            {
                return;
            }

            var results = ((document.Root as LocatedJsonObject)?.GetMember("gates")?.Value as LocatedJsonArray)?.Items.OfType<LocatedJsonObject>().ToList();
            if (results is null)
            {
                Invalid(document, train.GateResults, "has no 'gates' array");
                return;
            }

            var passed = new Dictionary<string, (Instant At, LocatedJsonObject Node)>(StringComparer.Ordinal);
            foreach (var result in results)
            {
                if (Text(result, "gate") is { } gate && string.Equals(Text(result, "status"), "pass", StringComparison.OrdinalIgnoreCase))
                {
                    var stamp = (result.GetMember("passedAt")?.Value as LocatedJsonScalar)?.Text;
                    var error = "missing";
                    if (stamp is null || !PolicyTime.TryParseInstant(stamp, out var when, out error))
                    {
                        InputErrors.Add(DiagnosticCodes.InvalidTimestamp.Error(document.Path, result.Line, result.Column, $"gate '{gate}' passedAt: {error}"));
                        continue;
                    }

                    passed[gate] = (when, result);
                }
            }

            for (var i = 0; i < train.Gates.Count; i++)
            {
                if (!passed.TryGetValue(train.Gates[i], out var current))
                {
                    continue;
                }

                for (var j = 0; j < i; j++)
                {
                    var earlier = train.Gates[j];
                    if (!passed.TryGetValue(earlier, out var previous))
                    {
                        Reasons.Add(DiagnosticCodes.GatesOutOfOrder.Error(document.Path, current.Node.Line, current.Node.Column, train.Gates[i], $"passed while gate '{earlier}', which comes before it, has not"));
                        break;
                    }

                    if (current.At < previous.At)
                    {
                        Reasons.Add(DiagnosticCodes.GatesOutOfOrder.Error(document.Path, current.Node.Line, current.Node.Column, train.Gates[i], $"passed at {PolicyTime.Utc(current.At)}, before gate '{earlier}' (passed at {PolicyTime.Utc(previous.At)})"));
                        break;
                    }
                }
            }
        }

        /// <summary>Reads a policy input; a missing file is a NO-GO reason (never a pass), a malformed one an input error.</summary>
        private LocatedJsonDocument? Read(string relative, ConfigLocation declaredAt, string what, DiagnosticDescriptor missingCode, string? id = null, string? kind = null) =>
            Read(relative, declaredAt, what, missingCode, id, kind, json: true) is { } full ? _documents[full] : null;

        /// <summary>Reads a policy input (recording its digest); returns its full path, or null when missing or unreadable.</summary>
        private string? Read(string relative, ConfigLocation declaredAt, string what, DiagnosticDescriptor missingCode, string? id, string? kind, bool json)
        {
            string full;
            try
            {
                full = _files.Resolve(relative, declaredAt.File, declaredAt.Line, declaredAt.Column);
            }
            catch (ReleaseTrainException ex)
            {
                InputErrors.Add(ex.Diagnostic);
                return null;
            }

            var key = Path.GetRelativePath(config.RootDirectory, full).Replace('\\', '/');
            if (!File.Exists(full))
            {
                _inputs[key] = null;
                Reasons.Add(missingCode == DiagnosticCodes.RollbackDrillFailing
                    ? missingCode.Error(declaredAt.File, declaredAt.Line, declaredAt.Column, id, $"its evidence {relative} is missing")
                    : DiagnosticCodes.EvidenceMissing.Error(declaredAt.File, declaredAt.Line, declaredAt.Column, kind ?? what, id ?? what, relative));
                return null;
            }

            try
            {
                var bytes = _files.ReadBytes(full);
                _inputs[key] = Digest.Sha256(bytes);
                if (json)
                {
                    _documents[full] = LocatedJsonDocument.Parse(bytes, full);
                }

                return full;
            }
            catch (ReleaseTrainException ex)
            {
                InputErrors.Add(ex.Diagnostic);
                return null;
            }
        }

        private void Invalid(LocatedJsonDocument? document, string relative, string why) =>
            InputErrors.Add(DiagnosticCodes.InvalidPolicyInput.Error(document?.Path, document?.Root.Line ?? 0, document?.Root.Column ?? 0, relative, why));

        private static string? Text(LocatedJsonObject node, string name) => (node.GetMember(name)?.Value as LocatedJsonScalar)?.Text;

        private static string Describe(Duration duration) =>
            duration.Days > 0 ? $"{duration.Days}d {duration.Hours}h" : duration.Hours > 0 ? $"{duration.Hours}h {duration.Minutes}m" : $"{duration.Minutes}m {duration.Seconds}s";
    }
}
