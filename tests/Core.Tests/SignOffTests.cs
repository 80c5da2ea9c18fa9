using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

public sealed class SignOffTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string OtherSha = "fedcba9876543210fedcba9876543210fedcba98";
    private const string Evidence = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private static readonly Instant Now = InstantPattern.ExtendedIso.Parse("2026-11-21T12:00:00Z").Value;

    private static readonly SignOffPolicy Policy = new(
        [
            new SignOffRole("usr-architecture", ["alice"], new ConfigLocation("rt.json", 3, 5)),
            new SignOffRole("usr-conformance", ["bob", "alice"], new ConfigLocation("rt.json", 4, 5)),
            new SignOffRole("usr-operations", ["carol", "acme/ops-team"], new ConfigLocation("rt.json", 5, 5)),
        ],
        Duration.FromDays(14),
        SignOffPolicy.DefaultRecords,
        new ConfigLocation("rt.json", 2, 3)
    );

    private static readonly CommittedRecordSource Records = SignOffSources.Of<CommittedRecordSource>();

    private static readonly PullRequestReviewSource Reviews = SignOffSources.Of<PullRequestReviewSource>();

    private static SignOffDecision Record(
        string who,
        string role,
        string at,
        SignOffVerdict verdict = SignOffVerdict.Approved,
        string commit = Sha,
        string? evidence = Evidence
    ) =>
        new(
            who,
            role,
            verdict,
            commit,
            evidence,
            OffsetDateTimePattern.ExtendedIso.Parse(at).Value.ToInstant(),
            at,
            Records,
            $"record {who} {role} {at}"
        );

    private static SignOffDecision Review(string who, string state, string at, string commit = Sha, string body = "") =>
        Reviews.FromReview(who, state, commit, at, body, $"review {who} {at}")!;

    private static SignOffStatus Evaluate(
        IReadOnlyList<SignOffDecision> decisions,
        string? author = "dave",
        string? commit = Sha,
        string? evidence = Evidence,
        Dictionary<string, bool>? teams = null
    ) =>
        SignOffEvaluator.Evaluate(Policy, new SignOffRequest("1.2.0", commit, evidence, Now, author), decisions, teams);

    private static RoleState State(SignOffStatus status, string role) =>
        status.Roles.Single(r => r.Role.Name == role).State;

    [Fact]
    public void Complete_when_every_role_is_approved_by_a_distinct_principal()
    {
        var status = Evaluate([
            Record("alice", "usr-architecture", "2026-11-20T10:00:00+01:00"),
            Record("bob", "usr-conformance", "2026-11-20T10:00:00-05:00"),
            Review("carol", "APPROVED", "2026-11-21T09:00:00Z"),
        ]);
        Assert.True(status.Complete, string.Join("\n", status.Diagnostics));
        Assert.Empty(status.Diagnostics);
    }

    [Fact]
    public void Missing_roles_are_each_named_at_their_line()
    {
        var status = Evaluate([Record("alice", "usr-architecture", "2026-11-20T10:00:00Z")]);
        Assert.False(status.Complete);
        Assert.Equal(["usr-conformance", "usr-operations"], status.MissingRoles);
        Assert.Equal(["RT5001", "RT5001"], status.Diagnostics.Select(d => d.Code));
        Assert.Equal([4, 5], status.Diagnostics.Select(d => d.Line));
        Assert.Contains("'usr-operations'", status.Diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_principal_fills_one_role_only()
    {
        // alice may fill architecture and conformance; alone she fills one.
        var status = Evaluate([
            Review("alice", "APPROVED", "2026-11-21T08:00:00Z"),
            Review("carol", "APPROVED", "2026-11-21T08:00:00Z"),
        ]);
        Assert.Equal(RoleState.Approved, State(status, "usr-architecture"));
        Assert.Equal(RoleState.Missing, State(status, "usr-conformance"));
        Assert.Contains(
            "alice already fills role 'usr-architecture'",
            string.Join(" ", status.Roles[1].Why),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Matching_moves_a_principal_to_the_role_only_they_can_fill()
    {
        // alice's review (any of her roles) comes first; bob can only fill conformance, so alice must take
        // architecture.
        var status = Evaluate([
            Review("alice", "APPROVED", "2026-11-21T07:00:00Z"),
            Review("bob", "APPROVED", "2026-11-21T08:00:00Z"),
            Review("carol", "APPROVED", "2026-11-21T08:00:00Z"),
        ]);
        Assert.True(status.Complete);
        Assert.Equal("alice", status.Roles[0].Decision!.Principal);
        Assert.Equal("bob", status.Roles[1].Decision!.Principal);
    }

    [Fact]
    public void The_releases_author_cannot_approve()
    {
        var status = Evaluate([Record("alice", "usr-architecture", "2026-11-21T08:00:00Z")], author: "Alice");
        Assert.Equal(RoleState.Missing, State(status, "usr-architecture"));
        Assert.Contains("author", status.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_approval_of_another_commit_is_stale()
    {
        var status = Evaluate([Record("alice", "usr-architecture", "2026-11-21T08:00:00Z", commit: OtherSha)]);
        Assert.Equal(RoleState.Missing, State(status, "usr-architecture"));
        Assert.Contains(
            "for commit fedcba987654, not the release's 0123456789ab (stale)",
            status.Diagnostics[0].Message,
            StringComparison.Ordinal
        );
        // Only whole object names match: a 7-digit prefix could be shared by another commit.
        Assert.False(SignOffEvaluator.SameCommit(Sha, Sha[..7]));
        Assert.False(SignOffEvaluator.SameCommit(Sha[..7], Sha[..7]));
        Assert.True(SignOffEvaluator.SameCommit(Sha, Sha.ToUpperInvariant()));
    }

    [Fact]
    public void An_approval_over_another_evidence_bundle_is_stale()
    {
        var changed = "sha256:" + new string('2', 64);
        var status = Evaluate([Record("alice", "usr-architecture", "2026-11-21T08:00:00Z")], evidence: changed);
        Assert.Contains(
            $"approved evidence {Evidence}, the bundle is now {changed} (stale)",
            status.Diagnostics[0].Message,
            StringComparison.Ordinal
        );

        // A review binds to evidence only when its body names a digest.
        var plain = Evaluate([Review("alice", "APPROVED", "2026-11-21T08:00:00Z")], evidence: changed);
        Assert.Equal(RoleState.Approved, State(plain, "usr-architecture"));
        var named = Evaluate(
            [Review("alice", "APPROVED", "2026-11-21T08:00:00Z", body: "LGTM\nevidence: " + Evidence)],
            evidence: changed
        );
        Assert.Equal(RoleState.Missing, State(named, "usr-architecture"));
    }

    [Fact]
    public void Approvals_older_than_maxAge_or_from_the_future_do_not_count()
    {
        var old = Evaluate([Record("alice", "usr-architecture", "2026-11-07T11:59:59Z")]);
        Assert.Contains("older than maxAge P14D", old.Diagnostics[0].Message, StringComparison.Ordinal);
        var edge = Evaluate([Record("alice", "usr-architecture", "2026-11-07T12:00:00Z")]);
        Assert.Equal(RoleState.Approved, State(edge, "usr-architecture"));
        var future = Evaluate([Record("alice", "usr-architecture", "2026-11-21T12:06:00Z")]);
        Assert.Contains("after the evaluation instant", future.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_latest_decision_wins_and_a_later_rejection_revokes()
    {
        var revoked = Evaluate([
            Record("alice", "usr-architecture", "2026-11-21T08:00:00Z"),
            Record("alice", "usr-architecture", "2026-11-21T09:00:00+00:30", SignOffVerdict.Rejected),
        ]);
        Assert.Equal(RoleState.Rejected, State(revoked, "usr-architecture"));
        Assert.Equal("RT5002", revoked.Diagnostics[0].Code);

        // Offsets are honoured: 09:00+02:00 is 07:00Z, before the approval at 08:00Z.
        var earlier = Evaluate([
            Record("alice", "usr-architecture", "2026-11-21T08:00:00Z"),
            Record("alice", "usr-architecture", "2026-11-21T09:00:00+02:00", SignOffVerdict.Rejected),
        ]);
        Assert.Equal(RoleState.Approved, State(earlier, "usr-architecture"));

        var changes = Evaluate([
            Review("alice", "APPROVED", "2026-11-21T08:00:00Z"),
            Review("alice", "CHANGES_REQUESTED", "2026-11-21T09:00:00Z"),
        ]);
        Assert.Equal(RoleState.Rejected, State(changes, "usr-architecture"));
        Assert.Equal(RoleState.Rejected, State(changes, "usr-conformance"));
    }

    [Fact]
    public void Team_principals_count_only_when_membership_is_resolved()
    {
        var decisions = new[] { Review("erin", "APPROVED", "2026-11-21T08:00:00Z") };
        Assert.Equal([("acme/ops-team", "erin")], SignOffEvaluator.TeamQueries(Policy, decisions));
        var unknown = Evaluate(decisions);
        Assert.Equal(RoleState.Missing, State(unknown, "usr-operations"));
        Assert.Contains(unknown.Ignored, i =>
            i.Why.Contains("team membership could not be checked", StringComparison.Ordinal)
        );

        var member = Evaluate(
            decisions,
            teams: new() { [SignOffEvaluator.MembershipKey("acme/ops-team", "erin")] = true }
        );
        Assert.Equal(RoleState.Approved, State(member, "usr-operations"));
        var outsider = Evaluate(
            decisions,
            teams: new() { [SignOffEvaluator.MembershipKey("acme/ops-team", "erin")] = false }
        );
        Assert.Equal(RoleState.Missing, State(outsider, "usr-operations"));
    }

    [Fact]
    public void Unlisted_principals_and_comment_reviews_do_not_count()
    {
        Assert.Null(Reviews.FromReview("bob", "COMMENTED", Sha, "2026-11-21T08:00:00Z", null, "r"));
        Assert.Null(Reviews.FromReview("bob", "DISMISSED", Sha, "2026-11-21T08:00:00Z", null, "r"));
        var status = Evaluate([Record("mallory", "usr-architecture", "2026-11-21T08:00:00Z")]);
        Assert.Contains(status.Ignored, i => i.Why == "mallory is not a principal of role 'usr-architecture'");
    }

    [Fact]
    public void Without_a_commit_binding_is_not_checked_and_the_status_says_so()
    {
        var status = Evaluate(
            [Record("alice", "usr-architecture", "2026-11-21T08:00:00Z", commit: OtherSha)],
            commit: null
        );
        Assert.Equal(RoleState.Approved, State(status, "usr-architecture"));
        Assert.Contains("commit binding not checked: no commit given", status.Notes);
    }

    [Fact]
    public void Records_append_to_a_hash_chain_and_a_tampered_chain_yields_no_decisions()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("signoff.jsonl");
        SignOffRecords.Append(
            Policy,
            log,
            new NewSignOffRecord(
                "1.2.0",
                "usr-architecture",
                "alice",
                SignOffVerdict.Approved,
                Sha,
                Evidence,
                "2026-11-21T08:00:00+01:00"
            )
        );
        SignOffRecords.Append(
            Policy,
            log,
            new NewSignOffRecord(
                "1.3.0",
                "usr-conformance",
                "bob",
                SignOffVerdict.Rejected,
                Sha,
                Evidence,
                "2026-11-21T08:00:00Z"
            )
        );
        var read = Records.Read(log, "1.2.0", "signoff.jsonl", out var errors);
        Assert.Empty(errors);
        var only = Assert.Single(read);
        Assert.Equal("2026-11-21T08:00:00+01:00", only.AtText);
        Assert.Equal(InstantPattern.ExtendedIso.Parse("2026-11-21T07:00:00Z").Value, only.At);

        Assert.Throws<ReleaseTrain.Core.Diagnostics.ReleaseTrainException>(() =>
            _ = SignOffRecords.Append(
                Policy,
                log,
                new NewSignOffRecord(
                    "1.2.0",
                    "usr-architecture",
                    "alice",
                    SignOffVerdict.Approved,
                    Sha,
                    Evidence,
                    "2026-11-21T08:00:00"
                )
            )
        );
        Assert.Throws<ReleaseTrain.Core.Diagnostics.ReleaseTrainException>(() =>
            _ = SignOffRecords.Append(
                Policy,
                log,
                new NewSignOffRecord(
                    "1.2.0",
                    "release-manager",
                    "alice",
                    SignOffVerdict.Approved,
                    Sha,
                    Evidence,
                    "2026-11-21T08:00:00Z"
                )
            )
        );

        File.WriteAllText(log, File.ReadAllText(log).Replace("\"bob\"", "\"eve\"", StringComparison.Ordinal));
        Assert.Empty(Records.Read(log, "1.2.0", "signoff.jsonl", out var tampered));
        Assert.Equal("RT4010", Assert.Single(tampered).Code);
        Assert.Equal(2, tampered[0].Line);
    }
}
