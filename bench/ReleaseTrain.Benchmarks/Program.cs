using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/ReleaseTrain.Benchmarks -- --filter '*' --job short
// (eng/bench.sh runs this with the other measurements; docs/performance.md records the figures.)
// "make-json PATH BYTES [array|object|indented]" writes the synthetic JSON the benchmarks use, for the command-line
// comparisons: the array of records; the same array as a member of an object ({"z":1,"items":[...],"a":2}, members out
// of order); or the array indented by two spaces.
if (args is ["make-json", var path, var bytes, .. var shape])
{
    var json = ReleaseTrain.Benchmarks.Data.Json(int.Parse(bytes, System.Globalization.CultureInfo.InvariantCulture));
    switch (shape.FirstOrDefault() ?? "array")
    {
        case "object":
            json = [.. "{\"z\":1,\"items\":"u8, .. json, .. ",\"a\":2}"u8];
            break;
        case "indented":
            json = System.Text.Encoding.UTF8.GetBytes(
                System
                    .Text.Json.Nodes.JsonNode.Parse(json)!
                    .ToJsonString(
                        new System.Text.Json.JsonSerializerOptions
                        {
                            WriteIndented = true,
                            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                        }
                    )
            );
            break;
    }

    File.WriteAllBytes(path, json);
    return 0;
}

// "make-sbom-project DIR COUNT" writes a project whose restore model (obj/project.assets.json, packages.lock.json) has
// COUNT packages.
if (args is ["make-sbom-project", var projectDir, var count])
{
    var n = int.Parse(count, System.Globalization.CultureInfo.InvariantCulture);
    Directory.CreateDirectory(Path.Combine(projectDir, "obj"));
    File.WriteAllText(
        Path.Combine(projectDir, "Big.csproj"),
        "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><PackageId>Big</"
            + "PackageId><Version>1.0.0</Version></PropertyGroup></Project>\n"
    );
    File.WriteAllText(
        Path.Combine(projectDir, "obj", "project.assets.json"),
        ReleaseTrain.Benchmarks.EvidenceBenchmarks.Assets(n).ToJsonString()
    );
    File.WriteAllText(
        Path.Combine(projectDir, "packages.lock.json"),
        ReleaseTrain.Benchmarks.EvidenceBenchmarks.LockFile(n).ToJsonString()
    );
    return 0;
}

// "time-jcs PATH" times reading a file and the streaming JCS + SHA-256 of it in process: the first (cold) run, then 5
// more, for profiling.
if (args is ["time-jcs", var jsonPath])
{
    var watch0 = System.Diagnostics.Stopwatch.StartNew();
    var content = File.ReadAllBytes(jsonPath);
    Console.WriteLine($"read {watch0.ElapsedMilliseconds} ms");
    watch0.Restart();
    ReleaseTrain.Core.Json.JsonCanonicalizer.Sha256(content, jsonPath);
    Console.WriteLine($"first {watch0.ElapsedMilliseconds} ms");
    for (var i = 0; i < 5; i++)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var digest = ReleaseTrain.Core.Json.JsonCanonicalizer.Sha256(content, jsonPath);
        Console.WriteLine($"{watch.ElapsedMilliseconds} ms {digest}");
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ReleaseTrain.Benchmarks.Data).Assembly).Run(args);
return 0;
