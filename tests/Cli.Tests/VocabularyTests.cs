namespace ReleaseTrain.Tests;

/// <summary>
/// One name per concept on every command, through the built CLI as a process: the release version is --version
/// (--release and --tag still parse, hidden from help), the commit is --commit (--sha still parses).
/// </summary>
public sealed class VocabularyTests : IDisposable
{
    private const string Config = """
        {
          "freezeWindows": [ { "id": "weekend", "actions": ["release"], "reason": "no weekend releases",
                               "schedule": "0 18 * * FRI", "duration": "P2DT14H", "timeZone": "Europe/Berlin" } ],
          "decisionLog": "logs/decisions.jsonl"
        }
        """;

    private readonly TempDirectory _repo = new("rt-cli-words");

    public VocabularyTests() => File.WriteAllText(_repo.Combine("release-train.json"), Config);

    public void Dispose() => _repo.Dispose();

    private ProcessRunner.Result Cli(string arguments) =>
        ProcessRunner.Run("dotnet", $"\"{TestPaths.CliDll}\" {arguments}", _repo.Path, timeoutSeconds: 120);

    [Fact]
    public void The_release_version_is_version_on_every_command_and_the_former_names_still_work()
    {
        const string Sha = "--commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904";
        const string Commit = Sha + " --at 2026-11-21T12:00:00Z";
        foreach (var command in new[] { "decide --dry-run", "freeze --action release" })
        {
            var current = Cli($"{command} --version 1.2.0 {Commit}");
            Assert.True(current.ExitCode == 1, current.Output); // frozen: NO-GO
            Assert.Contains("frozen by window 'weekend'", current.StdOut, StringComparison.Ordinal);
            var former = Cli($"{command} --release 1.2.0 {Commit}");
            Assert.Equal(current.ExitCode, former.ExitCode);
            Assert.Equal(current.StdOut, former.StdOut);
            var twice = Cli($"{command} --version 1.2.0 --release 1.2.0 {Commit}");
            Assert.Equal(2, twice.ExitCode);
            Assert.Contains(
                "--version and --release are one option: give --version once.",
                twice.StdErr,
                StringComparison.Ordinal
            );
        }

        foreach (
            var path in new[]
            {
                "decide",
                "freeze",
                "signoff add",
                "signoff status",
                "signoff verify",
                "release",
                "status",
                "report",
                "evidence",
            }
        )
        {
            var help = Cli(path + " --help");
            Assert.True(help.ExitCode == 0, help.Output);
            Assert.Contains("--version", help.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain("--release ", help.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain("--tag", help.StdOut, StringComparison.Ordinal);
            Assert.DoesNotContain("--sha", help.StdOut, StringComparison.Ordinal);
        }

        var missing = Cli("decide --dry-run");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Option '--version' is required.", missing.StdErr, StringComparison.Ordinal);

        // release: --version 1.2.0 is the tag v1.2.0; the former --tag v1.2.0 reads the same version. Both reach
        // the gate (no signoff, no GO recorded: refused, exit 1), not a usage error.
        var release = Cli($"release --version 1.2.0 {Sha}");
        var tag = Cli($"release --tag v1.2.0 {Sha}");
        Assert.Contains("release-train release v1.2.0: REFUSED", release.StdOut, StringComparison.Ordinal);
        Assert.Contains("release-train release v1.2.0: REFUSED", tag.StdOut, StringComparison.Ordinal);
        var notVersion = Cli($"release --version version-one {Sha}");
        Assert.Equal(2, notVersion.ExitCode);
        Assert.Contains("--version 'version-one' is not a NuGet version", notVersion.StdErr, StringComparison.Ordinal);

        // status: --commit, and its former name --sha.
        var status = Cli("status --version 1.2.0 --commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904 --dry-run");
        var sha = Cli("status --version 1.2.0 --sha 4b825dc642cb6eb9a060e54bf8d69288fbee4904 --dry-run");
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Equal(status.ExitCode, sha.ExitCode);
    }

    [Fact]
    public void Evidence_resolves_paths_from_the_repository_root_as_verify_does_not_from_the_current_folder()
    {
        var deep = Directory.CreateDirectory(_repo.Combine("src", "deep")).FullName;
        var environment = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" };
        var evidence = ProcessRunner.Run(
            "dotnet",
            $"\"{TestPaths.CliDll}\" evidence --version 1.0.0",
            deep,
            environment,
            timeoutSeconds: 120
        );
        Assert.Equal(2, evidence.ExitCode);
        Assert.Contains(
            $"No package of version 1.0.0 in '{_repo.Combine("artifacts", "packages")}'",
            evidence.StdErr,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(Path.Combine("deep", "artifacts"), evidence.Output, StringComparison.Ordinal);
    }
}
