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
/// Built in: <see cref="Torghut"/> (torghut.autonomy.phase-manifest.v1), <see cref="TorghutMain"/>
/// (autonomy-phase-manifest-v1, torghut's main branch) and <see cref="UsrLifecycle"/>; others come from
/// release-train.json (<c>options.phases</c> of a <c>phase-manifest</c> contract).
/// </summary>
/// <param name="SchemaVersion">The manifest's schema_version.</param>
/// <param name="SloContractVersion">The manifest's slo_contract_version.</param>
/// <param name="Phases">The phases, in order.</param>
/// <param name="TorghutRules">Whether the torghut rules (promotion prerequisites, rollback readiness, paper canary,
/// runtime governance, rollback proof) derive phase statuses.</param>
/// <param name="Form">The manifest's form: ours, or one of torghut's two schema versions.</param>
public sealed record PhaseContract(
    string SchemaVersion,
    string SloContractVersion,
    IReadOnlyList<PhaseDefinition> Phases,
    bool TorghutRules,
    PhaseManifestForm Form = PhaseManifestForm.Generic
)
{
    /// <summary>
    /// The torghut autonomy phase manifest as proompteng/lab wrote it at 54da46ce (phase_manifest_contract.py, lane.py,
    /// scheduler.py): seven phases in fixed order, SLO contract <c>governance-slo-v1</c>, SLO gates as objects,
    /// manifest_hash the bare hex of torghut's <c>_stable_hash</c>.
    /// </summary>
    public static PhaseContract Torghut { get; } =
        new(
            "torghut.autonomy.phase-manifest.v1",
            "governance-slo-v1",
            TorghutPhases.Definitions(PhaseManifestForm.Torghut),
            TorghutRules: true,
            PhaseManifestForm.Torghut
        );

    /// <summary>
    /// The same manifest as torghut's main branch writes it (phase_manifest_contract.py
    /// AUTONOMY_PHASE_MANIFEST_SCHEMA_VERSION): schema <c>autonomy-phase-manifest-v1</c>, status <c>skipped</c> for a
    /// phase not evaluated, no manifest_hash.
    /// </summary>
    public static PhaseContract TorghutMain { get; } =
        new(
            "autonomy-phase-manifest-v1",
            "governance-slo-v1",
            TorghutPhases.Definitions(PhaseManifestForm.TorghutMain),
            TorghutRules: true,
            PhaseManifestForm.TorghutMain
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

    /// <summary>The statuses a phase of this contract's manifests may have: pass, fail, skip (and skipped for
    /// <see cref="TorghutMain"/>).</summary>
    public IReadOnlyList<string> Statuses =>
        Form == PhaseManifestForm.TorghutMain ? ["pass", "fail", "skip", "skipped"] : PhaseManifest.Statuses;

    /// <summary>
    /// The status of a phase that was not evaluated: skipped for <see cref="TorghutMain"/>, else skip.
    /// </summary>
    public string SkipStatus => Form == PhaseManifestForm.TorghutMain ? "skipped" : "skip";

    /// <summary>Whether a phase status lets the manifest pass (pass or a skip).</summary>
    /// <param name="status">The status.</param>
    /// <returns>True for pass, skip, and skipped in <see cref="TorghutMain"/>.</returns>
    public bool Passes(string? status) =>
        status is "pass" or "skip" || (status == "skipped" && Form == PhaseManifestForm.TorghutMain);

    /// <summary>
    /// A built-in contract by name: <c>torghut</c> (its v1 schema) or <c>usr-lifecycle</c>; null otherwise.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <returns>The contract, or null.</returns>
    public static PhaseContract? BuiltIn(string name) =>
        name switch
        {
            "torghut" => Torghut,
            "usr-lifecycle" => UsrLifecycle,
            _ => null,
        };

    /// <summary>The torghut contract of a schema version: <see cref="Torghut"/> or <see cref="TorghutMain"/>.</summary>
    /// <param name="schemaVersion">torghut.autonomy.phase-manifest.v1 or autonomy-phase-manifest-v1.</param>
    /// <returns>The contract, or null for any other version.</returns>
    public static PhaseContract? TorghutVersion(string? schemaVersion) =>
        schemaVersion == Torghut.SchemaVersion ? Torghut
        : schemaVersion == TorghutMain.SchemaVersion ? TorghutMain
        : null;

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
        TorghutVersion(schemaVersion) ?? (schemaVersion == UsrLifecycle.SchemaVersion ? UsrLifecycle : null);
}

/// <summary>
/// Builds and verifies ordered phase manifests (docs/validators.md, "Phase manifests"): the contract's phases in their
/// fixed order, a missing phase filled as skip with its SLO gates, a transition per adjacent pair carrying the
/// destination's status, the manifest failing when any phase is neither pass nor a skip, artifact_refs the sorted
/// union, and manifest_hash. Our own form coerces statuses (unknown is fail) and hashes with RFC 8785; torghut's two
/// forms follow torghut's code (<see cref="TorghutPhases"/>) and refuse what it would coerce. With the torghut rules,
/// autonomous-gate-policy.json decides promotion-prerequisites and rollback-readiness.
/// </summary>
public static class PhaseManifest
{
    /// <summary>The statuses a phase may have after coercion.</summary>
    public static readonly string[] Statuses = ["pass", "fail", "skip"];

    /// <summary>
    /// Coerces a status of our own form: pass/passed/ok/success to pass, skip/skipped/not_applicable to skip,
    /// fail/failed/error to fail, anything else (e.g. "blocked") to <paramref name="unknown"/> (fail by default).
    /// torghut's forms do not coerce (RT6091).
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
    /// <param name="target">The requested promotion target: paper or live (torghut, trimmed and lower-cased as torghut
    /// does), or any label.</param>
    /// <param name="contract">The phase contract (its form chooses the manifest's schema version).</param>
    /// <param name="policyPath">autonomous-gate-policy.json for the torghut rules, or null (then
    /// promotion-prerequisites and rollback-readiness keep their given status).</param>
    /// <param name="at">The instant the rollback dry-run age is measured at, and the manifest's timestamps.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when a file cannot be read as JSON; RT6050 when the input is
    /// malformed; RT6090 when an input member has the wrong JSON type; RT6091 for a status torghut would coerce;
    /// RT6092 for a malformed gate policy.</exception>
    public static JsonObject Build(
        string inputPath,
        string target,
        PhaseContract contract,
        string? policyPath,
        Instant at
    )
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(target);
        var full = Path.GetFullPath(inputPath);
        var input =
            LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(full), full).Root as LocatedJsonObject
            ?? throw new ReleaseTrainException(
                DiagnosticCodes.PhaseManifestInvalid.Error(full, 1, 1, "the input is not a JSON object")
            );
        var read = new InputReader(full);
        var torghut = contract.Form != PhaseManifestForm.Generic;
        if (torghut)
        {
            target = target.Trim().ToLowerInvariant();
        }

        var inputNode = JsonNode.Parse(input.ToJson())!.AsObject();
        var given = new Dictionary<string, LocatedJsonObject>(StringComparer.Ordinal);
        var phaseItems = read.Array(input, "phases", "phases")?.Items ?? [];
        foreach (var item in phaseItems)
        {
            var phaseObject = item as LocatedJsonObject ?? throw read.Wrong(item, "a phase", "an object");
            var name = read.Text(phaseObject, "name", "a phase's name");
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

            if (!given.TryAdd(name, phaseObject))
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

        var stamp = PythonIso(at);
        var phases = new List<JsonObject>();
        var filled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in contract.Phases)
        {
            var phase = new JsonObject { ["name"] = definition.Name };
            var reasons = new List<string>();
            List<string> refs;
            if (given.TryGetValue(definition.Name, out var source))
            {
                phase["status"] = Status(source, definition.Name, contract, read, reasons);
                refs = read.Texts(source, "artifact_refs", $"phase '{definition.Name}' artifact_refs");
                reasons.AddRange(read.Texts(source, "reasons", $"phase '{definition.Name}' reasons"));
                if (torghut)
                {
                    phase["timestamp"] = stamp;
                    phase["observations"] = source.GetMember("observations") is { } o
                        ? JsonNode.Parse(o.Value.ToJson())
                        : new JsonObject();
                    phase["slo_gates"] = GivenGates(source, definition.Name, read);
                }
                else
                {
                    phase["filled"] = false;
                    if (source.GetMember("observations") is { } observations)
                    {
                        phase["observations"] = JsonNode.Parse(observations.Value.ToJson());
                    }
                }
            }
            else
            {
                phase["status"] = contract.SkipStatus;
                filled.Add(definition.Name);
                refs = [];
                if (torghut)
                {
                    phase["timestamp"] = stamp;
                    phase["observations"] = new JsonObject { ["note"] = "stage not evaluated" };
                    phase["slo_gates"] = new JsonArray();
                }
                else
                {
                    phase["filled"] = true;
                }
            }

            if (!torghut)
            {
                phase["slo_gates"] = Node.JsonStrings(definition.SloGates);
            }

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

        var runtime = read.Object(input, "runtime_governance", "runtime_governance");
        var proof = read.Object(input, "rollback_proof", "rollback_proof");
        var extraRefs = read.Texts(input, "artifact_refs", "artifact_refs");
        JsonObject? runtimeOut = runtime is null ? null : inputNode["runtime_governance"]!.DeepClone().AsObject();
        JsonObject? proofOut = proof is null ? null : inputNode["rollback_proof"]!.DeepClone().AsObject();
        if (contract.TorghutRules)
        {
            var policy = policyPath is null ? null : GatePolicy.Load(policyPath);
            var torghutRefs = ApplyTorghut(
                new TorghutBuild(phases, filled, contract, input, read, target, policy, at),
                ref runtimeOut,
                ref proofOut
            );
            extraRefs.AddRange(torghutRefs);
        }
        else
        {
            var patchRef = read.Text(input, "paper_canary_patch", "paper_canary_patch");
            if (!string.IsNullOrEmpty(patchRef))
            {
                extraRefs.Add(patchRef);
            }

            if (EvidencePath(proof, read) is { } evidenceRef)
            {
                extraRefs.Add(evidenceRef);
            }
        }

        if (torghut)
        {
            FinishGates(phases, filled, contract.Form);
        }

        var manifest = new JsonObject
        {
            ["schema_version"] = contract.SchemaVersion,
            ["run_id"] = inputNode["run_id"]?.DeepClone(),
            ["candidate_id"] = inputNode["candidate_id"]?.DeepClone(),
            ["execution_context"] = inputNode["execution_context"]?.DeepClone() ?? new JsonObject(),
            ["requested_promotion_target"] = target,
        };
        if (contract.Form == PhaseManifestForm.Torghut)
        {
            manifest["generated_at"] = stamp;
            manifest["updated_at"] = stamp;
        }
        else if (contract.Form == PhaseManifestForm.TorghutMain)
        {
            manifest["created_at"] = stamp;
            manifest["updated_at"] = stamp;
        }

        manifest["status"] = "pass";
        manifest["phase_count"] = phases.Count;
        manifest["phase_transitions"] = new JsonArray();
        manifest["phases"] = new JsonArray([.. phases]);
        manifest["runtime_governance"] = runtimeOut ?? new JsonObject();
        manifest["rollback_proof"] = proofOut ?? new JsonObject();
        manifest["artifact_refs"] = new JsonArray();
        manifest["slo_contract_version"] = contract.SloContractVersion;
        manifest["observation_summary"] = new JsonObject();
        Derive(manifest, extraRefs, contract);
        if (contract.Form != PhaseManifestForm.TorghutMain)
        {
            manifest["manifest_hash"] = Hash(manifest, contract);
        }

        return manifest;
    }

    /// <summary>
    /// A given phase's status: a string (RT6090 otherwise); in torghut's forms trimmed and lower-cased as torghut's
    /// coerce_phase_status does, and refused (RT6091) when it is none of the form's statuses (torghut would read it as
    /// a skip); in ours coerced (<see cref="Coerce"/>), an unknown word failing with its reason recorded.
    /// </summary>
    private static string Status(
        LocatedJsonObject source,
        string name,
        PhaseContract contract,
        InputReader read,
        List<string> reasons
    )
    {
        var raw = read.Text(source, "status", $"phase '{name}' status");
        if (contract.Form == PhaseManifestForm.Generic)
        {
            var status = Coerce(raw);
            if (status == "fail" && Coerce(raw, "unknown") == "unknown")
            {
                reasons.Add($"status '{raw}' is not pass, fail or skip");
            }

            return status;
        }

        var normalized = raw?.Trim().ToLowerInvariant();
        if (normalized is null || !contract.Statuses.Contains(normalized))
        {
            var at = source.GetMember("status")?.Value ?? (LocatedJsonNode)source;
            throw new ReleaseTrainException(
                DiagnosticCodes.PhaseStatusUnknown.Error(
                    read.File,
                    at.Line,
                    at.Column,
                    name,
                    raw ?? "(none)",
                    string.Join(", ", contract.Statuses),
                    contract.SkipStatus
                )
            );
        }

        return normalized;
    }

    /// <summary>A given phase's slo_gates: objects with a string id (RT6090 otherwise), kept as given.</summary>
    private static JsonArray GivenGates(LocatedJsonObject source, string name, InputReader read)
    {
        var gates = new JsonArray();
        foreach (var item in read.Array(source, "slo_gates", $"phase '{name}' slo_gates")?.Items ?? [])
        {
            var gate =
                item as LocatedJsonObject ?? throw read.Wrong(item, $"phase '{name}' slo_gates item", "an object");
            if (read.Text(gate, "id", $"phase '{name}' slo_gates id") is null)
            {
                throw read.Wrong(gate, $"phase '{name}' slo_gates item without an id", "an object with an id");
            }

            gates.Add(JsonNode.Parse(gate.ToJson()));
        }

        return gates;
    }

    /// <summary>
    /// Appends to each phase the SLO gates its form requires and it lacks (TorghutPhases.DefaultGate).
    /// </summary>
    private static void FinishGates(List<JsonObject> phases, HashSet<string> filled, PhaseManifestForm form)
    {
        foreach (var phase in phases)
        {
            var name = phase["name"]!.GetValue<string>();
            var isFilled = filled.Contains(name);
            if (isFilled && form == PhaseManifestForm.TorghutMain)
            {
                continue;
            }

            var gates = phase["slo_gates"]!.AsArray();
            var ids = gates.Select(g => g!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var id in TorghutPhases.GateIds(name, form).Where(id => !ids.Contains(id)))
            {
                gates.Add(TorghutPhases.DefaultGate(name, id, form, phase["status"]!.GetValue<string>(), isFilled));
            }
        }
    }

    /// <summary>
    /// The manifest hash. Our form: <c>sha256:</c> + hex of SHA-256 over the RFC 8785 form of the manifest without
    /// manifest_hash. torghut's forms: the bare hex of torghut's <c>_stable_hash</c> of the same
    /// (<see cref="PythonJson.StableHash"/>).
    /// </summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="contract">Its contract (null: our form).</param>
    /// <returns>The digest.</returns>
    public static string Hash(JsonObject manifest, PhaseContract? contract = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var copy = (JsonObject)manifest.DeepClone();
        copy.Remove("manifest_hash");
        return contract is null || contract.Form == PhaseManifestForm.Generic
            ? JsonCanonicalizer.Sha256(LocatedJsonDocument.Parse(copy.ToJsonString()).Root)
            : PythonJson.StableHash(copy);
    }

    /// <summary>
    /// Recomputes the derived fields of a manifest from its phases (status, phase_count, transitions, artifact_refs,
    /// observation_summary).
    /// </summary>
    private static void Derive(JsonObject manifest, IEnumerable<string> extraRefs, PhaseContract contract)
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
        manifest["status"] = statuses.All(contract.Passes) ? "pass" : "fail";
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
            ["skip"] = statuses.Count(s => s is "skip" or "skipped"),
            ["failed_phases"] = Node.JsonStrings(
                phases.Where(p => p["status"]!.GetValue<string>() == "fail").Select(p => p["name"]!.GetValue<string>())
            ),
            ["drift_status"] = (manifest["runtime_governance"] as JsonObject)?["drift_status"]?.DeepClone(),
        };
    }

    /// <summary>What the torghut rules work on.</summary>
    private sealed record TorghutBuild(
        List<JsonObject> Phases,
        HashSet<string> Filled,
        PhaseContract Contract,
        LocatedJsonObject Input,
        InputReader Read,
        string Target,
        GatePolicy? Policy,
        Instant At
    )
    {
        public JsonObject Phase(string name) => Phases.Single(p => p["name"]!.GetValue<string>() == name);

        /// <summary>
        /// Sets a phase's status, adds reasons, and sets its SLO gate (replacing one of the same id).
        /// </summary>
        public void Set(string name, string status, IEnumerable<string> reasons, JsonObject gate)
        {
            var phase = Phase(name);
            phase["status"] = status;
            Filled.Remove(name);
            if (phase["observations"] is JsonObject { Count: 1 } o && o["note"] is not null)
            {
                phase["observations"] = new JsonObject();
            }

            var list = Strings(phase["reasons"]);
            list.AddRange(reasons);
            phase["reasons"] = Node.JsonStrings(list.Distinct(StringComparer.Ordinal));
            if (phase["slo_gates"] is JsonArray gates && Contract.Form != PhaseManifestForm.Generic)
            {
                var id = gate["id"]!.GetValue<string>();
                var kept = gates.Where(g => g!["id"]?.GetValue<string>() != id).Select(g => g!.DeepClone()).ToList();
                kept.Add(gate);
                phase["slo_gates"] = new JsonArray([.. kept]);
            }
        }

        public void AddRefs(string name, IEnumerable<string> refs)
        {
            var phase = Phase(name);
            phase["artifact_refs"] = Node.JsonStrings(
                Strings(phase["artifact_refs"])
                    .Concat(refs)
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
            );
        }
    }

    private static JsonObject Gate(string id, string status, JsonNode? threshold, JsonNode? value) =>
        new()
        {
            ["id"] = id,
            ["status"] = status,
            ["threshold"] = threshold,
            ["value"] = value,
        };

    /// <summary>
    /// The torghut rules (proompteng/lab: policy_checks.py, lane.py _build_phase_manifest, scheduler.py
    /// _append_runtime_governance_to_phase_manifest). Returns the run-level artifact refs they add (the paper canary
    /// patch, the rollback evidence, runtime governance's artifact_refs) and normalizes runtime_governance and
    /// rollback_proof as torghut writes them.
    /// </summary>
    private static List<string> ApplyTorghut(TorghutBuild b, ref JsonObject? runtimeOut, ref JsonObject? proofOut)
    {
        var read = b.Read;
        var input = b.Input;
        var skip = b.Contract.SkipStatus;
        var refs = new List<string>();

        // promotion-prerequisites: the artifacts the policy requires for the target, when the input reports which
        // exist; with a policy and no report, the phase fails (torghut always evaluates them).
        if (b.Policy is not null)
        {
            var required = TorghutPhases.RequiredArtifacts(b.Policy, b.Target);
            var promotion = read.Object(input, "promotion", "promotion");
            var present = read.Texts(promotion, "artifacts", "promotion.artifacts");
            var found = required
                .Select(a => present.FirstOrDefault(p => p == a || p.EndsWith("/" + a, StringComparison.Ordinal)))
                .OfType<string>()
                .ToList();
            var reasons = required
                .Where(a => !present.Any(p => p == a || p.EndsWith("/" + a, StringComparison.Ordinal)))
                .Select(m => "missing required artifact " + m)
                .ToList();
            if (promotion is null)
            {
                reasons.Insert(0, "no promotion evidence in the input (promotion.artifacts)");
            }

            // The gates policy_checks.py _append_required_gate_reasons requires, from gate-evaluation's slo_gates.
            var passedGates = (b.Phase("gate-evaluation")["slo_gates"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Where(g => g["status"] is JsonValue v && v.TryGetValue<string>(out var s) && s == "pass")
                .Select(g => g["id"]?.ToString())
                .ToHashSet(StringComparer.Ordinal);
            reasons.AddRange(
                TorghutPhases
                    .RequiredGates(b.Target)
                    .Where(g => !passedGates.Contains(g))
                    .Select(g => $"gate {g} has not passed in gate-evaluation")
            );
            var artifactsStatus = found.Count == required.Count ? "pass" : "fail";
            b.Set(
                "promotion-prerequisites",
                reasons.Count == 0 ? "pass" : "fail",
                reasons,
                Gate("slo_required_artifacts_present", artifactsStatus, required.Count, found.Count)
            );
            b.AddRefs("promotion-prerequisites", found);
        }

        // rollback-readiness: required checks, dry-run age, human approval, rollback target.
        if (b.Policy is not null)
        {
            var reasons = new List<string>();
            var requiredChecks = TorghutPhases.RollbackChecks(b.Policy);
            var rollback = read.Object(input, "rollback", "rollback");
            var missingChecks = 0;
            if (rollback is null)
            {
                reasons.Add("no rollback evidence in the input (rollback): the gate policy cannot be checked");
                missingChecks = requiredChecks.Count;
            }
            else
            {
                var checks = read.Object(rollback, "checks", "rollback.checks");
                foreach (var check in requiredChecks)
                {
                    if (!read.Flag(checks, check, "rollback.checks." + check))
                    {
                        reasons.Add($"rollback check {check} has not passed");
                        missingChecks++;
                    }
                }

                var maxHours = TorghutPhases.RollbackMaxAgeHours(b.Policy);
                var dryRun = read.Text(rollback, "dry_run_completed_at", "rollback.dry_run_completed_at");
                if (dryRun is null || !PolicyTime.TryParseInstant(dryRun, out var ranAt, out _))
                {
                    reasons.Add("rollback dry run time is missing or has no offset");
                }
                else if (b.At - ranAt > Duration.FromHours(maxHours))
                {
                    reasons.Add(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"rollback dry run at {dryRun} is older than {maxHours} hours"
                        )
                    );
                }

                if (
                    TorghutPhases.RollbackNeedsApproval(b.Policy)
                    && !read.Flag(rollback, "human_approved", "rollback.human_approved")
                )
                {
                    reasons.Add("rollback needs human approval");
                }

                if (string.IsNullOrWhiteSpace(read.Text(rollback, "target", "rollback.target")))
                {
                    reasons.Add("rollback target is missing");
                }
            }

            var status = reasons.Count == 0 ? "pass" : "fail";
            b.Set(
                "rollback-readiness",
                status,
                reasons,
                Gate(
                    "slo_required_rollback_checks_present",
                    missingChecks == 0 ? "pass" : "fail",
                    requiredChecks.Count,
                    missingChecks
                )
            );
        }

        // paper-canary (lane.py): pass with a patch, fail for paper without one, else skipped.
        var patch = read.Text(input, "paper_canary_patch", "paper_canary_patch")?.Trim();
        patch = string.IsNullOrEmpty(patch) ? null : patch;
        var canary =
            patch is not null ? "pass"
            : b.Target == "paper" ? "fail"
            : skip;
        b.Set(
            "paper-canary",
            canary,
            [
                patch is not null ? "paper canary patch " + patch
                : canary == "fail" ? "paper promotion without a paper canary patch"
                : $"{b.Target} promotion: no paper canary",
            ],
            Gate("slo_paper_canary_patch_present", canary, "patch exists for paper target", patch)
        );
        if (patch is not null)
        {
            b.AddRefs("paper-canary", [patch]);
            refs.Add(patch);
        }

        // runtime-governance and rollback-proof (scheduler.py): an emergency stop counts as a rollback trigger;
        // drift_detected or unhealthy (lower-cased) fails the runtime phase.
        var runtime = read.Object(input, "runtime_governance", "runtime_governance");
        var proof = read.Object(input, "rollback_proof", "rollback_proof");
        var evidence = EvidencePath(proof, read);
        if (evidence is not null)
        {
            refs.Add(evidence);
        }

        if (runtime is not null)
        {
            var rollbackTriggered = read.Flag(runtime, "rollback_triggered", "runtime_governance.rollback_triggered");
            var stopped = read.Flag(runtime, "emergency_stop_active", "runtime_governance.emergency_stop_active");
            var triggered =
                rollbackTriggered
                || stopped
                || read.Flag(proof, "rollback_triggered", "rollback_proof.rollback_triggered");
            var drift = read.Text(runtime, "drift_status", "runtime_governance.drift_status")
                ?.Trim()
                .ToLowerInvariant();
            var runtimeRefs = read.Texts(runtime, "artifact_refs", "runtime_governance.artifact_refs")
                .Select(r => r.Trim())
                .Where(r => r.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            var reasons = new List<string>();
            if (rollbackTriggered)
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

            var runtimeStatus = reasons.Count == 0 ? "pass" : "fail";
            b.Set(
                "runtime-governance",
                runtimeStatus,
                reasons,
                Gate("slo_runtime_rollback_not_triggered", triggered ? "fail" : "pass", false, triggered)
            );
            b.Phase("runtime-governance")["observations"] = new JsonObject
            {
                ["requested_promotion_target"] = b.Target,
                ["drift_status"] = drift ?? "unknown",
                ["rollback_triggered"] = triggered,
                ["emergency_stop_active"] = stopped,
            };
            b.AddRefs("runtime-governance", runtimeRefs);
            refs.AddRange(runtimeRefs);
            var proofStatus = !triggered || evidence is not null ? "pass" : "fail";
            b.Set(
                "rollback-proof",
                proofStatus,
                triggered
                    ?
                    [
                        evidence is not null
                            ? "rollback evidence recorded"
                            : "rollback triggered without rollback evidence",
                    ]
                    : [],
                Gate("slo_rollback_evidence_required_when_triggered", proofStatus, true, evidence is not null)
            );
            b.Phase("rollback-proof")["observations"] = new JsonObject
            {
                ["rollback_triggered"] = triggered,
                ["rollback_incident_evidence_path"] = evidence ?? "",
            };
            if (evidence is not null)
            {
                b.AddRefs("rollback-proof", [evidence]);
            }

            runtimeOut ??= new JsonObject();
            if (drift is not null)
            {
                runtimeOut["drift_status"] = drift;
            }

            runtimeOut["rollback_triggered"] = triggered;
            runtimeOut["governance_status"] = runtimeStatus;
            runtimeOut["artifact_refs"] = Node.JsonStrings(runtimeRefs);
            proofOut ??= new JsonObject();
            proofOut["rollback_triggered"] = triggered;
            proofOut["rollback_incident_evidence_path"] = evidence ?? "";
            proofOut["status"] = proofStatus;
        }

        return refs;
    }

    /// <summary>
    /// The rollback evidence path of rollback_proof: evidence_path, else torghut's rollback_incident_evidence_path or
    /// rollback_incident_evidence; trimmed; null when none is a non-empty string.
    /// </summary>
    private static string? EvidencePath(LocatedJsonObject? proof, InputReader read)
    {
        foreach (var name in new[] { "evidence_path", "rollback_incident_evidence_path", "rollback_incident_evidence" })
        {
            if (read.Text(proof, name, "rollback_proof." + name)?.Trim() is { Length: > 0 } path)
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>An instant as Python's <c>datetime.isoformat()</c> writes a UTC time (torghut's timestamps).</summary>
    private static string PythonIso(Instant at)
    {
        var utc = at.InUtc();
        var micros = utc.NanosecondOfSecond / 1000;
        return utc.ToString("uuuu'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture)
            + (micros == 0 ? "" : "." + micros.ToString("D6", CultureInfo.InvariantCulture))
            + "+00:00";
    }

    /// <summary>
    /// Reads members of the phases input with their JSON types checked: absent is null (or false, or empty), and a
    /// value of the wrong type is refused with RT6090 at its line and column (torghut would coerce it).
    /// </summary>
    private sealed class InputReader(string file)
    {
        public string File { get; } = file;

        public ReleaseTrainException Wrong(LocatedJsonNode at, string what, string expected) =>
            new(DiagnosticCodes.PhaseInputTypeInvalid.Error(File, at.Line, at.Column, what, at.KindName, expected));

        public string? Text(LocatedJsonObject? node, string member, string what) =>
            node?.GetMember(member)?.Value switch
            {
                null => null,
                LocatedJsonScalar { Kind: JsonKind.String } s => s.Text,
                var other => throw Wrong(other, what, "a string"),
            };

        public bool Flag(LocatedJsonObject? node, string member, string what) =>
            node?.GetMember(member)?.Value switch
            {
                null => false,
                LocatedJsonScalar { Kind: JsonKind.Boolean } b => b.Boolean,
                var other => throw Wrong(other, what, "true or false"),
            };

        public LocatedJsonObject? Object(LocatedJsonObject? node, string member, string what) =>
            node?.GetMember(member)?.Value switch
            {
                null => null,
                LocatedJsonObject o => o,
                var other => throw Wrong(other, what, "an object"),
            };

        public LocatedJsonArray? Array(LocatedJsonObject? node, string member, string what) =>
            node?.GetMember(member)?.Value switch
            {
                null => null,
                LocatedJsonArray a => a,
                var other => throw Wrong(other, what, "a list"),
            };

        public List<string> Texts(LocatedJsonObject? node, string member, string what) =>
            [
                .. (Array(node, member, what)?.Items ?? []).Select(item =>
                    item is LocatedJsonScalar { Kind: JsonKind.String } s
                        ? s.Text!
                        : throw Wrong(item, what + " item", "a string")
                ),
            ];
    }

    /// <summary>
    /// Verifies a manifest: its contract (by schema_version, or <paramref name="contract"/>; for torghut, either of its
    /// two schema versions), the phases in order (RT6051), every derived field and torghut's SLO gate ids (RT6052),
    /// manifest_hash (RT6053; torghut's bare-hex form for its schemas, none required for autonomy-phase-manifest-v1),
    /// each failing phase (RT6054), and with a gate policy the promotion prerequisites (RT6093).
    /// </summary>
    /// <param name="path">The manifest file.</param>
    /// <param name="contract">The contract, or null to take the built-in one its schema_version names.</param>
    /// <param name="gatePolicy">autonomous-gate-policy.json: a passing promotion-prerequisites phase must then show
    /// every artifact and gate it requires for the manifest's target (<see cref="TorghutPhases"/>); or null.</param>
    /// <returns>The result (its report is the verification summary).</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when the file cannot be read as JSON; RT6092 for a malformed gate
    /// policy.</exception>
    public static ValidationResult Verify(string path, PhaseContract? contract, GatePolicy? gatePolicy = null)
    {
        var full = Path.GetFullPath(path);
        var findings = new Findings(full);
        var document = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(full), full);
        if (document.Root is not LocatedJsonObject root)
        {
            findings.Error(DiagnosticCodes.PhaseManifestInvalid, document.Root, "the manifest is not a JSON object");
            return new ValidationResult("phase-manifest", full, findings.List, new Dictionary<string, JsonObject>());
        }

        var schemaVersion = Node.Text(root, "schema_version");
        contract =
            contract is null || contract.Form != PhaseManifestForm.Generic
                ? PhaseContract.TorghutVersion(schemaVersion) ?? contract ?? PhaseContract.ForSchema(schemaVersion)
                : contract;
        List<string> required =
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
        ];
        if (contract?.Form != PhaseManifestForm.TorghutMain)
        {
            required.Add("manifest_hash");
        }

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
        else if (schemaVersion != contract.SchemaVersion)
        {
            findings.Error(
                DiagnosticCodes.PhaseDerivedMismatch,
                Node.At(root, "schema_version"),
                "schema_version",
                Quote(schemaVersion),
                Quote(contract.SchemaVersion)
            );
        }

        var items = Node.Array(root, "phases")?.Items ?? [];
        var phases = items.OfType<LocatedJsonObject>().ToList();
        if (phases.Count != items.Count || (root.GetMember("phases") is { } p && p.Value is not LocatedJsonArray))
        {
            findings.Error(
                DiagnosticCodes.PhaseManifestInvalid,
                Node.At(root, "phases"),
                "phases is not a list of objects"
            );
        }

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
            if (status is null || !contract.Statuses.Contains(status))
            {
                findings.Error(
                    DiagnosticCodes.PhaseManifestInvalid,
                    Node.At(phase, "status"),
                    $"phase '{Node.Text(phase, "name")}' has status '{status}', not "
                        + string.Join(", ", contract.Statuses)
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
        Derive(derived, refs, contract);
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

        if (contract.Form != PhaseManifestForm.Generic)
        {
            VerifyGates(phases, contract, findings);
        }

        if (gatePolicy is not null)
        {
            VerifyPromotion(root, phases, gatePolicy, findings);
        }

        var hash = Hash(actual, contract);
        var given = root.GetMember("manifest_hash");
        if (
            (given is not null || contract.Form != PhaseManifestForm.TorghutMain)
            && Node.Text(root, "manifest_hash") != hash
        )
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
    /// torghut's forms: each phase that is not a skip carries the SLO gate ids its form requires (torghut's lane and
    /// phase_manifest_contract.py append them to every evaluated phase), as objects with an id.
    /// </summary>
    private static void VerifyGates(List<LocatedJsonObject> phases, PhaseContract contract, Findings findings)
    {
        foreach (var phase in phases)
        {
            var name = Node.Text(phase, "name")!;
            if (!contract.Passes(Node.Text(phase, "status")) || Node.Text(phase, "status") == "pass")
            {
                var gates = Node.Array(phase, "slo_gates");
                var ids = gates?.Items.OfType<LocatedJsonObject>().Select(g => Node.Text(g, "id")).ToHashSet() ?? [];
                var missing = TorghutPhases.GateIds(name, contract.Form).Where(id => !ids.Contains(id)).ToList();
                if (gates is null || gates.Items.Any(g => g is not LocatedJsonObject) || missing.Count > 0)
                {
                    findings.Error(
                        DiagnosticCodes.PhaseDerivedMismatch,
                        Node.At(phase, "slo_gates"),
                        $"phase '{name}' slo_gates",
                        gates is null ? "missing" : "[" + string.Join(", ", ids) + "]",
                        "gates with ids " + string.Join(", ", TorghutPhases.GateIds(name, contract.Form))
                    );
                }
            }
        }
    }

    /// <summary>
    /// With a gate policy: a passing promotion-prerequisites phase must list, in its artifact_refs (a path equal to the
    /// artifact or ending in /artifact), every artifact the policy requires for the manifest's
    /// requested_promotion_target (trimmed, lower-cased), and gate-evaluation's slo_gates must hold each required gate
    /// with status pass (RT6093; policy_checks.py evaluate_promotion_prerequisites).
    /// </summary>
    private static void VerifyPromotion(
        LocatedJsonObject root,
        List<LocatedJsonObject> phases,
        GatePolicy policy,
        Findings findings
    )
    {
        var promotion = phases.FirstOrDefault(p => Node.Text(p, "name") == "promotion-prerequisites");
        if (promotion is null || Node.Text(promotion, "status") != "pass")
        {
            return;
        }

        var target = (Node.Text(root, "requested_promotion_target") ?? "").Trim().ToLowerInvariant();
        var refs = Node.Strings(promotion, "artifact_refs");
        var missing = TorghutPhases
            .RequiredArtifacts(policy, target)
            .Where(a => !refs.Any(r => r == a || r.EndsWith("/" + a, StringComparison.Ordinal)))
            .ToList();
        if (missing.Count > 0)
        {
            findings.Error(
                DiagnosticCodes.PromotionPrerequisiteMissing,
                Node.At(promotion, "artifact_refs"),
                "promotion-prerequisites",
                "these artifacts",
                target,
                string.Join(", ", missing)
            );
        }

        var evaluation = phases.FirstOrDefault(p => Node.Text(p, "name") == "gate-evaluation");
        var passed = (Node.Array(evaluation, "slo_gates")?.Items ?? [])
            .OfType<LocatedJsonObject>()
            .Where(g => Node.Text(g, "status") == "pass")
            .Select(g => Node.Text(g, "id"))
            .ToHashSet();
        var gates = TorghutPhases.RequiredGates(target).Where(g => !passed.Contains(g)).ToList();
        if (gates.Count > 0)
        {
            findings.Error(
                DiagnosticCodes.PromotionPrerequisiteMissing,
                evaluation is null ? Node.At(root, "phases") : Node.At(evaluation, "slo_gates"),
                "promotion-prerequisites",
                "these gates passed in gate-evaluation",
                target,
                string.Join(", ", gates)
            );
        }
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
