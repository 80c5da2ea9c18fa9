using System.Diagnostics;
using System.Text;

namespace ReleaseTrain.GitHub.Tests;

public sealed class GitHubClientTests : IAsyncLifetime
{
    private GitHubEmulator _github = null!;

    public async Task InitializeAsync() => _github = await GitHubEmulator.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    private GitHubClient Client(int maxRetries = 3, TimeSpan? maxDelay = null, string? token = null) =>
        new(
            new GitHubClientOptions
            {
                BaseAddress = new Uri(_github.BaseUrl),
                Token = token ?? _github.Token,
                MaxRetries = maxRetries,
                MaxRetryDelay = maxDelay ?? TimeSpan.FromSeconds(5),
                InitialBackoff = TimeSpan.FromMilliseconds(10),
            }
        );

    [Fact]
    public async Task Statuses_are_created_and_combined_with_github_headers()
    {
        using var client = Client();
        var created = await client.Repository.Status.Create(
            "acme",
            "widgets",
            "abc1234",
            new NewCommitStatus(CommitState.Success, "https://ci/1", "ok", "release-train/drift")
        );
        await client.Repository.Status.Create(
            "acme",
            "widgets",
            "abc1234",
            new NewCommitStatus(CommitState.Failure, null, "frozen", "release-train/freeze")
        );

        Assert.Equal("release-train/drift", created.Context);
        Assert.Equal("success", created.State);
        var combined = await client.Repository.Status.GetCombined("acme", "widgets", "abc1234");
        Assert.Equal("failure", combined.State);
        Assert.Equal(2, combined.TotalCount);
        Assert.All(_github.Requests, r => Assert.Equal("Bearer " + _github.Token, r.Authorization));
    }

    [Fact]
    public async Task A_workflow_run_and_its_environment_approvals_are_read_as_github_lists_them()
    {
        using var client = Client();
        var sha = new string('b', 40);
        _github.AddRun(4242, sha, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        _github.AddRunApproval(4242, "alice", "approved", "release", "ship it");
        _github.AddRunApproval(4242, "bob", "rejected", "staging");

        var run = await client.GetWorkflowRun("acme", "widgets", 4242);
        Assert.Equal(sha, run.HeadSha);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), run.RunStartedAt);
        var approvals = await client.ListRunApprovals("acme", "widgets", 4242);
        Assert.Equal(["alice", "bob"], approvals.Select(a => a.User.Login));
        Assert.Equal(["approved", "rejected"], approvals.Select(a => a.State));
        Assert.Equal("release", Assert.Single(approvals[0].Environments).Name);
        Assert.Contains(
            ("GET", "/repos/acme/widgets/actions/runs/4242/approvals"),
            _github.Requests.Select(r => (r.Method, r.PathAndQuery))
        );

