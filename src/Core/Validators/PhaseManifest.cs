using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// An ordered phase contract: the phases in their fixed order and the manifest's schema and SLO contract versions.
/// Built in: <see cref="Torghut"/> (torghut.autonomy.phase-manifest.v1) and <see cref="UsrLifecycle"/>; others come
/// from release-train.json (<c>options.phases</c> of a <c>phase-manifest</c> contract).
/// </summary>
/// <param name="SchemaVersion">The manifest's schema_version.</param>
/// <param name="SloContractVersion">The manifest's slo_contract_version.</param>
/// <param name="Phases">The phases, in order.</param>
/// <param name="TorghutRules">Whether the torghut rules (promotion prerequisites, rollback readiness, paper canary,
/// runtime governance, rollback proof) derive phase statuses.</param>
public sealed record PhaseContract(
    string SchemaVersion,
    string SloContractVersion,
    IReadOnlyList<PhaseDefinition> Phases,
    bool TorghutRules
)
{
    /// <summary>
    /// The torghut autonomy phase manifest (proompteng/lab services/torghut: phase_manifest_contract.py): seven phases
    /// in fixed order, SLO contract <c>governance-slo-v1</c>.
    /// </summary>
    public static PhaseContract Torghut { get; } =
        new(
            "torghut.autonomy.phase-manifest.v1",
            "governance-slo-v1",
            [
                new(
                    "gate-evaluation",
                    ["gate0_feature_quality", "gate1_performance", "gate2_risk", "gate3_model_health"],
                    null,
                    null,
                    []
                ),
                new("promotion-prerequisites", ["promotion_required_artifacts"], null, null, []),
                new(
                    "rollback-readiness",
                    ["rollback_required_checks", "rollback_dry_run_max_age_hours", "rollback_require_human_approval"],
                    null,
                    null,
                    []
                ),
                new("drift-gate", ["drift_status"], null, null, []),
                new("paper-canary", ["promotion_require_patch_targets"], null, null, []),
                new("runtime-governance", ["rollback_trigger", "emergency_stop", "drift_status"], null, null, []),
                new("rollback-proof", ["rollback_evidence"], null, null, []),
            ],
            TorghutRules: true
        );

    /// <summary>
    /// The USR rollout lifecycle (PairOfCleats docs/specs/usr-core-rollout-release-migration.md): shadow-read,
    /// dual-write, strict-gate pre-cutover, cutover, post-cutover stabilization, each with entry and exit criteria
    /// and the evidence a passing phase must reference.
    /// </summary>
    public static PhaseContract UsrLifecycle { get; } =
        new(
            "usr.rollout.phase-manifest.v1",
            "usr-rollout-slo-v1",
            [
                new(
                    "shadow-read",
                    ["usr-backcompat-strict-pass"],
                    "backcompat matrix validated; readers deployed in shadow mode",
                    "no strict blocking scenario fails in shadow reads",
                    ["usr-backcompat-matrix-results.json"]
                ),
                new(
                    "dual-write",
                    ["usr-observability-rollup"],
                    "shadow-read passed",
                    "dual-written payloads agree; observability rollup green",
                    ["usr-observability-rollup.json"]
                ),
                new(
                    "strict-gate-pre-cutover",
                    ["usr-operational-readiness", "usr-rollback-drill", "usr-approval-lock"],
                    "dual-write passed; waivers valid",
                    "readiness validated, rollback drill within 30 days, approval lock approved",
                    [
                        "usr-operational-readiness-validation.json",
                        "usr-rollback-drill-report.json",
                        "usr-approval-lock-validation.json",
                    ]
                ),
                new(
                    "cutover",
                    ["usr-release-readiness-scorecard", "usr-waiver-policy"],
                    "strict gate passed; no freeze; GO decision",
                    "readers switched to the new producer; no rollback trigger",
                    ["usr-release-readiness-scorecard.json", "usr-waiver-policy-validation.json"]
                ),
                new(
                    "post-cutover-stabilization",
                    ["usr-post-cutover-stabilization", "usr-incident-response-drill"],
                    "cutover completed",
                    "no regression or churn over the stabilization window",
                    ["usr-post-cutover-stabilization-report.json", "usr-incident-response-drill-report.json"]
                ),
            ],
            TorghutRules: false
        );

    /// <summary>A built-in contract by name: <c>torghut</c> or <c>usr-lifecycle</c>; null otherwise.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The contract, or null.</returns>
    public static PhaseContract? BuiltIn(string name) =>
        name switch
        {
            "torghut" => Torghut,
            "usr-lifecycle" => UsrLifecycle,
            _ => null,
        };

    /// <summary>The phase contract that <c>options.phases</c> of a phase-manifest contract names.</summary>
    /// <param name="option">The option, or null.</param>
    /// <returns>The contract, or null when the option is absent (the manifest's schema_version then chooses).</returns>
    /// <exception cref="ArgumentException">A built-in name that is not built in (the schema's enum prevents
    /// it).</exception>
    public static PhaseContract? From(PhasesOption? option) =>
        option switch
        {
            null => null,
            { BuiltIn: { } name } => BuiltIn(name)
                ?? throw new ArgumentException($"'{name}' is not a built-in phase contract.", nameof(option)),
            _ => new PhaseContract(
                option.SchemaVersion!,
                option.SloContractVersion!,
                option.Order,
                TorghutRules: false
            ),
        };

    /// <summary>The built-in contract whose schema_version this is, or null.</summary>
    /// <param name="schemaVersion">A manifest's schema_version.</param>
    /// <returns>The contract, or null.</returns>
    public static PhaseContract? ForSchema(string? schemaVersion) =>
        schemaVersion == Torghut.SchemaVersion ? Torghut
        : schemaVersion == UsrLifecycle.SchemaVersion ? UsrLifecycle
        : null;
}

