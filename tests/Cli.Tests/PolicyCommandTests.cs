using System.Text.Json;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>`freeze`, `decide` and `log verify` on the command line, and 16 deciding processes at once.</summary>
public sealed class PolicyCommandTests : IDisposable
{
    private const string Config = """
        {
          "freezeWindows": [ { "id": "weekend", "actions": ["release", "cutover"], "reason": "no weekend releases",
                               "schedule": "0 18 * * FRI", "duration": "P2DT14H", "timeZone": "Europe/Berlin" } ],
          "decisionLog": "logs/decisions.jsonl"
        }
        """;

    private readonly TempDirectory _repo = new("rt-cli-policy");

    public PolicyCommandTests() => File.WriteAllText(_repo.Combine("release-train.json"), Config);

    public void Dispose() => _repo.Dispose();

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (CliApplication.Run(args, stdout, stderr, _repo.Path), stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Freeze_exits_1_when_frozen_0_when_open_and_explains()
    {
        var frozen = Run("freeze", "--action", "release", "--at", "2026-11-21T12:00:00Z", "--explain");
        Assert.Equal(1, frozen.Exit);
        Assert.Contains("error RT4005: 'release' is frozen by window 'weekend'", frozen.Out, StringComparison.Ordinal);
        Assert.Contains(
            "Europe/Berlin: 2026-11-20T18:00:00+01:00 to 2026-11-23T08:00:00+01:00",
            frozen.Out,
            StringComparison.Ordinal
        );
        Assert.Contains("next opening: 2026-11-23T07:00:00Z", frozen.Out, StringComparison.Ordinal);
        Assert.Equal(0, Run("freeze", "--action", "release", "--at", "2026-11-23T07:00:00Z").Exit);
        Assert.Equal(0, Run("freeze", "--action", "pack", "--at", "2026-11-21T12:00:00Z").Exit);
        using var json = JsonDocument.Parse(
            Run("freeze", "--action", "cutover", "--at", "2026-11-21T12:00:00Z", "--format", "json").Out
        );
        Assert.True(json.RootElement.GetProperty("frozen").GetBoolean());
    }

    [Theory]
    [InlineData("2026-11-21T12:00:00")]
    [InlineData("yesterday")]
    public void A_timestamp_without_offset_exits_2(string at)
    {
        var result = Run("freeze", "--action", "release", "--at", at);
        Assert.Equal(2, result.Exit);
        Assert.Contains("RT4004", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_config_exits_2_with_every_error()
    {
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            Config.Replace("Europe/Berlin", "Mars/Olympus", StringComparison.Ordinal)
        );
        var result = Run("decide", "--version", "1.0.0", "--commit", FixedClock.Commit);
        Assert.Equal(2, result.Exit);
        Assert.Contains("release-train.json(3,87): error RT4002:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_records_unless_dry_run_and_the_log_verifies()
    {
        var dry = Run(
            "decide",
            "--version",
            "1.0.0",
            "--at",
            "2026-11-23T09:00:00Z",
            "--dry-run",
            "--commit",
            FixedClock.Commit
        );
        Assert.Equal(0, dry.Exit);
        Assert.False(File.Exists(_repo.Combine("logs", "decisions.jsonl")));

        // Recorded decisions are taken at the clock's time (--at is a dry run's): stop the clock instead.
        FixedClock.Use("2026-11-23T09:00:00Z");
        var go = Run("decide", "--version", "1.0.0", "--commit", "abc123" + new string('0', 34));
        Assert.Equal(0, go.Exit);
        Assert.Contains(": GO (", go.Out, StringComparison.Ordinal);
        FixedClock.Use("2026-11-21T09:00:00Z");
        var noGo = Run("decide", "--version", "1.0.0", "--format", "json", "--commit", FixedClock.Commit);
        Assert.Equal(1, noGo.Exit);
        using (var json = JsonDocument.Parse(noGo.Out))
        {
            Assert.Equal("NO-GO", json.RootElement.GetProperty("verdict").GetString());
            Assert.Equal("RT4108", json.RootElement.GetProperty("reasons")[0].GetProperty("code").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("recorded").GetProperty("seq").GetInt32());
        }

        var verify = Run("log", "verify");
        Assert.Equal(0, verify.Exit);
        Assert.Contains("2 record(s)", verify.Out, StringComparison.Ordinal);

        var log = _repo.Combine("logs", "decisions.jsonl");
        File.WriteAllText(log, File.ReadAllText(log).Replace("abc123", "abc124", StringComparison.Ordinal));
        var tampered = Run("log", "verify", log);
        Assert.Equal(1, tampered.Exit);
        Assert.Contains("decisions.jsonl(1,1): error RT4010:", tampered.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sixteen_processes_deciding_at_once_lose_nothing()
    {
        // Recorded at the clock's time: a configuration without the weekend freeze keeps every verdict GO.
        File.WriteAllText(_repo.Combine("release-train.json"), """{ "decisionLog": "logs/decisions.jsonl" }""");
        var cli = TestPaths.CliDll;
        var processes = Enumerable
            .Range(0, 16)
            .Select(i =>
                Task.Run(() =>
                    ProcessRunner.Run(
                        "dotnet",
                        $"\"{cli}\" decide --version 1.0.{i} --commit {FixedClock.Commit}",
                        _repo.Path,
                        timeoutSeconds: 180
                    )
                )
            )
            .ToArray();
        var results = await Task.WhenAll(processes);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        var log = _repo.Combine("logs", "decisions.jsonl");
        var lines = File.ReadAllLines(log);
        Assert.Equal(16, lines.Length);
        Assert.Equal(
            Enumerable.Range(0, 16).Select(i => "1.0." + i).Order(),
            lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("release").GetString()!).Order()
        );
        Assert.Empty(ReleaseTrain.Core.IO.HashChainedLog.Verify(log, out var count));
        Assert.Equal(16, count);
    }
}

/// <summary>examples/usr-train: the USR gate order with every kind of evidence, decided at fixed instants.</summary>
public sealed class UsrTrainExampleTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-usr");

    public UsrTrainExampleTests() => TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), _repo.Path);

    public void Dispose() => _repo.Dispose();

    private (int Exit, string Out) Run(params string[] args)
    {
        var stdout = new StringWriter();
        return (CliApplication.Run(args, stdout, new StringWriter(), _repo.Path), stdout.ToString());
    }

    [Fact]
    public void The_example_train_is_GO_on_a_weekday_and_NO_GO_on_the_weekend()
    {
        var go = Run(
            "decide",
            "--version",
            "1.4.0",
            "--at",
            "2026-11-18T12:00:00Z",
            "--dry-run",
            "--commit",
            FixedClock.Commit
        );
        Assert.True(go.Exit == 0, go.Out);
        Assert.Contains("GO (train(s) usr; 0 reason(s)", go.Out, StringComparison.Ordinal);
        var weekend = Run(
            "decide",
            "--version",
            "1.4.0",
            "--at",
            "2026-11-21T12:00:00Z",
            "--dry-run",
            "--commit",
            FixedClock.Commit
        );
        Assert.Equal(1, weekend.Exit);
        Assert.Contains(
            "error RT4108: The release action is frozen by window 'weekend'",
            weekend.Out,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "error RT4103: security evidence " + "'securi" + "ty-scan'",
            weekend.Out,
            StringComparison.Ordinal
        ); // P3D has passed
    }

    [Fact]
    public void The_hotfix_exception_lifts_the_year_end_freeze_for_its_release_only()
    {
        Assert.Equal(
            0,
            Run("freeze", "--action", "release", "--version", "1.4.1", "--at", "2026-12-23T10:00:00Z").Exit
        );
        Assert.Equal(
            1,
            Run("freeze", "--action", "release", "--version", "1.4.2", "--at", "2026-12-23T10:00:00Z").Exit
        );
    }
}

/// <summary>Every JSON the policy and evidence commands write follows its schema under schemas/.</summary>
public sealed class OutputSchemaTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-schemas");

    public OutputSchemaTests() => TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), _repo.Path);

    public void Dispose() => _repo.Dispose();

    private string Run(params string[] args)
    {
        var stdout = new StringWriter();
        CliApplication.Run(args, stdout, new StringWriter(), _repo.Path);
        return stdout.ToString();
    }

    [Fact]
    public void Decide_freeze_and_the_decision_log_follow_their_schemas()
    {
        FixedClock.Use("2026-11-21T12:00:00Z");
        SchemaAssert.Valid(
            "decide-report.schema.json",
            Run("decide", "--version", "1.4.0", "--format", "json", "--commit", FixedClock.Commit)
        );
        SchemaAssert.Valid(
            "decide-report.schema.json",
            Run(
                "decide",
                "--version",
                "1.4.0",
                "--at",
                "2026-11-18T12:00:00Z",
                "--format",
                "json",
                "--dry-run",
                "--commit",
                FixedClock.Commit
            )
        );
        foreach (var line in File.ReadAllLines(Path.Combine(_repo.Path, "release", "no-cut-decision-log.jsonl")))
        {
            SchemaAssert.Valid("decision-record.schema.json", line);
        }

        SchemaAssert.Valid(
            "freeze-report.schema.json",
            Run(
                "freeze",
                "--action",
                "release",
                "--version",
                "1.4.1",
                "--at",
                "2026-12-23T10:00:00Z",
                "--format",
                "json",
                "--explain"
            )
        );
        SchemaAssert.Valid(
            "freeze-report.schema.json",
            Run("freeze", "--action", "cutover", "--at", "2026-11-21T12:00:00Z", "--format", "json")
        );
    }

    [Fact]
    public void Evidence_json_follows_its_schema()
    {
        var packages = Path.Combine(_repo.Path, "artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, "Usr.1.4.0.nupkg"), "package");
        Assert.Equal(
            0,
            CliApplication.Run(
                [
                    "sbom",
                    "--project",
                    TestPaths.InRepo("src", "Cli", "ReleaseTrain.Cli.csproj"),
                    "--output",
                    Path.Combine(packages, "Usr.1.4.0.cdx.json"),
                ],
                new StringWriter(),
                new StringWriter(),
                _repo.Path
            )
        );
        Assert.Equal(
            0,
            CliApplication.Run(["evidence", "--version", "1.4.0"], new StringWriter(), new StringWriter(), _repo.Path)
        );
        SchemaAssert.Valid(
            "evidence.schema.json",
            File.ReadAllText(Path.Combine(_repo.Path, "artifacts", "evidence", "1.4.0", "evidence.json"))
        );
    }
}

