using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Benchmarks;

/// <summary>Synthetic inputs, made once per process in a temp folder.</summary>
public static class Data
{
    public static readonly string Root = Path.Combine(Path.GetTempPath(), "rt-bench-" + Environment.ProcessId);

    /// <summary>JSON of about the given size: an array of objects with strings, numbers and nested arrays.</summary>
    public static byte[] Json(int bytes)
    {
        var builder = new StringBuilder("[");
        var random = new Random(1);
        for (var i = 0; builder.Length < bytes; i++)
        {
            builder
                .Append(i == 0 ? string.Empty : ",")
                .Append("{\"id\":")
                .Append(i)
                .Append(",\"name\":\"pkg-")
                .Append(random.Next())
                .Append("\\u00e9\",\"weight\":")
                .Append(random.NextDouble() * 1e6)
                .Append(",\"tags\":[\"a\",\"b\",")
                .Append(random.Next(1000))
                .Append("],\"ok\":true,\"z\":null}");
        }

        return Encoding.UTF8.GetBytes(builder.Append(']').ToString());
    }

    public static string Directory(string name)
    {
        var path = Path.Combine(Root, name);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}

[MemoryDiagnoser]
public class CanonicalizationBenchmarks
{
    private byte[] _json = [];

    [Params(1024, 1024 * 1024, 50 * 1024 * 1024)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup() => _json = Data.Json(Bytes);

    [Benchmark(Description = "JCS + SHA-256")]
    public string JcsSha256() => JsonCanonicalizer.Sha256(_json, "bench.json");

    [Benchmark(Baseline = true, Description = "SHA-256 of the raw bytes")]
    public byte[] Sha256Only() => SHA256.HashData(_json);
}

[MemoryDiagnoser]
public class ContractBenchmarks
{
    private ReleaseTrainConfig _example = null!;
    private ReleaseTrainConfig _synthetic = null!;
    private ReleaseTrainConfig? _memoryKernel;

    [GlobalSetup]
    public void Setup()
    {
        // The real MemoryKernel contracts on the real data (../shared beside the checkout), the MemoryKernel-shaped
        // example, and a synthetic contract: 10,000 equality rules over a 20 MB payload.
        var repo = FindRepository();
        var realdata = Path.GetFullPath(Path.Combine(repo, "..", "shared", "realdata", "memorykernel"));
        _memoryKernel = Directory.Exists(realdata)
            ? ConfigLoader.Load(Path.Combine(repo, "examples", "memorykernel", "release-train.json"), realdata, out _)
            : null;
        _example = ConfigLoader.Load(
            Path.Combine(repo, "examples", "producer-consumer", "release-train.json"),
            null,
            out _
        )!;
        var dir = Data.Directory("contract");
        var manifest = new JsonObject();
        var payload = new JsonObject();
        for (var i = 0; i < 10_000; i++)
        {
            manifest["field" + i] = "value-" + i;
            payload["field" + i] = "value-" + i;
        }

        payload["filler"] = JsonNode.Parse(Data.Json(20 * 1024 * 1024));
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());
        File.WriteAllText(Path.Combine(dir, "payload.json"), payload.ToJsonString());
        var rules = new JsonArray([
            .. Enumerable
                .Range(0, 10_000)
                .Select(i =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["id"] = "r" + i,
                            ["kind"] = "equals",
                            ["pointer"] = "/field" + i,
                            ["from"] = new JsonObject { ["pointer"] = "/field" + i },
                        }
                ),
        ]);
        var config = new JsonObject
        {
            ["contracts"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "synthetic",
                    ["manifest"] = "manifest.json",
                    ["payloads"] = new JsonArray("payload.json"),
                    ["rules"] = rules,
                }
            ),
        };
        File.WriteAllText(Path.Combine(dir, "release-train.json"), config.ToJsonString());
        _synthetic = ConfigLoader.Load(Path.Combine(dir, "release-train.json"), null, out _)!;
    }

    [Benchmark(Description = "verify: the MemoryKernel contracts (../shared/realdata/memorykernel)")]
    public int MemoryKernel() =>
        _memoryKernel is null
            ? throw new InvalidOperationException(
                "../shared/realdata/memorykernel is not beside the checkout (or its contracts do not load)"
            )
            : ContractVerifier.Verify(_memoryKernel).ExitCode;

    [Benchmark(Description = "verify: producer/consumer example (MemoryKernel-shaped, 21 rules)")]
    public int Example() => ContractVerifier.Verify(_example).ExitCode;

    [Benchmark(Description = "verify: 10,000 rules over a 20 MB payload")]
    public int Synthetic() => ContractVerifier.Verify(_synthetic).ExitCode;

    internal static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReleaseTrain.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ReleaseTrain.slnx not found");
    }
}

[MemoryDiagnoser]
public class EvidenceBenchmarks
{
    private string _lockRoot = "";
    private string _assets = "";

