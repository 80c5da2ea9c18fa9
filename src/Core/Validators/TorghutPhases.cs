using System.Text.Json.Nodes;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// The two forms of a phase manifest: ours (<see cref="Generic"/>) and torghut's two schema versions.
/// </summary>
public enum PhaseManifestForm
{
    /// <summary>
    /// Our own form: string SLO gates, statuses pass/fail/skip, manifest_hash <c>sha256:</c> + RFC 8785.
    /// </summary>
    Generic,

    /// <summary>
    /// <c>torghut.autonomy.phase-manifest.v1</c> (proompteng/lab at 54da46ce, lane.py and scheduler.py): SLO gates as
    /// <c>{id, status, threshold, value}</c>, statuses pass/fail/skip, manifest_hash the bare hex of
    /// <see cref="PythonJson.StableHash"/>, generated_at and updated_at.
    /// </summary>
    Torghut,

    /// <summary>
    /// <c>autonomy-phase-manifest-v1</c> (proompteng/lab main, phase_manifest_contract.py): as <see cref="Torghut"/>
    /// but statuses also <c>skipped</c> (what a missing phase becomes), created_at and updated_at, and no
    /// manifest_hash.
    /// </summary>
    TorghutMain,
}

/// <summary>
/// torghut's rules (proompteng/lab services/torghut/app/trading/autonomy: phase_manifest_contract.py, lane.py,
/// policy_checks.py; app/trading/scheduler.py) that the phase manifest builder and verifier follow: the SLO gate ids
/// of each phase, the artifacts and gates a promotion needs under autonomous-gate-policy.json, and the policy's
/// rollback settings. Where torghut coerces a value of the wrong JSON type (Python's <c>bool()</c>, <c>str()</c>),
/// these refuse it (RT6092).
/// </summary>
public static class TorghutPhases
{
    /// <summary>The torghut phases in their fixed order (AUTONOMY_PHASE_ORDER).</summary>
    public static readonly string[] Order =
    [
        "gate-evaluation",
        "promotion-prerequisites",
        "rollback-readiness",
        "drift-gate",
        "paper-canary",
        "runtime-governance",
        "rollback-proof",
    ];

    /// <summary>The patch a paper or live promotion needs (policy_checks.py, _required_artifacts_for_target).</summary>
    public const string PatchArtifact = "paper-candidate/strategy-configmap-patch.yaml";

    /// <summary>
    /// The SLO gates of the v1 form (AUTONOMY_PHASE_SLO_GATES at 54da46ce): phase, id, default status (null: none)
    /// and threshold (null: none). The main form requires the same ids without slo_gate_evaluations_present
    /// (AUTONOMY_PHASE_SLO_GATE_IDS).
    /// </summary>
    private static readonly (string Phase, string Id, string? Status, JsonNode? Threshold)[] Gates =
    [
        ("gate-evaluation", "slo_signal_count_minimum", "pass", 1),
        ("gate-evaluation", "slo_decision_count_minimum", "pass", 1),
        ("gate-evaluation", "slo_gate_evaluations_present", null, null),
        ("promotion-prerequisites", "slo_required_artifacts_present", "pass", 0),
        ("rollback-readiness", "slo_required_rollback_checks_present", "pass", 0),
        ("drift-gate", "slo_drift_gate_allowed", "pass", true),
        ("paper-canary", "slo_paper_canary_patch_present", "pass", "patch exists for paper target"),
        ("runtime-governance", "slo_runtime_rollback_not_triggered", "pass", false),
        ("rollback-proof", "slo_rollback_evidence_required_when_triggered", "pass", true),
    ];

    /// <summary>The phase definitions of a torghut form (the SLO gate ids it requires per phase).</summary>
    /// <param name="form"><see cref="PhaseManifestForm.Torghut"/> or
    /// <see cref="PhaseManifestForm.TorghutMain"/>.</param>
    /// <returns>The seven phases.</returns>
    public static IReadOnlyList<PhaseDefinition> Definitions(PhaseManifestForm form) =>
        [.. Order.Select(name => new PhaseDefinition(name, GateIds(name, form), null, null, []))];

    /// <summary>The SLO gate ids a phase of the form must carry (unless the phase is skipped).</summary>
    /// <param name="phase">The phase name.</param>
    /// <param name="form">The form.</param>
    /// <returns>The ids, in torghut's order.</returns>
    public static IReadOnlyList<string> GateIds(string phase, PhaseManifestForm form) =>
        [
            .. Gates
                .Where(g => g.Phase == phase)
                .Where(g => form != PhaseManifestForm.TorghutMain || g.Id != "slo_gate_evaluations_present")
                .Select(g => g.Id),
        ];