/// <summary>Validator contracts through `verify` and `decide` on the real rollout files (examples/rollout).</summary>
public sealed class ValidatorContractTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Out, string Err) Run(string workingDirectory, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApplication.Run(args, stdout, stderr, workingDirectory);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [SkippableFact]
    public void The_rollout_example_verifies_and_a_failing_validator_is_drift_and_a_no_cut_reason()
    {
        var realdata = TestPaths.RealData();
        var example = TestPaths.InRepo("examples", "rollout", "release-train.json");
        var ok = Run(TestPaths.RepositoryRoot, "verify", "--config", example, "--root", realdata);
        Assert.True(ok.Exit == 0, ok.Out + ok.Err);
        Assert.Contains("PASS (8 contract(s)", ok.Out, StringComparison.Ordinal);
        Assert.Contains("warning RT6035", ok.Out, StringComparison.Ordinal);

        // The same waiver policy at a later instant: three blocking waivers have expired.
        var config = _dir.Combine("release-train.json");
        File.WriteAllText(
            config,
            """
            { "contracts": [ { "id": "usr-waivers", "kind": "usr-waivers", "manifest":
            """
                + """
                 "pairofcleats/tests/lang/matrix/usr-waiver-policy.json" } ] }
                """
        );
        var late = Run(
            TestPaths.RepositoryRoot,
            "verify",
            "--config",
            config,
            "--root",
            realdata,
            "--at",
            "2026-11-21T00:00:00Z",
            "--format",
            "json"
        );
        Assert.Equal(1, late.Exit);
        using (var json = System.Text.Json.JsonDocument.Parse(late.Out))
        {
            var findings = json.RootElement.GetProperty("contracts")[0].GetProperty("findings");
            Assert.Equal(4, findings.GetArrayLength());
            Assert.Equal("usr-waivers", findings[0].GetProperty("kind").GetString());
        }

        var decide = Run(
            TestPaths.RepositoryRoot,
            "decide",
            "--config",
            config,
            "--root",
            realdata,
            "--version",
            "1.0.0",
            "--at",
            "2026-11-21T00:00:00Z",
            "--dry-run",
            "--commit",
            FixedClock.Commit
        );
        Assert.Equal(1, decide.Exit);
        Assert.Contains(
            "usr-waiver-policy.json(10,23): error RT4111: Validator contract 'usr-waivers' (usr-waivers) fails: 4 "
                + "error(s), first RT6034",
            decide.Out,
            StringComparison.Ordinal
        );
        var early = Run(
            TestPaths.RepositoryRoot,
            "decide",
            "--config",
            config,
            "--root",
            realdata,
            "--version",
            "1.0.0",
            "--at",
            "2026-03-01T00:00:00Z",
            "--dry-run",
            "--commit",
            FixedClock.Commit
        );
        Assert.Equal(0, early.Exit);
    }

    [SkippableFact]
    public void Validate_commands_write_their_reports_and_exit_by_status()
    {
        var matrix = TestPaths.RealData("pairofcleats", "tests", "lang", "matrix");
        var reports = _dir.Combine("reports");
        var backcompat = Run(
            _dir.Path,
            "validate",
            "usr-backcompat",
            Path.Combine(matrix, "usr-backcompat-matrix.json"),
            "--output-dir",
            reports
        );
        Assert.Equal(0, backcompat.Exit);
        Assert.True(File.Exists(Path.Combine(reports, "usr-backcompat-matrix-results.json")));
        var waivers = Run(
            _dir.Path,
            "validate",
            "usr-waivers",
            Path.Combine(matrix, "usr-waiver-policy.json"),
            "--at",
            "2026-11-21T00:00:00Z",
            "--format",
            "json"
        );
        Assert.Equal(1, waivers.Exit);
        Assert.Contains("\"status\": \"fail\"", waivers.Out, StringComparison.Ordinal);
        var artifacts = Run(
            _dir.Path,
            "artifacts",
            "verify",
            TestPaths.RealData("memorykernel", "docs", "implementation", "RELEASE_EVIDENCE_BUNDLE_LATEST.json"),
            "--root",
            TestPaths.RealData("memorykernel")
        );
        Assert.Equal(1, artifacts.Exit);
        Assert.Contains(
            "error RT6061: Artifact 'contracts/integration/v1/service-slo-policy.json'",
            artifacts.Out,
            StringComparison.Ordinal
        );
        var malformed = _dir.Combine("bad.json");
        File.WriteAllText(malformed, "{\"schemaVersion\": ");
        var bad = Run(_dir.Path, "validate", "usr-backcompat", malformed);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("RT1001", bad.Err, StringComparison.Ordinal);

        var input = _dir.Combine("phases.json");
        File.WriteAllText(
            input,
            """{"run_id": "r1", "phases": [{"name": "gate-evaluation", "status": "pass"}], "runtime_governance": """
                + """{"rollback_triggered": false, "drift_status": "stable"}}"""
        );
        var manifest = _dir.Combine("manifest.json");
        var built = Run(
            _dir.Path,
            "phase-manifest",
            "build",
            "--input",
            input,
            "--target",
            "live",
            "--output",
            manifest,
            "--notes",
            "notes"
        );
        Assert.True(built.Exit == 0, built.Out + built.Err);
        Assert.True(File.Exists(_dir.Combine("notes", "iteration-1.md")));
        Assert.Equal(0, Run(_dir.Path, "phase-manifest", "verify", manifest).Exit);

        var snapshot = _dir.Combine("snapshot.json");
        File.WriteAllText(
            snapshot,
            """{"stages": [{"cohort_percent": 1, "samples": 900, "error_rate": 0.02, "p95_latency_ms": """
                + """101, "baseline_p95_latency_ms": 100, "replay_determinism_failures": 0}]}"""
        );
        var canary = Run(_dir.Path, "canary", "evaluate", "--snapshot", snapshot);
        Assert.Equal(1, canary.Exit);
        Assert.Contains("canary: ROLLBACK at stage 1%: error_rate 0.02 > 0.005", canary.Out, StringComparison.Ordinal);
    }
}

