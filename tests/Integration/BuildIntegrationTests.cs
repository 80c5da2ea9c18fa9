using System.Text.RegularExpressions;

namespace ReleaseTrain.Tests;

/// <summary>
/// A multi-project sample repository consuming the packed ReleaseTrain.Tasks from a local feed:
/// `dotnet build` passes clean, fails on drift with the code at the payload's line, and passes again when fixed.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed partial class BuildIntegrationTests(PackageFeedFixture feed)
{
    [GeneratedRegex(@"^\s*(\d+) Error\(s\)", RegexOptions.Multiline)]
    private static partial Regex ErrorCount();

    private static int Errors(ProcessRunner.Result result) =>
        int.Parse(ErrorCount().Match(result.StdOut).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static void Drift(TempDirectory repo) =>
        Edit(repo, "\"order_not_found\",\n    \"write_conflict\"", "\"write_conflict\",\n    \"order_not_found\"");

    private static void Edit(TempDirectory repo, string oldText, string newText)
    {
        var handoff = repo.Combine("producer", "handoff.json");
        var text = File.ReadAllText(handoff);
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        File.WriteAllText(handoff, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    [Fact]
    public void Clean_build_passes_drift_fails_at_the_payload_line_fix_passes_again()
    {
        using var repo = feed.CreateSampleRepository();
        var clean = feed.Build(repo);
        Assert.True(clean.ExitCode == 0, clean.Output);

        Drift(repo);
        var drifted = feed.Build(repo);
        Assert.NotEqual(0, drifted.ExitCode);
        var handoff = repo.Combine("producer", "handoff.json");
        Assert.Contains(
            $"{handoff}(16,22): error RT2002: [orders-producer-handoff/error-code-enum] /error_code_enum:",
            drifted.StdOut,
            StringComparison.Ordinal
        );
        Assert.Equal(1, Errors(drifted)); // verified once, although two projects reference the package

        Edit(
            repo,
            "\"write_conflict\",\n    \"order_not_found\"",
            "\"order_not_found\",\n   " + " " + "\"write_conflict\""
        ); // the fix
        var fixedBuild = feed.Build(repo);
        Assert.True(fixedBuild.ExitCode == 0, fixedBuild.Output);
    }

    [SkippableFact]
    public void A_validator_contract_gates_the_build_at_the_row_line()
    {
        using var repo = feed.CreateSampleRepository();
        var matrix = repo.Combine("rollout", "usr-backcompat-matrix.json");
        Directory.CreateDirectory(Path.GetDirectoryName(matrix)!);
        File.Copy(TestPaths.RealData("pairofcleats", "tests", "lang", "matrix", "usr-backcompat-matrix.json"), matrix);
        var config = System
            .Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(repo.Combine("release-train.json")))!
            .AsObject();
        config["contracts"]!
            .AsArray()
            .Add(
                new System.Text.Json.Nodes.JsonObject
                {
                    ["id"] = "usr-backcompat",
                    ["kind"] = "usr-backcompat",
                    ["manifest"] = "rollout/usr-backcompat-matrix.json",
                }
            );
        File.WriteAllText(repo.Combine("release-train.json"), config.ToJsonString());
        var clean = feed.Build(repo);
        Assert.True(clean.ExitCode == 0, clean.Output);

        File.WriteAllText(
            matrix,
            File.ReadAllText(matrix).Replace("\"id\": \"BC-002\"", "\"id\": \"BC-001\"", StringComparison.Ordinal)
        );
        var failed = feed.Build(repo);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains(
            $"{matrix}(18,13): error RT6003: Row id 'BC-001' appears more than once.",
            failed.StdOut,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void No_op_rebuild_skips_the_verify_target_and_an_input_change_reruns_it()
    {
        using var repo = feed.CreateSampleRepository();
        Assert.Equal(0, feed.Build(repo).ExitCode);
        var noop = feed.Build(repo, "-v:n");
        Assert.Equal(0, noop.ExitCode);
        Assert.Contains(
            "Skipping target \"_ReleaseTrainVerifyContractsOnce\" because all output files are up-to-date",
            noop.StdOut,
            StringComparison.Ordinal
        );
        // no call, no task assembly load
        Assert.DoesNotContain("ReleaseT" + "rain.Ver" + "ify.proj", noop.StdOut, StringComparison.Ordinal);

        // Newer than the semaphore in both projects, however long the build takes to reach the verification.
        File.SetLastWriteTimeUtc(repo.Combine("consumer", "producer-pin.json"), DateTime.UtcNow.AddMinutes(5));
        var rerun = feed.Build(repo, "-v:n");
        Assert.Equal(0, rerun.ExitCode);
        Assert.DoesNotContain(
            "Skipping target \"_ReleaseTrainVerifyContractsOnce\"",
            rerun.StdOut,
            StringComparison.Ordinal
        );
        Assert.Contains("release-train verify: PASS", rerun.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Opt_out_and_design_time_builds_skip_verification()
    {
        using var repo = feed.CreateSampleRepository();
        Drift(repo);
        var optOut = feed.Build(repo, "-p:ReleaseTrainVerifyContracts=false");
        Assert.True(optOut.ExitCode == 0, optOut.Output);
        var designTime = feed.Build(repo, "-p:DesignTimeBuild=true");
        Assert.True(designTime.ExitCode == 0, designTime.Output);
    }

    [Fact]
    public void ReleaseTrainConfig_overrides_the_path_and_a_missing_config_fails_closed()
    {
        using var repo = feed.CreateSampleRepository();
        Directory.CreateDirectory(repo.Combine("governance"));
        File.Move(repo.Combine("release-train.json"), repo.Combine("governance", "rt.json"));
        var missing = feed.Build(repo);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("error RT1006:", missing.StdOut, StringComparison.Ordinal);

        var configured = feed.Build(
            repo,
            $"-p:ReleaseTrainConfig=\"{repo.Combine("governance", "rt.json")}\" -p:ReleaseTrainRoot=\"{repo.Path}\""
        );
        Assert.True(configured.ExitCode == 0, configured.Output);
    }

    [Fact]
    public void Packed_cli_tool_runs_verify()
    {
        using var repo = feed.CreateSampleRepository();
        var tools = repo.Combine(".tools");
        var install = ProcessRunner.Run(
            "dotnet",
            $"tool install ReleaseTrain.Cli --version {feed.Version} --tool-path \"{tools}\" --configfile "
                + $"\"{repo.Combine("NuGet.config")}\"",
            repo.Path
        );
        Assert.True(install.ExitCode == 0, install.Output);
        var tool = Path.Combine(tools, "release-train");
        var pass = ProcessRunner.Run(tool, "verify", repo.Path);
        Assert.True(pass.ExitCode == 0, pass.Output);
        Drift(repo);
        var drift = ProcessRunner.Run(tool, "verify --format github", repo.Path);
        Assert.Equal(1, drift.ExitCode);
        Assert.Contains(
            "::error file=producer/handoff.json,line=16,col=22,title=RT2002::",
            drift.StdOut,
            StringComparison.Ordinal
        );
    }
}
