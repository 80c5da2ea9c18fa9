using System.Text.Json.Nodes;
using ReleaseTrain.Tests;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// Issue 14: without <c>--pr</c> or <c>--author</c> the release author was unknown and could approve. With a GitHub
/// context (GITHUB_TOKEN, GITHUB_REPOSITORY) the author is the GitHub account of the release commit (GITHUB_SHA), read
/// from <c>GET /repos/{o}/{r}/commits/{sha}</c> of the emulator on 127.0.0.1, through the built CLI as its own process.
/// </summary>
public sealed class ReleaseAuthorTests : IAsyncLifetime
{
    private const string Sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private GitHubEmulator _github = null!;
    private TempDirectory _repo = null!;

    public async Task InitializeAsync()
    {
        _github = await GitHubEmulator.StartAsync();
        _repo = new TempDirectory("rt-author");
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            """{ "signoff": { "allowUnsignedRecords": true, "roles": { "architecture": ["dave", "alice"] } } }"""
        );
    }

    public async Task DisposeAsync()
    {
        _repo.Dispose();
        await _github.DisposeAsync();
    }

    [Fact]
    public void The_release_commits_GitHub_author_cannot_approve_it()
    {
        // The commit's email is no noreply address: only GitHub can say whose it is.
        _github.AddCommit(Sha, "dave", "dave@corp.example");
        Check(
            Cli(
                "signoff",
                "add",
                "--version",
                "1.0.0",
                "--role",
                "architecture",
                "--by",
                "dave",
                "--decision",
                "approved"
            ),
            0
        );

        var verify = Cli("signoff", "verify", "--version", "1.0.0", "--explain");
        Check(verify, 1);
        Assert.Contains("dave is the release's author, who cannot approve it", verify.Output, StringComparison.Ordinal);
        Assert.Contains(
            $"release author: dave (the GitHub author of commit {Sha}, GET /repos/acme/widgets/commits/{Sha})",
            verify.Output,
            StringComparison.Ordinal
        );
        Assert.Contains(_github.Requests, r =>
            r.Method == "GET" && r.PathAndQuery == $"/repos/acme/widgets/commits/{Sha}"
        );

        var json = JsonNode.Parse(Cli("signoff", "status", "--version", "1.0.0", "--format", "json").StdOut)!;
        Assert.Equal("dave", json["author"]!["login"]!.GetValue<string>());
        Assert.DoesNotContain(_github.Token, verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_commit_GitHub_links_to_no_account_and_no_git_author_is_unknown_and_fails_closed()
    {
        _github.AddCommit(Sha, null, "someone@corp.example");
        var verify = Cli("signoff", "verify", "--version", "1.0.0");
        Check(verify, 2);
        Assert.Contains("error RT5020", verify.Output, StringComparison.Ordinal);
        Check(Cli("signoff", "verify", "--version", "1.0.0", "--author", "erin"), 1);
    }

    private ProcessRunner.Result Cli(params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_API_URL"] = _github.BaseUrl,
            ["GITHUB_TOKEN"] = _github.Token,
            ["GITHUB_REPOSITORY"] = "acme/widgets",
            ["GITHUB_SHA"] = Sha,
            ["GITHUB_SERVER_URL"] = null,
            ["GITHUB_RUN_ID"] = null,
        };
        var quoted = string.Join(" ", new[] { TestPaths.CliDll }.Concat(args).Select(a => "\"" + a + "\""));
        return ProcessRunner.Run("dotnet", quoted, _repo.Path, environment, timeoutSeconds: 120);
    }

    private static void Check(ProcessRunner.Result result, int expected) =>
        Assert.True(result.ExitCode == expected, $"exit {result.ExitCode}, expected {expected}:\n{result.Output}");
}
