using System.Text.Json.Serialization;

namespace ReleaseTrain.GitHub;

/// <summary>A user as GitHub returns it (the fields used here).</summary>
/// <param name="Login">The login.</param>
/// <param name="Id">The numeric id.</param>
public sealed record User(string Login, long Id);

/// <summary>
/// The body of <c>POST /repos/{owner}/{repo}/statuses/{sha}</c> (GitHub REST, "Create a commit status").
/// </summary>
/// <param name="State">error, failure, pending or success (<see cref="CommitState"/>).</param>
/// <param name="TargetUrl">The URL the status links to, or null.</param>
/// <param name="Description">At most 140 characters (GitHub rejects longer with 422).</param>
/// <param name="Context">The status's label, e.g. <c>release-train/drift</c>.</param>
public sealed record NewCommitStatus(string State, string? TargetUrl, string? Description, string Context);

/// <summary>The commit status states GitHub accepts.</summary>
public static class CommitState
{
    /// <summary>error.</summary>
    public const string Error = "error";

    /// <summary>failure.</summary>
    public const string Failure = "failure";

    /// <summary>pending.</summary>
    public const string Pending = "pending";

    /// <summary>success.</summary>
    public const string Success = "success";
}

/// <summary>A commit status.</summary>
/// <param name="Id">Its id.</param>
/// <param name="State">Its state.</param>
/// <param name="Description">Its description.</param>
/// <param name="TargetUrl">Its link.</param>
/// <param name="Context">Its context.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
public sealed record CommitStatus(
    long Id,
    string State,
    string? Description,
    string? TargetUrl,
    string Context,
    DateTimeOffset? CreatedAt
);

/// <summary>
/// <c>GET /repos/{owner}/{repo}/commits/{ref}/status</c>: the combined state and the latest status per context.
/// </summary>
/// <param name="State">failure if any context is error or failure, pending if any is pending (or none exist), else
/// success.</param>
/// <param name="Sha">The commit.</param>
/// <param name="TotalCount">How many contexts.</param>
/// <param name="Statuses">The latest status per context.</param>
public sealed record CombinedCommitStatus(
    string State,
    string Sha,
    int TotalCount,
    IReadOnlyList<CommitStatus> Statuses
);

/// <summary>A check-run annotation (at most 50 per request; GitHub, "Update a check run").</summary>
/// <param name="Path">Repository-relative path, '/' separated.</param>
/// <param name="StartLine">1-based start line.</param>
/// <param name="EndLine">1-based end line.</param>
/// <param name="AnnotationLevel">notice, warning or failure.</param>
/// <param name="Message">The message.</param>
/// <param name="Title">A short title (e.g. the diagnostic code), or null.</param>
/// <param name="StartColumn">1-based start column (only when StartLine equals EndLine), or null.</param>
/// <param name="EndColumn">1-based end column, or null.</param>
public sealed record CheckRunAnnotation(
    string Path,
    int StartLine,
    int EndLine,
    string AnnotationLevel,
    string Message,
    string? Title = null,
    int? StartColumn = null,
    int? EndColumn = null
);

/// <summary>The output of a check run.</summary>
/// <param name="Title">The title.</param>
/// <param name="Summary">The summary (Markdown).</param>
/// <param name="Annotations">Annotations (at most 50 per request), or null.</param>
public sealed record CheckRunOutput(
    string Title,
    string Summary,
    IReadOnlyList<CheckRunAnnotation>? Annotations = null
);

/// <summary>The body of <c>POST /repos/{owner}/{repo}/check-runs</c>.</summary>
/// <param name="Name">The check's name.</param>
/// <param name="HeadSha">The commit.</param>
/// <param name="Status">queued, in_progress or completed.</param>
/// <param name="Conclusion">With status completed: success, failure, neutral, cancelled, skipped, timed_out or
/// action_required.</param>
/// <param name="DetailsUrl">A link, or null.</param>
/// <param name="Output">The output, or null.</param>
public sealed record NewCheckRun(
    string Name,
    string HeadSha,
    string? Status = null,
    string? Conclusion = null,
    string? DetailsUrl = null,
    CheckRunOutput? Output = null
);

