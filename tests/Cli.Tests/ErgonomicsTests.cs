using System.Text.Json.Nodes;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>
/// The CLI explains itself: examples in every --help, --explain on every verdict, --verbosity, colour only on a
/// terminal.
/// </summary>
public sealed class ErgonomicsTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-ergo");

    public ErgonomicsTests() => TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), _repo.Path);

    public void Dispose() => _repo.Dispose();

    private (int Exit, string Out) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var exit = CliApplication.Run(args, stdout, new StringWriter(), _repo.Path);
        return (exit, stdout.ToString());
    }

    [Fact]
    public void Every_command_has_help_with_examples()
    {
        var paths = CliApplication.CommandPaths();
        Assert.True(paths.Count >= 35, string.Join(", ", paths));
        foreach (var path in paths)
        {
            var args = path.Length == 0 ? new[] { "--help" } : [.. path.Split(' '), "--help"];
            var (exit, output) = Run(args);
            Assert.Equal(0, exit);
            Assert.Contains("Examples:", output, StringComparison.Ordinal);
            Assert.Contains(
                "release-train " + path,
                output.Replace("\r", string.Empty, StringComparison.Ordinal),
                StringComparison.Ordinal
            );
        }
    }

    [Fact]
    public void Every_verdict_explains_itself()
    {
        var decide = Run(
            "decide",
            "--version",
            "1.4.0",
            "--at",
            "2026-11-21T12:00:00Z",
            "--dry-run",
            "--explain",
            "--commit",
            FixedClock.Commit
        );
        Assert.Equal(1, decide.Exit);
        Assert.Contains(
            "explain evidence [usr]: NO-GO: RT4103; read release/security-scan.json (sha256:",
            decide.Out,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "explain backcompat [usr]: pass; read release/usr-backcompat-matrix-results.json",
            decide.Out,
            StringComparison.Ordinal
        );
        Assert.Contains("explain freeze [release]: NO-GO: RT4108", decide.Out, StringComparison.Ordinal);

        var json = Run(
            "decide",
            "--version",
            "1.4.0",
            "--at",
            "2026-11-18T12:00:00Z",
            "--dry-run",
            "--format",
            "json",
            "--commit",
            FixedClock.Commit
        );
        // coverage; backcompat, evidence, waivers, gates; freeze of release and cutover
        Assert.Equal(7, JsonNode.Parse(json.Out)!["checks"]!.AsArray().Count);

        using var example = new TempDirectory("rt-ergo-verify");
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "producer-consumer"), example.Path);
        var stdout = new StringWriter();
        Assert.Equal(0, CliApplication.Run(["verify", "--explain"], stdout, new StringWriter(), example.Path));
        Assert.Contains(
            "explain [orders-consumer-pin/manifest-sha256] sha256 consumer/producer-pin.json "
                + "/expected_producer_manifest_sha256 from sha256: pass",
            stdout.ToString(),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "explain [orders-producer-handoff/release-tag] equals producer/handoff.json /release_tag from manifest "
                + "/release_tag: pass",
            stdout.ToString(),
            StringComparison.Ordinal
        );

        File.WriteAllText(
            _repo.Combine("snapshot.json"),
            """{"stages": [{"cohort_percent": 1, "samples": 900, "error_rate": 0.001, "p95_latency_ms": """
                + """120, "baseline_p95_latency_ms": 100, "replay_determinism_failures": 0}]}"""
        );
        var canary = Run("canary", "evaluate", "--snapshot", "snapshot.json", "--explain");
        Assert.Equal(1, canary.Exit);
        Assert.Contains(
            "explain stage 1%: rollback (samples 900, error_rate 0.001, p95 120 vs baseline 100 = delta 0.2",
            canary.Out,
            StringComparison.Ordinal
        );

        var freeze = Run("freeze", "--action", "release", "--at", "2026-11-21T12:00:00Z", "--verbosity", "detailed");
        Assert.Contains("window weekend (blocking)", freeze.Out, StringComparison.Ordinal); // detailed = --explain
    }

    [Fact]
    public void Quiet_keeps_diagnostics_and_the_verdict_and_never_filters_json()
    {
        var quiet = Run(
            "decide",
            "--version",
            "1.4.0",
            "--at",
            "2026-11-21T12:00:00Z",
            "--dry-run",
            "--explain",
            "--verbosity",
            "quiet",
            "--commit",
            FixedClock.Commit
        );
        var lines = quiet.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.DoesNotContain("explain", quiet.Out, StringComparison.Ordinal);
        Assert.StartsWith("release-train decide 1.4.0: NO-GO", lines[3], StringComparison.Ordinal);
        var json = Run(
            "decide",
            "--version",
            "1.4.0",
            "--at",
            "2026-11-21T12:00:00Z",
            "--dry-run",
            "--format",
            "json",
            "--verbosity",
            "quiet",
            "--commit",
            FixedClock.Commit
        );
        Assert.NotNull(JsonNode.Parse(json.Out));
    }

    [Fact]
    public void Colour_only_on_a_terminal_without_NO_COLOR()
    {
        Assert.True(ConsoleStyle.UseColour(redirected: false, _ => null));
        Assert.False(ConsoleStyle.UseColour(redirected: true, _ => null));
        Assert.False(ConsoleStyle.UseColour(redirected: false, name => name == "NO_COLOR" ? "1" : null));
        Assert.False(ConsoleStyle.UseColour(redirected: false, name => name == "TERM" ? "dumb" : null));

        var output = new StringWriter();
        var writer = new ConsoleStyle.ColourWriter(output);
        writer.WriteLine("a.json(3,5): error RT2001: drift");
        writer.WriteLine("a.json(3,5): warning RT6035: soon");
        writer.WriteLine("release-train verify: PASS (1 contract(s))");
        writer.WriteLine("plain");
        writer.Flush();
        Assert.Equal(
            "\u001b[31ma.json(3,5): error RT2001: drift\u001b[0m\n\u001b[33ma.json(3,5): warning RT6035: "
                + "soon\u001b[0m\n\u001b[32mrelease-train verify: PASS (1 contract(s))\u001b[0m\nplain\n",
            output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal)
        );

        // Through the real process (stdout redirected): plain.
        var result = ProcessRunner.Run(
            "dotnet",
            $"\"{TestPaths.CliDll}\" decide --version 1.4.0 --at 2026-11-21T12:00:00Z --dry-run",
            _repo.Path
        );
        Assert.DoesNotContain("\u001b[", result.StdOut, StringComparison.Ordinal);
    }
}

