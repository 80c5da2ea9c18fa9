using System.Text.Json.Nodes;
using ReleaseTrain.Tests;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// The release gate on the ledger: the built CLI against the GitHub emulator, with decisions on a branch of a bare
/// repository served by git daemon on 127.0.0.1. A refused release records its NO-GO on the ledger, decide records GO
/// there, and release reads it from there; no decision log file is written in the clone.
/// </summary>
public sealed class LedgerReleaseTests : IAsyncLifetime
{
    private const string Sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private const string Version = "1.2.0";
    private const string Branch = "release-train/ledger";
    private GitHubEmulator _github = null!;
    private GitFixture _git = null!;
    private string _repo = null!;

    public async Task InitializeAsync()
    {
        _github = await GitHubEmulator.StartAsync();
        _git = new GitFixture();
        _git.Bare("origin");
        _git.StartDaemon();
        _repo = _git.Clone(_git.Url("origin"), "work");
        File.WriteAllText(Path.Combine(_repo, "release-train.json"), """{ "ledger": {} }""");

        // The remote's default branch holds the policy (as on GitHub): decide reads the signing policy from it.
        _git.Git(_repo, "add release-train.json");
        _git.Git(_repo, "commit --quiet -m policy");
        _git.Git(_repo, "push --quiet origin HEAD:refs/heads/main");
        var packages = Path.Combine(_repo, "artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, $"Widgets.{Version}.nupkg"), "package bytes of Widgets " + Version);
        Check(
            Cli(
                "sbom",
                "--project",
                TestPaths.InRepo("src", "Core", "ReleaseTrain.Core.csproj"),
                "--output",
                Path.Combine(packages, $"Widgets.{Version}.cdx.json")
            ),
            0
        );
        Check(Cli("evidence", "--version", Version), 0);
        _github.AddPull(12, "dave", Sha);
        _github.AddCommit(Sha, "dave", "dave@corp.example");
    }

    public async Task DisposeAsync()
    {
        _git?.Dispose();
        await _github.DisposeAsync();
    }

    [SkippableFact]
    public void A_refusal_and_a_GO_are_recorded_on_the_ledger_and_the_release_reads_its_decision_from_there()
    {
        var refused = Cli("release", "--version", Version, "--pr", "12");
        Check(refused, 1);
        Assert.Contains("RT5004", refused.Output, StringComparison.Ordinal);
        Assert.Contains(
            $"logged as NO-GO #1 in origin {Branch}:decisions.jsonl",
            refused.Output,
            StringComparison.Ordinal
        );
        Assert.Equal(["NO-GO"], Decisions().Select(d => (string)d["verdict"]!));

        var go = Cli("decide", "--version", Version, "--pr", "12");
        Check(go, 0);
        Assert.Contains($"in origin {Branch}:decisions.jsonl", go.Output, StringComparison.Ordinal);
        Assert.Equal(["NO-GO", "GO"], Decisions().Select(d => (string)d["verdict"]!));

        var created = Cli("release", "--version", Version, "--pr", "12");
        Check(created, 0);
        Assert.Single(_github.Releases.Values);
        Assert.False(File.Exists(Path.Combine(_repo, "release-train", "no-cut-decision-log.jsonl")));
        Assert.Equal("2", _git.Git(_repo, "rev-list --count HEAD"));
    }

    private IReadOnlyList<JsonObject> Decisions() =>
        _git.Git(_git.Served, $"--git-dir=origin.git cat-file blob refs/heads/{Branch}:decisions.jsonl")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => (JsonObject)JsonNode.Parse(l)!)
            .ToList();

    private ProcessRunner.Result Cli(params string[] args)
    {
        var environment = new Dictionary<string, string?>(_git.Environment)
        {
            ["GITHUB_API_URL"] = _github.BaseUrl,
            ["GITHUB_TOKEN"] = _github.Token,
            ["GITHUB_REPOSITORY"] = "acme/widgets",
            ["GITHUB_SHA"] = Sha,
            ["GITHUB_SERVER_URL"] = null,
            ["GITHUB_RUN_ID"] = null,
            ["SOURCE_DATE_EPOCH"] = "1700000000",
        };
        var quoted = string.Join(" ", new[] { TestPaths.CliDll }.Concat(args).Select(a => "\"" + a + "\""));
        return ProcessRunner.Run("dotnet", quoted, _repo, environment, timeoutSeconds: 300);
    }

    private static void Check(ProcessRunner.Result result, int expected) =>
        Assert.True(result.ExitCode == expected, $"exit {result.ExitCode}, expected {expected}:\n{result.Output}");
}