/// <summary>The body of <c>PATCH /repos/{owner}/{repo}/check-runs/{id}</c>.</summary>
/// <param name="Status">The status, or null to keep it.</param>
/// <param name="Conclusion">The conclusion, or null to keep it.</param>
/// <param name="Output">The output (annotations are appended by GitHub), or null.</param>
public sealed record CheckRunUpdate(string? Status = null, string? Conclusion = null, CheckRunOutput? Output = null);

/// <summary>A check run.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="HeadSha">Its commit.</param>
/// <param name="Status">Its status.</param>
/// <param name="Conclusion">Its conclusion.</param>
/// <param name="HtmlUrl">Its page.</param>
public sealed record CheckRun(
    long Id,
    string Name,
    string HeadSha,
    string? Status,
    string? Conclusion,
    string? HtmlUrl
);

/// <summary>The body of <c>POST /repos/{owner}/{repo}/releases</c>.</summary>
/// <param name="TagName">The tag (created at TargetCommitish when absent).</param>
/// <param name="TargetCommitish">The commit the tag is created at.</param>
/// <param name="Name">The title.</param>
/// <param name="Body">The body (Markdown).</param>
/// <param name="Draft">Create as a draft.</param>
/// <param name="Prerelease">Mark as a prerelease.</param>
/// <param name="MakeLatest">"true", "false" or "legacy".</param>
public sealed record NewRelease(
    string TagName,
    string? TargetCommitish,
    string? Name,
    string? Body,
    bool Draft,
    bool Prerelease,
    string? MakeLatest = null
);

/// <summary>The body of <c>PATCH /repos/{owner}/{repo}/releases/{id}</c>; null members are left unchanged.</summary>
/// <param name="Body">A new body, or null.</param>
/// <param name="Draft">false publishes a draft, or null.</param>
/// <param name="MakeLatest">"true", "false" or "legacy", or null.</param>
public sealed record ReleaseUpdate(string? Body = null, bool? Draft = null, string? MakeLatest = null);

/// <summary>A release asset.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its file name.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Digest"><c>sha256:&lt;hex&gt;</c> as GitHub computes it on upload, or null where the server does not
/// report it.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="State">uploaded or open.</param>
/// <param name="BrowserDownloadUrl">Its download link.</param>
public sealed record ReleaseAsset(
    long Id,
    string Name,
    long Size,
    string? Digest,
    string? ContentType,
    string? State,
    string? BrowserDownloadUrl
);

/// <summary>A release.</summary>
/// <param name="Id">Its id.</param>
/// <param name="TagName">Its tag.</param>
/// <param name="TargetCommitish">The commit or branch its tag was created at.</param>
/// <param name="Name">Its title.</param>
/// <param name="Body">Its body.</param>
/// <param name="Draft">Whether it is a draft.</param>
/// <param name="Prerelease">Whether it is a prerelease.</param>
/// <param name="HtmlUrl">Its page.</param>
/// <param name="UploadUrl">The RFC 6570 URI template assets are uploaded to, e.g.
/// <c>https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}</c>.</param>
/// <param name="Assets">Its assets.</param>
public sealed record Release(
    long Id,
    string TagName,
    string? TargetCommitish,
    string? Name,
    string? Body,
    bool Draft,
    bool Prerelease,
    string? HtmlUrl,
    string UploadUrl,
    IReadOnlyList<ReleaseAsset> Assets
);

/// <summary>A commit reference of a pull request.</summary>
/// <param name="Sha">The commit.</param>
/// <param name="Ref">The branch.</param>
public sealed record GitReference(string Sha, string? Ref);

/// <summary>A pull request (the fields used here).</summary>
/// <param name="Number">Its number.</param>
/// <param name="User">Its author.</param>
/// <param name="Head">Its head commit.</param>
/// <param name="State">open or closed.</param>
public sealed record PullRequest(int Number, User User, GitReference Head, string? State);

/// <summary>A pull-request review.</summary>
/// <param name="Id">Its id.</param>
/// <param name="User">The reviewer.</param>
/// <param name="Body">Its body.</param>
/// <param name="State">APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING.</param>
/// <param name="CommitId">The commit the review was given on.</param>
/// <param name="SubmittedAt">When it was submitted (UTC), null while pending.</param>
public sealed record PullRequestReview(
    long Id,
    User? User,
    string? Body,
    string State,
    string? CommitId,
    DateTimeOffset? SubmittedAt
);