/// <summary>A generic ordered phase manifest whose order and gates come from release-train.json.</summary>
public sealed class ConfiguredPhaseManifestTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_configured_contract_orders_the_phases_and_verify_checks_the_built_manifest()
    {
        File.WriteAllText(
            _dir.Combine("release-train.json"),
            """
            {
              "contracts": [
                {
                  "id": "canary-train",
                  "kind": "phase-manifest",
                  "manifest": "out/manifest.json",
                  "options": {
                    "phases": {
                      "schemaVersion": "acme.rollout.v2",
                      "sloContractVersion": "acme-slo-3",
                      "order": [
                        { "name": "build", "sloGates": ["ci-green"] },
                        { "name": "staging", "sloGates": ["smoke"], "entry": "build passed", "exit": "smoke
            """
                + """
                 green", "evidence": ["smoke-report.json"] },
                            { "name": "production", "sloGates": ["error-budget"] }
                          ]
                        }
                      }
                    }
                  ]
                }
                """
        );
        File.WriteAllText(
            _dir.Combine("phases.json"),
            """{"run_id": "7", "phases": [{"name": "staging", "status": "passed", "artifact_refs": """
                + """["reports/smoke-report.json"]}, {"name": "build", "status": "ok"}]}"""
        );
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var built = CliApplication.Run(
            [
                "phase-manifest",
                "build",
                "--input",
                "phases.json",
                "--target",
                "prod",
                "--output",
                "out/manifest.json",
                "--contract",
                "canary-train",
            ],
            stdout,
            stderr,
            _dir.Path
        );
        Assert.True(built == 0, stdout.ToString() + stderr);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(_dir.Combine("out", "manifest.json")))!;
        Assert.Equal("acme.rollout.v2", manifest["schema_version"]!.GetValue<string>());
        Assert.Equal(
            ["build", "staging", "production"],
            manifest["phases"]!.AsArray().Select(p => p!["name"]!.GetValue<string>())
        );
        Assert.Equal(
            ["pass", "pass", "skip"],
            manifest["phases"]!.AsArray().Select(p => p!["status"]!.GetValue<string>())
        );

        // verify runs it as a contract (the configured order, not a built-in one).
        Assert.Equal(0, CliApplication.Run(["verify"], new StringWriter(), new StringWriter(), _dir.Path));
        File.WriteAllText(
            _dir.Combine("out", "manifest.json"),
            File.ReadAllText(_dir.Combine("out", "manifest.json"))
                .Replace("\"name\": \"production\"", "\"name\": \"prod\"", StringComparison.Ordinal)
        );
        var drift = new StringWriter();
        Assert.Equal(1, CliApplication.Run(["verify"], drift, new StringWriter(), _dir.Path));
        Assert.Contains("error RT6051", drift.ToString(), StringComparison.Ordinal);

        Assert.Equal(
            2,
            CliApplication.Run(
                [
                    "phase-manifest",
                    "build",
                    "--input",
                    "phases.json",
                    "--target",
                    "prod",
                    "--output",
                    "x.json",
                    "--contract",
                    "nope",
                ],
                new StringWriter(),
                new StringWriter(),
                _dir.Path
            )
        );
    }
}
