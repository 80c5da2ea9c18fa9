using System.Net;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.GitHub;

/// <summary>
/// A typed GitHub REST client, shaped like Octokit's <c>GitHubClient</c> (<c>client.Repository.Status.Create</c>,
/// <c>client.Repository.Release.Create</c>, <c>client.Check.Run.Create</c>, <c>client.PullRequest.Review.GetAll</c>,
/// <c>client.Organization.Team.GetMembership</c>) so that one adapter can swap it for Octokit where that package is
/// available. Errors are <see cref="GitHubApiException"/> with RT5006/RT5007 (error answers, retries exhausted), and
/// from every method also RT5030 (a URL outside the token's origin, refused before sending), RT5031 (request
/// timeout), RT5032 (the client's deadline passed), RT5033 (answer too large) and RT5034 (answer not the JSON
/// expected); the token and its encodings never appear in them (<see cref="SecretRedactor"/>).
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

    /// <summary><c>GET /repos/{owner}/{repo}/actions/runs/{run_id}</c>: a workflow run.</summary>
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
        _connection.Send<WorkflowRun>(
            HttpMethod.Get,
            _connection.Resolve($"repos/{Escape(owner)}/{Escape(name)}/actions/runs/{runId}"),
            null,
            null,
            GitHubJsonContext.Default.WorkflowRun,
            cancellationToken
        );

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals</c>: the deployment reviews of a run's environments
    /// (every page, should GitHub paginate it).
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
        _connection.GetAll(
            _connection.Resolve($"repos/{Escape(owner)}/{Escape(name)}/actions/runs/{runId}/approvals"),
            GitHubJsonContext.Default.ListEnvironmentApproval,
            cancellationToken
        );

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

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
    ) =>
        _connection.Send(
            HttpMethod.Post,
            _connection.Resolve(
                $"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/statuses/{GitHubClient.Escape(sha)}"
            ),
            status,
            GitHubJsonContext.Default.NewCommitStatus,
            GitHubJsonContext.Default.CommitStatus,
            cancellationToken
        );

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
        _connection.Send<CombinedCommitStatus>(
            HttpMethod.Get,
            _connection.Resolve(
                $"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/commits/"
                    + $"{GitHubClient.Escape(reference)}/status"
            ),
            null,
            null,
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
        _connection.Send<GitHubCommit>(
            HttpMethod.Get,
            _connection.Resolve(
                $"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/commits/"
                    + $"{GitHubClient.Escape(reference)}"
            ),
            null,
            null,
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
    public async Task<Release?> GetByTag(
        string owner,
        string name,
        string tag,
        CancellationToken cancellationToken = default
    )
    {
        var uri = _connection.Resolve(
            $"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/releases/tags/{GitHubClient.Escape(tag)}"
        );
        var answer = await _connection
            .SendRaw(HttpMethod.Get, uri, null, null, cancellationToken, allowNotFound: true)
            .ConfigureAwait(false);
        return answer.Status == HttpStatusCode.NotFound
            ? null
            : _connection.Parse(answer, GitHubJsonContext.Default.Release);
    }

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/releases</c>, every page (drafts included for a token with push access).
    /// </summary>
    /// <param name="owner">The owner.</param>
    /// <param name="name">The repository.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>Every release.</returns>
    /// <exception cref="GitHubApiException">An error answer or retries exhausted.</exception>
    public Task<List<Release>> GetAll(string owner, string name, CancellationToken cancellationToken = default) =>
        _connection.GetAll(
            _connection.Resolve(
                $"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/releases?per_page=100"
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
    ) =>
        _connection.Send(
            HttpMethod.Post,
            _connection.Resolve($"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/releases"),
            release,
            GitHubJsonContext.Default.NewRelease,
            GitHubJsonContext.Default.Release,
            cancellationToken
        );

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
        _connection.Send(
            HttpMethod.Patch,
            _connection.Resolve($"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/releases/{id}"),
            new ReleaseUpdate(Draft: false, MakeLatest: makeLatest),
            GitHubJsonContext.Default.ReleaseUpdate,
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
        var answer = await _connection
            .SendRaw(HttpMethod.Post, uri, content, contentType, cancellationToken)
            .ConfigureAwait(false);
        return _connection.Parse(answer, GitHubJsonContext.Default.ReleaseAsset);
    }
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
        _connection.Send(
            HttpMethod.Post,
            _connection.Resolve($"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/check-runs"),
            run,
            GitHubJsonContext.Default.NewCheckRun,
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
        _connection.Send(
            HttpMethod.Patch,
            _connection.Resolve($"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/check-runs/{id}"),
            update,
            GitHubJsonContext.Default.CheckRunUpdate,
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
        _connection.Send<PullRequest>(
            HttpMethod.Get,
            _connection.Resolve($"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/pulls/{number}"),
            null,
            null,
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
        _connection.GetAll(
            _connection.Resolve(
                $"repos/{GitHubClient.Escape(owner)}/{GitHubClient.Escape(name)}/pulls/{number}/reviews?per_page=100"
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
    public async Task<TeamMembership?> GetMembership(
        string org,
        string teamSlug,
        string login,
        CancellationToken cancellationToken = default
    )
    {
        var uri = _connection.Resolve(
            $"orgs/{GitHubClient.Escape(org)}/teams/{GitHubClient.Escape(teamSlug)}/memberships/"
                + $"{GitHubClient.Escape(login)}"
        );
        var answer = await _connection
            .SendRaw(HttpMethod.Get, uri, null, null, cancellationToken, allowNotFound: true)
            .ConfigureAwait(false);
        return answer.Status == HttpStatusCode.NotFound
            ? null
            : _connection.Parse(answer, GitHubJsonContext.Default.TeamMembership);
    }
}
