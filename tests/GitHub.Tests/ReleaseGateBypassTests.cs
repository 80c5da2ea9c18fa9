using System.Text.Json.Nodes;
using ReleaseTrain.Tests;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// Issue 14, ways past the release gate, each tried with the built CLI as its own process against the GitHub emulator
/// on 127.0.0.1: a package replaced or added after the GO decision (RT5013, nothing uploaded), a bundle file changed
/// (decide gives no verdict), a backdated release (RT5012), and a decision recorded at git HEAD that
/// <c>release --commit</c> finds.
/// </summary>
public sealed class ReleaseGateBypassTests : IAsyncLifetime
{
    private const string Version = "1.2.0";
    private GitHubEmulator _github = null!;
    private TempDirectory _repo = null!;
    private string _sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    private string Package => _repo.Combine("artifacts", "packages", $"Widgets.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        _github = await GitHubEmulator.StartAsync();
        _repo = new TempDirectory("rt-gate-bypass");
        File.WriteAllText(_repo.Combine("release-train.json"), """{ "decisionLog": "logs/decisions.jsonl" }""");
        var packages = _repo.Combine("artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Package, "package bytes of Widgets " + Version);
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
    }

    public async Task DisposeAsync()
    {
        _repo.Dispose();
        await _github.DisposeAsync();
    }

    [Fact]
    public void A_package_replaced_after_the_GO_decision_is_not_released()
    {
        Check(Cli("decide", "--version", Version), 0);
        File.WriteAllText(Package, "a different package, swapped in after the decision");

        var release = Cli("release", "--version", Version);
        Check(release, 1);
        Assert.Contains(
            $"Widgets.{Version}.nupkg : error RT5013: The evidence of release {Version} does not verify: ",
            release.Output,
            StringComparison.Ordinal
        );
        Assert.Contains("is not the recorded sha256:", release.Output, StringComparison.Ordinal);
        Assert.Contains("REFUSED, nothing was created on GitHub", release.Output, StringComparison.Ordinal);
        Assert.Empty(_github.Writes());

        // decide over the swapped package gives no verdict and records nothing.
        var decide = Cli("decide", "--version", Version);
        Check(decide, 2);
        Assert.Contains("error RT5013", decide.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_the_bundle_does_not_record_is_not_released()
    {
        Check(Cli("decide", "--version", Version), 0);
        File.WriteAllText(_repo.Combine("artifacts", "packages", $"Evil.{Version}.nupkg"), "not in the bundle");

        var release = Cli("release", "--version", Version);
        Check(release, 1);
        Assert.Contains(
            $"Evil.{Version}.nupkg would be published but the evidence bundle artifacts/evidence/{Version} does not "
                + "record it",
            release.Output,
            StringComparison.Ordinal
        );
        Assert.Empty(_github.Writes());
    }

    [Fact]
    public void A_bundle_file_changed_after_COMMITTED_gives_no_decision()
    {
        var sbom = _repo.Combine("artifacts", "evidence", Version, $"Widgets.{Version}.cdx.json");
        File.AppendAllText(sbom, " ");
        var decide = Cli("decide", "--version", Version);
        Check(decide, 2);
        Assert.Contains($"Widgets.{Version}.cdx.json : error RT5013", decide.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_repo.Combine("logs", "decisions.jsonl")));
    }

    [Fact]
    public void A_backdated_release_during_a_freeze_is_refused_and_nothing_is_published()
    {
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            """
            { "decisionLog": "logs/decisions.jsonl",
              "freezeWindows": [ { "id": "now", "actions": ["release"],
                                   "start": "2000-01-01T00:00:00Z", "end": "2100-01-01T00:00:00Z" } ] }
            """
        );
        const string before = "1999-12-31T12:00:00Z";
        Check(Cli("decide", "--version", Version, "--at", before), 2);
        var release = Cli("release", "--version", Version, "--at", before);
        Check(release, 2);
        Assert.Contains("error RT5012: release does not take --at", release.Output, StringComparison.Ordinal);
        Assert.Empty(_github.Writes());
        Assert.Empty(_github.Releases);

        var status = Cli("status", "--version", Version, "--at", before);
        Check(status, 2);
        Assert.Contains("error RT5012: status does not take --at", status.Output, StringComparison.Ordinal);
        Assert.Empty(_github.Writes());
        Check(Cli("status", "--version", Version, "--at", before, "--dry-run"), 0);
    }

    [Fact]
    public void Decide_records_git_HEAD_and_release_with_that_commit_finds_the_decision()
    {
        _sha = CommitAll();
        var environment = new Dictionary<string, string?> { ["GITHUB_SHA"] = null };
        Check(Cli(environment, "decide", "--version", Version), 0);
        var record = JsonNode.Parse(File.ReadAllLines(_repo.Combine("logs", "decisions.jsonl")).Single())!;
        Assert.Equal(_sha, record["commit"]!.GetValue<string>());

        var release = Cli(environment, "release", "--version", Version, "--commit", _sha);
        Check(release, 0);
        Assert.Equal(_sha, Assert.Single(_github.Releases.Values)["target_commitish"]!.GetValue<string>());
    }

    [Fact]
    public void An_asset_GitHub_stores_with_another_digest_of_the_same_size_is_a_mismatch()
    {
        // Octokit's ReleaseAsset has no digest: read through it, a swapped asset of the same size would pass (a null
        // digest is "not reported"). The adapter reads the digest from GitHub's answer itself.
        Check(Cli("decide", "--version", Version), 0);
        Check(Cli("release", "--version", Version), 0);
        var asset = Assert.Single(_github.Releases.Values)["assets"]!
            .AsArray()
            .Select(a => a!.AsObject())
            .Single(a => a["name"]!.GetValue<string>() == $"Widgets.{Version}.nupkg");
        asset["digest"] = "sha256:" + new string('0', 64);
        var uploads = _github.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.Contains("/assets"));

        var again = Cli("release", "--version", Version);

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("RT5009", again.Output, StringComparison.Ordinal);
        Assert.Contains($"asset Widgets.{Version}.nupkg is ", again.Output, StringComparison.Ordinal);
        Assert.Equal(uploads, _github.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.Contains("/assets")));
    }

    /// <summary>Makes the temp repository a git work tree with one commit; returns its sha.</summary>
    private string CommitAll()
    {
        foreach (
            var args in new[]
            {
                "init -q",
                "-c user.name=t -c user.email=t@example.com -c commit.gpgsign=false add -A",
                "-c user.name=t -c user.email=t@example.com -c commit.gpgsign=false commit -q -m release",
            }
        )
        {
            var git = ProcessRunner.Run("git", args, _repo.Path, timeoutSeconds: 60);
            Assert.True(git.ExitCode == 0, git.Output);
        }

        return ProcessRunner.Run("git", "rev-parse HEAD", _repo.Path, timeoutSeconds: 60).StdOut.Trim();
    }

    private ProcessRunner.Result Cli(params string[] args) => Cli(null, args);

    private ProcessRunner.Result Cli(Dictionary<string, string?>? overrides, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_API_URL"] = _github.BaseUrl,
            ["GITHUB_TOKEN"] = _github.Token,
            ["GITHUB_REPOSITORY"] = "acme/widgets",
            ["GITHUB_SHA"] = _sha,
            ["GITHUB_SERVER_URL"] = null,
            ["GITHUB_RUN_ID"] = null,
            ["SOURCE_DATE_EPOCH"] = "1700000000",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            environment[key] = value;
        }

        var quoted = string.Join(" ", new[] { TestPaths.CliDll }.Concat(args).Select(a => "\"" + a + "\""));
        return ProcessRunner.Run("dotnet", quoted, _repo.Path, environment, timeoutSeconds: 300);
    }

    private static void Check(ProcessRunner.Result result, int expected) =>
        Assert.True(result.ExitCode == expected, $"exit {result.ExitCode}, expected {expected}:\n{result.Output}");
}