    /// <summary>
    /// The SLO gate torghut appends to a phase that lacks it: in the v1 form the table's default status (skip when
    /// none) and threshold, in a filled phase without value (build_ordered_phase_summaries) and otherwise with a null
    /// value (lane.py); in the main form the phase's status and null threshold and value
    /// (normalize_phase_manifest_phases). The main form's filled phases carry no gates.
    /// </summary>
    /// <param name="phase">The phase name.</param>
    /// <param name="id">The gate id.</param>
    /// <param name="form">The form.</param>
    /// <param name="phaseStatus">The phase's status.</param>
    /// <param name="filled">Whether the phase was missing from the input.</param>
    /// <returns>The gate object.</returns>
    public static JsonObject DefaultGate(
        string phase,
        string id,
        PhaseManifestForm form,
        string phaseStatus,
        bool filled
    )
    {
        if (form == PhaseManifestForm.TorghutMain)
        {
            return new JsonObject
            {
                ["id"] = id,
                ["status"] = phaseStatus,
                ["threshold"] = null,
                ["value"] = null,
            };
        }

        var row = Gates.Single(g => g.Phase == phase && g.Id == id);
        var gate = new JsonObject { ["id"] = id, ["status"] = row.Status ?? "skip" };
        if (!filled || row.Threshold is not null)
        {
            gate["threshold"] = row.Threshold?.DeepClone();
        }

        if (!filled)
        {
            gate["value"] = null;
        }

        return gate;
    }

