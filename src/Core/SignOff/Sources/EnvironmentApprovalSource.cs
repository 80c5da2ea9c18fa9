using System.Globalization;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// <c>environment</c>: the deployment reviews of a GitHub Actions workflow run's environments (a release job in an
/// environment with required reviewers), fetched by the CLI through src/GitHub (<c>GET
/// /repos/{owner}/{repo}/actions/runs/{run_id}</c> and <c>.../approvals</c>; GitHub authenticates the reviewer). A
/// review speaks for every role of its principal, like a PR review. It is bound to the run's <c>head_sha</c>: when that
/// is not the release's commit, no review of the run counts and each says why. GitHub gives a review no timestamp: it
/// is dated at the start of the run's attempt (<c>run_started_at</c>, else <c>created_at</c>), the earliest it can have
/// been given, so <c>maxAge</c> never counts it as younger than it is. <c>approved</c> approves, <c>rejected</c>
/// rejects, anything else (<c>pending</c>: a comment) is no decision. Its approvals are bound to the evidence through
/// the commit (the evidence bundle is a deterministic function of the commit).
/// </summary>
public sealed class EnvironmentApprovalSource : SignOffSource
{
    /// <inheritdoc/>
    public override string Name => "environment";

    /// <inheritdoc/>
    public override bool RequiresEvidenceDigest => false;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } = [DiagnosticCodes.InvalidPrincipal];

    /// <summary>One deployment review as GitHub lists it.</summary>
    /// <param name="Login">The reviewer's login (<c>user.login</c>).</param>
    /// <param name="State"><c>approved</c>, <c>rejected</c> or <c>pending</c>.</param>
    /// <param name="Environments">The names of the environments reviewed.</param>
    public sealed record Review(string Login, string State, IReadOnlyList<string> Environments);

    /// <summary>
    /// Maps the deployment reviews of a run to decisions.
    /// </summary>
    /// <param name="runId">The run's id (GITHUB_RUN_ID or <c>--run-id</c>).</param>
    /// <param name="headSha">The run's <c>head_sha</c>.</param>
    /// <param name="startedAt">The run attempt's start (ISO 8601 with offset; GitHub gives UTC with Z), or
    /// null.</param>
    /// <param name="releaseCommit">The release's commit, or null when not known.</param>
    /// <param name="reviews">The run's deployment reviews, in GitHub's order.</param>
    /// <returns>The decisions, each with <see cref="SignOffDecision.Commit"/> the run's head_sha; when that is not the
    /// release's commit, each is <see cref="SignOffDecision.Unauthenticated"/> with the reason. Empty when the run has
    /// no readable start time (no decision can be dated).</returns>
    /// <exception cref="ReleaseTrainException">RT4020 when a reviewer is no GitHub login (GitHub never sends one; fail
    /// closed).</exception>
    public IReadOnlyList<SignOffDecision> FromRun(
        long runId,
        string headSha,
        string? startedAt,
        string? releaseCommit,
        IReadOnlyList<Review> reviews
    )
    {
        ArgumentNullException.ThrowIfNull(reviews);
        if (startedAt is null || !PolicyTime.TryParseInstant(startedAt, out var at, out _))
        {
            return [];
        }

        var other =
            releaseCommit is not null && !string.Equals(headSha, releaseCommit, StringComparison.OrdinalIgnoreCase)
                ? $"workflow run {runId.ToString(CultureInfo.InvariantCulture)} ran on commit {headSha}, not the "
                    + $"release's commit {releaseCommit}: its environment approvals are bound to the commit it ran on"
                : null;
        var decisions = new List<SignOffDecision>();
        for (var i = 0; i < reviews.Count; i++)
        {
            var review = reviews[i];
            var verdict = review.State switch
            {
                "approved" => SignOffVerdict.Approved,
                "rejected" => (SignOffVerdict?)SignOffVerdict.Rejected,
                _ => null,
            };
            if (verdict is null)
            {
                continue;
            }

            var sourceId = string.Create(
                CultureInfo.InvariantCulture,
                $"{Name} review #{i + 1} of run {runId} ({string.Join(", ", review.Environments)})"
            );
            if (!Principals.TryRead(review.Login, out var principal, out var notLogin))
            {
                throw new ReleaseTrainException(
                    Principals.Invalid($"The reviewer of {sourceId}", review.Login, notLogin, null, 0, 0)
                );
            }

            decisions.Add(
                new SignOffDecision(principal, null, verdict.Value, headSha, null, at, startedAt, this, sourceId)
                {
                    Unauthenticated = other,
                    Environments = review.Environments,
                }
            );
        }

        return decisions;
    }

    /// <summary>
    /// Keeps the approvals given for an environment that <c>signoff.environments</c> of the trusted policy lists; an
    /// approval given only for other environments of the run (a staging job's reviewers) is marked as not counting,
    /// with the reason. Other sources' decisions pass unchanged.
    /// </summary>
    /// <param name="decisions">The decisions of every source.</param>
    /// <param name="policy">The trusted sign-off policy.</param>
    /// <returns>The decisions, environment approvals outside the listed environments marked.</returns>
    public static IReadOnlyList<SignOffDecision> Restrict(
        IReadOnlyList<SignOffDecision> decisions,
        SignOffPolicy policy
    )
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(policy);
        return
        [
            .. decisions.Select(d =>
                d.Source is not EnvironmentApprovalSource
                || d.Unauthenticated is not null
                || d.Environments.Any(e => policy.Environments.Contains(e, StringComparer.OrdinalIgnoreCase))
                    ? d
                    : d with
                    {
                        Unauthenticated =
                            $"approved for environment(s) {string.Join(", ", d.Environments)}, which "
                            + (
                                policy.Environments.Count == 0
                                    ? "signoff.environments does not list (it lists none)"
                                    : $"signoff.environments ({string.Join(", ", policy.Environments)}) does not list"
                            )
                            + ": only approvals of the release job's environments count",
                    }
            ),
        ];
    }
}
