using NodaTime.Text;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.SignOff;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// The <c>review</c> source: GitHub PR reviews (as src/GitHub fetches them) mapped to decisions, named as reports
/// show them, and bound to the evidence through their commit unless their body names a digest.
/// </summary>
public sealed class PullRequestReviewSourceTests
{
    private const string Sha = "89abcdef0123456789abcdef0123456789abcdef";
    private const string Evidence = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Other = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static PullRequestReviewSource Source => SignOffSources.Of<PullRequestReviewSource>();

    private static readonly SignOffPolicy Policy = new(
        [
            new SignOffRole("usr-architecture", ["alice"], new ConfigLocation("rt.json", 3, 5)),
            new SignOffRole("usr-conformance", ["bob"], new ConfigLocation("rt.json", 4, 5)),
        ],
        NodaTime.Duration.FromDays(14),
        SignOffPolicy.DefaultRecords,
        new ConfigLocation("rt.json", 2, 3)
    );

    [Fact]
    public void Approved_and_changes_requested_are_decisions_named_by_review_and_pr()
    {
        var approved = Source.FromReview(
            "alice",
            "APPROVED",
            Sha,
            "2026-11-21T08:00:00Z",
            $"Looks right.\nevidence: {Evidence}\n",
            Source.SourceId(80, 12)
        )!;
        Assert.Equal("review 80 on PR #12", approved.SourceId);
        Assert.StartsWith(Source.Name + " ", approved.SourceId, StringComparison.Ordinal);
        Assert.Same(Source, approved.Source);
        Assert.Null(approved.Role);
        Assert.Equal(SignOffVerdict.Approved, approved.Verdict);
        Assert.Equal(Evidence, approved.EvidenceDigest);
        Assert.Equal(Sha, approved.Commit);

        var rejected = Source.FromReview("bob", "CHANGES_REQUESTED", Sha, "2026-11-21T08:00:00Z", null, "r")!;
        Assert.Equal(SignOffVerdict.Rejected, rejected.Verdict);
        Assert.Null(rejected.EvidenceDigest);

        Assert.Null(Source.FromReview("bob", "COMMENTED", Sha, "2026-11-21T08:00:00Z", null, "r"));
        Assert.Null(Source.FromReview("bob", "APPROVED", Sha, null, null, "r"));
        Assert.Equal(["RT4020"], Source.Codes.Select(c => c.Code));
    }

    [Fact]
    public void A_reviewer_that_is_no_login_is_RT4020_and_a_padded_one_reads_trimmed()
    {
        var padded = Source.FromReview(" Alice ", "APPROVED", Sha, "2026-11-21T08:00:00Z", null, "review 1 on PR #2")!;
        Assert.Equal("Alice", padded.Principal);
        var error = Assert.Throws<ReleaseTrain.Core.Diagnostics.ReleaseTrainException>(() =>
            Source.FromReview("al\u200Bice", "APPROVED", Sha, "2026-11-21T08:00:00Z", null, "review 3 on PR #2")
        );
        Assert.Equal("RT4020", error.Diagnostic.Code);
        Assert.Contains("review 3 on PR #2", error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("APPROVED")]
    [InlineData("CHANGES_REQUESTED")]
    [InlineData("COMMENTED")]
    public void A_GitHub_Apps_review_is_no_decision_and_stops_nothing(string state)
    {
        // No role can list an app (a role principal is a login), so its review counts for none; it must not be able
        // to stop every release either.
        Assert.Null(
            Source.FromReview("copilot-pull-request-reviewer[bot]", state, Sha, "2026-11-21T08:00:00Z", null, "r")
        );
        Assert.Throws<ReleaseTrain.Core.Diagnostics.ReleaseTrainException>(() =>
            Source.FromReview("-x[bot]", "APPROVED", Sha, "2026-11-21T08:00:00Z", null, "r")
        );
    }

    [Fact]
    public void A_review_without_a_digest_is_bound_through_its_commit_one_with_a_digest_by_it()
    {
        var at = InstantPattern.ExtendedIso.Parse("2026-11-21T09:00:00Z").Value;
        var decisions = new[]
        {
            Source.FromReview("alice", "APPROVED", Sha, "2026-11-21T08:00:00Z", null, Source.SourceId(1, 12))!,
            Source.FromReview(
                "bob",
                "APPROVED",
                Sha,
                "2026-11-21T08:00:00Z",
                $"evidence: {Other}",
                Source.SourceId(2, 12)
            )!,
        };
        var status = SignOffEvaluator.Evaluate(Policy, new SignOffRequest("1.2.0", Sha, Evidence, at, null), decisions);
        Assert.Equal(["usr-conformance"], status.MissingRoles);
        Assert.Contains(status.Ignored, i =>
            i.Decision.Principal == "bob" && i.Why.Contains("(stale)", StringComparison.Ordinal)
        );
    }
}
