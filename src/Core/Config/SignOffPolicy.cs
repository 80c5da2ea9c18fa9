using NodaTime;

namespace ReleaseTrain.Core.Config;

/// <summary>
/// The joint sign-off policy: the <c>signoff</c> member of release-train.json (DESIGN.md, check 5;
/// docs/signoff.md). Example:
/// <c>{"roles": {"usr-architecture": ["alice"], "usr-operations": ["carol", "acme/ops-team"]}, "maxAge": "P14D"}</c>.
/// </summary>
/// <param name="Roles">The required roles in configuration order; each needs one approval by a distinct
/// principal.</param>
/// <param name="MaxAge">Approvals older than this at the evaluation instant do not count (elapsed time; default 14
/// days).</param>
/// <param name="Records">Root-relative path of the hash-chained sign-off record log.</param>
/// <param name="Location">Where <c>signoff</c> is declared.</param>
public sealed record SignOffPolicy(
    IReadOnlyList<SignOffRole> Roles,
    Duration MaxAge,
    string Records,
    ConfigLocation Location
)
{
    /// <summary>The default record log path.</summary>
    public const string DefaultRecords = "release-train/signoff-log.jsonl";

    /// <summary>The default allowed-signers file (root-relative; read from the remote's default branch).</summary>
    public const string DefaultAllowedSigners = ".github/release-train/allowed_signers";

    /// <summary>
    /// <c>signoff.allowedSigners</c>: the root-relative path of the allowed-signers file (the format of git's
    /// <c>gpg.ssh.allowedSignersFile</c>; principals are GitHub logins) that maps the keys signing ledger commits to
    /// principals. Read from the remote's default branch, never the working tree. Default
    /// <see cref="DefaultAllowedSigners"/>.
    /// </summary>
    public string AllowedSigners { get; init; } = DefaultAllowedSigners;

    /// <summary>
    /// <c>signoff.allowUnsignedRecords</c>: true lets the unauthenticated committed records (<c>signoff.records</c>)
    /// count when no ledger is configured (local trials only: anyone can append any login). Default false.
    /// </summary>
    public bool AllowUnsignedRecords { get; init; }

    /// <summary>
    /// <c>signoff.environments</c>: the GitHub deployment environments (names, compared case-insensitively as GitHub
    /// compares them) whose approvals of the workflow run count, e.g. <c>["release"]</c>. An approval given only for
    /// other environments of the run (a <c>staging</c> job's) does not count. Empty (the default): no environment
    /// approval counts. Read from the trusted policy, like the roles.
    /// </summary>
    public IReadOnlyList<string> Environments { get; init; } = [];
}

/// <summary>A required role and the principals who may fill it.</summary>
/// <param name="Name">The role, e.g. <c>usr-architecture</c>.</param>
/// <param name="Principals">GitHub logins (<c>alice</c>) or teams (<c>org/team-slug</c>); logins compare
/// case-insensitively, as GitHub's do.</param>
/// <param name="Location">Where the role is declared.</param>
public sealed record SignOffRole(string Name, IReadOnlyList<string> Principals, ConfigLocation Location)
{
    /// <summary>The listed logins (principals without '/').</summary>
    public IEnumerable<string> Logins => Principals.Where(p => !p.Contains('/', StringComparison.Ordinal));

    /// <summary>The listed teams (<c>org/team-slug</c>).</summary>
    public IEnumerable<string> Teams => Principals.Where(p => p.Contains('/', StringComparison.Ordinal));
}
