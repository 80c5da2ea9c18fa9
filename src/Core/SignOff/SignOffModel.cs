using NodaTime;
using ReleaseTrain.Core.Config;

namespace ReleaseTrain.Core.SignOff;

/// <summary>A principal's decision on a release.</summary>
public enum SignOffVerdict
{
    /// <summary>Approved (a record's <c>approved</c>, a review's <c>APPROVED</c>).</summary>
    Approved,

    /// <summary>Rejected (a record's <c>rejected</c>, a review's <c>CHANGES_REQUESTED</c>).</summary>
    Rejected,
}

/// <summary>One sign-off decision by one principal.</summary>
/// <param name="Principal">The GitHub login.</param>
/// <param name="Role">The role it is given for (records), or null (reviews: any role the principal may fill).</param>
/// <param name="Verdict">Approved or rejected.</param>
/// <param name="Commit">The commit sha it was given on (a review's <c>commit_id</c>), or null.</param>
/// <param name="EvidenceDigest">The evidence bundle digest (<c>sha256:...</c>) it was given over, or null.</param>
/// <param name="At">When it was given.</param>
/// <param name="AtText">The timestamp as written (ISO 8601 with offset).</param>
/// <param name="Source">The source it comes from (one of <see cref="SignOffSources.All"/>).</param>
/// <param name="SourceId">"record #3 of release-train/signoff-log.jsonl" or "review 80 on PR #12".</param>
public sealed record SignOffDecision(
    string Principal,
    string? Role,
    SignOffVerdict Verdict,
    string? Commit,
    string? EvidenceDigest,
    Instant At,
    string AtText,
    SignOffSource Source,
    string SourceId
)
{
    /// <summary>
    /// Why its source could not authenticate it (an unsigned ledger record, one signed by a key the allowed-signers
    /// file does not map to its principal), or null when it is authenticated. A decision with a reason never counts;
    /// <c>--explain</c> lists it with the reason.
    /// </summary>
    public string? Unauthenticated { get; init; }

    /// <summary>The GitHub deployment environments an environment approval was given for (empty for other
    /// sources).</summary>
    public IReadOnlyList<string> Environments { get; init; } = [];
}

/// <summary>What sign-off is evaluated for.</summary>
/// <param name="Release">The release version.</param>
/// <param name="Commit">The release's commit sha, or null when not known (then commit binding is not checked, and the
/// status says so).</param>
/// <param name="EvidenceDigest">The release's current evidence bundle digest, or null when there is no bundle.</param>
/// <param name="At">The evaluation instant.</param>
/// <param name="Author">The release's author (GitHub login, e.g. the release PR's author), who cannot approve; or
/// null. One that is no login (<see cref="Principals"/>) lets no approval count.</param>
public sealed record SignOffRequest(string Release, string? Commit, string? EvidenceDigest, Instant At, string? Author)
{
    /// <summary>
    /// Where <see cref="Author"/> came from (<see cref="ReleaseAuthor.Source"/>, e.g. "--author" or "the author of
    /// PR #12"), shown by <c>--explain</c> and the JSON report; null when the caller did not say.
    /// </summary>
    public string? AuthorSource { get; init; }
}

/// <summary>The state of one required role.</summary>
public enum RoleState
{
    /// <summary>A distinct authorised principal approved, and the approval counts.</summary>
    Approved,

    /// <summary>No counting approval.</summary>
    Missing,

    /// <summary>The latest decision of a principal of the role is a rejection.</summary>
    Rejected,
}

/// <summary>One row of the role table.</summary>
/// <param name="Role">The role.</param>
/// <param name="State">Its state.</param>
/// <param name="Decision">The approval filling it, or the rejection blocking it; null when missing.</param>
/// <param name="Why">Why a missing role is missing (e.g. "alice's approval is for commit 1234567, not 89abcde"), or
/// empty.</param>
public sealed record RoleStatus(
    SignOffRole Role,
    RoleState State,
    SignOffDecision? Decision,
    IReadOnlyList<string> Why
);

/// <summary>A decision that does not count, and why.</summary>
/// <param name="Decision">The decision.</param>
/// <param name="Why">The reason, e.g. "older than maxAge P14D".</param>
public sealed record IgnoredDecision(SignOffDecision Decision, string Why);
