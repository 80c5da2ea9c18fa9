using System.Text;

namespace ReleaseTrain.Tests;

/// <summary>
/// <c>phase-manifest build</c> and <c>verify</c> against hostile inputs (issue 16): a non-string where a string is
/// expected (a number as a phase status once ended in a .NET stack trace), arrays for objects, non-booleans for
/// flags, huge numbers, a BOM, an empty file, a malformed gate policy. Each runs the real CLI process and must end
/// with the coded error named, never a stack trace.
/// </summary>
public sealed class PhaseManifestHostileTests : IDisposable
{
    private readonly TempDirectory _dir = new("rt-phase-hostile");

    public void Dispose() => _dir.Dispose();

    private const string Valid = """
        {"run_id": "r1", "candidate_id": "c1",
         "phases": [{"name": "gate-evaluation", "status": "pass"}],
         "runtime_governance": {"rollback_triggered": false, "drift_status": "stable"}}
        """;

    /// <summary>Case name, then the code (a regex) the output must carry.</summary>
    public static TheoryData<string, string> Cases() =>
        new()
        {
            { "build: a number as a phase status", "RT6090" },
            { "build: a boolean as a phase status", "RT6090" },
            { "build: an array as drift_status", "RT6090" },
            { "build: a string as rollback_triggered", "RT6090" },
            { "build: a number as emergency_stop_active", "RT6090" },
            { "build: an object as phases", "RT6090" },
            { "build: a string as a phase", "RT6090" },
            { "build: an array as runtime_governance", "RT6090" },
            { "build: a number as an artifact ref", "RT6090" },
            { "build: a number as a slo_gates item", "RT6090" },
            { "build: a number as the rollback target", "RT6090" },
            { "build: a number as the dry-run time", "RT6090" },
            { "build: a number past the double range as a status", "RT6090|RT1001" },
            { "build: a status torghut reads as skip", "RT6091" },
            { "build: a string as a policy flag", "RT6092" },
            { "build: an array as the policy", "RT6092" },
            { "build: an empty input", "RT1001" },
            { "build: an array as the input", "RT6050" },
            { "build: a torghut schema version for the USR lifecycle", "RT1013" },
            { "verify: a number as a phase status", "RT6050" },
            { "verify: strings as phases", "RT6050" },
            { "verify: an object as slo_gates", "RT6052" },
            { "verify: a number as manifest_hash", "RT6053" },
            { "verify: a number past the double range as phase_count", "RT1001|RT6052" },
            { "verify: an empty manifest", "RT1001" },
            { "verify: an array as the policy", "RT6092" },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ends_with_a_coded_error_and_no_stack_trace(string name, string code)
    {
        var args = Arrange(name);
        var result = ProcessRunner.Run("dotnet", $"\"{TestPaths.CliDll}\" {args}", _dir.Path, null, 60);
        var output = result.Output;
        Assert.True(result.ExitCode is 1 or 2, $"{name}: exit {result.ExitCode}\n{output}");
        Assert.DoesNotContain("RT1015", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(|Exception:|\bSystem\.\w+Exception\b", output);
        Assert.Matches($"error ({code})\\b", output);
    }

    [Fact]
    public void A_bom_before_a_manifest_never_ends_in_a_stack_trace()
    {
        // torghut's json.loads refuses a BOM; the JSON layer's refusal of it is i16-memorykernel's (issue 16). Here:
        // whatever the reader decides, the outcome is a verdict or a coded error.
        var genuine = File.ReadAllBytes(
            TestPaths.InRepo("tests", "Core.Tests", "TestData", "torghut", "v1-paper-pass.json")
        );
        File.WriteAllBytes(_dir.Combine("bom.json"), [0xEF, 0xBB, 0xBF, .. genuine]);
        File.WriteAllBytes(_dir.Combine("bom-input.json"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Valid)]);
        foreach (
            var args in new[]
            {
                "phase-manifest verify bom.json",
                "phase-manifest build --input bom-input.json --target live --output m.json",
            }
        )
        {
            var result = ProcessRunner.Run("dotnet", $"\"{TestPaths.CliDll}\" {args}", _dir.Path, null, 60);
            Assert.True(result.ExitCode is 0 or 1 or 2, result.Output);
            Assert.DoesNotMatch(@"(?m)^\s+at \S+\(|Exception:|\bSystem\.\w+Exception\b", result.Output);
            if (result.ExitCode == 2)
            {
                Assert.Matches(@"error RT\d{4}\b", result.Output);
            }
        }
    }

    private string Arrange(string name)
    {
        var build = "phase-manifest build --input in.json --target paper --output m.json";
        var policy = TestPaths.RealData("torghut-lab", "services", "torghut", "config", "autonomous-gate-policy.json");
        var genuine = File.ReadAllText(
            TestPaths.InRepo("tests", "Core.Tests", "TestData", "torghut", "v1-paper-pass.json")
        );
        switch (name)
        {
            case "build: a number as a phase status":
                return Input(Valid.Replace("\"status\": \"pass\"", "\"status\": 5", StringComparison.Ordinal), build);
            case "build: a boolean as a phase status":
                return Input(
                    Valid.Replace("\"status\": \"pass\"", "\"status\": true", StringComparison.Ordinal),
                    build
                );
            case "build: an array as drift_status":
                return Input(Valid.Replace("\"stable\"", "[\"stable\"]", StringComparison.Ordinal), build);
            case "build: a string as rollback_triggered":
                return Input(Valid.Replace("false", "\"false\"", StringComparison.Ordinal), build);
            case "build: a number as emergency_stop_active":
                return Input(
                    Valid.Replace(
                        "\"rollback_triggered\": false",
                        "\"emergency_stop_active\": 1",
                        StringComparison.Ordinal
                    ),
                    build
                );
            case "build: an object as phases":
                return Input("{\"phases\": {\"name\": \"gate-evaluation\"}}", build);
            case "build: a string as a phase":
                return Input("{\"phases\": [\"gate-evaluation\"]}", build);
            case "build: an array as runtime_governance":
                return Input("{\"phases\": [], \"runtime_governance\": [true]}", build);
            case "build: a number as an artifact ref":
                return Input(
                    "{\"phases\": [{\"name\": \"drift-gate\", \"status\": \"pass\", \"artifact_refs\": [7]}]}",
                    build
                );
            case "build: a number as a slo_gates item":
                return Input(
                    "{\"phases\": [{\"name\": \"drift-gate\", \"status\": \"pass\", \"slo_gates\": [7]}]}",
                    build
                );
            case "build: a number as the rollback target":
                return Input("{\"phases\": [], \"rollback\": {\"target\": 42}}", build + $" --policy \"{policy}\"");
            case "build: a number as the dry-run time":
                return Input(
                    "{\"phases\": [], \"rollback\": {\"dry_run_completed_at\": 1740000000}}",
                    build + $" --policy \"{policy}\""
                );
            case "build: a number past the double range as a status":
                return Input("{\"phases\": [{\"name\": \"drift-gate\", \"status\": 1e400}]}", build);
            case "build: a status torghut reads as skip":
                return Input(
                    Valid.Replace("\"status\": \"pass\"", "\"status\": \"passed\"", StringComparison.Ordinal),
                    build
                );
            case "build: a string as a policy flag":
                File.WriteAllText(
                    _dir.Combine("policy.json"),
                    File.ReadAllText(policy)
                        .Replace(
                            "\"promotion_require_stress_evidence\": true",
                            "\"promotion_require_stress_evidence\": \"true\"",
                            StringComparison.Ordinal
                        )
                );
                return Input(Valid, build + " --policy policy.json");
            case "build: an array as the policy":
                File.WriteAllText(_dir.Combine("policy.json"), "[{\"promotion_required_artifacts\": []}]");
                return Input(Valid, build + " --policy policy.json");
            case "build: an empty input":
                return Input("", build);
            case "build: an array as the input":
                return Input("[]", build);
            case "build: a torghut schema version for the USR lifecycle":
                return Input(
                    "{\"phases\": []}",
                    build + " --contract usr-lifecycle --schema-version autonomy-phase-manifest-v1"
                );
            case "verify: a number as a phase status":
                return Manifest(Mutated(genuine, m => m["phases"]![0]!["status"] = 1));
            case "verify: strings as phases":
                return Manifest("{\"schema_version\": \"autonomy-phase-manifest-v1\", \"phases\": [\"a\", \"b\"]}");
            case "verify: an object as slo_gates":
                return Manifest(
                    Mutated(genuine, m =>
                        m["phases"]![2]!["slo_gates"] = new System.Text.Json.Nodes.JsonObject { ["x"] = 1 }
                    )
                );
            case "verify: a number as manifest_hash":
                return Manifest(
                    System.Text.RegularExpressions.Regex.Replace(
                        genuine,
                        "\"manifest_hash\": \"[0-9a-f]{64}\"",
                        "\"manifest_hash\": 12"
                    )
                );
            case "verify: a number past the double range as phase_count":
                return Manifest(
                    genuine.Replace("\"phase_count\": 7", "\"phase_count\": 1e400", StringComparison.Ordinal)
                );
            case "verify: an empty manifest":
                return Manifest("");
            case "verify: an array as the policy":
                File.WriteAllText(_dir.Combine("policy.json"), "[]");
                return Manifest(genuine) + " --policy policy.json";
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "no such case");
        }
    }

    private string Input(string text, string command)
    {
        File.WriteAllText(_dir.Combine("in.json"), text);
        return command;
    }

    private static string Mutated(string json, Action<System.Text.Json.Nodes.JsonNode> edit)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        edit(node);
        return node.ToJsonString();
    }

    private string Manifest(string text)
    {
        File.WriteAllText(_dir.Combine("manifest.json"), text);
        return "phase-manifest verify manifest.json";
    }
}
