using System.Globalization;
using System.Text.RegularExpressions;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// <c>review</c>: GitHub pull-request reviews of the release PR, fetched by the CLI through src/GitHub (GitHub
/// authenticates the reviewer). A review speaks for every role of its principal, is bound to the commit it was given
/// on, and to an evidence digest only when its body names one (else through its commit: the evidence bundle is a
/// deterministic function of the commit). A review that is no decision is dropped, and so is one by a GitHub App
/// (<c>name[bot]</c>: no role can list an app, so its review can count for none, and an app that reviews must not be
/// able to stop every release); a decision whose reviewer is any other non-login (<see cref="Principals"/>) is
/// RT4020 (fail closed: GitHub never sends one).
/// </summary>
public sealed partial class PullRequestReviewSource : SignOffSource
{
    /// <inheritdoc/>
    public override string Name => "review";

    /// <inheritdoc/>
    public override bool RequiresEvidenceDigest => false;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } = [DiagnosticCodes.InvalidPrincipal];

    /// <summary>How a review is named in reports: <c>review 80 on PR #12</c>.</summary>
    /// <param name="reviewId">The review's id.</param>
    /// <param name="pullRequest">The PR number.</param>
    /// <returns>The source id.</returns>
    public string SourceId(long reviewId, int pullRequest) =>
        string.Create(CultureInfo.InvariantCulture, $"{Name} {reviewId} on PR #{pullRequest}");

    /// <summary>
    /// Maps a GitHub pull-request review to a decision: <c>APPROVED</c> approves, <c>CHANGES_REQUESTED</c> rejects,
    /// any other state (<c>COMMENTED</c>, <c>DISMISSED</c>, <c>PENDING</c>) is no decision. A body line
    /// <c>evidence: sha256:&lt;64 hex&gt;</c> binds the review to that evidence digest.
    /// </summary>
    /// <param name="login">The reviewer's login.</param>
    /// <param name="state">The review state.</param>
    /// <param name="commitId">The review's commit_id.</param>
    /// <param name="submittedAt">submitted_at (ISO 8601; GitHub gives UTC with Z), or null when pending.</param>
    /// <param name="body">The review body, or null.</param>
    /// <param name="sourceId">e.g. "review 80 on PR #12" (<see cref="SourceId"/>).</param>
    /// <returns>The decision (its principal trimmed), or null (no decision, a GitHub App's review, or no readable
    /// submitted_at).</returns>
    /// <exception cref="ReleaseTrainException">RT4020 when an approval or rejection's reviewer is no GitHub login.
    /// </exception>
    public SignOffDecision? FromReview(
        string login,
        string state,
        string? commitId,
        string? submittedAt,
        string? body,
        string sourceId
    )
    {
        var verdict = state switch
        {
            "APPROVED" => SignOffVerdict.Approved,
            "CHANGES_REQUESTED" => (SignOffVerdict?)SignOffVerdict.Rejected,
            _ => null,
        };
        if (verdict is null || submittedAt is null || !PolicyTime.TryParseInstant(submittedAt, out var at, out _))
        {
            return null;
        }

        if (IsApp(login))
        {
            return null;
        }

        if (!Principals.TryRead(login, out var principal, out var notLogin))
        {
            throw new ReleaseTrainException(
                Principals.Invalid($"The reviewer of {sourceId}", login, notLogin, null, 0, 0)
            );
        }

        var digest =
            body is null ? null
            : EvidenceLine().Match(body) is { Success: true } m ? m.Groups[1].Value
            : null;
        return new SignOffDecision(principal, null, verdict.Value, commitId, digest, at, submittedAt, this, sourceId);
    }

    /// <summary>A GitHub App's account: <c>slug[bot]</c>, the slug itself a login.</summary>
    private static bool IsApp(string login) =>
        login.EndsWith("[bot]", StringComparison.Ordinal) && Principals.IsLogin(login[..^"[bot]".Length]);

    [GeneratedRegex(@"(?im)^\s*evidence:\s*(sha256:[0-9a-f]{64})\s*$", RegexOptions.None, 1000)]
    private static partial Regex EvidenceLine();
}
