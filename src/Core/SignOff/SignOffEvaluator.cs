using System.Globalization;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// The result of a sign-off evaluation: the role table, the decisions that did not count, and the verdict.
/// </summary>
/// <param name="Request">What was evaluated.</param>
/// <param name="Roles">One row per required role, in configuration order.</param>
/// <param name="Ignored">Decisions that do not count, each with its reason.</param>
/// <param name="Notes">Conditions of the evaluation a reader should know (e.g. "commit binding not checked: no commit
/// given").</param>
public sealed record SignOffStatus(
    SignOffRequest Request,
    IReadOnlyList<RoleStatus> Roles,
    IReadOnlyList<IgnoredDecision> Ignored,
    IReadOnlyList<string> Notes
)
{
    /// <summary>True when every required role is approved.</summary>
    public bool Complete => Roles.All(r => r.State == RoleState.Approved);

    /// <summary>The roles that are not approved, in configuration order.</summary>
    public IEnumerable<string> MissingRoles => Roles.Where(r => r.State != RoleState.Approved).Select(r => r.Role.Name);

    /// <summary>
    /// One RT5001 (missing) or RT5002 (rejected) per role that is not approved, at the role's line in the
    /// configuration; empty when complete.
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics =>
        [
            .. Roles
                .Where(r => r.State != RoleState.Approved)
                .Select(r =>
                    r.State == RoleState.Rejected
                        ? DiagnosticCodes.SignOffRoleRejected.Error(
                            r.Role.Location.File,
                            r.Role.Location.Line,
                            r.Role.Location.Column,
                            r.Role.Name,
                            $"{r.Decision!.Principal} rejected it at {r.Decision.AtText} ({r.Decision.SourceId})"
                        )
                        : DiagnosticCodes.SignOffRoleMissing.Error(
                            r.Role.Location.File,
                            r.Role.Location.Line,
                            r.Role.Location.Column,
                            r.Role.Name,
                            r.Why.Count == 0
                                ? $" (principals: {string.Join(", ", r.Role.Principals)})"
                                : ": " + string.Join("; ", r.Why)
                        )
                ),
        ];

    /// <summary>A one-line summary: "complete" or "missing usr-conformance, usr-operations".</summary>
    public string Summary => Complete ? "complete" : "missing " + string.Join(", ", MissingRoles);
}

/// <summary>
/// Joint sign-off (DESIGN.md check 5; docs/signoff.md). Rules, in the order applied:
/// <list type="number">
/// <item>The latest decision of a principal for a role wins (by timestamp, then by source order); a later rejection
/// revokes an approval. A record speaks for the role it names; a review speaks for every role of its principal.</item>
/// <item>A latest rejection by a principal of a role rejects the role until that principal approves again.</item>
/// <item>An approval counts only when: it is on the release's commit (when known); it is over the release's current
/// evidence digest (a record always carries one when a bundle existed; a review without an <c>evidence: sha256:...</c>
/// line is bound through its commit only); it is not older than <c>maxAge</c> nor dated more than 5 minutes after the
/// evaluation instant; its principal is not the release's author; the principal is listed by the role (by login or a
/// team membership the caller resolved; an unresolved team membership does not count).</item>
/// <item>One principal fills one role only, whatever the sources and however many decisions it gave: principals (not
/// decisions) are matched to roles by maximum bipartite matching, roles in configuration order, principals in the order
/// of their earliest counting approval, so a role is approved only when a distinct principal remains for it.</item>
/// </list>
/// Principals are compared by <see cref="Principals"/> (trimmed GitHub logins, ignoring case); a decision whose
/// principal is no login never counts.
/// </summary>
public static class SignOffEvaluator
{
    /// <summary>How far in the future a decision may be dated (clock skew), as for evidence.</summary>
    public static readonly Duration ClockSkew = PolicyDurations.ClockSkew;

