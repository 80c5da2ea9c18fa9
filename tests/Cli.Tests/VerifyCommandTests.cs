using System.Text.Json;
using ReleaseTrain.Cli;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Schema;

namespace ReleaseTrain.Tests;

/// <summary><c>release-train verify</c>: exit codes, every --format, and the JSON report's schema.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-cli");

    public VerifyCommandTests()
    {
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "producer-consumer"), _repo.Path);
    }

    public void Dispose() => _repo.Dispose();

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApplication.Run(args, stdout, stderr, _repo.Path);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private void Drift() =>
        File.WriteAllText(
            _repo.Combine("producer", "handoff.json"),
            File.ReadAllText(_repo.Combine("producer", "handoff.json"))
                .Replace("\"handoff_mode\": \"stable\"", "\"handoff_mode\": \"beta\"", StringComparison.Ordinal)
        );

    private void Edit(string file, string oldText, string newText)
    {
        var path = _repo.Combine(file);
        var text = File.ReadAllText(path);
        Assert.Contains(oldText, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    [Fact]
    public void Fix_rewrites_derived_values_in_place_and_leaves_everything_else()
    {
        var handoff = _repo.Combine("producer", "handoff.json");
        var original = File.ReadAllBytes(handoff);
        var pin = File.ReadAllBytes(_repo.Combine("consumer", "producer-pin.json"));
        Edit(
            "producer/handoff.json",
            "\"release_tag\": \"v1.2.0\",\n  \"commit_sha\"",
            "\"release_tag\": \"v1.1.9\",\n  \"commit_sha\""
        ); // equals
        Edit(
            "producer/handoff.json",
            "    \"order_not_found\",\n    \"write_conflict\",",
            "    \"write_conflict\",\n    \"order_not_found\","
        ); // orderedEquals
        Edit(
            "producer/handoff.json",
            "\"expected_api_contract_version\": \"api.v1\",\n    \"integration",
            "\"expected_api_contract_version\": \"api.v0\",\n    \"integration"
        ); // mirror
        Assert.Equal(1, Run("verify").Exit);

        var result = Run("verify", "--fix");
        Assert.True(result.Exit == 0, result.Out + result.Err);
        Assert.Contains(
            "producer/handoff.json(4,18): fixed [orders-producer-handoff/release-tag] /release_tag: \"v1.1.9\" -> "
                + "\"v1.2.0\"",
            result.Out,
            StringComparison.Ordinal
        );
        Assert.Contains("3 value(s) rewritten", result.Out, StringComparison.Ordinal);
        // byte for byte: formatting, key order and the array's layout kept
        Assert.Equal(original, File.ReadAllBytes(handoff));
        // derived from the handoff: waited for its fix
        Assert.Equal(pin, File.ReadAllBytes(_repo.Combine("consumer", "producer-" + "pin.json")));
    }

    [Fact]
    public void Fix_refuses_what_no_rule_derives_and_keeps_line_endings()
    {
        var handoff = _repo.Combine("producer", "handoff.json");
        File.WriteAllText(handoff, File.ReadAllText(handoff).Replace("\n", "\r\n", StringComparison.Ordinal));
        Drift(); // handoff_mode: an enum rule
        Edit(
            "producer/handoff.json",
            "\"release_tag\": \"v1.2.0\",\r\n  \"commit_sha\"",
            "\"release_tag\": \"v9\",\r\n  \"commit_sha\""
        );
        Edit(
            "producer/handoff.json",
            "\"error_code_enum\": [\r\n    \"invalid_json\",",
            "\"error_code_enum\": [\"x\",\r\n    \"invalid_json\","
        );

        var result = Run("verify", "--fix");
        Assert.Equal(1, result.Exit);
        Assert.Contains(
            "not fixed [orders-producer-handoff/handoff-mode] /handoff_mode: an enum rule derives no value",
            result.Out,
            StringComparison.Ordinal
        );
        var text = File.ReadAllText(handoff);
        Assert.Contains("\"handoff_mode\": \"beta\"", text, StringComparison.Ordinal);
        Assert.Contains("\"release_tag\": \"v1.2.0\",\r\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "\"error_code_enum\": [\r\n    \"invalid_json\",\r\n    \"validation_error\",",
            text,
            StringComparison.Ordinal
        ); // indented like its line, CRLF
        Assert.DoesNotContain(
            "\n",
            text.Replace("\r\n", string.Empty, StringComparison.Ordinal),
            StringComparison.Ordinal
        );

        File.WriteAllText(
            handoff,
            text.Replace("  \"release_tag\": \"v1.2.0\",\r\n", string.Empty, StringComparison.Ordinal)
        );
        var missing = Run("verify", "--fix");
        Assert.Contains(
            "not fixed [orders-producer-handoff/release-tag] /release_tag: the value is missing",
            missing.Out,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain(
            "\"release_tag\": \"v1.2.0\",\r\n  \"commit_sha\"",
            File.ReadAllText(handoff),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Clean_example_passes_with_exit_0()
    {
        var (exit, output, _) = Run("verify");
        Assert.Equal(0, exit);
        Assert.Contains("release-train verify: PASS (2 contract(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_exits_1_with_a_canonical_line()
    {
        Drift();
        var (exit, output, _) = Run("verify");
        Assert.Equal(1, exit);
        var line = output.Split('\n').Single(l => l.Contains("RT2008", StringComparison.Ordinal));
        Assert.StartsWith(
            Path.Combine("producer", "handoff.json")
                + "(3,19): error RT2008: [orders-producer-handoff/handoff-mode] /handoff_mode:",
            line,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Malformed_config_exits_2_and_never_passes()
    {
        File.WriteAllText(_repo.Combine("release-train.json"), "{ \"contracts\": [ }");
        var (exit, output, _) = Run("verify", "--format", "json");
        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("invalid", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("RT1001", json.RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("verify", "--format", "xml")]
    [InlineData("verify", "--bogus")]
    [InlineData("frobnicate")]
    public void Usage_errors_exit_2_with_RT1013(params string[] args)
    {
        var (exit, _, err) = Run(args);
        Assert.Equal(2, exit);
        Assert.Contains("error RT1013:", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify", "--help")]
    [InlineData("--help", "verify")]
    public void Help_is_available_on_every_command(string first, string expected)
    {
        var (exit, output, _) = first == "--help" ? Run("--help") : Run(first, "--help");
        Assert.Equal(0, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        if (first == "verify")
        {
            Assert.Contains("--config", output, StringComparison.Ordinal);
            Assert.Contains("--format", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Contract_option_selects_contracts_and_rejects_unknown_ids()
    {
        Drift();
        Assert.Equal(0, Run("verify", "--contract", "orders-consumer-pin").Exit);
        Assert.Equal(1, Run("verify", "--contract", "orders-producer-handoff").Exit);
        var (exit, output, _) = Run("verify", "--contract", "nope");
        Assert.Equal(2, exit);
        Assert.Contains("RT1009", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_option_resolves_paths_against_another_folder()
    {
        using var elsewhere = new TempDirectory("rt-cli-config");
        File.Copy(_repo.Combine("release-train.json"), elsewhere.Combine("release-train.json"));
        var (exit, _, _) = Run("verify", "--config", elsewhere.Combine("release-train.json"), "--root", _repo.Path);
        Assert.Equal(0, exit);
        Assert.Equal(2, Run("verify", "--config", elsewhere.Combine("release-train.json")).Exit);
    }

    [Fact]
    public void Json_report_follows_its_schema_and_carries_expected_and_actual()
    {
        Drift();
        var (exit, output, _) = Run("verify", "--format", "json", "--output", "out/report.json");
        Assert.Equal(1, exit);
        Assert.Equal(output, File.ReadAllText(_repo.Combine("out", "report.json")));
        var schema = new JsonSchemaValidator(ConfigLoader.LoadEmbeddedSchema("verify-report.schema.json"));
        Assert.Empty(schema.Validate(LocatedJsonDocument.Parse(output).Root));
        using var json = JsonDocument.Parse(output);
        var finding = json.RootElement.GetProperty("contracts")[0].GetProperty("findings")[0];
        Assert.Equal("producer/handoff.json", finding.GetProperty("file").GetString());
        Assert.Equal("/handoff_mode", finding.GetProperty("pointer").GetString());
        Assert.Equal("beta", finding.GetProperty("actual").GetString());
        Assert.Equal(3, finding.GetProperty("line").GetInt32());
    }

    [Fact]
    public void Sarif_output_is_sarif_2_1_0_with_regions()
    {
        Drift();
        var (exit, output, _) = Run("verify", "--format", "sarif");
        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("2.1.0", json.RootElement.GetProperty("version").GetString());
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.Equal(
            "RT2008",
            run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0].GetProperty("id").GetString()
        );
        var result = run.GetProperty("results")[0];
        Assert.Equal("error", result.GetProperty("level").GetString());
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("producer/handoff.json", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(3, location.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public void Github_output_is_workflow_commands()
    {
        Drift();
        var (exit, output, _) = Run("verify", "--format", "github");
        Assert.Equal(1, exit);
        Assert.Contains(
            "::error file=producer/handoff.json,line=3,col=19,title=RT2008::RT2008: "
                + "[orders-producer-handoff/handoff-mode]",
            output,
            StringComparison.Ordinal
        );
    }
}

/// <summary>The built CLI as a real process, the way README and the Cake build run it.</summary>
public sealed class CliProcessTests
{
    private static string CliDll => TestPaths.CliDll;

    [Fact]
    public void Repository_config_passes_as_a_process()
    {
        var result = ProcessRunner.Run("dotnet", $"\"{CliDll}\" verify", TestPaths.RepositoryRoot, timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("contract repository-toolchain: pass", result.StdOut, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void MemoryKernel_commands_from_the_readme()
    {
        var realdata = TestPaths.RealData();
        var producer = ProcessRunner.Run(
            "dotnet",
            $"\"{CliDll}\" verify --config examples/memorykernel/release-train.json --root "
                + $"\"{Path.Combine(realdata, "memorykernel")}\"",
            TestPaths.RepositoryRoot,
            timeoutSeconds: 120
        );
        Assert.True(producer.ExitCode == 0, producer.Output);
        var consumer = ProcessRunner.Run(
            "dotnet",
            $"\"{CliDll}\" verify --config examples/memorykernel/consumer.release-train.json --root "
                + $"\"{Path.Combine(realdata, "assistsupport")}\" --contract assistsupport-memorykernel-pin",
            TestPaths.RepositoryRoot,
            timeoutSeconds: 120
        );
        Assert.True(consumer.ExitCode == 0, consumer.Output);
        var crossed = ProcessRunner.Run(
            "dotnet",
            $"\"{CliDll}\" verify --config examples/memorykernel/release-train.json --root "
                + $"\"{Path.Combine(realdata, "memorykernel-1621fe2")}\" --contract memorykernel-producer-handoff",
            TestPaths.RepositoryRoot,
            timeoutSeconds: 120
        );
        Assert.Equal(1, crossed.ExitCode);
    }
}

/// <summary>Failures outside the checks fail closed with exit 2.</summary>
public sealed class FailClosedTests
{
    [Fact]
    public void Unwritable_output_is_RT1011_exit_2_and_the_report_still_prints()
    {
        using var repo = new TempDirectory("rt-cli-out");
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "producer-consumer"), repo.Path);
        File.WriteAllText(repo.Combine("blocker"), "a file where a folder is needed");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApplication.Run(["verify", "--output", "blocker/report.json"], stdout, stderr, repo.Path);
        Assert.Equal(2, exit);
        Assert.Contains("error RT1011:", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("PASS", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Catastrophic_regex_fails_closed_instead_of_hanging_or_passing()
    {
        using var repo = new TempDirectory("rt-cli-redos");
        File.WriteAllText(repo.Combine("m.json"), "{}");
        File.WriteAllText(repo.Combine("p.json"), "{\"v\": \"" + new string('a', 40) + "!\"}");
        File.WriteAllText(
            repo.Combine("release-train.json"),
            """
            {"contracts":[{"id":"c","manifest":"m.json","payloads":["p.json"],"rules":[
              {"id":"r","kind":"pattern","pointer":"/v","pattern":"^(a+)+$"}]}]}
            """
        );
        var stdout = new StringWriter();
        var exit = CliApplication.Run(["verify"], stdout, new StringWriter(), repo.Path);
        Assert.Equal(2, exit);
        Assert.Contains("error RT1008:", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("timed out", stdout.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>
/// --format sarif validates against the official SARIF 2.1.0 schema (eng/sarif, installed by the build's Tools target).
/// </summary>
public sealed class SarifSchemaTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-sarif");

    public void Dispose() => _repo.Dispose();

    private static ReleaseTrain.Core.Schema.JsonSchemaValidator Schema()
    {
        var path = TestPaths.InRepo(
            "eng",
            "sarif",
            "node_modules",
            "@microsoft",
            "sarif-multitool-linux",
            "sarif-2.1.0.json"
        );
        TestPaths.RequireInstalled(
            File.Exists(path),
            "The official SARIF 2.1.0 schema (eng/sarif, npm)",
            "npm ci --prefix eng/sarif"
        );
        return ReleaseTrain.Core.Schema.JsonSchemaValidator.FromFile(path);
    }

    [SkippableFact]
    public void Drift_and_validator_findings_in_sarif_are_valid_sarif_2_1_0()
    {
        var schema = Schema();
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "producer-consumer"), _repo.Path);
        var handoff = _repo.Combine("producer", "handoff.json");
        File.WriteAllText(
            handoff,
            File.ReadAllText(handoff)
                .Replace("\"handoff_mode\": \"stable\"", "\"handoff_mode\": \"beta\"", StringComparison.Ordinal)
        );
        var matrix = _repo.Combine("rollout", "usr-backcompat-matrix.json");
        Directory.CreateDirectory(Path.GetDirectoryName(matrix)!);
        File.WriteAllText(
            matrix,
            File.ReadAllText(
                    TestPaths.RealData("pairofcleats", "tests", "lang", "matrix", "usr-backcompat-matrix.json")
                )
                .Replace("\"id\": \"BC-002\"", "\"id\": \"BC-001\"", StringComparison.Ordinal)
        );
        var config = System
            .Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(_repo.Combine("release-train.json")))!
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
        File.WriteAllText(_repo.Combine("release-train.json"), config.ToJsonString());

        var stdout = new StringWriter();
        Assert.Equal(1, CliApplication.Run(["verify", "--format", "sarif"], stdout, new StringWriter(), _repo.Path));
        var sarif = ReleaseTrain.Core.Json.LocatedJsonDocument.Parse(stdout.ToString());
        var violations = schema.Validate(sarif.Root);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        var text = stdout.ToString();
        Assert.Contains("RT2008", text, StringComparison.Ordinal);
        Assert.Contains("RT6003", text, StringComparison.Ordinal);

        // The schema is really checked: a broken level and line are refused.
        var broken = text.Replace("\"level\": \"error\"", "\"level\": \"fatal\"", StringComparison.Ordinal);
        Assert.NotEmpty(schema.Validate(ReleaseTrain.Core.Json.LocatedJsonDocument.Parse(broken).Root));
    }
}
