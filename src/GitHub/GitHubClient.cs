using ReleaseTrain.Core.Diagnostics;
using Ok = Octokit;

namespace ReleaseTrain.GitHub;

/// <summary>
/// The GitHub adapter: Octokit 14's <c>GitHubClient</c> (<c>client.Repository.Status.Create</c>,
/// <c>client.Repository.Release.Create</c>, <c>client.Check.Run.Create</c>, <c>client.PullRequest.Review.GetAll</c>,
/// <c>client.Actions.Workflows.Runs.Get</c>, ...) behind the same shape, over Octokit's connection with our
/// <see cref="GitHubPolicyHandler"/> in its HTTP pipeline; answers are read into this namespace's models (Octokit's
/// types stay inside this assembly). The calls Octokit has no typed method for with today's request (team membership by
/// slug, an asset upload read back with its <c>digest</c>) go through Octokit's <c>IConnection</c>. Errors are
/// <see cref="GitHubApiException"/> with RT5006/RT5007 (error answers, retries exhausted), and from every method also
/// RT5030 (a URL outside the token's origin, refused before sending), RT5031 (request timeout), RT5032 (the client's
/// deadline passed), RT5033 (answer too large) and RT5034 (answer not the JSON expected); the token and its encodings
/// never appear in them (<see cref="SecretRedactor"/>).
/// </summary>
public sealed class GitHubClient : IDisposable
{
    private readonly GitHubConnection _connection;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Base URL, token and retry settings.</param>
    /// <param name="handler">An HTTP handler to send through (owned by the caller), or null for the default. It must
    /// not follow redirects itself: the client follows them within the token's origin only.</param>
    /// <exception cref="ReleaseTrainException">RT5035: a setting of <paramref name="options"/> cannot be
    /// used.</exception>
    /// <exception cref="ArgumentException">The handler follows redirects (AllowAutoRedirect).</exception>
    public GitHubClient(GitHubClientOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connection = new GitHubConnection(options, handler);
        Repository = new RepositoriesClient(_connection);
        Check = new ChecksClient(_connection);
        PullRequest = new PullRequestsClient(_connection);
        Organization = new OrganizationsClient(_connection);
    }

    /// <summary>Commit statuses and releases.</summary>
    public RepositoriesClient Repository { get; }

    /// <summary>Check runs.</summary>
    public ChecksClient Check { get; }

    /// <summary>Pull requests and their reviews.</summary>
    public PullRequestsClient PullRequest { get; }

    /// <summary>Team membership look-ups.</summary>
    public OrganizationsClient Organization { get; }

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/actions/runs/{run_id}</c>: a workflow run (Octokit:
    /// <c>Actions.Workflows.Runs.Get</c>).
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="runId">The run's id (GITHUB_RUN_ID).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The run.</returns>
    /// <exception cref="GitHubApiException">An error answer (404 for an unknown run) or retries exhausted.</exception>
    public Task<WorkflowRun> GetWorkflowRun(
        string owner,
        string name,
        long runId,
        CancellationToken cancellationToken = default
    ) =>
        _connection.Call(
            () => _connection.Octokit.Actions.Workflows.Runs.Get(Escape(owner), Escape(name), runId),
            GitHubJsonContext.Default.WorkflowRun,
            cancellationToken
        );

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals</c>: the deployment reviews of a run's environments
    /// (Octokit: <c>Actions.Workflows.Runs.GetReviewHistory</c>; every page, should GitHub paginate it).
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The reviews, as GitHub lists them.</returns>
    /// <exception cref="GitHubApiException">An error answer or retries exhausted.</exception>
    public Task<List<EnvironmentApproval>> ListRunApprovals(
        string owner,
        string name,
        long runId,
        CancellationToken cancellationToken = default
    ) =>
        _connection.CallPages(
            () => _connection.Octokit.Actions.Workflows.Runs.GetReviewHistory(Escape(owner), Escape(name), runId),
            GitHubJsonContext.Default.ListEnvironmentApproval,
            cancellationToken
        );

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    /// <summary>Pages of 100 (GitHub's largest), from the first; Octokit follows every Link: rel="next".</summary>
    internal static Ok.ApiOptions Pages => new() { PageSize = 100 };

    /// <summary>
    /// A path argument as one URL segment: Octokit puts its arguments into its URL templates as they are, so a
    /// <c>/</c>, <c>?</c> or <c>#</c> in a ref, tag, owner or name would otherwise reach another endpoint, start a
    /// query or cut the URL at a fragment. Every string Octokit puts into a path goes through this.
    /// </summary>
    /// <param name="segment">The argument.</param>
    /// <returns>It percent-encoded (RFC 3986 unreserved characters kept).</returns>
    internal static string Escape(string segment) => Uri.EscapeDataString(segment);
}

/// <summary><c>client.Repository</c>.</summary>
public sealed class RepositoriesClient
{
    internal RepositoriesClient(GitHubConnection connection)
    {
        Status = new CommitStatusClient(connection);
        Release = new ReleasesClient(connection);
        Commit = new RepositoryCommitsClient(connection);
    }