    [GlobalSetup]
    public void Setup()
    {
        var repo = ContractBenchmarks.FindRepository();
        var lockFile = File.ReadAllText(Path.Combine(repo, "tests", "Core.Tests", "packages.lock.json"));
        _lockRoot = Data.Directory("locks");
        for (var i = 0; i < 500; i++)
        {
            var dir = Path.Combine(_lockRoot, "src", "Project" + i);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "packages.lock.json"), lockFile);
        }

        _assets = Path.Combine(Data.Directory("sbom"), "project.assets.json");
        File.WriteAllText(_assets, Assets(1000).ToJsonString());
    }

    /// <summary>
    /// A restore model with the given number of packages in a chain of dependencies (project.assets.json).
    /// </summary>
    public static JsonObject Assets(int count)
    {
        var targets = new JsonObject();
        var libraries = new JsonObject();
        var sha = Convert.ToBase64String(new byte[64]);
        for (var i = 0; i < count; i++)
        {
            var deps = new JsonObject();
            if (i + 1 < count)
            {
                deps["Package" + (i + 1)] = "1.0.0";
            }

            targets["Package" + i + "/1.0.0"] = new JsonObject { ["type"] = "package", ["dependencies"] = deps };
            libraries["Package" + i + "/1.0.0"] = new JsonObject
            {
                ["sha512"] = sha,
                ["type"] = "package",
                ["path"] = "package" + i + "/1.0.0",
            };
        }

        return new JsonObject
        {
            ["version"] = 3,
            ["targets"] = new JsonObject { ["net10.0"] = targets },
            ["libraries"] = libraries,
            ["projectFileDependencyGroups"] = new JsonObject { ["net10.0"] = new JsonArray("Package0 >= 1.0.0") },
            ["project"] = new JsonObject
            {
                ["version"] = "1.0.0",
                ["restore"] = new JsonObject { ["projectName"] = "Big" },
                ["frameworks"] = new JsonObject { ["net10.0"] = new JsonObject() },
            },
        };
    }

    /// <summary>The packages.lock.json of the same restore model (NuGet lock file version 1).</summary>
    public static JsonObject LockFile(int count)
    {
        var packages = new JsonObject();
        var sha = Convert.ToBase64String(new byte[64]);
        for (var i = 0; i < count; i++)
        {
            var deps = new JsonObject();
            if (i + 1 < count)
            {
                deps["Package" + (i + 1)] = "1.0.0";
            }

            packages["Package" + i] = new JsonObject
            {
                ["type"] = i == 0 ? "Direct" : "Transitive",
                ["requested"] = i == 0 ? "[1.0.0, )" : null,
                ["resolved"] = "1.0.0",
                ["contentHash"] = sha,
                ["dependencies"] = deps,
            };
            if (i != 0)
            {
                ((JsonObject)packages["Package" + i]!).Remove("requested");
            }
        }

        return new JsonObject
        {
            ["version"] = 1,
            ["dependencies"] = new JsonObject { ["net10.0"] = packages },
        };
    }

    [Benchmark(Description = "lockfile_hash of 500 projects")]
    public string LockfileHash() => EvidenceHashes.Lockfile(_lockRoot, out _);

    [Benchmark(Description = "SBOM of a project with 1,000 packages")]
    public int Sbom() =>
        CycloneDxSbom.Generate(_assets, null, new SbomOptions(DateTimeOffset.UnixEpoch, null, null, "0.1.0")).Length;
}

[MemoryDiagnoser]
public class DecisionLogBenchmarks
{
    private string _log = "";

    [Params(10, 10_000, 100_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Write the chain directly (appending 100,000 times with a disk flush each would take minutes).
        _log = Path.Combine(Data.Directory("log-" + Records), "decisions.jsonl");
        using var writer = new StreamWriter(_log, append: false, new UTF8Encoding(false));
        var prev = HashChainedLog.GenesisHash;
        for (var i = 1; i <= Records; i++)
        {
            var record = new JsonObject
            {
                ["seq"] = i,
                ["release"] = "1.0." + i,
                ["verdict"] = "GO",
                ["reasons"] = new JsonArray(),
                ["prevHash"] = prev,
            };
            record["recordHash"] = prev = HashChainedLog.RecordHash(record);
            writer.Write(record.ToJsonString());
            writer.Write('\n');
        }
    }

    [Benchmark(Description = "append one decision (locked, flushed)")]
    public JsonObject Append() =>
        HashChainedLog.Append(
            _log,
            (seq, prev) => new JsonObject { ["release"] = "9.9.9", ["verdict"] = "GO" },
            TimeSpan.FromSeconds(10)
        );

    [Benchmark(Description = "log verify")]
    public int Verify()
    {
        HashChainedLog.Verify(_log, out var records);
        return records;
    }
}
