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