    /// <summary>
    /// The artifacts a promotion to <paramref name="target"/> needs under the gate policy, as torghut computes them
    /// (policy_checks.py, _required_artifacts_for_target with _requires_profitability_evidence,
    /// _requires_janus_evidence and _requires_stress_evidence): promotion_required_artifacts; the strategy patch for a
    /// target in promotion_require_patch_targets; the profitability artifacts, the profitability stage manifest, the
    /// Janus artifacts and the stress artifacts when the policy asks for them for this target; each list with
    /// torghut's default when the policy omits it. For paper under the real policy: twelve artifacts.
    /// </summary>
    /// <param name="policy">autonomous-gate-policy.json.</param>
    /// <param name="target">The promotion target, lower-case (shadow, paper or live).</param>
    /// <returns>The artifacts (paths relative to the run's artifact root), sorted, distinct.</returns>
    /// <exception cref="ReleaseTrainException">RT6092 when a member the rule reads has the wrong JSON type.</exception>
    public static IReadOnlyList<string> RequiredArtifacts(GatePolicy policy, string target)
    {
        ArgumentNullException.ThrowIfNull(policy);
        string[] paperAndLive = ["paper", "live"];
        var required = new List<string>(
            PolicyList(
                policy,
                "promotion_required_artifacts",
                ["research/candidate-spec.json", "backtest/evaluation-report.json", "gates/gate-evaluation.json"]
            )
        );
        if (Targets(policy, "promotion_require_patch_targets", paperAndLive).Contains(target))
        {
            required.Add(PatchArtifact);
        }

        var promoting = target != "shadow";
        if (
            promoting
            && PolicyFlag(policy, "gate6_require_profitability_evidence", true)
            && Targets(policy, "promotion_profitability_required_targets", paperAndLive).Contains(target)
        )
        {
            required.AddRange(
                PolicyList(
                    policy,
                    "promotion_profitability_required_artifacts",
                    [
                        "gates/profitability-evidence-v4.json",
                        "gates/profitability-benchmark-v4.json",
                        "gates/profitability-evidence-validation.json",
                        "gates/recalibration-report.json",
                    ]
                )
            );
        }

        if (PolicyFlag(policy, "promotion_require_profitability_stage_manifest", false))
        {
            required.Add(
                PolicyText(
                    policy,
                    "promotion_profitability_stage_manifest_artifact",
                    "profitability/profitability-stage-manifest-v1.json"
                )
            );
        }

        if (
            promoting
            && PolicyFlag(policy, "gate6_require_janus_evidence", true)
            && PolicyFlag(policy, "promotion_require_janus_evidence", true)
            && Targets(policy, "promotion_janus_required_targets", paperAndLive).Contains(target)
        )
        {
            required.AddRange(
                PolicyList(
                    policy,
                    "promotion_janus_required_artifacts",
                    ["gates/janus-event-car-v1.json", "gates/janus-hgrm-reward-v1.json"]
                )
            );
        }

        if (
            promoting
            && PolicyFlag(policy, "promotion_require_stress_evidence", false)
            && Targets(policy, "promotion_stress_required_targets", paperAndLive).Contains(target)
        )
        {
            required.AddRange(
                PolicyList(policy, "promotion_stress_required_artifacts", ["gates/stress-metrics-v1.json"])
            );
        }

        return [.. required.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The gates a promotion needs passed in the gate report (policy_checks.py, _append_required_gate_reasons):
    /// gate0_data_integrity, gate1_statistical_robustness, gate2_risk_capacity, and gate7_uncertainty_calibration for
    /// any target but shadow.
    /// </summary>
    /// <param name="target">The promotion target, lower-case.</param>
    /// <returns>The gate ids.</returns>
    public static IReadOnlyList<string> RequiredGates(string target) =>
        target == "shadow"
            ? ["gate0_data_integrity", "gate1_statistical_robustness", "gate2_risk_capacity"]
            :
            [
                "gate0_data_integrity",
                "gate1_statistical_robustness",
                "gate2_risk_capacity",
                "gate7_uncertainty_calibration",
            ];

    /// <summary>
    /// rollback_required_checks (default: the three dry runs; policy_checks.py _required_rollback_checks).
    /// </summary>
    /// <param name="policy">The gate policy.</param>
    /// <returns>The check names.</returns>
    /// <exception cref="ReleaseTrainException">RT6092 when the member is not a list of strings.</exception>
    public static IReadOnlyList<string> RollbackChecks(GatePolicy policy) =>
        PolicyList(
            policy,
            "rollback_required_checks",
            ["killSwitchDryRunPassed", "gitopsRevertDryRunPassed", "strategyDisableDryRunPassed"]
        );

    /// <summary>rollback_dry_run_max_age_hours (default 72).</summary>
    /// <param name="policy">The gate policy.</param>
    /// <returns>Hours.</returns>
    /// <exception cref="ReleaseTrainException">RT6092 when the member is not a whole number of hours.</exception>
    public static int RollbackMaxAgeHours(GatePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var member = policy.Root.GetMember("rollback_dry_run_max_age_hours");
        if (member is null)
        {
            return 72;
        }

        return
            member.Value is LocatedJsonScalar { Kind: JsonKind.Number } s
            && s.TryGetDecimal(out var d)
            && d == decimal.Truncate(d)
            && d is >= 0 and <= 1_000_000
            ? (int)d
            : throw Invalid(policy.File, member.Value, "rollback_dry_run_max_age_hours", "a whole number of hours");
    }

    /// <summary>rollback_require_human_approval (torghut's default: true).</summary>
    /// <param name="policy">The gate policy.</param>
    /// <returns>Whether a human must approve the rollback.</returns>
    /// <exception cref="ReleaseTrainException">RT6092 when the member is not a boolean.</exception>
    public static bool RollbackNeedsApproval(GatePolicy policy) =>
        PolicyFlag(policy, "rollback_require_human_approval", true);

    private static HashSet<string> Targets(GatePolicy policy, string name, string[] fallback) =>
        [.. PolicyList(policy, name, fallback).Select(t => t.Trim().ToLowerInvariant())];

    private static List<string> PolicyList(GatePolicy policy, string name, string[] fallback)
    {
        var member = policy.Root.GetMember(name);
        if (member is null)
        {
            return [.. fallback];
        }

        if (member.Value is not LocatedJsonArray array)
        {
            throw Invalid(policy.File, member.Value, name, "a list of strings");
        }

        var items = new List<string>();
        foreach (var item in array.Items)
        {
            items.Add(
                item is LocatedJsonScalar { Kind: JsonKind.String } s
                    ? s.Text!
                    : throw Invalid(policy.File, item, name, "a list of strings")
            );
        }

        return items;
    }

    private static bool PolicyFlag(GatePolicy policy, string name, bool fallback)
    {
        var member = policy.Root.GetMember(name);
        return member is null ? fallback
            : member.Value is LocatedJsonScalar { Kind: JsonKind.Boolean } b ? b.Boolean
            : throw Invalid(policy.File, member.Value, name, "true or false");
    }

    private static string PolicyText(GatePolicy policy, string name, string fallback)
    {
        var member = policy.Root.GetMember(name);
        return member is null ? fallback
            : member.Value is LocatedJsonScalar { Kind: JsonKind.String } s ? s.Text!
            : throw Invalid(policy.File, member.Value, name, "a string");
    }

    private static ReleaseTrainException Invalid(string file, LocatedJsonNode at, string name, string expected) =>
        new(DiagnosticCodes.GatePolicyInvalid.Error(file, at.Line, at.Column, name, at.KindName, expected));
}

/// <summary>autonomous-gate-policy.json (proompteng/lab services/torghut/config), read with locations.</summary>
/// <param name="Root">The policy object.</param>
/// <param name="File">Its full path (for diagnostics).</param>
public sealed record GatePolicy(LocatedJsonObject Root, string File)
{
    /// <summary>Reads a gate policy.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when the file cannot be read as JSON; RT6092 when it is not a
    /// JSON object.</exception>
    public static GatePolicy Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var root = LocatedJsonDocument.Parse(ReleaseTrain.Core.IO.RepositoryFiles.ReadFile(full), full).Root;
        return root is LocatedJsonObject obj
            ? new GatePolicy(obj, full)
            : throw new ReleaseTrainException(
                DiagnosticCodes.GatePolicyInvalid.Error(
                    full,
                    root.Line,
                    root.Column,
                    "the policy",
                    root.KindName,
                    "an object"
                )
            );
    }
}
