using System.Text.Json;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>
/// Issue 14, ways past the gate on the command line: a backdated <c>--at</c> on a command that records (RT5012), a
/// command that cannot tell the release commit (RT5011), and <c>decide --explain</c> naming the trains matched.
/// </summary>
public sealed class GateBypassTests : IDisposable
{
    // The release action is frozen from 2000 to 2100: now, whenever the test runs.
    private const string Config = """
        {
          "freezeWindows": [ { "id": "this-century", "actions": ["release"], "reason": "frozen now",
                               "start": "2000-01-01T00:00:00Z", "end": "2100-01-01T00:00:00Z" } ],
          "signoff": { "allowUnsignedRecords": true, "roles": { "architecture": ["alice"] }, "maxAge": "P14D" },
          "trains": [ { "id": "main", "versions": "[1.0.0, 2.0.0)" } ],
          "decisionLog": "logs/decisions.jsonl"
        }
        """;

    private const string Sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    private readonly TempDirectory _repo = new("rt-cli-bypass");

    public GateBypassTests() => File.WriteAllText(_repo.Combine("release-train.json"), Config);

    public void Dispose() => _repo.Dispose();

    private string DecisionLog => _repo.Combine("logs", "decisions.jsonl");

    private string SignOffLog => _repo.Combine("release-train", "signoff-log.jsonl");

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (CliApplication.Run(args, stdout, stderr, _repo.Path), stdout.ToString(), stderr.ToString());
    }

    /// <summary>The built CLI as its own process, with neither GITHUB_SHA nor a git work tree to tell the commit.
    /// </summary>
    private ProcessRunner.Result Process(params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_SHA"] = null,
            ["GITHUB_TOKEN"] = null,
            ["GITHUB_REPOSITORY"] = null,
        };
        var quoted = string.Join(" ", new[] { TestPaths.CliDll }.Concat(args).Select(a => "\"" + a + "\""));
        return ProcessRunner.Run("dotnet", quoted, _repo.Path, environment, timeoutSeconds: 180);
    }

    [Fact]
    public void A_backdated_decide_during_a_freeze_is_refused_and_not_recorded()
    {
        var backdated = Run(
            "decide",
            "--version",
            "1.2.0",
            "--commit",
            Sha,
            "--author",
            "zed",
            "--at",
            "1999-12-31T12:00:00Z"
        );
        Assert.True(backdated.Exit == 2, backdated.Out + backdated.Err);
        Assert.Contains(
            "error RT5012: decide does not take --at: a recorded decision",
            backdated.Err,
            StringComparison.Ordinal
        );
        Assert.False(File.Exists(DecisionLog));

        // A dry run may look at another instant; it records nothing.
        var dry = Run(
            "decide",
            "--version",
            "1.2.0",
            "--commit",
            Sha,
            "--author",
            "zed",
            "--at",
            "1999-12-31T12:00:00Z",
            "--dry-run"
        );
        Assert.Contains("dry run: not recorded", dry.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("RT4108", dry.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(DecisionLog));

        // At the clock's time the release is frozen: NO-GO, recorded.
        var now = Run("decide", "--version", "1.2.0", "--commit", Sha, "--author", "zed");
        Assert.Equal(1, now.Exit);
        Assert.Contains("error RT4108", now.Out, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(DecisionLog));
    }

    [Fact]
    public void A_backdated_signoff_record_is_refused()
    {
        var backdated = Run(
            "signoff",
            "add",
            "--version",
            "1.2.0",
            "--role",
            "architecture",
            "--by",
            "alice",
            "--decision",
            "approved",
            "--commit",
            Sha,
            "--at",
            "2020-01-01T00:00:00Z"
        );
        Assert.True(backdated.Exit == 2, backdated.Out + backdated.Err);
        Assert.Contains("error RT5012: signoff add does not take --at", backdated.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(SignOffLog));

        var now = Run(
            "signoff",
            "add",
            "--version",
            "1.2.0",
            "--role",
            "architecture",
            "--by",
            "alice",
            "--decision",
            "approved",
            "--commit",
            Sha
        );
        Assert.True(now.Exit == 0, now.Out + now.Err);
        var record = JsonDocument.Parse(File.ReadAllLines(SignOffLog).Single()).RootElement;
        var at = DateTimeOffset.Parse(
            record.GetProperty("at").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture
        );
        Assert.InRange(DateTimeOffset.UtcNow - at, TimeSpan.FromSeconds(-5), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Without_a_commit_signoff_verify_report_and_decide_refuse_instead_of_skipping_the_binding()
    {
        // alice approved commit Sha; without a commit to bind to, verify used to say complete.
        Assert.Equal(
            0,
            Process(
                "signoff",
                "add",
                "--version",
                "1.2.0",
                "--role",
                "architecture",
                "--by",
                "alice",
                "--decision",
                "approved",
                "--commit",
                Sha
            ).ExitCode
        );
        foreach (
            var args in new[]
            {
                new[] { "signoff", "verify", "--version", "1.2.0" },
                ["signoff", "status", "--version", "1.2.0"],
                ["report", "--version", "1.2.0", "--format", "json"],
                ["decide", "--version", "1.2.0", "--dry-run"],
                ["decide", "--version", "1.2.0"],
            }
        )
        {
            var result = Process(args);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', args)}: exit {result.ExitCode}\n{result.Output}");
            Assert.Contains(
                $"error RT5011: {string.Join(' ', args.Take(args[0] == "signoff" ? 2 : 1))} cannot tell the release "
                    + $"commit",
                result.StdErr,
                StringComparison.Ordinal
            );
            Assert.DoesNotContain(" at ReleaseTrain.", result.Output, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(DecisionLog));
        Assert.Equal(
            0,
            Process("signoff", "verify", "--version", "1.2.0", "--commit", Sha, "--author", "zed").ExitCode
        );
    }

    [Theory]
    [InlineData("4b825dc")]
    [InlineData("4b825dc642cb6eb9a060e54bf8d69288fbee490")]
    [InlineData("main")]
    [InlineData("4b825dc642cb6eb9a060e54bf8d69288fbee4904;rm")]
    public void An_abbreviated_or_non_sha_commit_is_refused_not_matched_by_prefix(string commit)
    {
        // Decisions and approvals once matched on a shared 7-digit prefix: a short --commit bound a GO to 28 bits.
        foreach (
            var args in new[]
            {
                new[] { "decide", "--version", "1.2.0", "--commit", commit, "--author", "zed", "--dry-run" },
                ["signoff", "verify", "--version", "1.2.0", "--commit", commit, "--author", "zed"],
                [
                    "signoff",
                    "add",
                    "--version",
                    "1.2.0",
                    "--role",
                    "architecture",
                    "--by",
                    "alice",
                    "--decision",
                    "approved",
                    "--commit",
                    commit,
                ],
            }
        )
        {
            var result = Run(args);
            Assert.True(result.Exit == 2, $"{string.Join(' ', args)}: exit {result.Exit}\n{result.Out}{result.Err}");
            Assert.Contains("error RT5014", result.Err, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(DecisionLog));
        Assert.False(File.Exists(SignOffLog));
        var viaEnvironment = ProcessRunner.Run(
            "dotnet",
            $"\"{TestPaths.CliDll}\" signoff verify --version 1.2.0 --author zed",
            _repo.Path,
            new Dictionary<string, string?> { ["GITHUB_SHA"] = commit, ["GITHUB_TOKEN"] = null },
            timeoutSeconds: 180
        );
        Assert.Equal(2, viaEnvironment.ExitCode);
        Assert.Contains("error RT5014", viaEnvironment.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_explain_says_which_train_covers_the_release_and_why_none_does()
    {
        var rc = Run("decide", "--version", "1.0.0-rc.1", "--commit", Sha, "--author", "zed", "--dry-run", "--explain");
        Assert.True(rc.Exit == 1, rc.Out + rc.Err);
        Assert.Contains(
            "explain train main [1.0.0, 2.0.0): does not cover 1.0.0-rc.1: 1.0.0-rc.1 is below the range's minimum",
            rc.Out,
            StringComparison.Ordinal
        );
        Assert.Contains("error RT4113: No release train covers 1.0.0-rc.1", rc.Out, StringComparison.Ordinal);

        var covered = Run("decide", "--version", "1.2.0", "--commit", Sha, "--author", "zed", "--dry-run", "--explain");
        Assert.Contains(
            "explain train main [1.0.0, 2.0.0): covers 1.2.0: 1.2.0 is within [1.0.0, 2.0.0)",
            covered.Out,
            StringComparison.Ordinal
        );
        var json = Run(
            "decide",
            "--version",
            "1.0.0-rc.1",
            "--commit",
            Sha,
            "--author",
            "zed",
            "--dry-run",
            "--format",
            "json"
        );
        SchemaAssert.Valid("decide-report.schema.json", json.Out);
        var match = JsonDocument.Parse(json.Out).RootElement.GetProperty("trainMatches")[0];
        Assert.False(match.GetProperty("covers").GetBoolean());
    }

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_COMMITTED_that_cannot_be_read_is_refused_not_taken_for_no_bundle()
    {
        // alice approved before any bundle existed: her record names no evidence digest. A COMMITTED that cannot be
        // read (a folder in its place; a bundle folder the user may not search) was taken for "no bundle", and
        // sign-off was complete on an approval that names no evidence.
        string[] add = ["signoff", "add", "--version", "1.2.0", "--role", "architecture", "--by", "alice"];
        Assert.Equal(0, Run([.. add, "--decision", "approved", "--commit", Sha]).Exit);
        var bundle = _repo.Combine("artifacts", "evidence", "1.2.0");
        Directory.CreateDirectory(Path.Combine(bundle, "COMMITTED"));
        string[] verify = ["signoff", "verify", "--version", "1.2.0", "--commit", Sha, "--author", "zed"];
        string[] decide = ["decide", "--version", "1.2.0", "--commit", Sha, "--author", "zed", "--dry-run"];
        foreach (var args in new[] { verify, decide })
        {
            var result = Run(args);
            Assert.True(result.Exit == 2, $"{string.Join(' ', args)}: exit {result.Exit}\n{result.Out}{result.Err}");
            Assert.Contains(
                "COMMITTED' is a directory, not a regular file",
                result.Out + result.Err,
                StringComparison.Ordinal
            );
        }

        // The same bundle folder unreadable to the user running the command (as root every folder is searchable:
        // the CLI runs as nobody).
        Skip.If(!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/setpriv"), "needs Linux and setpriv");
        Directory.Delete(Path.Combine(bundle, "COMMITTED"));
        File.WriteAllText(Path.Combine(bundle, "COMMITTED"), "sha256:0");
        foreach (var folder in new[] { _repo.Path, _repo.Combine("release-train"), _repo.Combine("artifacts") })
        {
            File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("777", 8));
        }

        File.SetUnixFileMode(bundle, UnixFileMode.None);
        var quoted = string.Join(" ", verify.Select(a => "\"" + a + "\""));
        var asNobody = ProcessRunner.Run(
            "setpriv",
            $"--reuid=65534 --regid=65534 --clear-groups dotnet \"{TestPaths.CliDll}\" {quoted}",
            _repo.Path,
            new Dictionary<string, string?> { ["HOME"] = _repo.Path, ["GITHUB_TOKEN"] = null },
            timeoutSeconds: 180
        );
        File.SetUnixFileMode(bundle, (UnixFileMode)Convert.ToInt32("755", 8));
        Assert.True(asNobody.ExitCode == 2, $"as nobody: exit {asNobody.ExitCode}\n{asNobody.Output}");
        Assert.Contains("error RT1011", asNobody.Output, StringComparison.Ordinal);
        Assert.Contains("COMMITTED", asNobody.Output, StringComparison.Ordinal);
    }
}