        var unknown = await Assert.ThrowsAsync<GitHubApiException>(() => client.GetWorkflowRun("acme", "widgets", 1));
        Assert.Equal("RT5006", unknown.Diagnostic.Code);
    }

    [Fact]
    public async Task A_422_becomes_RT5006_with_githubs_validation_errors()
    {
        using var client = Client();
        var ex = await Assert.ThrowsAsync<GitHubApiException>(() =>
            client.Repository.Status.Create(
                "acme",
                "widgets",
                "abc",
                new NewCommitStatus(CommitState.Success, null, new string('x', 141), "c")
            )
        );

        Assert.Equal("RT5006", ex.Diagnostic.Code);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Contains("Validation Failed", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(
            "Status.description: custom description is too long (maximum is 140 characters)",
            ex.Diagnostic.Message,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(_github.Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_credentials_are_RT5006_401_without_the_token()
    {
        using var client = Client(token: "ghp_wrongTokenValue123");
        var ex = await Assert.ThrowsAsync<GitHubApiException>(() =>
            client.Repository.Status.GetCombined("acme", "widgets", "abc")
        );
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("Bad credentials", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_wrongTokenValue123", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_After_on_429_is_honoured()
    {
        using var client = Client();
        _github.Fail(2, 429, new() { ["Retry-After"] = "1" });
        var watch = Stopwatch.StartNew();
        var combined = await client.Repository.Status.GetCombined("acme", "widgets", "abc");
        watch.Stop();

        Assert.Equal("pending", combined.State);
        Assert.Equal(3, _github.Requests.Count);
        Assert.True(
            watch.Elapsed >= TimeSpan.FromSeconds(1.9),
            $"waited only {watch.Elapsed}: Retry-After was not honoured"
        );
    }

    [Fact]
    public async Task A_primary_rate_limit_403_waits_for_x_ratelimit_reset()
    {
        using var client = Client();
        var reset = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds();
        _github.Fail(
            1,
            403,
            new()
            {
                ["x-ratelimit-remaining"] = "0",
                ["x-ratelimit-reset"] = reset.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            "API rate limit exceeded"
        );
        var watch = Stopwatch.StartNew();
        await client.Repository.Status.GetCombined("acme", "widgets", "abc");
        watch.Stop();

        Assert.Equal(2, _github.Requests.Count);
        Assert.True(
            DateTimeOffset.UtcNow.ToUnixTimeSeconds() >= reset,
            $"retried before x-ratelimit-reset ({watch.Elapsed})"
        );
    }

    [Fact]
    public async Task A_forbidden_403_without_rate_limit_headers_is_not_retried()
    {
        using var client = Client();
        _github.Fail(1, 403, null, "Resource not accessible by integration");
        var ex = await Assert.ThrowsAsync<GitHubApiException>(() =>
            client.Repository.Status.GetCombined("acme", "widgets", "abc")
        );
        Assert.Equal("RT5006", ex.Diagnostic.Code);
        Assert.Contains("Resource not accessible by integration", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times_then_RT5007()
    {
        using var client = Client(maxRetries: 2);
        _github.Fail(5, 502, null, "Server Error");
        var ex = await Assert.ThrowsAsync<GitHubApiException>(() =>
            client.Repository.Status.GetCombined("acme", "widgets", "abc")
        );
        Assert.Equal("RT5007", ex.Diagnostic.Code);
        Assert.Contains("502", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(3, _github.Requests.Count);
    }

    [Fact]
    public async Task A_reset_beyond_the_wait_limit_gives_up_at_once()
    {
        using var client = Client(maxDelay: TimeSpan.FromSeconds(2));
        _github.Fail(1, 429, new() { ["Retry-After"] = "3600" });
        var ex = await Assert.ThrowsAsync<GitHubApiException>(() =>
            client.Repository.Status.GetCombined("acme", "widgets", "abc")
        );
        Assert.Equal("RT5007", ex.Diagnostic.Code);
        Assert.Contains("3600 s", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task Reviews_are_read_across_pages_by_Link_headers()
    {
        _github.MaxPerPage = 2;
        for (var i = 0; i < 5; i++)
        {
            _github.AddReview(7, "user" + i, "APPROVED", "abc", DateTimeOffset.UtcNow.AddMinutes(i));
        }

        using var client = Client();
        var reviews = await client.PullRequest.Review.GetAll("acme", "widgets", 7);

        Assert.Equal(["user0", "user1", "user2", "user3", "user4"], reviews.Select(r => r.User!.Login));
        Assert.Equal(3, _github.Requests.Count);
        Assert.Contains(_github.Requests, r => r.PathAndQuery.Contains("page=3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_runs_carry_any_number_of_annotations_in_batches_of_50()
    {
        using var client = Client();
        var annotations = Enumerable
            .Range(1, 120)
            .Select(i => new CheckRunAnnotation("a.json", i, i, "failure", "drift " + i, "RT2001", 3, 5))
            .ToList();
        var run = await client.Check.Run.CreateWithAnnotations(
            "acme",
            "widgets",
            new NewCheckRun(
                "release-train/drift",
                "abc",
                "completed",
                "failure",
                null,
                new CheckRunOutput("drift", "120 findings")
            ),
            annotations
        );

        var stored = _github.CheckRuns[run.Id];
        var kept = stored["output"]!["annotations"]!.AsArray();
        Assert.Equal(120, kept.Count);
        Assert.Equal(120, kept[119]!["start_line"]!.GetValue<int>());
        Assert.Equal(3, kept[0]!["start_column"]!.GetValue<int>());
        Assert.Equal(["POST", "PATCH", "PATCH"], _github.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Releases_are_created_as_drafts_assets_uploaded_through_upload_url_then_published()
    {
        using var client = Client();
        var release = await client.Repository.Release.Create(
            "acme",
            "widgets",
            new NewRelease("v1.0.0", "abc", "v1.0.0", "body", Draft: true, Prerelease: false)
        );
        Assert.Null(await client.Repository.Release.GetByTag("acme", "widgets", "v1.0.0"));
        Assert.Contains(await client.Repository.Release.GetAll("acme", "widgets"), r => r.Id == release.Id && r.Draft);

        var bytes = Encoding.UTF8.GetBytes("package bytes");
        var asset = await client.Repository.Release.UploadAsset(
            release,
            "Widgets 1.0.0.nupkg",
            "application/zip",
            bytes
        );
        Assert.Equal(bytes.Length, asset.Size);
        Assert.Equal(
            "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
            asset.Digest
        );
        Assert.Contains(_github.Requests, r =>
            r.PathAndQuery.EndsWith("/assets?name=Widgets%201.0.0.nupkg", StringComparison.Ordinal)
        );

        var again = await Assert.ThrowsAsync<GitHubApiException>(() =>
            client.Repository.Release.UploadAsset(release, "Widgets 1.0.0.nupkg", "application/zip", bytes)
        );
        Assert.Contains("ReleaseAsset.name: already_exists", again.Diagnostic.Message, StringComparison.Ordinal);

        await client.Repository.Release.Publish("acme", "widgets", release.Id, "true");
        var published = await client.Repository.Release.GetByTag("acme", "widgets", "v1.0.0");
        Assert.NotNull(published);
        Assert.False(published.Draft);
        Assert.Single(published.Assets);

        var duplicate = await Assert.ThrowsAsync<GitHubApiException>(() =>
            client.Repository.Release.Create(
                "acme",
                "widgets",
                new NewRelease("v1.0.0", "abc", null, null, false, false)
            )
        );
        Assert.Contains("Release.tag_name: already_exists", duplicate.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Team_membership_is_looked_up_and_404_means_not_a_member()
    {
        _github.Teams["acme/ops-team"] = ["carol"];
        using var client = Client();
        Assert.Equal("active", (await client.Organization.Team.GetMembership("acme", "ops-team", "carol"))?.State);
        Assert.Null(await client.Organization.Team.GetMembership("acme", "ops-team", "mallory"));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_RT5007()
    {
        var port = _github.BaseUrl;
        await _github.DisposeAsync();
        using var client = new GitHubClient(
            new GitHubClientOptions
            {
                BaseAddress = new Uri(port),
                Token = "t0ken",
                MaxRetries = 1,
                InitialBackoff = TimeSpan.FromMilliseconds(10),
            }
        );
        var ex = await Assert.ThrowsAsync<GitHubApiException>(() =>
            client.Repository.Status.GetCombined("acme", "widgets", "abc")
        );
        Assert.Equal("RT5007", ex.Diagnostic.Code);
        Assert.Null(ex.StatusCode);
        _github = await GitHubEmulator.StartAsync();
    }
}
