using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// Issue 14, principals: one rule (Config/Principals) for every approver check: trimmed, a GitHub login, compared
/// ignoring case; one principal fills one role across every source; the release author comes from somewhere known.
/// </summary>
public sealed class PrincipalTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly Instant Now = InstantPattern.ExtendedIso.Parse("2026-11-21T12:00:00Z").Value;

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("  Alice\t", "Alice")]
    [InlineData("a-b-c", "a-b-c")]
    [InlineData("a23456789012345678901234567890123456789", "a23456789012345678901234567890123456789")]
    public void Logins_are_read_trimmed(string value, string login)
    {
        Assert.True(Principals.TryRead(value, out var read, out _));
        Assert.Equal(login, read);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("x\u200B", "U+200B")]
    [InlineData("\u200Bx", "U+200B")]
    [InlineData("al\u00EFce", "U+00EF")]
    [InlineData("-alice", "hyphen")]
    [InlineData("alice-", "hyphen")]
    [InlineData("a--b", "two hyphens")]
    [InlineData("app[bot]", "U+005B")]
    [InlineData("acme/team", "U+002F")]
    [InlineData("a234567890123456789012345678901234567890", "more than 39")]
    public void What_is_no_login_says_why(string value, string why)
    {
        Assert.False(Principals.TryRead(value, out _, out var reason));
        Assert.Contains(why, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Principals_compare_as_GitHub_logins()
    {
        Assert.True(Principals.Same("alice", " ALICE "));
        Assert.False(Principals.Same("alice", "alice\u200B"));
        Assert.False(Principals.Same("", " "));
        Assert.Equal(["x"], Principals.DistinctLogins(["x", "x ", "X", "", " ", "x\u200B"]));
        Assert.Equal(1, WaiverRules.ApprovalCount(["x", "x "]));
        Assert.Equal(0, WaiverRules.ApprovalCount(["", " "]));
        Assert.False(WaiverRules.IsApproved(["x", "x\u200B"], 2));
    }

    [Theory]
    [InlineData("12345+dave@users.noreply.github.com", "dave")]
    [InlineData("Dave@USERS.NOREPLY.GITHUB.COM", "Dave")]
    [InlineData("41898282+github-actions[bot]@users.noreply.github.com", null)]
    [InlineData("dave@example.com", null)]
    [InlineData("x+dave@users.noreply.github.com", null)]
    [InlineData("@users.noreply.github.com", null)]
    public void Noreply_emails_map_to_their_login(string email, string? login) =>
        Assert.Equal(login, Principals.FromNoreplyEmail(email));

    [Fact]
    public void A_freeze_exception_is_not_lifted_by_its_requester_in_disguise()
    {
        FreezeException Exception(string requestedBy, params string[] approvers) =>
            new(
                "e",
                ["w"],
                "1.0.0",
                null,
                "fix",
                requestedBy,
                approvers,
                Now - Duration.FromDays(1),
                Now + Duration.FromDays(1),
                new ConfigLocation("rt.json", 2, 1)
            );
        var query = new FreezeQuery("release", "1.0.0", null, Now);
        Assert.False(FreezeEvaluator.Applies(Exception("alice", "alice "), query, Now).Applies);
        Assert.False(FreezeEvaluator.Applies(Exception("alice", "ALICE", "", "bob\u200B"), query, Now).Applies);
        Assert.False(FreezeEvaluator.Applies(Exception(" ", "bob"), query, Now).Applies);
        Assert.True(FreezeEvaluator.Applies(Exception("alice", "alice", " bob"), query, Now).Applies);
    }

    [Fact]
    public void Two_records_of_one_principal_fill_one_role_and_the_status_says_why()
    {
        var policy = new SignOffPolicy(
            [
                new SignOffRole("architecture", ["p"], new ConfigLocation("rt.json", 3, 5)),
                new SignOffRole("conformance", ["p", "q"], new ConfigLocation("rt.json", 4, 5)),
            ],
            Duration.FromDays(14),
            SignOffPolicy.DefaultRecords,
            new ConfigLocation("rt.json", 2, 3)
        );
        var records = SignOffSources.Of<CommittedRecordSource>();
        SignOffDecision Record(string who, string role, string at) =>
            new(
                who,
                role,
                SignOffVerdict.Approved,
                Sha,
                null,
                InstantPattern.ExtendedIso.Parse(at).Value,
                at,
                records,
                $"record {who} {role}"
            );
        var request = new SignOffRequest("1.0.0", Sha, null, Now, "zed");

        // p's conformance record comes first: still p fills one role, and matching gives p architecture.
        var alone = SignOffEvaluator.Evaluate(
            policy,
            request,
            [Record("p", "conformance", "2026-11-21T08:00:00Z"), Record(" P ", "architecture", "2026-11-21T09:00:00Z")]
        );
        Assert.False(alone.Complete);
        Assert.Equal(["conformance"], alone.MissingRoles);
        Assert.Contains("p already fills role 'architecture'", alone.Roles[1].Why.Single(), StringComparison.Ordinal);
        Assert.Contains(alone.Ignored, i => i.Why.Contains("fills role 'architecture'", StringComparison.Ordinal));

        var withQ = SignOffEvaluator.Evaluate(
            policy,
            request,
            [
                Record("p", "conformance", "2026-11-21T08:00:00Z"),
                Record("p", "architecture", "2026-11-21T09:00:00Z"),
                Record("q", "conformance", "2026-11-21T10:00:00Z"),
            ]
        );
        Assert.True(withQ.Complete, string.Join("\n", withQ.Diagnostics));
        Assert.Equal(["p", "q"], withQ.Roles.Select(r => r.Decision!.Principal));

        // A principal that is no login never counts; an author that is no login lets nothing count.
        var zeroWidth = SignOffEvaluator.Evaluate(
            policy,
            request,
            [Record("p\u200B", "architecture", "2026-11-21T08:00:00Z")]
        );
        Assert.Contains(zeroWidth.Ignored, i => i.Why.Contains("not a GitHub login", StringComparison.Ordinal));
        var blankAuthor = SignOffEvaluator.Evaluate(
            policy,
            request with
            {
                Author = " ",
            },
            [Record("p", "architecture", "2026-11-21T08:00:00Z")]
        );
        Assert.Equal(["architecture", "conformance"], blankAuthor.MissingRoles);
    }

    [Fact]
    public void A_record_whose_principal_is_no_login_is_RT4020_at_its_line()
    {
        using var dir = new TempDirectory();
        var log = dir.Combine("signoff-log.jsonl");
        var policy = new SignOffPolicy(
            [new SignOffRole("architecture", ["p"], new ConfigLocation("rt.json", 3, 5))],
            Duration.FromDays(14),
            SignOffPolicy.DefaultRecords,
            new ConfigLocation("rt.json", 2, 3)
        );
        var error = Assert.Throws<ReleaseTrainException>(() =>
            SignOffRecords.Append(
                policy,
                log,
                new NewSignOffRecord(
                    "1.0.0",
                    "architecture",
                    "p\u200B",
                    SignOffVerdict.Approved,
                    Sha,
                    null,
                    "2026-11-21T08:00:00Z"
                )
            )
        );
        Assert.Equal("RT4020", error.Diagnostic.Code);

        // Written around the check (a hand-made record in the chain): the source refuses it at its line.
        ReleaseTrain.Core.IO.HashChainedLog.Append(
            log,
            (_, _) =>
                new System.Text.Json.Nodes.JsonObject
                {
                    ["kind"] = "signoff",
                    ["release"] = "1.0.0",
                    ["role"] = "architecture",
                    ["principal"] = "p\u200B",
                    ["decision"] = "approved",
                    ["commit"] = Sha,
                    ["evidenceDigest"] = null,
                    ["at"] = "2026-11-21T08:00:00Z",
                },
            ReleaseTrain.Core.IO.HashChainedLog.DefaultLockTimeout
        );
        var source = SignOffSources.Of<CommittedRecordSource>();
        Assert.Empty(source.Read(log, "1.0.0", "signoff-log.jsonl", out var errors));
        var diagnostic = Assert.Single(errors);
        Assert.Equal(("RT4020", 1), (diagnostic.Code, diagnostic.Line));
        Assert.Contains(source.Codes, c => c.Code == "RT4020");
    }

    [Fact]
    public void The_release_author_comes_from_the_first_place_that_names_one()
    {
        Assert.Equal(
            new ReleaseAuthor("erin", "--author"),
            ReleaseAuthor.Resolve(" erin ", ("dave", 12), Sha, null, null)
        );
        Assert.Equal(
            new ReleaseAuthor("dave", "the author of PR #12"),
            ReleaseAuthor.Resolve(null, ("dave", 12), Sha, null, null)
        );
        Assert.Equal(
            "carol",
            ReleaseAuthor
                .Resolve(
                    null,
                    null,
                    Sha,
                    new ReleaseAuthor.GitHubCommitAuthor("carol", "GET /repos/o/r/commits/x"),
                    null
                )
                .Login
        );
        Assert.Equal(
            "RT4020",
            Assert.Throws<ReleaseTrainException>(() => ReleaseAuthor.Resolve("", null, Sha, null, null)).Diagnostic.Code
        );
        var unknown = Assert.Throws<ReleaseTrainException>(() =>
            ReleaseAuthor.Resolve(null, null, Sha, new ReleaseAuthor.GitHubCommitAuthor(null, "GET x"), null)
        );
        Assert.Equal("RT5020", unknown.Diagnostic.Code);
        Assert.Contains("to no account (GET x)", unknown.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(
            "RT5020",
            Assert
                .Throws<ReleaseTrainException>(() => ReleaseAuthor.Resolve(null, null, null, null, null))
                .Diagnostic.Code
        );
    }

    [Fact]
    public void A_padded_or_zero_width_USR_approver_is_no_second_approver()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("usr-waiver-policy.json");
        File.WriteAllText(
            path,
            """
            { "schemaVersion": "usr-registry-1.0.0", "registryId": "usr-waiver-policy", "rows": [
              { "id": "w1", "waiverClass": "non-strict-fallback", "scopeType": "lane", "scopeId": "x",
                "allowedUntil": "2099-01-01T00:00:00Z", "approvers": ["usr-rollout", "usr-rollout\n"],
                "requiredCompensatingControls": ["c"], "maxExtensions": 1, "blocking": true },
              { "id": "w2", "waiverClass": "non-strict-fallback", "scopeType": "lane", "scopeId": "x",
                "allowedUntil": "2099-01-01T00:00:00Z", "approvers": ["usr-rollout", "usr-rollout\u200B"],
                "requiredCompensatingControls": ["c"], "maxExtensions": 1, "blocking": true }
            ] }
            """
        );
        var result = UsrWaiverValidator.Validate(path, Now);
        var codes = result.Findings.Select(f => f.Code).ToList();
        Assert.Equal(2, codes.Count(c => c == "RT6033"));
        Assert.Contains(result.Findings, f => f.Code == "RT6032" && f.Message.Contains("listed twice"));
        Assert.Contains(result.Findings, f => f.Code == "RT6032" && f.Message.Contains("U+200B"));
    }
}
