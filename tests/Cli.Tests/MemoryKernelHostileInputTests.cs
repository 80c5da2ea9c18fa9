using System.Text;

namespace ReleaseTrain.Tests;

/// <summary>
/// Hostile inputs for the MemoryKernel and AssistSupport contracts (examples/memorykernel), through the real CLI
/// process (`release-train verify`): a byte order mark, an empty file, an array where an object belongs, a number
/// where a string belongs, a number past the double range, a YAML alias or deep nesting, a non-UTF-8 status document.
/// Each ends with the coded error or finding named (exit 1 or 2), never RT1015, never a .NET stack trace.
/// </summary>
public sealed class MemoryKernelHostileInputTests : IDisposable
{
    private const string Manifest = "contracts/integration/v1/producer-contract-manifest.json";
    private const string Payload = "docs/implementation/PRODUCER_RELEASE_HANDOFF_LATEST.json";
    private const string OpenApi = "openapi/openapi.yaml";
    private const string Status = "docs/implementation/ACTIVE_RUNTIME_STATUS_PRODUCER_2026-02-08.md";
    private const string Pin = "config/memorykernel-integration-pin.json";
    private readonly TempDirectory _repo = new("rt-mk-hostile");

    public void Dispose() => _repo.Dispose();

    /// <summary>
    /// Case name, the file it edits, the edit (old, new; "BOM" prepends one, "ALL" replaces the file, "BAD-UTF8"
    /// prepends an invalid sequence), the code the output names.
    /// </summary>
    public static TheoryData<string, string, string, string, string> Cases() =>
        new()
        {
            { "BOM in the manifest", Manifest, "BOM", "", "RT1020" },
            { "BOM in the payload", Payload, "BOM", "", "RT1020" },
            { "BOM in the pin", Pin, "BOM", "", "RT1020" },
            { "empty payload", Payload, "ALL", "", "RT1001" },
            { "payload is an array", Payload, "ALL", "[1, 2]", "RT2011" },
            {
                "array for the baseline object",
                Payload,
                "\"active_runtime_baseline\": {",
                "\"active_runtime_baseline\": [], \"x\": {",
                "RT2011"
            },
            { "number for the release tag", Manifest, "\"release_tag\": \"v0.4.0\"", "\"release_tag\": 5", "RT2011" },
            {
                "huge number for the timeout",
                Pin,
                "\"default_timeout_ms\": 2500",
                "\"default_timeout_ms\": 1e999999",
                "RT2011"
            },
            { "huge number for a code", Manifest, "\"invalid_json\",", "1e999999,", "RT20(02|03|15)" },
            {
                "object for the policy entries",
                Payload,
                "\"non_2xx_envelope_policy\": {",
                "\"non_2xx_envelope_policy\": \"x\", \"y\": {",
                "RT2011"
            },
            { "YAML alias", OpenApi, "openapi: 3.1.0\n", "openapi: 3.1.0\nx: &a [1]\ny: *a\n", "RT1021" },
            {
                "YAML deep nesting",
                OpenApi,
                "openapi: 3.1.0\n",
                "openapi: 3.1.0\nx: " + new string('[', 400) + new string(']', 400) + "\n",
                "RT1021"
            },
            { "YAML two documents", OpenApi, "openapi: 3.1.0\n", "openapi: 3.1.0\n---\n", "RT1021" },
            { "status document not UTF-8", Status, "BAD-UTF8", "", "RT1022" },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ends_with_a_coded_error_and_no_stack_trace(
        string name,
        string file,
        string oldText,
        string newText,
        string code
    )
    {
        var consumer = file == Pin;
        var folder = consumer ? "assistsupport" : "memorykernel";
        string[] files = consumer
            ? [Pin, "config/memorykernel-producer-manifest.json", "docs/MEMORYKERNEL_COMPATIBILITY_MATRIX.md"]
            :
            [
                Manifest,
                Payload,
                "docs/implementation/RELEASE_EVIDENCE_BUNDLE_LATEST.json",
                OpenApi,
                Status,
                "docs/spec/service-contract.md",
            ];
        foreach (var relative in files)
        {
            _repo.CopyIn(TestPaths.RealData(folder, relative), relative);
        }

        var path = _repo.Combine(file);
        var bytes = File.ReadAllBytes(path);
        byte[] edited = oldText switch
        {
            "BOM" => [0xEF, 0xBB, 0xBF, .. bytes],
            "ALL" => Encoding.UTF8.GetBytes(newText),
            "BAD-UTF8" => [0xC3, 0x28, .. bytes],
            _ => Encoding.UTF8.GetBytes(Replace(Encoding.UTF8.GetString(bytes), oldText, newText)),
        };
        File.WriteAllBytes(path, edited);

        var config = TestPaths.InRepo(
            "examples",
            "memorykernel",
            consumer ? "consumer.release-train.json" : "release-train.json"
        );
        var contracts = consumer
            ? "--contract assistsupport-memorykernel-pin"
            : "--contract memorykernel-producer-handoff --contract memorykernel-producer-manifest";
        var result = ProcessRunner.Run(
            "dotnet",
            $"\"{TestPaths.CliDll}\" verify --config \"{config}\" --root \"{_repo.Path}\" {contracts}",
            _repo.Path,
            new Dictionary<string, string?>(),
            60
        );
        var output = result.Output;
        Assert.True(result.ExitCode is 1 or 2, $"{name}: exit {result.ExitCode}\n{output}");
        Assert.DoesNotContain("RT1015", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(|Exception:|\bSystem\.\w+Exception\b", output);
        Assert.Matches($"(error|warning) ({code})\\b", output);
    }

    private static string Replace(string text, string oldText, string newText)
    {
        var index = text.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(index >= 0, oldText);
        return string.Concat(text.AsSpan(0, index), newText, text.AsSpan(index + oldText.Length));
    }
}