/// <summary>
/// Builds and verifies ordered phase manifests (docs/validators.md, "Phase manifests"): the contract's phases in their
/// fixed order, a missing phase filled as skip with its SLO gates, statuses coerced (unknown is fail), a transition
/// per adjacent pair carrying the destination's status, the manifest failing when any phase is neither pass nor
/// skip, artifact_refs the sorted union, and manifest_hash the JCS sha256 of the manifest without it. With the
/// torghut rules, autonomous-gate-policy.json decides promotion-prerequisites and rollback-readiness.
/// </summary>
public static class PhaseManifest
{
    /// <summary>The statuses a phase may have after coercion.</summary>
    public static readonly string[] Statuses = ["pass", "fail", "skip"];

    /// <summary>
    /// Coerces a status: pass/passed/ok/success to pass, skip/skipped/not_applicable to skip, fail/failed/error to
    /// fail, anything else (e.g. "blocked") to <paramref name="unknown"/> (fail by default).
    /// </summary>
    /// <param name="status">The status as given, or null.</param>
    /// <param name="unknown">What an unknown status becomes.</param>
    /// <returns>pass, skip or fail.</returns>
    public static string Coerce(string? status, string unknown = "fail") =>
        status?.Trim().ToLowerInvariant() switch
        {
            var word when CheckStatus.IsPassed(word) => CheckStatus.Pass,
            "skip" or "skipped" or "not_applicable" or "n/a" => "skip",
            "fail" or "failed" or "error" or "failure" => "fail",
            _ => unknown,
        };

