using NodaTime;
using NuGet.Versioning;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Config;

/// <summary>The actions a freeze window can stop.</summary>
public static class FreezeActions
{
    /// <summary>Every action name: build, pack, release, cutover.</summary>
    public static IReadOnlyList<string> All { get; } = ["build", "pack", "release", "cutover"];
}

/// <summary>Where a value was written in release-train.json, for diagnostics.</summary>
/// <param name="File">Full path of the configuration.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record ConfigLocation(string File, int Line, int Column);

/// <summary>
/// A freeze window: absolute [start, end) or recurring (cron start in a time zone + elapsed duration).
/// </summary>
/// <param name="Id">The window id.</param>
/// <param name="Actions">The actions it stops.</param>
/// <param name="Reason">Why, or null.</param>
/// <param name="Start">Absolute start (inclusive), or null for a recurring window.</param>
/// <param name="End">Absolute end (exclusive), or null.</param>
/// <param name="Schedule">The cron expression of each occurrence's start, or null.</param>
/// <param name="Duration">Each occurrence's elapsed length, or null.</param>
/// <param name="TimeZone">The IANA zone the cron expression is read in, or null.</param>
/// <param name="Location">Where the window is declared.</param>
public sealed record FreezeWindow(
    string Id,
    IReadOnlyList<string> Actions,
    string? Reason,
    Instant? Start,
    Instant? End,
    CronExpression? Schedule,
    Duration? Duration,
    DateTimeZone? TimeZone,
    ConfigLocation Location
)
{
    /// <summary>True for a cron-scheduled window.</summary>
    public bool IsRecurring => Schedule is not null;
}

/// <summary>An approved exception to freeze windows.</summary>
/// <param name="Id">The exception id.</param>
/// <param name="Windows">The window ids it lifts.</param>
/// <param name="Release">The release version it is for, or null.</param>
/// <param name="Commit">The commit it is for, or null.</param>
/// <param name="Reason">Why.</param>
/// <param name="RequestedBy">Who asked.</param>
/// <param name="Approvers">Who approved; at least one other than the requester is needed.</param>
/// <param name="ValidFrom">Start of validity (inclusive).</param>
/// <param name="ValidUntil">End of validity (exclusive).</param>
/// <param name="Location">Where it is declared.</param>
public sealed record FreezeException(
    string Id,
    IReadOnlyList<string> Windows,
    string? Release,
    string? Commit,
    string Reason,
    string RequestedBy,
    IReadOnlyList<string> Approvers,
    Instant ValidFrom,
    Instant ValidUntil,
    ConfigLocation Location
);

/// <summary>Kinds of evidence a train requires.</summary>
public enum EvidenceKind
{
    /// <summary>Operational readiness evidence.</summary>
    Readiness,

    /// <summary>Security evidence (scans, reviews).</summary>
    Security,

    /// <summary>Rollback drill evidence: must exist, pass, and be at most 30 days old.</summary>
    RollbackDrill,

    /// <summary>Any other dated evidence.</summary>
    Other,
}

/// <summary>A dated evidence artifact a train requires.</summary>
/// <param name="Id">The artifact id.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Path">Root-relative path of the JSON file, as configured: <c>{version}</c> in it stands for the release
/// version (RepositoryPaths.WithVersion).</param>
/// <param name="MaxAge">Oldest acceptable age (elapsed).</param>
/// <param name="TimestampPointer">JSON Pointer of its ISO 8601 timestamp (default <c>/generatedAt</c>).</param>
/// <param name="ResultPointer">JSON Pointer of a drill's result (default <c>/result</c>; CheckStatus.IsPassed).</param>
/// <param name="Location">Where it is declared.</param>
public sealed record RequiredEvidence(
    string Id,
    EvidenceKind Kind,
    string Path,
    Duration MaxAge,
    string TimestampPointer,
    string ResultPointer,
    ConfigLocation Location
);

