using System.Text;

namespace ReleaseTrain.Tests;

/// <summary>
/// Issue 16: hostile inputs to the usr-backcompat, usr-waivers and artifact-manifest validators and to the files
/// their options name (a number where a string belongs, an object for an array, a number past the double range, an
/// integer past 64 bits, a UTF-8 BOM, an empty file). Each runs the real CLI process and must end with the coded
/// error named (exit 1 or 2), never RT1015, never a .NET stack trace.
/// </summary>
public sealed class UsrHostileInputTests : IDisposable
{
    private const string Waivers = "validate usr-waivers";
    private readonly TempDirectory _dir = new("rt-usr-hostile");

    public void Dispose() => _dir.Dispose();

    /// <summary>Case name, then the code (a regex) the output must carry.</summary>
    public static TheoryData<string, string> Cases() =>
        new()
        {
            { "backcompat rows with a number id, an object for readerVersions and numbers as diagnostics", "RT6002" },
            { "backcompat an array for the envelope", "RT6001" },
            { "backcompat an empty file", "RT1001" },
            { "backcompat a BOM", "RT1020" },
            { "backcompat a scenarios file of wrong types", "RT6082" },
            { "backcompat a scenarios file that is an array", "RT6082" },
            { "backcompat an empty scenarios file", "RT1001" },
            { "waivers a number scopeId, an object for approvers and maxExtensions 1e400", "RT6002" },
            { "waivers an ownership matrix of wrong types", "RT600[12]" },
            { "waivers an escalation policy with 1e400 minutes", "RT6002" },
            { "waivers an ownership matrix that is an array", "RT6001" },
            { "waivers an empty escalation policy", "RT1001" },
            { "waivers a BOM in the ownership matrix", "RT1020" },
            { "artifacts size_bytes 1e400 and past 64 bits, an entry that is an array", "RT6063" },
            { "artifacts a number vectors_file", "RT6063" },
            { "artifacts an array vectors_file_sha256", "RT6063" },
            { "artifacts files as an object", "RT6063" },
        };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Ends_with_a_coded_error_and_no_stack_trace(string name, string code)
    {
        var matrix = TestPaths.RealData("pairofcleats", "tests", "lang", "matrix");
        var args = Arrange(name, matrix);
        var result = ProcessRunner.Run("dotnet", $"\"{TestPaths.CliDll}\" {args}", _dir.Path, null, 60);
        var output = result.Output;
        Assert.True(result.ExitCode is 1 or 2, $"{name}: exit {result.ExitCode}\n{output}");
        Assert.DoesNotContain("RT1015", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(|Exception:|\bSystem\.\w+Exception\b", output);
        Assert.Matches($"error ({code})\\b", output);
    }

    private string Write(string name, string text)
    {
        File.WriteAllText(_dir.Combine(name), text);
        return name;
    }

    private string Arrange(string name, string matrix)
    {
        var backcompat = Path.Combine(matrix, "usr-backcompat-matrix.json");
        var waivers = Path.Combine(matrix, "usr-waiver-policy.json");
        var at = "--at 2026-03-01T00:00:00Z --output-dir out";
        const string Envelope = "{\"schemaVersion\": \"usr-registry-1.0.0\", \"registryId\": ";
        switch (name)
        {
            case "backcompat rows with a number id, an object for readerVersions and numbers as diagnostics":
                return "validate usr-backcompat --output-dir out "
                    + Write(
                        "m.json",
                        Envelope
                            + "\"usr-backcompat-matrix\", \"rows\": [{\"id\": 7, \"producerVersion\": 1e400, "
                            + "\"readerVersions\": {\"a\": 1}, \"readerMode\": [\"strict\"], \"fixtureFamily\": null, "
                            + "\"expectedOutcome\": true, \"requiredDiagnostics\": [1, null, {}], \"blocking\": "
                            + "\"yes\"}]}"
                    );
            case "backcompat an array for the envelope":
                return "validate usr-backcompat --output-dir out " + Write("m.json", "[{\"rows\": []}]");
            case "backcompat an empty file":
                return "validate usr-backcompat --output-dir out " + Write("m.json", "");
            case "backcompat a BOM":
                File.WriteAllBytes(
                    _dir.Combine("m.json"),
                    [.. Encoding.UTF8.GetPreamble(), .. File.ReadAllBytes(backcompat)]
                );
                return "validate usr-backcompat --output-dir out m.json";
            case "backcompat a scenarios file of wrong types":
                return $"validate usr-backcompat \"{backcompat}\" --output-dir out --scenarios "
                    + Write(
                        "s.json",
                        "{\"requiredScenarioIds\": \"BC-001\", \"strictBlockingIds\": [1, 1e400], "
                            + "\"nonStrictAdvisoryIds\": {\"a\": 1}}"
                    );
            case "backcompat a scenarios file that is an array":
                return $"validate usr-backcompat \"{backcompat}\" --output-dir out --scenarios "
                    + Write("s.json", "[\"BC-001\"]");
            case "backcompat an empty scenarios file":
                return $"validate usr-backcompat \"{backcompat}\" --output-dir out --scenarios " + Write("s.json", "");
            case "waivers a number scopeId, an object for approvers and maxExtensions 1e400":
                return $"{Waivers} {at} "
                    + Write(
                        "w.json",
                        Envelope
                            + "\"usr-waiver-policy\", \"rows\": [{\"id\": \"w\", \"waiverClass\": \"x\", "
                            + "\"scopeType\": \"artifact\", \"scopeId\": 5, \"allowedUntil\": "
                            + "\"2026-01-01T00:00:00Z\", "
                            + "\"approvers\": {\"a\": 1}, \"requiredCompensatingControls\": [1, \"x.json\"], "
                            + "\"maxExtensions\": 1e400, \"blocking\": true}]}"
                    );
            case "waivers an ownership matrix of wrong types":
                return $"{Waivers} \"{waivers}\" {at} --ownership "
                    + Write(
                        "o.json",
                        Envelope
                            + "\"usr-ownership-matrix\", \"rows\": [{\"id\": \"o\", \"domain\": \"d\", \"ownerRole\": "
                            + "7, "
                            + "\"backupOwnerRole\": [], \"escalationPolicyId\": \"e\", \"evidenceArtifacts\": [1], "
                            + "\"blocking\": true}], \"x\": 1}"
                    );
            case "waivers an escalation policy with 1e400 minutes":
                return $"{Waivers} \"{waivers}\" {at} --escalation "
                    + Write(
                        "e.json",
                        Envelope
                            + "\"usr-escalation-policy\", \"rows\": [{\"id\": \"e\", \"triggerClass\": \"t\", "
                            + "\"severity\": \"critical\", \"requiredApprovers\": \"usr-a\", \"maxAckMinutes\": 1e400, "
                            + "\"maxResolutionMinutes\": 99999999999999999999999, \"autoBlockPromotion\": true}]}"
                    );
            case "waivers an ownership matrix that is an array":
                return $"{Waivers} \"{waivers}\" {at} --ownership " + Write("o.json", "[]");
            case "waivers an empty escalation policy":
                return $"{Waivers} \"{waivers}\" {at} --escalation " + Write("e.json", "");
            case "waivers a BOM in the ownership matrix":
                File.WriteAllBytes(
                    _dir.Combine("o.json"),
                    [
                        .. Encoding.UTF8.GetPreamble(),
                        .. File.ReadAllBytes(Path.Combine(matrix, "usr-ownership-matrix.json")),
                    ]
                );
                return $"{Waivers} \"{waivers}\" {at} --ownership o.json";
            case "artifacts size_bytes 1e400 and past 64 bits, an entry that is an array":
                File.WriteAllText(_dir.Combine("a.bin"), "x");
                return "artifacts verify --root . "
                    + Write(
                        "c.json",
                        "{\"artifacts\": {\"a.bin\": {\"sha256\": \""
                            + new string('a', 64)
                            + "\", \"size_bytes\": "
                            + "1e400}, \"b.bin\": [], \"a.bin \": {\"sha256\": \""
                            + new string('a', 64)
                            + "\", \"size_bytes\": 99999999999999999999999}}}"
                    );
            case "artifacts a number vectors_file":
                return "artifacts verify --root . "
                    + Write("v.json", "{\"vectors_file\": 5, \"vectors_file_sha256\": 7}");
            case "artifacts an array vectors_file_sha256":
                File.WriteAllText(_dir.Combine("a.bin"), "x");
                return "artifacts verify --root . "
                    + Write("v.json", "{\"vectors_file\": \"a.bin\", \"vectors_file_sha256\": [\"x\"]}");
            case "artifacts files as an object":
                return "artifacts verify --root . " + Write("f.json", "{\"files\": {\"path\": \"a.bin\"}}");
            default:
                throw new ArgumentException(name);
        }
    }
}