    /// <summary>Commit statuses.</summary>
    public CommitStatusClient Status { get; }

    /// <summary>Commits.</summary>
    public RepositoryCommitsClient Commit { get; }

    /// <summary>Releases and release assets.</summary>
    public ReleasesClient Release { get; }
}

/// <summary>Commit statuses (GitHub REST, "Commit statuses").</summary>
public sealed class CommitStatusClient
{
    private readonly GitHubConnection _connection;

    internal CommitStatusClient(GitHubConnection connection) => _connection = connection;

    /// <summary><c>POST /repos/{owner}/{repo}/statuses/{sha}</c>.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="sha">The commit.</param>
    /// <param name="status">The status (description at most 140 characters).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The created status.</returns>
    /// <exception cref="GitHubApiException">An error answer (RT5006) or retries exhausted (RT5007).</exception>
    public Task<CommitStatus> Create(
        string owner,
        string name,
        string sha,
        NewCommitStatus status,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(status);
        var request = new Ok.NewCommitStatus
        {
            State = Enum.Parse<Ok.CommitState>(status.State, ignoreCase: true),
            TargetUrl = status.TargetUrl,
            Description = status.Description,
            Context = status.Context,
        };
        return _connection.Call(
            () =>
                _connection.Octokit.Repository.Status.Create(
                    GitHubClient.Escape(owner),
                    GitHubClient.Escape(name),
                    GitHubClient.Escape(sha),
                    request
                ),
            GitHubJsonContext.Default.CommitStatus,
            cancellationToken
        );
    }

    /// <summary><c>GET /repos/{owner}/{repo}/commits/{ref}/status</c>: the combined status.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="reference">A sha, branch or tag.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The combined status.</returns>
    /// <exception cref="GitHubApiException">An error answer or retries exhausted.</exception>
    public Task<CombinedCommitStatus> GetCombined(
        string owner,
        string name,
        string reference,
        CancellationToken cancellationToken = default
    ) =>
        _connection.Call(
            () =>
                _connection.Octokit.Repository.Status.GetCombined(
                    GitHubClient.Escape(owner),
                    GitHubClient.Escape(name),
                    GitHubClient.Escape(reference)
                ),
            GitHubJsonContext.Default.CombinedCommitStatus,
            cancellationToken
        );
}

/// <summary>Commits (GitHub REST, "Commits").</summary>
public sealed class RepositoryCommitsClient
{
    private readonly GitHubConnection _connection;

    internal RepositoryCommitsClient(GitHubConnection connection) => _connection = connection;

    /// <summary>The request <see cref="Get"/> sends, as reports name it:
    /// <c>GET /repos/{owner}/{repo}/commits/{ref}</c>.
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="reference">A sha, branch or tag.</param>
    /// <returns>The method and path.</returns>
    public static string Describe(string owner, string name, string reference) =>
        $"GET /repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/commits/{GitHubClient.Escape(reference)}";

    /// <summary><c>GET /repos/{owner}/{repo}/commits/{ref}</c>: a commit and the GitHub accounts of its author and
    /// committer.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="reference">A sha, branch or tag.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The commit.</returns>
    /// <exception cref="GitHubApiException">An error answer (RT5006; 422 or 404 for a commit GitHub does not have) or
    /// retries exhausted (RT5007).</exception>
    public Task<GitHubCommit> Get(
        string owner,
        string name,
        string reference,
        CancellationToken cancellationToken = default
    ) =>
        _connection.Call(
            () =>
                _connection.Octokit.Repository.Commit.Get(
                    GitHubClient.Escape(owner),
                    GitHubClient.Escape(name),
                    GitHubClient.Escape(reference)
                ),
            GitHubJsonContext.Default.GitHubCommit,
            cancellationToken
        );
}

/// <summary>Releases and assets (GitHub REST, "Releases" and "Release assets").</summary>
public sealed class ReleasesClient
{
    private readonly GitHubConnection _connection;