/// <summary>A waiver of a train.</summary>
/// <param name="Id">The waiver id.</param>
/// <param name="Class">Its class (free text, e.g. <c>non-strict-fallback</c>).</param>
/// <param name="Severity">critical, high, medium or low; only critical waivers can stop a release.</param>
/// <param name="Approvers">Distinct approvers.</param>
/// <param name="RequiredApprovals">Approvals needed (default 2 for critical, 1 otherwise).</param>
/// <param name="AllowedUntil">Expiry: at or after it the waiver is expired.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record Waiver(
    string Id,
    string Class,
    string Severity,
    IReadOnlyList<string> Approvers,
    int RequiredApprovals,
    Instant AllowedUntil,
    ConfigLocation Location
);

/// <summary>
/// The evidence settings of a train (<c>evidence</c>, <c>clockSkew</c>, <c>rollbackDrillMaxAge</c>), read by the
/// no-cut decision's evidence trigger.
/// </summary>
/// <param name="Items">Required evidence, in configuration order.</param>
/// <param name="ClockSkew">How far in the future evidence may be dated (default 5 minutes).</param>
/// <param name="RollbackDrillMaxAge">
/// Oldest rollback drill accepted (default <see cref="PolicyDurations.RollbackDrillMaxAge"/>, the seed's rule).
/// </param>
public sealed record EvidenceSettings(
    IReadOnlyList<RequiredEvidence> Items,
    Duration ClockSkew,
    Duration RollbackDrillMaxAge
);

/// <summary>The gate settings of a train (<c>gates</c>, <c>gateResults</c>), read by the gates trigger.</summary>
/// <param name="Order">Gate bundles in their strict order (e.g. A, B1..B7, B8, C); empty when none.</param>
/// <param name="Results">Root-relative path of the gate results file, or null.</param>
public sealed record GateSettings(IReadOnlyList<string> Order, string? Results);

/// <summary>A release train: which versions it covers and what a release of it needs.</summary>
/// <param name="Id">The train id.</param>
/// <param name="Versions">The NuGet version range it covers.</param>
/// <param name="Gates">Its gates and their results.</param>
/// <param name="BackcompatResults">Root-relative path of the backcompat results file, or null.</param>
/// <param name="Evidence">Required evidence, the clock skew and the rollback drill's maximum age.</param>
/// <param name="Waivers">Waivers.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record ReleaseTrainDefinition(
    string Id,
    VersionRange Versions,
    GateSettings Gates,
    string? BackcompatResults,
    EvidenceSettings Evidence,
    IReadOnlyList<Waiver> Waivers,
    ConfigLocation Location
);

/// <summary>The policy part of release-train.json.</summary>
/// <param name="FreezeWindows">Freeze windows.</param>
/// <param name="FreezeExceptions">Freeze exceptions.</param>
/// <param name="DecisionLog">Root-relative path of the decision log.</param>
/// <param name="Trains">Release trains.</param>
/// <param name="Digest">JCS sha256 of the policy members of the configuration (policyDigest in the decision
/// log).</param>
public sealed record PolicyConfig(
    IReadOnlyList<FreezeWindow> FreezeWindows,
    IReadOnlyList<FreezeException> FreezeExceptions,
    string DecisionLog,
    IReadOnlyList<ReleaseTrainDefinition> Trains,
    string Digest
)
{
    /// <summary>The default decision log path.</summary>
    public const string DefaultDecisionLog = "release-train/no-cut-decision-log.jsonl";

    /// <summary>
    /// The joint sign-off policy (<c>signoff</c> of release-train.json), or null when sign-off is not configured.
    /// </summary>
    public SignOffPolicy? SignOff { get; init; }

    /// <summary>
    /// <c>"uncoveredReleases": "go"</c>: a release that no configured train covers is decided without train gates.
    /// False (the default, <c>"no-go"</c>): with <c>trains</c> configured, such a release is NO-GO (RT4113).
    /// </summary>
    public bool UncoveredReleasesGo { get; init; }

    /// <summary>
    /// The ledger (<c>ledger</c> of release-train.json): decisions and sign-off records are recorded as commits on a
    /// git branch instead of the files of <see cref="DecisionLog"/> and <c>signoff.records</c>; null when absent.
    /// </summary>
    public LedgerConfig? Ledger { get; init; }

    /// <summary>The preflight settings (<c>preflight</c> of release-train.json), or null for their defaults.</summary>
    public PreflightSettings? Preflight { get; init; }

    /// <summary>
    /// <c>signing</c>: the evidence signing keys, their rotation cadence, the allowed-signers file and the pinned
    /// revocation list (docs/evidence.md, "Signing evidence"); null when absent.
    /// </summary>
    public SigningPolicy? Signing { get; init; }

    /// <summary>An empty policy.</summary>
    public static PolicyConfig Empty { get; } = new([], [], DefaultDecisionLog, [], string.Empty);
}