    /// <summary>
    /// The (team, login) pairs whose membership the caller must resolve (e.g. through GitHub) before evaluating.
    /// </summary>
    /// <param name="policy">The policy.</param>
    /// <param name="decisions">The decisions.</param>
    /// <returns>Distinct pairs, <c>org/team</c> and login, ordinal order.</returns>
    public static IReadOnlyList<(string Team, string Login)> TeamQueries(
        SignOffPolicy policy,
        IEnumerable<SignOffDecision> decisions
    )
    {
        ArgumentNullException.ThrowIfNull(policy);
        var logins = Principals.DistinctLogins(decisions.Select(d => d.Principal));
        return
        [
            .. policy
                .Roles.SelectMany(r => r.Teams)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .SelectMany(team => logins.Select(login => (team, login)))
                .OrderBy(p => p.team, StringComparer.Ordinal)
                .ThenBy(p => p.login, StringComparer.Ordinal),
        ];
    }

    /// <summary>The key of a team membership answer: <c>org/team|login</c>, lower case.</summary>
    /// <param name="team">org/team.</param>
    /// <param name="login">The login.</param>
    /// <returns>The key.</returns>
    public static string MembershipKey(string team, string login) => (team + "|" + login).ToLowerInvariant();

    /// <summary>Evaluates sign-off.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="request">What is evaluated.</param>
    /// <param name="decisions">Every decision for the release (records and reviews), in source order.</param>
    /// <param name="memberships">Team memberships by <see cref="MembershipKey"/>: true member, false not; absent =
    /// unknown (does not count).</param>
    /// <returns>The status.</returns>
    public static SignOffStatus Evaluate(
        SignOffPolicy policy,
        SignOffRequest request,
        IReadOnlyList<SignOffDecision> decisions,
        IReadOnlyDictionary<string, bool>? memberships = null
    )
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decisions);
        memberships ??= new Dictionary<string, bool>();
        var ignored = new List<IgnoredDecision>();
        var notes = new List<string>();
        if (request.Commit is null)
        {
            notes.Add("commit binding not checked: no commit given");
        }

        if (request.Author is not null)
        {
            notes.Add(
                $"release author: {request.Author}"
                    + (request.AuthorSource is null ? string.Empty : $" ({request.AuthorSource})")
            );
        }

        // 0. Principals as GitHub tells them apart (Config.Principals): trimmed logins; a decision whose principal is
        //    no login never counts (its source reports it as RT4020).
        var readable = new List<SignOffDecision>();
        foreach (var decision in decisions)
        {
            if (decision.Unauthenticated is { } unauthenticated)
            {
                ignored.Add(new IgnoredDecision(decision, unauthenticated));
            }
            else if (Principals.TryRead(decision.Principal, out var login, out var notLogin))
            {
                readable.Add(decision with { Principal = login });
            }
            else
            {
                ignored.Add(
                    new IgnoredDecision(
                        decision,
                        $"its principal {Principals.Quote(decision.Principal)} is not a GitHub login: {notLogin}"
                    )
                );
            }
        }

        // 1. The latest decision of a principal for a role wins. A record speaks for its role; a review (no role)
        //    speaks for every role of its principal, so it supersedes all of that principal's earlier decisions.
        var latest = new Dictionary<string, SignOffDecision>(Principals.Comparer);
        foreach (var (decision, index) in readable.Select((d, i) => (d, i)).OrderBy(x => x.d.At).ThenBy(x => x.i))
        {
            var superseded = latest
                .Where(kv =>
                    Principals.Comparer.Equals(kv.Value.Principal, decision.Principal)
                    && (
                        decision.Role is null
                        || kv.Value.Role is null
                        || string.Equals(kv.Value.Role, decision.Role, StringComparison.Ordinal)
                    )
                )
                .ToList();
            foreach (var (key, earlier) in superseded)
            {
                ignored.Add(
                    new IgnoredDecision(
                        earlier,
                        $"superseded by {decision.Principal}'s later decision ({decision.SourceId}, {decision.AtText})"
                    )
                );
                latest.Remove(key);
            }

            latest[decision.Principal + "|" + (decision.Role ?? "*")] = decision;
        }

        // Which roles may each principal fill?
        var unresolved = new List<string>();
        List<SignOffRole> RolesOf(SignOffDecision d)
        {
            var roles = new List<SignOffRole>();
            foreach (
                var role in policy.Roles.Where(r =>
                    d.Role is null || string.Equals(r.Name, d.Role, StringComparison.Ordinal)
                )
            )
            {
                if (role.Logins.Contains(d.Principal, Principals.Comparer))
                {
                    roles.Add(role);
                    continue;
                }

                foreach (var team in role.Teams)
                {
                    if (memberships.TryGetValue(MembershipKey(team, d.Principal), out var member))
                    {
                        if (member)
                        {
                            roles.Add(role);
                            break;
                        }
                    }
                    else
                    {
                        unresolved.Add($"{d.Principal} in {team}");
                    }
                }
            }

            return roles;
        }

        // 2. Rejections and 3. counting approvals.
        var rejected = new Dictionary<string, SignOffDecision>(StringComparer.Ordinal);
        var candidates = new List<(SignOffDecision Decision, List<SignOffRole> Roles)>();
        var whyByRole = policy.Roles.ToDictionary(r => r.Name, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var decision in latest.Values.OrderBy(d => d.At).ThenBy(d => d.Principal, StringComparer.Ordinal))
        {
            unresolved.Clear();
            var roles = RolesOf(decision);
            if (roles.Count == 0)
            {
                var why =
                    decision.Role is not null && !policy.Roles.Any(r => r.Name == decision.Role)
                        ? $"the configuration has no role '{decision.Role}'"
                    : unresolved.Count > 0
                        ? $"{decision.Principal} is not listed by "
                            + $"{(decision.Role is null ? "any role" : $"role '{decision.Role}'")} and team membership "
                            + $"could not be checked ({string.Join(", ", unresolved)})"
                    : $"{decision.Principal} is not a principal of "
                        + $"{(decision.Role is null ? "any role" : $"role '{decision.Role}'")}";
                ignored.Add(new IgnoredDecision(decision, why));
                continue;
            }

            if (decision.Verdict == SignOffVerdict.Rejected)
            {
                foreach (var role in roles)
                {
                    rejected.TryAdd(role.Name, decision);
                }

                continue;
            }

            var problem = Problem(policy, request, decision);
            if (problem is not null)
            {
                ignored.Add(new IgnoredDecision(decision, problem));
                foreach (var role in roles)
                {
                    whyByRole[role.Name]
                        .Add($"{decision.Principal}'s approval ({decision.SourceId}) does not count: {problem}");
                }

                continue;
            }

            candidates.Add((decision, roles));
        }

        // 4. One principal, one role, across every source: the nodes of the matching are principals, not decisions, so
        //    two records (or a record and a review) by one principal still fill one role. Maximum bipartite matching
        //    (augmenting paths), roles in configuration order, principals in the order of their earliest counting
        //    approval; a role is approved only when a distinct principal remains for it.
        var nodes = candidates
            .GroupBy(c => c.Decision.Principal, Principals.Comparer)
            .Select(g => new PrincipalNode(g.Key, [.. g]))
            .ToList();
        var assigned = new Dictionary<string, int>(StringComparer.Ordinal); // role -> principal node
        foreach (var role in policy.Roles.Where(r => !rejected.ContainsKey(r.Name)))
        {
            Augment(role.Name, [], nodes, assigned);
        }

        var filledBy = assigned.ToDictionary(kv => kv.Value, kv => kv.Key);
        foreach (var node in nodes)
        {
            var fills = filledBy.GetValueOrDefault(nodes.IndexOf(node));
            foreach (var (decision, roles) in node.Approvals)
            {
                if (fills is not null && node.ApprovalFor(fills) == decision)
                {
                    continue;
                }

                var filling = roles.Where(r => assigned.ContainsKey(r.Name)).Select(r => r.Name).ToList();
                ignored.Add(
                    new IgnoredDecision(
                        decision,
                        fills is not null ? $"{node.Principal} fills role '{fills}' (one principal fills one role)"
                            : filling.Count > 0
                                ? $"the role(s) it may fill ({string.Join(", ", filling)}) are filled by other "
                                    + $"principals "
                                    + $"or rejected"
                            : "every role it may fill is rejected"
                    )
                );
            }
        }

        var rows = new List<RoleStatus>();
        foreach (var role in policy.Roles)
        {
            if (rejected.TryGetValue(role.Name, out var rejection))
            {
                rows.Add(new RoleStatus(role, RoleState.Rejected, rejection, []));
            }
            else if (assigned.TryGetValue(role.Name, out var index))
            {
                rows.Add(new RoleStatus(role, RoleState.Approved, nodes[index].ApprovalFor(role.Name), []));
            }
            else
            {
                var why = whyByRole[role.Name];
                foreach (var node in nodes.Where(n => n.CanFill(role.Name)))
                {
                    if (filledBy.TryGetValue(nodes.IndexOf(node), out var filled))
                    {
                        why.Add($"{node.Principal} already fills role '{filled}' (one principal fills one role)");
                    }
                }

                rows.Add(new RoleStatus(role, RoleState.Missing, null, why));
            }
        }

        return new SignOffStatus(request, rows, ignored, notes);
    }

    private static bool Augment(
        string role,
        HashSet<int> seen,
        List<PrincipalNode> nodes,
        Dictionary<string, int> assigned
    )
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (!nodes[i].CanFill(role) || !seen.Add(i))
            {
                continue;
            }

            var holder = assigned.FirstOrDefault(kv => kv.Value == i).Key;
            if (holder is null)
            {
                assigned[role] = i;
                return true;
            }

            // i fills `holder`; move it if `holder` can be filled by someone else.
            assigned.Remove(holder);
            if (Augment(holder, seen, nodes, assigned))
            {
                assigned[role] = i;
                return true;
            }

            assigned[holder] = i;
        }

        return false;
    }

    /// <summary>A principal in the matching: its counting approvals (earliest first) and the roles they may fill.
    /// </summary>
    private sealed record PrincipalNode(
        string Principal,
        List<(SignOffDecision Decision, List<SignOffRole> Roles)> Approvals
    )
    {
        public bool CanFill(string role) => Approvals.Any(a => a.Roles.Any(r => r.Name == role));

        /// <summary>The earliest approval of the principal that may fill the role.</summary>
        public SignOffDecision ApprovalFor(string role) =>
            Approvals.First(a => a.Roles.Any(r => r.Name == role)).Decision;
    }

    private static string? Problem(SignOffPolicy policy, SignOffRequest request, SignOffDecision decision)
    {
        if (request.Author is not null && Principals.Read(request.Author) is null)
        {
            return $"the release's author {Principals.Quote(request.Author)} is not a GitHub login, so no approval can "
                + "be told apart from it";
        }

        if (Principals.Same(request.Author, decision.Principal))
        {
            return $"{decision.Principal} is the release's author, who cannot approve it";
        }

        if (request.Commit is not null && !SameCommit(request.Commit, decision.Commit))
        {
            return decision.Commit is null
                ? "it names no commit"
                : $"it is for commit {Short(decision.Commit)}, not the release's {Short(request.Commit)} (stale)";
        }

        if (decision.Source.RequiresEvidenceDigest || decision.EvidenceDigest is not null)
        {
            if (!string.Equals(request.EvidenceDigest, decision.EvidenceDigest, StringComparison.Ordinal))
            {
                return request.EvidenceDigest is null
                        ? $"it approved evidence {decision.EvidenceDigest}, but the release has no evidence bundle now"
                    : decision.EvidenceDigest is null
                        ? $"it names no evidence digest, and the release's evidence is {request.EvidenceDigest}"
                    : $"it approved evidence {decision.EvidenceDigest}, the bundle is now {request.EvidenceDigest} "
                        + $"(stale)";
            }
        }

        if (decision.At > request.At + ClockSkew)
        {
            return $"it is dated {decision.AtText}, after the evaluation instant {PolicyTime.Utc(request.At)}";
        }

        var age = request.At - decision.At;
        if (age > policy.MaxAge)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"it is {age.Days}d {age.Hours}h old, older than maxAge {Format(policy.MaxAge)}"
            );
        }

        return null;
    }

    /// <summary>Whether two commits are the same (<see cref="ReleaseCommit.Same"/>: full object names, equal ignoring
    /// case; an abbreviated name matches nothing).</summary>
    /// <param name="expected">The release's commit.</param>
    /// <param name="actual">The decision's commit.</param>
    /// <returns>Whether they name the same commit.</returns>
    public static bool SameCommit(string? expected, string? actual) => ReleaseCommit.Same(expected, actual);

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string Format(Duration duration) =>
        NodaTime.Text.PeriodPattern.NormalizingIso.Format(Period.FromSeconds((long)duration.TotalSeconds).Normalize());
}
