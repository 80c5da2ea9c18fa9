using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.GitHub;

namespace ReleaseTrain.Cli;

/// <summary>
/// The GitHub side of a command: GITHUB_API_URL, GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_SHA, and the
/// run URL (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID). Fetches what Core's sign-off rules need
/// from GitHub (PR reviews, the PR's author and head commit, team memberships); holds no rule.
/// </summary>
internal sealed class GitHubContext : IDisposable
{
    private GitHubContext(GitHubClient client, string owner, string name)
    {
        Client = client;
        Owner = owner;
        Name = name;
    }

    public GitHubClient Client { get; }

    public string Owner { get; }

    public string Name { get; }

    /// <summary>The commit from GITHUB_SHA, or null.</summary>
    public static string? EnvironmentSha => Variable("GITHUB_SHA");

    /// <summary>The workflow run's URL, or null outside GitHub Actions.</summary>
    public static string? RunUrl =>
        Variable("GITHUB_SERVER_URL") is { } server
        && Variable("GITHUB_REPOSITORY") is { } repo
        && Variable("GITHUB_RUN_ID") is { } run
            ? $"{server.TrimEnd('/')}/{repo}/actions/runs/{run}"
            : null;

    /// <summary>
    /// Connects from the environment (<see cref="GitHubClientOptions.FromEnvironment"/>: GITHUB_API_URL, GITHUB_TOKEN,
    /// RELEASE_TRAIN_GITHUB_TIMEOUT, RELEASE_TRAIN_GITHUB_DEADLINE, RELEASE_TRAIN_GITHUB_MAX_RESPONSE_BYTES). The
    /// deadline runs from here: one context per command.
    /// </summary>
    /// <returns>The context.</returns>
    /// <exception cref="ReleaseTrainException">RT5035 when a setting cannot be used (a line break in GITHUB_TOKEN,
    /// credentials in or plain http for GITHUB_API_URL); RT5008 when GITHUB_TOKEN or GITHUB_REPOSITORY is missing or
    /// malformed.</exception>
    public static GitHubContext FromEnvironment()
    {
        var options = GitHubClientOptions.FromEnvironment(Variable);
        if (options.Token is null)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.GitHubSettingMissing.Error(
                    null,
                    0,
                    0,
                    "GITHUB_TOKEN",
                    "a token with contents, statuses, checks and pull-requests access is needed to talk to GitHub"
                )
            );
        }

        var repository = Variable("GITHUB_REPOSITORY");
        var parts = repository?.Split('/') ?? [];
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.GitHubSettingMissing.Error(
                    null,
                    0,
                    0,
                    "GITHUB_REPOSITORY",
                    $"it must be owner/name (got '{repository}')"
                )
            );
        }

        return new GitHubContext(new GitHubClient(options), parts[0], parts[1]);
    }

    /// <summary>
    /// The sign-off inputs of a release PR: its reviews as decisions, its author and its head commit.
    /// </summary>
    /// <param name="number">The PR number.</param>
    /// <returns>The decisions, the author and the head sha.</returns>
    public async Task<(IReadOnlyList<SignOffDecision> Reviews, string Author, string HeadSha)> PullRequestSignOff(
        int number
    )
    {
        var pull = await Client.PullRequest.Get(Owner, Name, number).ConfigureAwait(false);
        var reviews = await Client.PullRequest.Review.GetAll(Owner, Name, number).ConfigureAwait(false);
        var source = SignOffSources.Of<PullRequestReviewSource>();
        var decisions = reviews
            .Where(r => r.User is not null)
            .Select(r =>
                source.FromReview(
                    r.User!.Login,
                    r.State,
                    r.CommitId,
                    r.SubmittedAt?.ToString(
                        "yyyy-MM-dd'T'HH:mm:ssK",
                        System.Globalization.CultureInfo.InvariantCulture
                    ),
                    r.Body,
                    source.SourceId(r.Id, number)
                )
            )
            .OfType<SignOffDecision>()
            .ToList();
        return (decisions, pull.User.Login, pull.Head.Sha);
    }

    /// <summary>
    /// The environment deployment approvals of a workflow run as decisions (<see cref="EnvironmentApprovalSource"/>),
    /// bound to the run's head commit.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="releaseCommit">The release's commit.</param>
    /// <returns>The decisions.</returns>
    public async Task<IReadOnlyList<SignOffDecision>> EnvironmentApprovals(long runId, string? releaseCommit)
    {
        var run = await Client.GetWorkflowRun(Owner, Name, runId).ConfigureAwait(false);
        var approvals = await Client.ListRunApprovals(Owner, Name, runId).ConfigureAwait(false);
        return SignOffSources
            .Of<EnvironmentApprovalSource>()
            .FromRun(
                runId,
                run.HeadSha,
                (run.RunStartedAt ?? run.CreatedAt)?.ToString(
                    "yyyy-MM-dd'T'HH:mm:ssK",
                    System.Globalization.CultureInfo.InvariantCulture
                ),
                releaseCommit,
                [
                    .. approvals.Select(a => new EnvironmentApprovalSource.Review(
                        a.User.Login,
                        a.State,
                        [.. a.Environments.Select(e => e.Name)]
                    )),
                ]
            );
    }

    /// <summary>What GitHub says about the author of a commit (<c>GET /repos/{o}/{r}/commits/{sha}</c>).</summary>
    /// <param name="sha">The commit.</param>
    /// <returns>The author's login (null when GitHub links the author to no account) and the request.</returns>
    public async Task<ReleaseAuthor.GitHubCommitAuthor> CommitAuthor(string sha)
    {
        var commit = await Client.Repository.Commit.Get(Owner, Name, sha).ConfigureAwait(false);
        return new ReleaseAuthor.GitHubCommitAuthor(
            commit.Author?.Login,
            RepositoryCommitsClient.Describe(Owner, Name, sha)
        );
    }

    /// <summary>Resolves the team memberships Core asks about (active membership only).</summary>
    /// <param name="queries">(org/team, login) pairs.</param>
    /// <returns>Answers by <see cref="SignOffEvaluator.MembershipKey"/>.</returns>
    public async Task<IReadOnlyDictionary<string, bool>> Memberships(IReadOnlyList<(string Team, string Login)> queries)
    {
        var answers = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (team, login) in queries)
        {
            var slash = team.IndexOf('/', StringComparison.Ordinal);
            var membership = await Client
                .Organization.Team.GetMembership(team[..slash], team[(slash + 1)..], login)
                .ConfigureAwait(false);
            answers[SignOffEvaluator.MembershipKey(team, login)] = membership?.State == "active";
        }

        return answers;
    }

    public void Dispose() => Client.Dispose();

    private static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
