using System.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Tests;

/// <summary>
/// The CLI is killed (SIGKILL) at random points while it appends to the decision log and while it writes an evidence
/// bundle, a hundred times each: afterwards the log verifies or names its torn last record, and a committed bundle
/// is never half written.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-crash");
    private readonly Random _random = new(424242);

    public CrashSafetyTests() => TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), _repo.Path);

    public void Dispose() => _repo.Dispose();

    private void RunAndKill(string arguments, int maxDelayMilliseconds)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{TestPaths.CliDll}\" {arguments}")
        {
            WorkingDirectory = _repo.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(_random.Next(20, maxDelayMilliseconds)))
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Unix
        }

        process.WaitForExit();
    }

    [Fact]
    public void Killing_decide_never_corrupts_the_decision_log_silently()
    {
        var log = Path.Combine(_repo.Path, "release", "no-cut-decision-log.jsonl");
        var torn = 0;

        // The kill window follows this machine's speed: up to one and a half times a whole dry run of the same
        // decision (at least 700 ms), so that on a loaded machine some runs still get as far as appending.
        var timer = System.Diagnostics.Stopwatch.StartNew();
        ProcessRunner.Run(
            "dotnet",
            $"\"{TestPaths.CliDll}\" decide --version 1.4.0 --commit {FixedClock.Commit} --dry-run",
            _repo.Path,
            timeoutSeconds: 120
        );
        var window = Math.Max(700, (int)(timer.ElapsedMilliseconds * 3 / 2));
        for (var i = 0; i < 100; i++)
        {
            RunAndKill($"decide --version 1.4.0 --commit {FixedClock.Commit}", window);
            if (!File.Exists(log))
            {
                continue;
            }

            var problems = HashChainedLog.Verify(log, out var records);
            if (problems.Count == 0)
            {
                continue;
            }

            // The only acceptable failure is a torn last record, named as such; repair it the documented way and go on.
            var problem = Assert.Single(problems);
            Assert.Equal("RT4011", problem.Code);
            Assert.Equal(records + 1, problem.Line);
            torn++;
            var repair = new StringWriter();
            Assert.Equal(0, ReleaseTrain.Cli.CliApplication.Run(["log", "repair", log], repair, repair, _repo.Path));
            Assert.Contains("removed an incomplete last line", repair.ToString(), StringComparison.Ordinal);
        }

        Assert.True(File.Exists(log), "no decide run got as far as appending; the kill window is too short");
        Assert.Empty(HashChainedLog.Verify(log, out var final));
        Assert.True(final > 0);
    }

    [Fact]
    public void Killing_evidence_never_leaves_a_half_written_committed_bundle()
    {
        var packages = Path.Combine(_repo.Path, "artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, "Usr.1.4.0.nupkg"), "package bytes");
        File.WriteAllBytes(
            Path.Combine(packages, "Usr.1.4.0.cdx.json"),
            CycloneDxSbom.Generate(
                TestPaths.InRepo("artifacts", "obj", "ReleaseTrain.Cli", "project.assets.json"),
                null,
                new SbomOptions(DateTimeOffset.UnixEpoch, null, null, "0.1.0")
            )
        );
        var evidence = Path.Combine(_repo.Path, "artifacts", "evidence");
        var bundle = Path.Combine(evidence, "1.4.0");
        var committed = 0;
        for (var i = 0; i < 100; i++)
        {
            RunAndKill("evidence --version 1.4.0", 1200);
            if (Directory.Exists(bundle))
            {
                Assert.Empty(EvidenceBundle.Verify(bundle, packages)); // all or nothing
                committed++;
                Directory.Delete(bundle, recursive: true);
            }

            foreach (var temp in Directory.Exists(evidence) ? Directory.GetDirectories(evidence, ".*.tmp") : [])
            {
                // an interrupted run's scratch folder, never taken for a bundle
                Directory.Delete(temp, recursive: true);
            }
        }

        Assert.True(committed > 0, "no evidence run finished; the kill window is too short");
    }
}

/// <summary>
/// Inputs outside the root or over the size limit are refused; no secret from the environment reaches any output.
/// </summary>
public sealed class SecurityTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-security");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void An_oversized_payload_is_refused_with_RT1014()
    {
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "producer-consumer"), _repo.Path);
        using (var stream = new FileStream(_repo.Combine("producer", "handoff.json"), FileMode.Create))
        {
            // sparse: nothing is really written
            stream.SetLength(ReleaseTrain.Core.IO.RepositoryFiles.MaxFileBytes + 1);
        }

        var stdout = new StringWriter();
        Assert.Equal(2, ReleaseTrain.Cli.CliApplication.Run(["verify"], stdout, new StringWriter(), _repo.Path));
        Assert.Contains("error RT1014:", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_secret_from_the_environment_reaches_an_output_file_or_log()
    {
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), _repo.Path);
        var packages = _repo.Combine("artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, "Usr.1.4.0.nupkg"), "package bytes");
        const string token = "ghp_s3cretT0kenThatMustNeverLeak0123456789";
        const string secret = "rt-test-secret-value-9f8e7d6c";
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_TOKEN"] = token,
            ["RELEASE_TRAIN_TEST_SECRET"] = secret,
            ["NUGET_API_KEY"] = secret,
        };
        var outputs = new List<string>();
        foreach (
            var command in new[]
            {
                $"sbom --project \"{TestPaths.InRepo("src", "Cli", "ReleaseTrain.Cli.csproj")}\" --output "
                    + $"artifacts/packages/Usr.1.4.0.cdx.json",
                "evidence --version 1.4.0",
                $"decide --version 1.4.0 --commit {FixedClock.Commit} --format json",
                "freeze --action release --at 2026-11-21T12:00:00Z --explain",
                "verify --format sarif --output artifacts/reports/verify.sarif",
                "hash toolchain --format json",
                "hash runtime-env --format json",
                "log verify",
            }
        )
        {
            var result = ProcessRunner.Run(
                "dotnet",
                $"\"{TestPaths.CliDll}\" {command}",
                _repo.Path,
                environment,
                timeoutSeconds: 120
            );
            outputs.Add(result.Output);
        }

        var written = Directory.GetFiles(_repo.Path, "*", SearchOption.AllDirectories).Select(File.ReadAllText);
        foreach (var text in outputs.Concat(written))
        {
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        // the commands really ran
        Assert.True(File.Exists(_repo.Combine("artifacts", "evidence", "1.4.0", "COMMITTED")));
        Assert.True(File.Exists(_repo.Combine("release", "no-cut-decision-log.jsonl")));
    }
}
