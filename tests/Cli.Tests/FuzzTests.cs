using System.Text;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>
/// Thousands of corrupted inputs — truncated, random bytes, deep nesting, huge numbers, invalid UTF-8, BOMs, duplicate
/// keys — fed to every file reader through the CLI commands: each ends with a coded diagnostic and exit 2 (or a
/// verdict, exit 1, for tampered evidence and logs), never an unhandled exception (RT1015), a hang, or a partial file.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private readonly TempDirectory _dir = new("rt-fuzz");
    private readonly Random _random = new(20261121);

    public void Dispose() => _dir.Dispose();

    private IEnumerable<byte[]> Corruptions(byte[] valid, int count)
    {
        yield return [];
        yield return [0xEF, 0xBB, 0xBF];
        yield return [.. new byte[] { 0xEF, 0xBB, 0xBF }, .. valid];
        yield return Encoding.UTF8.GetBytes(new string('[', 100_000));
        yield return Encoding.UTF8.GetBytes(new string('[', 300) + new string(']', 300));
        yield return Encoding.UTF8.GetBytes(
            "{\"a\": 1e999999, \"b\": -1e999999, \"c\": 123456789012345678901234567890}"
        );
        yield return Encoding.UTF8.GetBytes("{\"a\": 1, \"a\": 2}");
        yield return Encoding.UTF8.GetBytes("{\"a\": \"\\ud800\"}");
        yield return [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]; // {"a":"<invalid UTF-8>"}
        for (var i = 0; i < count; i++)
        {
            var bytes = (byte[])valid.Clone();
            switch (i % 5)
            {
                case 0:
                    bytes = bytes[..Math.Max(0, _random.Next(bytes.Length))];
                    break;
                case 1:
                    for (var k = 0; k < 1 + _random.Next(4); k++)
                    {
                        bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
                    }

                    break;
                case 2:
                    var at = _random.Next(bytes.Length);
                    bytes =
                    [
                        .. bytes[..at],
                        .. Encoding.UTF8.GetBytes(_random.Next(2) == 0 ? "{\"x\":" : "\"\\u"),
                        .. bytes[at..],
                    ];
                    break;
                case 3:
                    var text = Encoding.UTF8.GetString(bytes);
                    var quote = text.IndexOf("\": ", _random.Next(Math.Max(1, text.Length)), StringComparison.Ordinal);
                    bytes =
                        quote < 0
                            ? bytes
                            : Encoding.UTF8.GetBytes(text[..quote] + "\": 1e400, \"dup\": 1, \"dup" + text[quote..]);
                    break;
                default:
                    var buffer = new byte[_random.Next(1, 512)];
                    _random.NextBytes(buffer);
                    bytes = buffer;
                    break;
            }

            yield return bytes;
        }
    }

    private (int Exit, string Output) Run(string workingDirectory, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var run = Task.Run(() => CliApplication.Run(args, stdout, stderr, workingDirectory));
        Assert.True(run.Wait(TimeSpan.FromSeconds(30)), "hang: release-train " + string.Join(" ", args));
        return (run.Result, stdout.ToString() + stderr.ToString());
    }

    private void Fuzz(
        string file,
        byte[] valid,
        int count,
        Func<(int Exit, string Output)> run,
        params int[] allowedExits
    )
    {
        foreach (var corrupt in Corruptions(valid, count))
        {
            File.WriteAllBytes(file, corrupt);
            var (exit, output) = run();
            Assert.True(
                allowedExits.Contains(exit),
                $"exit {exit} for {Convert.ToBase64String(corrupt[..Math.Min(corrupt.Length, 200)])}:\n{output}"
            );
            Assert.False(output.Contains("RT1015", StringComparison.Ordinal), output);
            Assert.Matches(
                "(error|warning) RT\\d{4}|\"code\": \"RT\\d{4}\"|\"status\": "
                    + "\"pass\"|PASS|WARN|GO|intact|verified|sha256:|sign-off of|phase manifest (pass|fail):",
                output
            );
        }

        // never a partial output file
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Corrupted_configs_payloads_and_manifests_through_verify()
    {
        var repo = _dir.Combine("verify");
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "producer-consumer"), repo);
        foreach (var file in new[] { "release-train.json", "producer/handoff.json", "producer/contract-manifest.json" })
        {
            var path = Path.Combine(repo, file);
            var valid = File.ReadAllBytes(path);
            Fuzz(
                path,
                valid,
                400,
                () => Run(repo, "verify", "--format", "json", "--output", "out/report.json"),
                0,
                1,
                2
            );
            File.WriteAllBytes(path, valid);
        }
    }

    [Fact]
    public void Corrupted_json_lock_files_and_sboms_through_hash()
    {
        var path = _dir.Combine("input.json");
        Fuzz(
            path,
            File.ReadAllBytes(TestPaths.InRepo("src", "Core", "packages.lock.json")),
            300,
            () => Run(_dir.Path, "hash", "json", path),
            0,
            2
        );
        var sbom = CycloneDxSample();
        Fuzz(path, sbom, 300, () => Run(_dir.Path, "hash", "sbom", path), 0, 2);

        var lockRoot = _dir.Combine("locks");
        Directory.CreateDirectory(Path.Combine(lockRoot, "p"));
        Fuzz(
            Path.Combine(lockRoot, "p", "packages.lock.json"),
            File.ReadAllBytes(TestPaths.InRepo("src", "Cli", "packages.lock.json")),
            200,
            () => Run(_dir.Path, "hash", "lockfile", "--root", lockRoot),
            0,
            2
        );
    }

    [Fact]
    public void Corrupted_restore_models_through_sbom_and_policy_inputs_through_decide()
    {
        var assets = _dir.Combine("project.assets.json");
        Fuzz(
            assets,
            File.ReadAllBytes(TestPaths.InRepo("artifacts", "obj", "ReleaseTrain.Cli", "project.assets.json")),
            40,
            () =>
                Run(
                    _dir.Path,
                    "sbom",
                    "--project",
                    TestPaths.InRepo("src", "Cli", "ReleaseTrain.Cli.csproj"),
                    "--assets",
                    assets,
                    "--output",
                    _dir.Combine("out.cdx.json")
                ),
            0,
            2
        );

        var repo = _dir.Combine("usr");
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), repo);
        foreach (
            var file in new[]
            {
                "release-train.json",
                "release/gates.json",
                "release/usr-backcompat-matrix-results.json",
                "release/security-scan.json",
                "release/usr-rollback-drill-report.json",
            }
        )
        {
            var path = Path.Combine(repo, file);
            var valid = File.ReadAllBytes(path);
            Fuzz(
                path,
                valid,
                150,
                () =>
                    Run(
                        repo,
                        "decide",
                        "--version",
                        "1.4.0",
                        "--at",
                        "2026-11-18T12:00:00Z",
                        "--dry-run",
                        "--commit",
                        FixedClock.Commit
                    ),
                0,
                1,
                2
            );
            File.WriteAllBytes(path, valid);
        }
    }

    [Fact]
    public void Corrupted_decision_logs_and_evidence_through_verify_commands()
    {
        var repo = _dir.Combine("log");
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), repo);
        FixedClock.Use("2026-11-21T12:00:00Z");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, Run(repo, "decide", "--version", "1.4.0", "--commit", FixedClock.Commit).Exit);
        }

        var log = Path.Combine(repo, "release", "no-cut-decision-log.jsonl");
        File.Delete(ReleaseTrain.Core.IO.HashChainedLog.HeadPath(log));
        Fuzz(log, File.ReadAllBytes(log), 300, () => Run(repo, "log", "verify", log), 0, 1, 2);

        var packages = _dir.Combine("packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, "X.1.0.0.nupkg"), "bytes");
        File.WriteAllBytes(Path.Combine(packages, "X.1.0.0.cdx.json"), CycloneDxSample());
        Assert.Equal(
            0,
            Run(
                _dir.Path,
                "evidence",
                "--version",
                "1.0.0",
                "--packages",
                packages,
                "--output",
                _dir.Combine("evidence")
            ).Exit
        );
        var bundle = _dir.Combine("evidence", "1.0.0");
        foreach (var file in new[] { "evidence.json", "evidence.intoto.json", "X.1.0.0.cdx.json", "COMMITTED" })
        {
            var path = Path.Combine(bundle, file);
            var valid = File.ReadAllBytes(path);
            Fuzz(path, valid, 100, () => Run(_dir.Path, "evidence", "verify", bundle, "--packages", packages), 0, 1, 2);
            File.WriteAllBytes(path, valid);
        }
    }

    [SkippableFact]
    public void Corrupted_rollout_files_through_the_validators()
    {
        var matrix = TestPaths.RealData("pairofcleats", "tests", "lang", "matrix");
        var reports = _dir.Combine("reports");
        var input = _dir.Combine("input.json");
        Fuzz(
            input,
            File.ReadAllBytes(Path.Combine(matrix, "usr-backcompat-matrix.json")),
            150,
            () => Run(_dir.Path, "validate", "usr-backcompat", input, "--output-dir", reports),
            0,
            1,
            2
        );
        Fuzz(
            input,
            File.ReadAllBytes(Path.Combine(matrix, "usr-waiver-policy.json")),
            150,
            () =>
                Run(
                    _dir.Path,
                    "validate",
                    "usr-waivers",
                    input,
                    "--at",
                    "2026-03-01T00:00:00Z",
                    "--output-dir",
                    reports
                ),
            0,
            1,
            2
        );

        var drills = _dir.Combine("drills");
        Directory.CreateDirectory(drills);
        var drill = Path.Combine(drills, "drill.json");
        Fuzz(
            drill,
            Encoding.UTF8.GetBytes(
                "{\"runbookId\": \"usr-cutover-runbook\", \"runbookVersion\": \"1\", \"result\": \"pass\", "
                    + "\"executedAt\": \"2026-11-10T09:00:00Z\"}"
            ),
            150,
            () =>
                Run(
                    _dir.Path,
                    "validate",
                    "usr-operational-readiness",
                    Path.Combine(matrix, "usr-operational-readiness-policy.json"),
                    "--drills",
                    drills,
                    "--at",
                    "2026-11-21T00:00:00Z",
                    "--output-dir",
                    reports
                ),
            0,
            1,
            2
        );
        File.Delete(drill);

        var ml2ml = _dir.Combine("ml2ml");
        TempDirectory.CopyDirectory(TestPaths.RealData("ml2ml"), ml2ml);
        var catalog = Path.Combine(ml2ml, "contracts", "catalog-manifest.json");
        Fuzz(
            catalog,
            File.ReadAllBytes(catalog),
            150,
            () => Run(_dir.Path, "artifacts", "verify", catalog, "--root", ml2ml),
            0,
            1,
            2
        );

        Fuzz(
            input,
            Encoding.UTF8.GetBytes(
                "{\"stages\": [{\"cohort_percent\": 1, \"samples\": 500, \"error_rate\": 0.001, \"p95_latency_ms\": "
                    + "101, \"baseline_p95_latency_ms\": 100, \"replay_determinism_failures\": 0}]}"
            ),
            150,
            () => Run(_dir.Path, "canary", "evaluate", "--snapshot", input, "--output", _dir.Combine("verdict.json")),
            0,
            1,
            2
        );

        var manifest = _dir.Combine("manifest.json");
        Fuzz(
            input,
            Encoding.UTF8.GetBytes(
                "{\"run_id\": \"r\", \"phases\": [{\"name\": \"gate-evaluation\", \"status\": \"pass\"}], "
                    + "\"runtime_governance\": {\"rollback_triggered\": false, \"drift_status\": \"stable\"}}"
            ),
            150,
            () => Run(_dir.Path, "phase-manifest", "build", "--input", input, "--target", "live", "--output", manifest),
            0,
            1,
            2
        );
        File.WriteAllText(
            input,
            "{\"run_id\": \"r\", \"phases\": [{\"name\": \"gate-evaluation\", \"status\": \"pass\"}]}"
        );
        Assert.Equal(
            0,
            Run(_dir.Path, "phase-manifest", "build", "--input", input, "--target", "live", "--output", manifest).Exit
        );
        Fuzz(
            manifest,
            File.ReadAllBytes(manifest),
            150,
            () => Run(_dir.Path, "phase-manifest", "verify", manifest),
            0,
            1,
            2
        );
    }

    [Fact]
    public void Corrupted_sign_off_records_through_signoff_verify()
    {
        var repo = _dir.Combine("signoff");
        Directory.CreateDirectory(repo);
        File.WriteAllText(
            Path.Combine(repo, "release-train.json"),
            "{\"signoff\": {\"allowUnsignedRecords\": true, \"roles\": {\"a\": [\"alice\"], \"b\": [\"bob\"]}}}"
        );
        // Records are made at the clock's time: the test stops the clock at each one's instant.
        FixedClock.Use("2026-11-20T10:00:00Z");
        Assert.Equal(
            0,
            Run(
                repo,
                "signoff",
                "add",
                "--version",
                "1.0.0",
                "--role",
                "a",
                "--by",
                "alice",
                "--decision",
                "approved",
                "--commit",
                new string('a', 40)
            ).Exit
        );
        FixedClock.Use("2026-11-20T11:00:00Z");
        Assert.Equal(
            0,
            Run(
                repo,
                "signoff",
                "add",
                "--version",
                "1.0.0",
                "--role",
                "b",
                "--by",
                "bob",
                "--decision",
                "approved",
                "--commit",
                new string('a', 40)
            ).Exit
        );
        var log = Path.Combine(repo, "release-train", "signoff-log.jsonl");
        File.Delete(ReleaseTrain.Core.IO.HashChainedLog.HeadPath(log));
        Fuzz(
            log,
            File.ReadAllBytes(log),
            300,
            () =>
                Run(
                    repo,
                    "signoff",
                    "verify",
                    "--version",
                    "1.0.0",
                    "--commit",
                    new string('a', 40),
                    "--author",
                    "zed",
                    "--at",
                    "2026-11-21T00:00:00Z"
                ),
            0,
            1,
            2
        );
    }

    private static byte[] CycloneDxSample() =>
        ReleaseTrain.Core.Evidence.CycloneDxSbom.Generate(
            TestPaths.InRepo("artifacts", "obj", "ReleaseTrain.Cli", "project.assets.json"),
            null,
            new ReleaseTrain.Core.Evidence.SbomOptions(DateTimeOffset.UnixEpoch, null, null, "0.1.0")
        );
}