/// <summary>
/// release-train report: the scorecard and the USR summary outputs follow their schemas and say what happened.
/// </summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-report-cli");

    public ReportCommandTests() => TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), _repo.Path);

    public void Dispose() => _repo.Dispose();

    private int Run(params string[] args) =>
        CliApplication.Run(args, new StringWriter(), new StringWriter(), _repo.Path);

    [Fact]
    public void The_scorecard_rollup_and_stabilization_report_follow_their_schemas()
    {
        // Recorded decisions are taken at the clock's time: the test stops the clock at each instant.
        FixedClock.Use("2026-11-18T11:00:00Z");
        Assert.Equal(0, Run("decide", "--version", "1.3.0", "--commit", FixedClock.Commit));
        FixedClock.Use("2026-11-18T12:00:00Z");
        Assert.Equal(0, Run("decide", "--version", "1.4.0", "--commit", FixedClock.Commit));
        FixedClock.Use("2026-11-21T12:00:00Z");
        Assert.Equal(1, Run("decide", "--version", "1.4.0", "--commit", FixedClock.Commit));
        FixedClock.Use("2026-11-22T12:00:00Z");
        Assert.Equal(1, Run("decide", "--version", "1.4.0", "--commit", FixedClock.Commit));
        Assert.Equal(
            0,
            Run(
                "report",
                "--version",
                "1.4.0",
                "--at",
                "2026-11-23T12:00:00Z",
                "--output-dir",
                "out",
                "--commit",
                FixedClock.Commit
            )
        );

        var scorecard = File.ReadAllText(_repo.Combine("out", "release-readiness-scorecard.json"));
        SchemaAssert.Valid("usr-release-readiness-scorecard.schema.json", scorecard);
        var card = JsonNode.Parse(scorecard)!;
        Assert.Equal(
            ["contract-drift", "freeze", "evidence", "no-cut", "signoff"],
            card["rows"]!.AsArray().Select(r => r!["id"]!.GetValue<string>())
        );
        Assert.Equal(4, card["decisions"]!.AsArray().Count);

        var rollup = File.ReadAllText(_repo.Combine("out", "observability-rollup.json"));
        SchemaAssert.Valid("usr-observability-rollup.schema.json", rollup);
        var r = JsonNode.Parse(rollup)!;
        Assert.Equal(["1.3.0", "1.4.0"], r["rows"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
        var stale = r["gates"]!.AsArray().Single(g => g!["code"]!.GetValue<string>() == "RT4103")!;
        Assert.Equal(2, stale["occurrences"]!.GetValue<int>());
        // from the first NO-GO (21st) to the report (23rd): still blocking
        Assert.Equal(2 * 24 * 60, stale["blockedMinutes"]!.GetValue<long>());

        var stabilization = File.ReadAllText(_repo.Combine("out", "post-cutover-stabilization-report.json"));
        SchemaAssert.Valid("usr-post-cutover-stabilization-report.schema.json", stabilization);
        var s = JsonNode.Parse(stabilization)!;
        var pair = Assert.Single(s["rows"]!.AsArray())!;
        Assert.Equal("1.3.0->1.4.0", pair["id"]!.GetValue<string>());
        Assert.Equal("GO->NO-GO", pair["verdicts"]!.GetValue<string>());
        Assert.True(pair["regression"]!.GetValue<bool>());
        Assert.Equal(1, s["summary"]!["regressionCount"]!.GetValue<int>());
        Assert.Contains(s["waivers"]!.AsArray(), w => w!["id"]!.GetValue<string>().Length > 0);

        Assert.Contains(
            "<h1>Release readiness: 1.4.0</h1>",
            File.ReadAllText(_repo.Combine("out", "release-readiness.html")),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "## Release readiness: 1.4.0",
            File.ReadAllText(_repo.Combine("out", "release-readiness.md")),
            StringComparison.Ordinal
        );
    }
}

/// <summary>
/// Bad input to the commands this change added ends in a coded diagnostic and exit 2, never a verdict.
/// </summary>
public sealed class NewCommandErrorPathTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-errors");

    public NewCommandErrorPathTests() =>
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), _repo.Path);

    public void Dispose() => _repo.Dispose();

    private (int Exit, string Output) Run(string workingDirectory, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApplication.Run(args, stdout, stderr, workingDirectory);
        return (exit, stdout.ToString() + stderr);
    }

    [Theory]
    [InlineData("RT5003", "signoff", "status", "--version", "1.4.0")]
    [InlineData(
        "RT5012",
        "signoff",
        "add",
        "--version",
        "1.4.0",
        "--role",
        "r",
        "--by",
        "bob",
        "--decision",
        "approved",
        "--at",
        "2026-11-21T10:00:00Z"
    )]
    [InlineData(
        "RT1013",
        "release",
        "--version",
        "version-one",
        "--commit",
        "0123456789abcdef0123456789abcdef01234567"
    )]
    [InlineData("RT1003", "artifacts", "verify", "no-such-manifest.json")]
    [InlineData("RT1003", "validate", "usr-backcompat", "no-such-matrix.json")]
    [InlineData("RT1003", "canary", "evaluate", "--snapshot", "no-such-snapshot.json")]
    public void Bad_input_is_exit_2_with_its_code(string code, params string[] args)
    {
        if (args[1] == "add")
        {
            File.WriteAllText(
                _repo.Combine("release-train.json"),
                """{ "signoff": { "allowUnsignedRecords": true, "roles": { "r": ["bob"] } } }"""
            );
        }

        var (exit, output) = Run(_repo.Path, args);
        Assert.Equal(2, exit);
        Assert.Contains(code, output, StringComparison.Ordinal);
        Assert.DoesNotContain("RT1015", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_thresholds_inputs_and_a_missing_config_are_refused()
    {
        File.WriteAllText(
            _repo.Combine("snapshot.json"),
            """{"stages": [{"cohort_percent": 1, "samples": 900, "error_rate": 0.001, "p95_latency_ms": """
                + """101, "baseline_p95_latency_ms": 100, "replay_determinism_failures": 0}]}"""
        );
        File.WriteAllText(_repo.Combine("thresholds.json"), """{"max_error_rate": "high"}""");
        var thresholds = Run(
            _repo.Path,
            "canary",
            "evaluate",
            "--snapshot",
            "snapshot.json",
            "--thresholds",
            "thresholds.json"
        );
        Assert.Equal(2, thresholds.Exit);
        Assert.Contains("thresholds.json(1,20): error RT6072", thresholds.Output, StringComparison.Ordinal);

        File.WriteAllText(_repo.Combine("phases.json"), """{"phases": [{"name": "launch", "status": "pass"}]}""");
        var phases = Run(
            _repo.Path,
            "phase-manifest",
            "build",
            "--input",
            "phases.json",
            "--target",
            "live",
            "--output",
            "m.json"
        );
        Assert.Equal(2, phases.Exit);
        Assert.Contains("phases.json(1,13): error RT6050", phases.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_repo.Combine("m.json")));

        using var empty = new TempDirectory("rt-errors-empty");
        var report = Run(empty.Path, "report", "--version", "1.0.0");
        Assert.Equal(2, report.Exit);
        Assert.Contains("RT1006", report.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decision_log_that_does_not_verify_is_a_failing_row_of_the_report()
    {
        FixedClock.Use("2026-11-18T12:00:00Z");
        Assert.Equal(0, Run(_repo.Path, "decide", "--version", "1.4.0", "--commit", FixedClock.Commit).Exit);
        var log = _repo.Combine("release", "no-cut-decision-log.jsonl");
        File.WriteAllText(log, File.ReadAllText(log).Replace("\"GO\"", "\"NO-GO\"", StringComparison.Ordinal));
        Assert.Equal(
            0,
            Run(
                _repo.Path,
                "report",
                "--version",
                "1.4.0",
                "--at",
                "2026-11-18T12:00:00Z",
                "--format",
                "json",
                "--output",
                "card.json",
                "--commit",
                FixedClock.Commit
            ).Exit
        );
        var card = JsonNode.Parse(File.ReadAllText(_repo.Combine("card.json")))!;
        var row = card["rows"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "decision-log")!;
        Assert.Equal("fail", row["status"]!.GetValue<string>());
        Assert.Equal("RT4010", row["findings"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("fail", card["status"]!.GetValue<string>());
        Assert.Empty(card["decisions"]!.AsArray());
    }
}