    /// <summary>Builds a manifest.</summary>
    /// <param name="inputPath">The phases input file (schemas/phase-input.schema.json).</param>
    /// <param name="target">The requested promotion target: paper or live (torghut), or any label.</param>
    /// <param name="contract">The phase contract.</param>
    /// <param name="policyPath">autonomous-gate-policy.json for the torghut rules, or null (then
    /// promotion-prerequisites and rollback-readiness keep their given status).</param>
    /// <param name="at">The instant the rollback dry-run age is measured at.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when a file cannot be read as JSON; RT6050 when the input is
    /// malformed.</exception>
    public static JsonObject Build(
        string inputPath,
        string target,
        PhaseContract contract,
        string? policyPath,
        Instant at
    )
    {
        ArgumentNullException.ThrowIfNull(contract);
        var full = Path.GetFullPath(inputPath);
        var input =
            LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(full), full).Root as LocatedJsonObject
            ?? throw new ReleaseTrainException(
                DiagnosticCodes.PhaseManifestInvalid.Error(full, 1, 1, "the input is not a JSON object")
            );
        var inputNode = JsonNode.Parse(input.ToJson())!.AsObject();
        var given = new Dictionary<string, (JsonObject Node, LocatedJsonObject At)>(StringComparer.Ordinal);
        foreach (var item in Node.Array(input, "phases")?.Items ?? [])
        {
            var name = Node.Text(item as LocatedJsonObject, "name");
            if (name is null || contract.Phases.All(p => p.Name != name))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.PhaseManifestInvalid.Error(
                        full,
                        item.Line,
                        item.Column,
                        $"phase '{name ?? "(no name)"}' is not one of "
                            + $"{string.Join(", ", contract.Phases.Select(p => p.Name))}"
                    )
                );
            }

            if (!given.TryAdd(name, (JsonNode.Parse(item.ToJson())!.AsObject(), (LocatedJsonObject)item)))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.PhaseManifestInvalid.Error(
                        full,
                        item.Line,
                        item.Column,
                        $"phase '{name}' is given twice"
                    )
                );
            }
        }

        var phases = new List<JsonObject>();
        foreach (var definition in contract.Phases)
        {
            var phase = new JsonObject { ["name"] = definition.Name };
            var reasons = new List<string>();
            List<string> refs;
            if (given.TryGetValue(definition.Name, out var source))
            {
                var raw = source.Node["status"]?.GetValue<string>();
                var status = Coerce(raw);
                if (status == "fail" && Coerce(raw, "unknown") == "unknown")
                {
                    reasons.Add($"status '{raw}' is not pass, fail or skip");
                }

                phase["status"] = status;
                phase["filled"] = false;
                refs = Strings(source.Node["artifact_refs"]);
                foreach (var reason in Strings(source.Node["reasons"]))
                {
                    reasons.Add(reason);
                }

                if (source.Node["observations"] is JsonNode observations)
                {
                    phase["observations"] = observations.DeepClone();
                }
            }
            else
            {
                phase["status"] = "skip";
                phase["filled"] = true;
                refs = [];
            }

            phase["slo_gates"] = Node.JsonStrings(definition.SloGates);
            if (definition.Entry is not null)
            {
                phase["entry_criteria"] = definition.Entry;
                phase["exit_criteria"] = definition.Exit;
                phase["evidence"] = Node.JsonStrings(definition.Evidence);
            }

            if (phase["status"]!.GetValue<string>() == "pass")
            {
                var missing = definition
                    .Evidence.Where(e => !refs.Any(r => r == e || r.EndsWith("/" + e, StringComparison.Ordinal)))
                    .ToList();
                if (missing.Count > 0)
                {
                    phase["status"] = "fail";
                    reasons.Add("missing evidence: " + string.Join(", ", missing));
                }
            }

            phase["artifact_refs"] = Node.JsonStrings(
                refs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            );
            phase["reasons"] = Node.JsonStrings(reasons);
            phases.Add(phase);
        }

        var runtime = inputNode["runtime_governance"] as JsonObject;
        var proof = inputNode["rollback_proof"] as JsonObject;
        if (contract.TorghutRules)
        {
            var policy = policyPath is null
                ? null
                : JsonNode.Parse(RepositoryFiles.ReadFile(Path.GetFullPath(policyPath)))?.AsObject();
            ApplyTorghut(phases, inputNode, target, policy, at);
        }

        var manifest = new JsonObject
        {
            ["schema_version"] = contract.SchemaVersion,
            ["run_id"] = inputNode["run_id"]?.DeepClone(),
            ["candidate_id"] = inputNode["candidate_id"]?.DeepClone(),
            ["execution_context"] = inputNode["execution_context"]?.DeepClone() ?? new JsonObject(),
            ["requested_promotion_target"] = target,
            ["status"] = "pass",
            ["phase_count"] = phases.Count,
            ["phase_transitions"] = new JsonArray(),
            ["phases"] = new JsonArray([.. phases]),
            ["runtime_governance"] = runtime?.DeepClone() ?? new JsonObject(),
            ["rollback_proof"] = proof?.DeepClone() ?? new JsonObject(),
            ["artifact_refs"] = new JsonArray(),
            ["slo_contract_version"] = contract.SloContractVersion,
            ["observation_summary"] = new JsonObject(),
        };
        var extraRefs = Strings(inputNode["artifact_refs"]);
        if (
            inputNode["paper_canary_patch"] is JsonValue patchValue
            && patchValue.TryGetValue<string>(out var patchRef)
            && patchRef.Length > 0
        )
        {
            extraRefs.Add(patchRef);
        }

        if (
            proof?["evidence_path"] is JsonValue evidenceValue
            && evidenceValue.TryGetValue<string>(out var evidenceRef)
            && evidenceRef.Length > 0
        )
        {
            extraRefs.Add(evidenceRef);
        }

        Derive(manifest, extraRefs);
        manifest["manifest_hash"] = Hash(manifest);
        return manifest;
    }

    /// <summary>
    /// Recomputes the derived fields of a manifest from its phases (status, phase_count, transitions, artifact_refs,
    /// observation_summary).
    /// </summary>
    private static void Derive(JsonObject manifest, IEnumerable<string> extraRefs)
    {
        var phases = manifest["phases"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var transitions = new JsonArray();
        for (var i = 1; i < phases.Count; i++)
        {
            transitions.Add(
                new JsonObject
                {
                    ["from"] = phases[i - 1]["name"]!.GetValue<string>(),
                    ["to"] = phases[i]["name"]!.GetValue<string>(),
                    ["status"] = phases[i]["status"]!.GetValue<string>(),
                }
            );
        }

        var statuses = phases.Select(p => p["status"]!.GetValue<string>()).ToList();
        manifest["status"] = statuses.All(s => s is "pass" or "skip") ? "pass" : "fail";
        manifest["phase_count"] = phases.Count;
        manifest["phase_transitions"] = transitions;
        manifest["artifact_refs"] = Node.JsonStrings(
            phases
                .SelectMany(p => Strings(p["artifact_refs"]))
                .Concat(extraRefs)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
        );
        manifest["observation_summary"] = new JsonObject
        {
            ["pass"] = statuses.Count(s => s == "pass"),
            ["fail"] = statuses.Count(s => s == "fail"),
            ["skip"] = statuses.Count(s => s == "skip"),
            ["failed_phases"] = Node.JsonStrings(
                phases.Where(p => p["status"]!.GetValue<string>() == "fail").Select(p => p["name"]!.GetValue<string>())
            ),
            ["drift_status"] = (manifest["runtime_governance"] as JsonObject)?["drift_status"]?.DeepClone(),
        };
    }

    private static void ApplyTorghut(
        List<JsonObject> phases,
        JsonObject input,
        string target,
        JsonObject? policy,
        Instant at
    )
    {
        JsonObject Phase(string name) => phases.Single(p => p["name"]!.GetValue<string>() == name);
        void Set(string name, string status, IEnumerable<string> reasons)
        {
            var phase = Phase(name);
            phase["status"] = status;
            phase["filled"] = false;
            var list = Strings(phase["reasons"]);
            list.AddRange(reasons);
            phase["reasons"] = Node.JsonStrings(list.Distinct(StringComparer.Ordinal));
        }

        // promotion-prerequisites: the policy's required artifacts, when the input reports which exist.
        if (input["promotion"] is JsonObject promotion && policy is not null)
        {
            var present = Strings(promotion["artifacts"]);
            var missing = Strings(policy["promotion_required_artifacts"]).Where(a => !present.Contains(a)).ToList();
            Set(
                "promotion-prerequisites",
                missing.Count == 0 ? "pass" : "fail",
                missing.Select(m => "missing required artifact " + m)
            );
        }

        // rollback-readiness: required checks, dry-run age, human approval, rollback target.
        if (input["rollback"] is JsonObject rollback && policy is not null)
        {
            var reasons = new List<string>();
            var checks = rollback["checks"] as JsonObject;
            foreach (var check in Strings(policy["rollback_required_checks"]))
            {
                if (checks?[check] is not JsonValue v || !v.TryGetValue<bool>(out var ok) || !ok)
                {
                    reasons.Add($"rollback check {check} has not passed");
                }
            }

            var maxHours =
                policy["rollback_dry_run_max_age_hours"] is JsonValue h && h.TryGetValue<int>(out var hours)
                    ? hours
                    : 72;
            var dryRun = rollback["dry_run_completed_at"]?.GetValue<string>();
            if (dryRun is null || !PolicyTime.TryParseInstant(dryRun, out var ranAt, out _))
            {
                reasons.Add("rollback dry run time is missing or has no offset");
            }
            else if (at - ranAt > Duration.FromHours(maxHours))
            {
                reasons.Add(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"rollback dry run at {dryRun} is older than {maxHours} hours"
                    )
                );
            }

            if (
                policy["rollback_require_human_approval"] is JsonValue approval
                && approval.TryGetValue<bool>(out var required)
                && required
                && !(rollback["human_approved"] is JsonValue a && a.TryGetValue<bool>(out var approved) && approved)
            )
            {
                reasons.Add("rollback needs human approval");
            }

            if (string.IsNullOrWhiteSpace(rollback["target"]?.GetValue<string>()))
            {
                reasons.Add("rollback target is missing");
            }

            Set("rollback-readiness", reasons.Count == 0 ? "pass" : "fail", reasons);
        }

        // paper-canary: skipped for live; for paper it needs a patch.
        var patch =
            input["paper_canary_patch"] is JsonValue p
            && p.TryGetValue<string>(out var patchPath)
            && !string.IsNullOrWhiteSpace(patchPath);
        if (target == "live")
        {
            Set("paper-canary", "skip", ["live promotion: no paper canary"]);
        }
        else if (target == "paper" && !patch)
        {
            Set("paper-canary", "fail", ["paper promotion without a paper canary patch"]);
        }
        else if (target == "paper" && Phase("paper-canary")["filled"]!.GetValue<bool>())
        {
            Set(
                "paper-canary",
                "pass",
                ["paper canary patch " + ((JsonValue)input["paper_canary_patch"]!).GetValue<string>()]
            );
        }

        // runtime-governance and rollback-proof from the runtime governance observations.
        if (input["runtime_governance"] is JsonObject runtime)
        {
            var triggered = Bool(runtime["rollback_triggered"]);
            var stopped = Bool(runtime["emergency_stop_active"]);
            var drift = runtime["drift_status"]?.GetValue<string>();
            var reasons = new List<string>();
            if (triggered)
            {
                reasons.Add("rollback triggered");
            }

            if (stopped)
            {
                reasons.Add("emergency stop active");
            }

            if (drift is "drift_detected" or "unhealthy")
            {
                reasons.Add("drift status " + drift);
            }

            Set("runtime-governance", reasons.Count == 0 ? "pass" : "fail", reasons);
            var evidence =
                (input["rollback_proof"] as JsonObject)?["evidence_path"] is JsonValue e
                && e.TryGetValue<string>(out var ev)
                && !string.IsNullOrWhiteSpace(ev);
            Set(
                "rollback-proof",
                !triggered || evidence ? "pass" : "fail",
                triggered
                    ? [evidence ? "rollback evidence recorded" : "rollback triggered without rollback evidence"]
                    : []
            );
        }
    }

    /// <summary>
    /// The manifest hash: <c>sha256:</c> + hex of SHA-256 over the RFC 8785 form of the manifest without manifest_hash.
    /// </summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>The digest.</returns>
    public static string Hash(JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var copy = (JsonObject)manifest.DeepClone();
        copy.Remove("manifest_hash");
        return JsonCanonicalizer.Sha256(LocatedJsonDocument.Parse(copy.ToJsonString()).Root);
    }

    /// <summary>
    /// Verifies a manifest: its contract (by schema_version, or <paramref name="contract"/>), the phases in order
    /// (RT6051), every derived field (RT6052), manifest_hash (RT6053), and each failing phase (RT6054).
    /// </summary>
    /// <param name="path">The manifest file.</param>
    /// <param name="contract">The contract, or null to take the built-in one its schema_version names.</param>
    /// <returns>The result (its report is the verification summary).</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when the file cannot be read as JSON.</exception>
    public static ValidationResult Verify(string path, PhaseContract? contract)
    {
        var full = Path.GetFullPath(path);
        var findings = new Findings(full);
        var document = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(full), full);
        if (document.Root is not LocatedJsonObject root)
        {
            findings.Error(DiagnosticCodes.PhaseManifestInvalid, document.Root, "the manifest is not a JSON object");
            return new ValidationResult("phase-manifest", full, findings.List, new Dictionary<string, JsonObject>());
        }

        contract ??= PhaseContract.ForSchema(Node.Text(root, "schema_version"));
        string[] required =
        [
            "schema_version",
            "run_id",
            "candidate_id",
            "execution_context",
            "requested_promotion_target",
            "status",
            "phase_count",
            "phase_transitions",
            "phases",
            "runtime_governance",
            "rollback_proof",
            "artifact_refs",
            "slo_contract_version",
            "observation_summary",
            "manifest_hash",
        ];
        foreach (var name in required.Where(n => root.GetMember(n) is null))
        {
            findings.Error(DiagnosticCodes.PhaseManifestInvalid, root, $"'{name}' is missing");
        }

        if (contract is null)
        {
            findings.Error(
                DiagnosticCodes.PhaseManifestInvalid,
                Node.At(root, "schema_version"),
                $"schema_version '{Node.Text(root, "schema_version")}' is not a known phase contract; name the contract"
            );
        }

        var phases = Node.Array(root, "phases")?.Items.OfType<LocatedJsonObject>().ToList() ?? [];
        if (findings.Errors > 0 || contract is null)
        {
            return Result(full, findings, root);
        }

        if (Node.Text(root, "slo_contract_version") != contract.SloContractVersion)
        {
            findings.Error(
                DiagnosticCodes.PhaseDerivedMismatch,
                Node.At(root, "slo_contract_version"),
                "slo_contract_version",
                Quote(Node.Text(root, "slo_contract_version")),
                Quote(contract.SloContractVersion)
            );
        }

        var names = phases.Select(p => Node.Text(p, "name")).ToList();
        var expected = contract.Phases.Select(p => p.Name).ToList();
        if (!names.SequenceEqual(expected))
        {
            findings.Error(
                DiagnosticCodes.PhaseOrderInvalid,
                Node.At(root, "phases"),
                $"the phases are [{string.Join(", ", names)}], the contract's fixed order is "
                    + $"[{string.Join(", ", expected)}]"
            );
            return Result(full, findings, root);
        }

        foreach (var phase in phases)
        {
            var status = Node.Text(phase, "status");
            if (!Statuses.Contains(status))
            {
                findings.Error(
                    DiagnosticCodes.PhaseManifestInvalid,
                    Node.At(phase, "status"),
                    $"phase '{Node.Text(phase, "name")}' has status '{status}', not pass, fail or skip"
                );
            }
            else if (status == "fail")
            {
                var reasons = Node.Strings(phase, "reasons");
                findings.Error(
                    DiagnosticCodes.PhaseFailed,
                    Node.At(phase, "status"),
                    Node.Text(phase, "name"),
                    reasons.Count == 0 ? "no reason recorded" : string.Join("; ", reasons)
                );
            }
        }

        if (findings.List.Any(f => f.Code == DiagnosticCodes.PhaseManifestInvalid.Code))
        {
            return Result(full, findings, root); // a phase without a valid status: nothing can be derived from it
        }

        var actual = JsonNode.Parse(root.ToJson())!.AsObject();
        var derived = (JsonObject)actual.DeepClone();
        var refs = Strings(actual["artifact_refs"]);
        Derive(derived, refs);
        foreach (var field in new[] { "status", "phase_count", "phase_transitions" })
        {
            if (!JsonNode.DeepEquals(actual[field], derived[field]))
            {
                findings.Error(
                    DiagnosticCodes.PhaseDerivedMismatch,
                    Node.At(root, field),
                    field,
                    actual[field]?.ToJsonString() ?? "missing",
                    derived[field]?.ToJsonString()
                );
            }
        }

        var phaseRefs = phases.SelectMany(p => Node.Strings(p, "artifact_refs")).ToList();
        if (
            !refs.SequenceEqual(refs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            || phaseRefs.Any(r => !refs.Contains(r))
        )
        {
            findings.Error(
                DiagnosticCodes.PhaseDerivedMismatch,
                Node.At(root, "artifact_refs"),
                "artifact_refs",
                actual["artifact_refs"]!.ToJsonString(),
                "the sorted union of every phase's artifact_refs and the run's own"
            );
        }

        var hash = Hash(actual);
        if (Node.Text(root, "manifest_hash") != hash)
        {
            findings.Error(
                DiagnosticCodes.PhaseManifestHashMismatch,
                Node.At(root, "manifest_hash"),
                Node.Text(root, "manifest_hash"),
                hash
            );
        }

        return Result(full, findings, root);
    }

    /// <summary>
    /// Writes the per-iteration note <c>{notes}/iteration-&lt;n&gt;.md</c>, n one above the highest existing
    /// iteration number (1 for none), created exclusively so that two runs never write one note.
    /// </summary>
    /// <param name="notesDirectory">The notes folder (created if absent).</param>
    /// <param name="manifest">The manifest built.</param>
    /// <returns>The note's path.</returns>
    public static string WriteIterationNote(string notesDirectory, JsonObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        Directory.CreateDirectory(notesDirectory);
        while (true)
        {
            var next =
                Directory
                    .GetFiles(notesDirectory, "iteration-*.md")
                    .Select(f => Path.GetFileNameWithoutExtension(f)["iteration-".Length..])
                    .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0)
                    .DefaultIfEmpty(0)
                    .Max() + 1;
            var path = Path.Combine(
                notesDirectory,
                string.Create(CultureInfo.InvariantCulture, $"iteration-{next}.md")
            );
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"# Iteration {next}");
            text.AppendLine();
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"- run: `{manifest["run_id"]}`, candidate: `{manifest["candidate_id"]}`, target: "
                    + $"`{manifest["requested_promotion_target"]}`"
            );
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"- status: **{manifest["status"]}** ({manifest["schema_version"]}, {manifest["slo_contract_version"]})"
            );
            text.AppendLine(CultureInfo.InvariantCulture, $"- manifest_hash: `{manifest["manifest_hash"]}`");
            text.AppendLine();
            text.AppendLine("| Phase | Status | Reasons |");
            text.AppendLine("|---|---|---|");
            foreach (var phase in manifest["phases"]!.AsArray())
            {
                var reasons = string.Join("; ", Strings(phase!["reasons"]))
                    .Replace("|", "\\|", StringComparison.Ordinal);
                text.AppendLine(CultureInfo.InvariantCulture, $"| {phase["name"]} | {phase["status"]} | {reasons} |");
            }

            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
                stream.Flush(flushToDisk: true);
                return path;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another run took this number; take the next.
            }
        }
    }

    private static ValidationResult Result(string full, Findings findings, LocatedJsonObject root)
    {
        var report = new JsonObject
        {
            ["schemaVersion"] = "usr-registry-1.0.0",
            ["registryId"] = "phase-manifest-verification",
            ["status"] = findings.Status,
            ["summary"] = new JsonObject
            {
                ["phaseCount"] = Node.Array(root, "phases")?.Items.Count ?? 0,
                ["warningCount"] = findings.Warnings,
                ["errorCount"] = findings.Errors,
            },
            ["rows"] = new JsonArray([
                .. (Node.Array(root, "phases")?.Items.OfType<LocatedJsonObject>() ?? []).Select(p =>
                    (JsonNode)new JsonObject { ["id"] = Node.Text(p, "name"), ["status"] = Node.Text(p, "status") }
                ),
            ]),
            ["findings"] = findings.ToJson(),
        };
        return new ValidationResult(
            "phase-manifest",
            full,
            findings.List,
            new Dictionary<string, JsonObject> { ["phase-manifest-verification.json"] = report }
        );
    }

    private static string Quote(string? text) => text is null ? "missing" : "\"" + text + "\"";

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()]
            : [];
}