    internal ReleasesClient(GitHubConnection connection) => _connection = connection;

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/releases/tags/{tag}</c>: the published release of a tag (drafts are not found this
    /// way).
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="tag">The tag.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The release, or null on 404.</returns>
    /// <exception cref="GitHubApiException">Another error answer or retries exhausted.</exception>
    public Task<Release?> GetByTag(
        string owner,
        string name,
        string tag,
        CancellationToken cancellationToken = default
    ) =>
        _connection.CallOrNull(
            () =>
                _connection.Octokit.Repository.Release.Get(
                    GitHubClient.Escape(owner),
                    GitHubClient.Escape(name),
                    GitHubClient.Escape(tag)
                ),
            GitHubJsonContext.Default.Release,
            cancellationToken
        );

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/releases</c>, every page (drafts included for a token with push access).
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>Every release.</returns>
    /// <exception cref="GitHubApiException">An error answer or retries exhausted.</exception>
    public Task<List<Release>> GetAll(string owner, string name, CancellationToken cancellationToken = default) =>
        _connection.CallPages(
            () =>
                _connection.Octokit.Repository.Release.GetAll(
                    GitHubClient.Escape(owner),
                    GitHubClient.Escape(name),
                    GitHubClient.Pages
                ),
            GitHubJsonContext.Default.ListRelease,
            cancellationToken
        );

    /// <summary><c>POST /repos/{owner}/{repo}/releases</c>.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="release">The release.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The created release.</returns>
    /// <exception cref="GitHubApiException">An error answer (e.g. 422 already_exists) or retries exhausted.</exception>
    public Task<Release> Create(
        string owner,
        string name,
        NewRelease release,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(release);
        var request = new Ok.NewRelease(release.TagName)
        {
            TargetCommitish = release.TargetCommitish,
            Name = release.Name,
            Body = release.Body,
            Draft = release.Draft,
            Prerelease = release.Prerelease,
            MakeLatest = MakeLatest(release.MakeLatest),
        };
        return _connection.Call(
            () =>
                _connection.Octokit.Repository.Release.Create(
                    GitHubClient.Escape(owner),
                    GitHubClient.Escape(name),
                    request
                ),
            GitHubJsonContext.Default.Release,
            cancellationToken
        );
    }

    /// <summary>
    /// Publishes a draft: <c>PATCH /repos/{owner}/{repo}/releases/{id}</c> with <c>draft: false</c> (Octokit:
    /// <c>Edit</c>).
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="id">The release id.</param>
    /// <param name="makeLatest">"true", "false" or "legacy".</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The published release.</returns>
    /// <exception cref="GitHubApiException">An error answer or retries exhausted.</exception>
    public Task<Release> Publish(
        string owner,
        string name,
        long id,
        string? makeLatest = null,
        CancellationToken cancellationToken = default
    ) =>
        _connection.Call(
            () =>
                _connection.Octokit.Repository.Release.Edit(
                    GitHubClient.Escape(owner),
                    GitHubClient.Escape(name),
                    id,
                    new Ok.ReleaseUpdate { Draft = false, MakeLatest = MakeLatest(makeLatest) }
                ),
            GitHubJsonContext.Default.Release,
            cancellationToken
        );

    /// <summary>
    /// Uploads an asset to the release's <c>upload_url</c> (an RFC 6570 template such as
    /// <c>https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}</c>, expanded with <c>name</c>).
    /// </summary>
    /// <param name="release">The release (its UploadUrl is used).</param>
    /// <param name="fileName">The asset name.</param>
    /// <param name="contentType">The media type.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The asset.</returns>
    /// <exception cref="GitHubApiException">An error answer (e.g. 422 already_exists) or retries exhausted.</exception>
    public async Task<ReleaseAsset> UploadAsset(
        Release release,
        string fileName,
        string contentType,
        byte[] content,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(release);
        var template = release.UploadUrl;
        var brace = template.IndexOf('{', StringComparison.Ordinal);
        var baseUrl = brace >= 0 ? template[..brace] : template;
        if (
            !Uri.TryCreate(
                baseUrl
                    + (baseUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?")
                    + "name="
                    + Uri.EscapeDataString(fileName),
                UriKind.Absolute,
                out var uri
            )
        )
        {
            throw new GitHubApiException(
                DiagnosticCodes.GitHubAnswerMalformed.Error(
                    null,
                    0,
                    0,
                    "POST",
                    _connection.Redact(template),
                    $"release {release.Id}",
                    "its upload_url is not an absolute URL"
                ),
                null,
                null
            );
        }

        _connection.EnsureAllowed(HttpMethod.Post, uri, "the release's upload_url");

        // Through Octokit's connection, as Octokit's UploadAsset does, but read back with the asset's digest (which
        // Octokit's ReleaseAsset lacks).
        return await _connection
            .Call(
                async () =>
                {
                    using var body = new MemoryStream(content, writable: false);
                    await _connection
                        .Connection.Post<Ok.ReleaseAsset>(
                            uri,
                            body,
                            "application/vnd.github+json",
                            contentType,
                            new Dictionary<string, string>(),
                            cancellationToken
                        )
                        .ConfigureAwait(false);
                },
                GitHubJsonContext.Default.ReleaseAsset,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    private static Ok.MakeLatestQualifier? MakeLatest(string? value) =>
        value is null ? null : Enum.Parse<Ok.MakeLatestQualifier>(value, ignoreCase: true);
}

/// <summary><c>client.Check</c>.</summary>
public sealed class ChecksClient
{
    internal ChecksClient(GitHubConnection connection) => Run = new CheckRunsClient(connection);

    /// <summary>Check runs.</summary>
    public CheckRunsClient Run { get; }
}

/// <summary>Check runs (GitHub REST, "Check runs").</summary>
public sealed class CheckRunsClient
{
    /// <summary>GitHub accepts at most 50 annotations per request.</summary>
    public const int AnnotationBatchSize = 50;

    private readonly GitHubConnection _connection;

    internal CheckRunsClient(GitHubConnection connection) => _connection = connection;

    /// <summary><c>POST /repos/{owner}/{repo}/check-runs</c>.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="run">The run (at most 50 annotations).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The run.</returns>
    /// <exception cref="GitHubApiException">An error answer or retries exhausted.</exception>
    public Task<CheckRun> Create(
        string owner,
        string name,
        NewCheckRun run,
        CancellationToken cancellationToken = default
    ) =>
        _connection.Call(
            () =>
                _connection.Octokit.Check.Run.Create(
                    GitHubClient.Escape(owner),
                    GitHubClient.Escape(name),
                    ToOctokit(run)
                ),
            GitHubJsonContext.Default.CheckRun,
            cancellationToken
        );

    /// <summary><c>PATCH /repos/{owner}/{repo}/check-runs/{id}</c>.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="id">The run id.</param>
    /// <param name="update">The update (at most 50 annotations; GitHub appends them).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The run.</returns>
    /// <exception cref="GitHubApiException">An error answer or retries exhausted.</exception>
    public Task<CheckRun> Update(
        string owner,
        string name,
        long id,
        CheckRunUpdate update,
        CancellationToken cancellationToken = default
    ) =>
        _connection.Call(
            () =>
                _connection.Octokit.Check.Run.Update(
                    GitHubClient.Escape(owner),
                    GitHubClient.Escape(name),
                    id,
                    ToOctokit(update)
                ),
            GitHubJsonContext.Default.CheckRun,
            cancellationToken
        );

    /// <summary>
    /// Creates a completed run carrying any number of annotations: the first 50 with the create request, the rest in
    /// updates of 50 each (GitHub's limit per request).
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="run">The run without annotations in its output.</param>
    /// <param name="annotations">Every annotation.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The run after the last request.</returns>
    /// <exception cref="GitHubApiException">An error answer or retries exhausted.</exception>
    public async Task<CheckRun> CreateWithAnnotations(
        string owner,
        string name,
        NewCheckRun run,
        IReadOnlyList<CheckRunAnnotation> annotations,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(annotations);
        var output = run.Output ?? new CheckRunOutput(run.Name, string.Empty);
        var batches = annotations.Chunk(AnnotationBatchSize).ToList();
        var created = await Create(
                owner,
                name,
                run with
                {
                    Output = output with { Annotations = batches.Count > 0 ? batches[0] : null },
                },
                cancellationToken
            )
            .ConfigureAwait(false);
        foreach (var batch in batches.Skip(1))
        {
            created = await Update(
                    owner,
                    name,
                    created.Id,
                    new CheckRunUpdate(Output: output with { Annotations = batch }),
                    cancellationToken
                )
                .ConfigureAwait(false);
        }

        return created;
    }

    private static Ok.NewCheckRun ToOctokit(NewCheckRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Ok.NewCheckRun(run.Name, run.HeadSha)
        {
            Status = Enumerated<Ok.CheckStatus>(run.Status),
            Conclusion = Enumerated<Ok.CheckConclusion>(run.Conclusion),
            DetailsUrl = run.DetailsUrl,
            Output = ToOctokit(run.Output),
        };
    }

    private static Ok.CheckRunUpdate ToOctokit(CheckRunUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return new Ok.CheckRunUpdate
        {
            Status = Enumerated<Ok.CheckStatus>(update.Status),
            Conclusion = Enumerated<Ok.CheckConclusion>(update.Conclusion),
            Output = ToOctokit(update.Output),
        };
    }

    // Not `x is null ? null : ...`: C# would turn that null into a StringEnum through its implicit string conversion.
    private static Ok.StringEnum<T>? Enumerated<T>(string? value)
        where T : struct => value is null ? default(Ok.StringEnum<T>?) : new Ok.StringEnum<T>(value);

    private static Ok.NewCheckRunOutput? ToOctokit(CheckRunOutput? output) =>
        output is null
            ? null
            : new Ok.NewCheckRunOutput(output.Title, output.Summary)
            {
                Annotations = output.Annotations?.Select(ToOctokit).ToList(),
            };

    private static Ok.NewCheckRunAnnotation ToOctokit(CheckRunAnnotation annotation) =>
        new(
            annotation.Path,
            annotation.StartLine,
            annotation.EndLine,
            Enum.Parse<Ok.CheckAnnotationLevel>(annotation.AnnotationLevel, ignoreCase: true),
            annotation.Message
        )
        {
            Title = annotation.Title,
            StartColumn = annotation.StartColumn,
            EndColumn = annotation.EndColumn,
        };
}

/// <summary><c>client.PullRequest</c>.</summary>
public sealed class PullRequestsClient
{
    private readonly GitHubConnection _connection;

    internal PullRequestsClient(GitHubConnection connection)
    {
        _connection = connection;
        Review = new PullRequestReviewsClient(connection);
    }

    /// <summary>Reviews.</summary>
    public PullRequestReviewsClient Review { get; }

    /// <summary><c>GET /repos/{owner}/{repo}/pulls/{number}</c>.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="number">The PR number.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The pull request.</returns>
    /// <exception cref="GitHubApiException">An error answer or retries exhausted.</exception>
    public Task<PullRequest> Get(
        string owner,
        string name,
        int number,
        CancellationToken cancellationToken = default
    ) =>
        _connection.Call(
            () => _connection.Octokit.PullRequest.Get(GitHubClient.Escape(owner), GitHubClient.Escape(name), number),
            GitHubJsonContext.Default.PullRequest,
            cancellationToken
        );
}

/// <summary>Pull-request reviews (GitHub REST, "Reviews for a pull request").</summary>
public sealed class PullRequestReviewsClient
{
    private readonly GitHubConnection _connection;

    internal PullRequestReviewsClient(GitHubConnection connection) => _connection = connection;

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/pulls/{number}/reviews</c>, every page (Link headers), in chronological order.
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="number">The PR number.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>Every review.</returns>
    /// <exception cref="GitHubApiException">An error answer or retries exhausted.</exception>
    public Task<List<PullRequestReview>> GetAll(
        string owner,
        string name,
        int number,
        CancellationToken cancellationToken = default
    ) =>
        _connection.CallPages(
            () =>
                _connection.Octokit.PullRequest.Review.GetAll(
                    GitHubClient.Escape(owner),
                    GitHubClient.Escape(name),
                    number,
                    GitHubClient.Pages
                ),
            GitHubJsonContext.Default.ListPullRequestReview,
            cancellationToken
        );
}

/// <summary><c>client.Organization</c>.</summary>
public sealed class OrganizationsClient
{
    internal OrganizationsClient(GitHubConnection connection) => Team = new TeamsClient(connection);

    /// <summary>Teams.</summary>
    public TeamsClient Team { get; }
}

/// <summary>Teams (GitHub REST, "Team members").</summary>
public sealed class TeamsClient
{
    private readonly GitHubConnection _connection;

    internal TeamsClient(GitHubConnection connection) => _connection = connection;

    /// <summary><c>GET /orgs/{org}/teams/{team_slug}/memberships/{username}</c>.</summary>
    /// <param name="org">The organisation.</param>
    /// <param name="teamSlug">The team slug.</param>
    /// <param name="login">The user.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The membership, or null when the user is not a member (404).</returns>
    /// <exception cref="GitHubApiException">Another error answer or retries exhausted.</exception>
    public Task<TeamMembership?> GetMembership(
        string org,
        string teamSlug,
        string login,
        CancellationToken cancellationToken = default
    )
    {
        // Octokit looks memberships up by team id only; by slug it is one request through its connection.
        var uri = _connection.Resolve(
            $"orgs/{GitHubClient.Escape(org)}/teams/{GitHubClient.Escape(teamSlug)}/memberships/"
                + $"{GitHubClient.Escape(login)}"
        );
        return _connection.CallOrNull(
            () => _connection.Connection.Get<Ok.TeamMembershipDetails>(uri, new Dictionary<string, string>()),
            GitHubJsonContext.Default.TeamMembership,
            cancellationToken
        );
    }
}
