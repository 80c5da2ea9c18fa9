using NodaTime;

namespace ReleaseTrain.Core.Config;

/// <summary>
/// Options of a validator contract (<c>options</c> of a contract whose <c>kind</c> is a validator in
/// release-train.json). Paths are root-relative.
/// </summary>
/// <param name="Drills">usr-operational-readiness: drill evidence file or folder, or null.</param>
/// <param name="Cutover">usr-operational-readiness: the cutover window's start, or null.</param>
/// <param name="At">usr-waivers and usr-operational-readiness: a fixed evaluation instant, or null for the caller's
/// instant.</param>
/// <param name="Phases">
/// phase-manifest: the phase contract of <c>options.phases</c> (a built-in name or a custom contract), or null for the
/// built-in contract that the manifest's schema_version names.
/// </param>
/// <param name="Root">artifact-manifest: the root list-form paths are relative to, or null for the repository
/// root.</param>
/// <param name="Thresholds">canary: the thresholds file, or null for the runbook defaults.</param>
/// <param name="GatePolicy">phase-manifest: torghut's autonomous-gate-policy.json whose promotion prerequisites a
/// passing promotion-prerequisites phase must show, or null.</param>
public sealed record ValidatorOptions(
    ConfiguredPath? Drills,
    Instant? Cutover,
    Instant? At,
    PhasesOption? Phases,
    ConfiguredPath? Root,
    ConfiguredPath? Thresholds,
    ConfiguredPath? GatePolicy = null
)
{
    /// <summary>No options.</summary>
    public static ValidatorOptions None { get; } = new(null, null, null, null, null, null);

    /// <summary>
    /// usr-backcompat: PairOfCleats' item-36 classification file (<c>item-36-backcompat-matrix.json</c>:
    /// requiredScenarioIds, strictBlockingIds, nonStrictAdvisoryIds), or null for the built-in copy of it.
    /// </summary>
    public ConfiguredPath? Scenarios { get; init; }

    /// <summary>
    /// usr-waivers: PairOfCleats' strict mode (its default, true): any expired waiver and any compensating control
    /// that maps to no governed report is an error; false makes both warnings for non-blocking waivers. Null: true.
    /// </summary>
    public bool? Strict { get; init; }

    /// <summary>
    /// usr-waivers: the USR ownership matrix (usr-ownership-matrix.json): its owner and backup-owner roles are
    /// governance roles, its evidenceArtifacts governed compensating controls. Null: not read.
    /// </summary>
    public ConfiguredPath? Ownership { get; init; }

    /// <summary>
    /// usr-waivers: the USR escalation policy (usr-escalation-policy.json): its requiredApprovers are governance
    /// roles. Null: not read.
    /// </summary>
    public ConfiguredPath? Escalation { get; init; }

    /// <summary>
    /// promotion: the expected identities of an execution certificate (ML2ML's <c>golden-identities.json</c>:
    /// <c>comparison_rule</c> <c>exact_bytes32_equality</c> and <c>expected_identities</c>), or null when not read.
    /// </summary>
    public ConfiguredPath? Identities { get; init; }

    /// <summary>
    /// promotion: the release's evidence bundle folder (<c>artifacts/evidence/&lt;version&gt;</c>), verified before its
    /// <c>release_hash</c>, <c>sbom_hash</c>, <c>toolchain_hash</c> and <c>runtime_env_hash</c> are compared; null when
    /// not read.
    /// </summary>
    public ConfiguredPath? Evidence { get; init; }

    /// <summary>
    /// promotion: the expected values the configuration names, keyed by the right-hand names of the deployment
    /// runbook's section II.F (<c>release_manifest_hash</c>, <c>approved_trace_final_hash</c>, ...), each a sha256 as
    /// <c>sha256:&lt;64 hex&gt;</c> or 64 hex characters; null when none is named.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Expected { get; init; }
}

/// <summary>A phase of an ordered phase contract.</summary>
/// <param name="Name">The phase name.</param>
/// <param name="SloGates">The SLO gates the phase carries (a missing phase is filled with them, as skip).</param>
/// <param name="Entry">Its entry criteria, or null.</param>
/// <param name="Exit">Its exit criteria, or null.</param>
/// <param name="Evidence">Evidence a passing phase must reference in its artifact_refs (may be empty).</param>
public sealed record PhaseDefinition(
    string Name,
    IReadOnlyList<string> SloGates,
    string? Entry,
    string? Exit,
    IReadOnlyList<string> Evidence
);

/// <summary>
/// <c>options.phases</c> of a phase-manifest contract: a built-in phase contract by name (<c>torghut</c>,
/// <c>usr-lifecycle</c>; the schema's enum) or a custom contract (docs/validators.md, "Phase manifests").
/// </summary>
/// <param name="BuiltIn">The built-in contract's name, or null for a custom contract.</param>
/// <param name="SchemaVersion">A custom contract's manifest schema_version (null for a built-in one).</param>
/// <param name="SloContractVersion">A custom contract's slo_contract_version (null for a built-in one).</param>
/// <param name="Order">A custom contract's phases in their fixed order (empty for a built-in one).</param>
public sealed record PhasesOption(
    string? BuiltIn,
    string? SchemaVersion,
    string? SloContractVersion,
    IReadOnlyList<PhaseDefinition> Order
);
