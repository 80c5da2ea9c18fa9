namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// Issue 15, items 3 and 5: a workflow run and its environment approvals through Octokit
/// (<c>Actions.Workflows.Runs.Get</c> and <c>GetReviewHistory</c>) against the emulator, read into our models: the
/// run's head_sha, the approvals by environment and reviewer, 404 and a malformed run as coded errors.
/// </summary>
public sealed class WorkflowRunClientTests : IAsyncLifetime
{
    private const string Sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private GitHubEmulator _github = null!;

    public async Task InitializeAsync() => _github = await GitHubEmulator.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task A_run_and_its_environment_approvals_are_read()
    {
        _github.AddRun(4242, Sha, DateTimeOffset.UtcNow);
        _github.AddRunApproval(4242, "alice", "approved", "release", "ship it");
        _github.AddRunApproval(4242, "bob", "rejected", "staging");
        using var client = Client();

        var run = await client.GetWorkflowRun("acme", "widgets", 4242);
        var approvals = await client.ListRunApprovals("acme", "widgets", 4242);

        Assert.Equal(4242, run.Id);
        Assert.Equal(Sha, run.HeadSha);
        Assert.Equal(2, approvals.Count);
        Assert.Equal(("alice", "approved", "release"), (approvals[0].User.Login, approvals[0].State, Env(0)));
        Assert.Equal(("bob", "rejected", "staging"), (approvals[1].User.Login, approvals[1].State, Env(1)));
        Assert.Contains(_github.Requests, r =>
            r.PathAndQuery.StartsWith("/repos/acme/widgets/actions/runs/4242/approvals", StringComparison.Ordinal)
        );
        Assert.All(_github.Requests, r => Assert.Equal("Bearer " + _github.Token, r.Authorization));

        string Env(int i) => approvals[i].Environments.Single().Name;
    }

    [Fact]
    public async Task An_unknown_run_is_RT5006_with_GitHubs_404()
    {
        using var client = Client();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.GetWorkflowRun("acme", "widgets", 1));

        Assert.Equal("RT5006", ex.Diagnostic.Code);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Contains("/actions/runs/1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_without_head_sha_is_RT5034_not_a_run_bound_to_nothing()
    {
        _github.Hostile(1, GitHubEmulator.Raw(200, """{"id": 4242, "status": "waiting"}"""));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.GetWorkflowRun("acme", "widgets", 4242));

        Assert.Equal("RT5034", ex.Diagnostic.Code);
        Assert.Contains("head_sha", ex.Message, StringComparison.Ordinal);
    }

    private GitHubClient Client() =>
        new(
            new GitHubClientOptions
            {
                BaseAddress = new Uri(_github.BaseUrl),
                Token = _github.Token,
                InitialBackoff = TimeSpan.FromMilliseconds(10),
            }
        );
}