/// <summary><c>GET /repos/{owner}/{repo}/commits/{ref}</c> (the fields used here).</summary>
/// <param name="Sha">The commit.</param>
/// <param name="Author">The GitHub account GitHub links the commit's author email to, or null when it links none.
/// </param>
public sealed record GitHubCommit(string Sha, User? Author);

/// <summary><c>GET /orgs/{org}/teams/{team_slug}/memberships/{username}</c>.</summary>
/// <param name="State">active or pending (a pending invitation is not membership).</param>
/// <param name="Role">member or maintainer.</param>
public sealed record TeamMembership(string State, string? Role);

/// <summary><c>GET /repos/{owner}/{repo}/actions/runs/{run_id}</c> (the fields used here).</summary>
/// <param name="Id">The run's id.</param>
/// <param name="HeadSha">The commit the run ran on (what its environment approvals are bound to).</param>
/// <param name="RunAttempt">The attempt number, or null.</param>
/// <param name="RunStartedAt">When the run's latest attempt started (UTC), or null.</param>
/// <param name="CreatedAt">When the run was created (UTC), or null.</param>
public sealed record WorkflowRun(
    long Id,
    string HeadSha,
    int? RunAttempt,
    DateTimeOffset? RunStartedAt,
    DateTimeOffset? CreatedAt
);

/// <summary>
/// One entry of <c>GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals</c> (GitHub REST, "Get the review
/// history for a workflow run"): a deployment review of the run's environments. GitHub gives it no timestamp.
/// </summary>
/// <param name="Environments">The environments approved or rejected.</param>
/// <param name="State">approved, rejected or pending (a comment only).</param>
/// <param name="User">The reviewer.</param>
/// <param name="Comment">The comment given with it, or null.</param>
public sealed record EnvironmentApproval(
    IReadOnlyList<ApprovalEnvironment> Environments,
    string State,
    User User,
    string? Comment
);

/// <summary>An environment of an <see cref="EnvironmentApproval"/> (the fields used here).</summary>
/// <param name="Id">Its id, or null.</param>
/// <param name="Name">Its name, e.g. <c>release</c>.</param>
public sealed record ApprovalEnvironment(long? Id, string Name);

/// <summary>GitHub's error body: message, validation errors (422) and documentation_url.</summary>
/// <param name="Message">GitHub's message.</param>
/// <param name="Errors">Validation errors, or null.</param>
/// <param name="DocumentationUrl">The documentation link, or null.</param>
public sealed record ApiError(string? Message, IReadOnlyList<ApiErrorDetail>? Errors, string? DocumentationUrl);

/// <summary>One validation error of a 422 answer.</summary>
/// <param name="Resource">e.g. Release.</param>
/// <param name="Field">e.g. tag_name.</param>
/// <param name="Code">e.g. already_exists, missing_field, invalid, custom.</param>
/// <param name="Message">A message (for code custom), or null.</param>
public sealed record ApiErrorDetail(string? Resource, string? Field, string? Code, string? Message);

/// <summary>System.Text.Json source generation for every GitHub model (snake_case members, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull
)]
[JsonSerializable(typeof(NewCommitStatus))]
[JsonSerializable(typeof(CommitStatus))]
[JsonSerializable(typeof(CombinedCommitStatus))]
[JsonSerializable(typeof(NewCheckRun))]
[JsonSerializable(typeof(CheckRunUpdate))]
[JsonSerializable(typeof(CheckRun))]
[JsonSerializable(typeof(NewRelease))]
[JsonSerializable(typeof(ReleaseUpdate))]
[JsonSerializable(typeof(Release))]
[JsonSerializable(typeof(List<Release>))]
[JsonSerializable(typeof(ReleaseAsset))]
[JsonSerializable(typeof(PullRequest))]
[JsonSerializable(typeof(List<PullRequestReview>))]
[JsonSerializable(typeof(TeamMembership))]
[JsonSerializable(typeof(GitHubCommit))]
[JsonSerializable(typeof(WorkflowRun))]
[JsonSerializable(typeof(List<EnvironmentApproval>))]
[JsonSerializable(typeof(ApiError))]
public sealed partial class GitHubJsonContext : JsonSerializerContext;
