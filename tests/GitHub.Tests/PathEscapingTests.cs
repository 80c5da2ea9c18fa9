using System.Text.Json.Nodes;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// Issue 15, item 5: Octokit puts path arguments into its URL templates as they are (<c>string.Format</c>, no
/// escaping). A reference, tag, owner or name with <c>/</c>, <c>?</c> or <c>#</c> must stay one path segment, as our
/// own client sent it, not reach another endpoint, turn into a query or be cut at a fragment.
/// </summary>
public sealed class PathEscapingTests : IAsyncLifetime
{
    private GitHubEmulator _github = null!;

    public async Task InitializeAsync() => _github = await GitHubEmulator.StartAsync();

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task A_reference_with_a_slash_query_or_fragment_stays_one_segment()
    {
        _github.Hostile(1, GitHubEmulator.Raw(200, Combined()));
        _github.Hostile(1, GitHubEmulator.Raw(200, """{"sha": "abc", "author": null}"""));
        using var client = Client();

        await client.Repository.Status.GetCombined("acme", "widgets", "feature/x?y=1#z");
        await client.Repository.Commit.Get("acme", "widgets", "feature/x?y=1#z");

        Assert.Equal(
            ["/repos/acme/widgets/commits/feature%2Fx?y=1#z/status", "/repos/acme/widgets/commits/feature%2Fx?y=1#z"],
            _github.Requests.Select(r => r.PathAndQuery)
        );
    }

    [Fact]
    public async Task A_tag_and_a_repository_name_with_reserved_characters_stay_one_segment()
    {
        using var client = Client();

        var release = await client.Repository.Release.GetByTag("acme", "wid?gets", "v1/../../x");

        Assert.Null(release);
        Assert.Equal(
            ["/repos/acme/wid?gets/releases/tags/v1%2F..%2F..%2Fx"],
            _github.Requests.Select(r => r.PathAndQuery)
        );
    }

    private static string Combined() =>
        new JsonObject
        {
            ["state"] = "success",
            ["sha"] = "abc",
            ["total_count"] = 0,
            ["statuses"] = new JsonArray(),
        }.ToJsonString();

    private GitHubClient Client() =>
        new(new GitHubClientOptions { BaseAddress = new Uri(_github.BaseUrl), Token = _github.Token });
}
