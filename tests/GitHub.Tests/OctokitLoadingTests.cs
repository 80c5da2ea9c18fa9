using ReleaseTrain.Tests;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// Issue 15, item 5: Octokit is loaded only by the commands that talk to GitHub. The built CLI is copied with its
/// Octokit.dll replaced by bytes that are no assembly, so that any load of it fails loudly (the .NET host only checks
/// that the file is there): <c>--version</c>, <c>--help</c> and <c>verify</c> must answer exactly as the intact CLI
/// does, while a GitHub command must trip over it (the probe is live).
/// </summary>
public sealed class OctokitLoadingTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("rt-octokit");
    private GitHubEmulator _github = null!;
    private string _brokenCli = null!;

    public async Task InitializeAsync()
    {
        _github = await GitHubEmulator.StartAsync();
        _github.AddPull(12, "dave", "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
        var built = Path.GetDirectoryName(TestPaths.CliDll)!;
        Assert.True(File.Exists(Path.Combine(built, "Octokit.dll")), $"no Octokit.dll beside {TestPaths.CliDll}");
        TempDirectory.CopyDirectory(built, _temp.Combine("cli"));
        File.WriteAllText(_temp.Combine("cli", "Octokit.dll"), "not an assembly: loading Octokit fails here");
        _brokenCli = _temp.Combine("cli", Path.GetFileName(TestPaths.CliDll));
        Directory.CreateDirectory(_temp.Combine("repo"));
        File.WriteAllText(
            _temp.Combine("repo", "release-train.json"),
            """{ "signoff": { "roles": { "usr-architecture": ["alice"] }, "maxAge": "P14D" } }"""
        );
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("--help")]
    [InlineData("verify")]
    public void Commands_that_do_not_talk_to_GitHub_never_load_Octokit(string command)
    {
        var intact = Run(TestPaths.CliDll, command);
        var broken = Run(_brokenCli, command);

        Assert.DoesNotContain("Octokit", broken.Output, StringComparison.Ordinal);
        Assert.Equal(intact.ExitCode, broken.ExitCode);
        Assert.Equal(intact.Output, broken.Output);
    }

    [Fact]
    public void A_command_that_talks_to_GitHub_loads_Octokit()
    {
        var intact = Run(TestPaths.CliDll, "signoff", "status", "--pr", "12", "--version", "1.2.0");
        var broken = Run(_brokenCli, "signoff", "status", "--pr", "12", "--version", "1.2.0");

        Assert.NotEmpty(_github.Requests);
        Assert.NotEqual(intact.Output, broken.Output);
        Assert.NotEqual(0, broken.ExitCode);
    }

    private ProcessRunner.Result Run(string cli, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_API_URL"] = _github.BaseUrl,
            ["GITHUB_TOKEN"] = _github.Token,
            ["GITHUB_REPOSITORY"] = "acme/widgets",
            ["GITHUB_SHA"] = "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
            ["GITHUB_SERVER_URL"] = null,
            ["GITHUB_RUN_ID"] = null,
        };
        var quoted = string.Join(" ", new[] { cli }.Concat(args).Select(a => "\"" + a + "\""));
        return ProcessRunner.Run("dotnet", quoted, _temp.Combine("repo"), environment, timeoutSeconds: 120);
    }
}