/// <summary>
/// <c>"ledger": {"remote": "origin", "branch": "release-train/ledger"}</c> of release-train.json: where decisions
/// (<c>decisions.jsonl</c>) and sign-off records (<c>signoffs.jsonl</c>) are recorded (docs/policy.md, "The ledger").
/// </summary>
/// <param name="Remote">The git remote: a remote's name in the clone or a URL (default <c>origin</c>).</param>
/// <param name="Branch">The branch, without <c>refs/heads/</c> (default <c>release-train/ledger</c>).</param>
public sealed record LedgerConfig(string Remote, string Branch)
{
    /// <summary>The default remote: <c>origin</c>.</summary>
    public const string DefaultRemote = "origin";

    /// <summary>The default branch: <c>release-train/ledger</c>.</summary>
    public const string DefaultBranch = "release-train/ledger";

    /// <summary>The file of the ledger branch holding the no-cut decisions.</summary>
    public const string DecisionsFile = "decisions.jsonl";

    /// <summary>The file of the ledger branch holding the sign-off records.</summary>
    public const string SignOffsFile = "signoffs.jsonl";

    /// <summary>The file of the ledger branch holding the signing key rotation records.</summary>
    public const string RotationsFile = "rotations.jsonl";

    /// <summary>Every file a ledger commit may add to.</summary>
    public static IReadOnlyList<string> Files { get; } = [DecisionsFile, SignOffsFile, RotationsFile];

    /// <summary>The ledger, with git run in a repository (nothing runs until it is used).</summary>
    /// <param name="repositoryDirectory">The clone (the configuration's root).</param>
    /// <returns>The ledger.</returns>
    public IO.GitLedger Open(string repositoryDirectory) => new(repositoryDirectory, Remote, Branch);
}

/// <summary>What an unsigned package is to <c>release-train preflight</c>.</summary>
public enum UnsignedPackagePolicy
{
    /// <summary>An error (RT3050): the default, fail closed.</summary>
    Error,

    /// <summary>A warning (RT3050 as a warning).</summary>
    Warn,

    /// <summary>Allowed: the report lists the package as unsigned, nothing else.</summary>
    Allow,
}

/// <summary>
/// <c>"preflight": {"unsignedPackages": "error", "packages": "artifacts/packages", "restore": ["X.slnx"]}</c> of
/// release-train.json: the preflight gate's settings (docs/evidence.md, "Preflight"; deployment runbook II.F).
/// </summary>
/// <param name="UnsignedPackages">What an unsigned package is (default
/// <see cref="UnsignedPackagePolicy.Error"/>).</param>
/// <param name="Packages">Root-relative folder of the .nupkg files, or null for <c>artifacts/packages</c>.</param>
/// <param name="Restore">Root-relative solutions or projects restored in locked mode; empty for the root's
/// own.</param>
public sealed record PreflightSettings(
    UnsignedPackagePolicy UnsignedPackages,
    string? Packages,
    IReadOnlyList<string> Restore
)
{
    /// <summary>The defaults: unsigned packages are errors, artifacts/packages, the root's project.</summary>
    public static PreflightSettings Default { get; } = new(UnsignedPackagePolicy.Error, null, []);
}
