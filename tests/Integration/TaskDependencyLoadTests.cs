using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ReleaseTrain.Tests;

/// <summary>
/// The packed ReleaseTrain.Tasks inside a real `dotnet build`: its JSON Schema engine (JsonSchema.Net and the
/// assemblies it needs) and its NuGet.Versioning load from the package, in the task's own load context next to the
/// SDK's NuGet.* assemblies, and a schema error in release-train.json is reported with its code at the file, line and
/// column.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed partial class TaskDependencyLoadTests(PackageFeedFixture feed)
{
    private static readonly string[] SchemaEngine = ["JsonSchema.Net", "JsonPointer.Net", "Json.More", "Humanizer"];

    // MSBuild's own log line, at diagnostic verbosity, for each assembly a task loads.
    [GeneratedRegex(
        @"Assembly loaded during TaskRun \((?<task>[^)]+)\): (?<name>[^,]+), Version=(?<version>[^,]+),[^(]*"
            + @"\(location: (?<location>[^,]+), MVID: [^,]+, AssemblyLoadContext: (?<context>[^)]+)\)"
    )]
    private static partial Regex AssemblyLoaded();

    private string TaskFolder =>
        Path.Combine(feed.PackagesFolder, "releasetrain.tasks", feed.Version, "tasks", "net8.0");

    private static (int Line, int Column) PositionOf(string text, string token)
    {
        var index = text.IndexOf(token, StringComparison.Ordinal);
        Assert.True(index >= 0, token);
        var line = text[..index].Count(c => c == '\n') + 1;
        return (line, index - (text.LastIndexOf('\n', index) + 1) + 1);
    }

    [Fact]
    public void A_schema_error_in_release_train_json_fails_the_build_with_RT1004_at_its_line_and_column()
    {
        using var repo = feed.CreateSampleRepository();
        var config = repo.Combine("release-train.json");
        var text = File.ReadAllText(config).Replace("\"requiredKeys\"", "\"requiredKey\"", StringComparison.Ordinal);
        text = text.Replace("\"contracts\": [", "\"contract\": [],\n  \"contracts\": [", StringComparison.Ordinal);
        File.WriteAllText(config, text);
        var (kindLine, kindColumn) = PositionOf(text, "\"requiredKey\"");
        var (memberLine, memberColumn) = PositionOf(text, "\"contract\"");

        var build = feed.Build(repo);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains(
            $"{config}({kindLine},{kindColumn}): error RT1004: Schema violation at '/contracts/0/rules/0/kind': "
                + "value \"requiredKey\" is not one of [\"equals\",",
            build.StdOut,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"{config}({memberLine},{memberColumn}): error RT1004: Schema violation at '/contract': "
                + "unknown property 'contract' (allowed: ",
            build.StdOut,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("   at ", build.StdOut, StringComparison.Ordinal); // no stack trace reaches the user
        Assert.DoesNotContain("MSB4018", build.StdOut, StringComparison.Ordinal); // the task did not crash
    }

    [Fact]
    public void The_task_loads_its_own_schema_engine_and_NuGet_Versioning_beside_the_SDKs_NuGet_assemblies()
    {
        using var repo = feed.CreateSampleRepository();
        var config = JsonNode.Parse(File.ReadAllText(repo.Combine("release-train.json")))!.AsObject();
        config["trains"] = JsonNode.Parse("""[ { "id": "orders", "versions": "[1.0.0, 2.0.0)" } ]"""); // a NuGet range
        File.WriteAllText(repo.Combine("release-train.json"), config.ToJsonString());

        var build = feed.Build(repo, "-v:diag");
        Assert.True(build.ExitCode == 0, build.StdOut[^Math.Min(build.StdOut.Length, 20_000)..]);
        var loads = AssemblyLoaded()
            .Matches(build.StdOut)
            .Select(m =>
                (
                    Task: m.Groups["task"].Value,
                    Name: m.Groups["name"].Value,
                    Version: m.Groups["version"].Value,
                    Location: m.Groups["location"].Value,
                    Context: m.Groups["context"].Value
                )
            )
            .ToList();
        var ours = loads.Where(l => l.Task.StartsWith("ReleaseTrain.Tasks.", StringComparison.Ordinal)).ToList();
        var taskContext = "MSBuild plugin " + Path.Combine(TaskFolder, "ReleaseTrain.Tasks.dll");
        foreach (
            var (name, version) in new[]
            {
                ("NuGet.Versioning", "7.9.0.0"),
                ("JsonSchema.Net", "8.0.0.0"),
                ("JsonPointer.Net", "6.0.0.0"),
                ("Json.More", "2.0.0.0"),
            }
        )
        {
            var loaded = ours.Where(l => l.Name == name).ToList();
            Assert.NotEmpty(loaded); // once per MSBuild node that ran one of our tasks
            Assert.All(loaded, load =>
            {
                Assert.Equal(version, load.Version);
                Assert.Equal(Path.Combine(TaskFolder, name + ".dll"), load.Location);
                Assert.Equal(taskContext, load.Context);
            });
        }

        // The SDK's restore loaded its own NuGet.Versioning in the same build, from the SDK, in its own load context.
        var sdk = loads.Where(l =>
            l.Name == "NuGet.Versioning" && l.Task.StartsWith("NuGet.", StringComparison.Ordinal)
        );
        Assert.NotEmpty(sdk);
        Assert.All(sdk, load =>
        {
            Assert.NotEqual(TaskFolder, Path.GetDirectoryName(load.Location));
            Assert.NotEqual(taskContext, load.Context);
        });
    }

    [Fact]
    public void A_yaml_contract_file_is_read_by_YamlDotNet_from_the_package_inside_MSBuild()
    {
        // Issue 16: rules address YAML files (openapi.yaml) by JSON Pointer; the gate runs inside MSBuild, so the YAML
        // reader must load from the task package, in the task's own load context, and report at the YAML's position.
        using var repo = feed.CreateSampleRepository();
        File.WriteAllText(repo.Combine("producer", "openapi.yaml"), "openapi: 3.1.0\ninfo:\n  version: service.v2\n");
        var config = JsonNode.Parse(File.ReadAllText(repo.Combine("release-train.json")))!.AsObject();
        config["contracts"]!
            .AsArray()
            .Add(
                JsonNode.Parse(
                    """
                    {
                      "id": "openapi-version",
                      "manifest": "producer/contract-manifest.json",
                      "files": { "openapi": "producer/openapi.yaml" },
                      "rules": [
                        { "id": "v3", "kind": "equals", "target": "openapi", "pointer": "/info/version",
                    """
                        + """
                         "value": "service.v3" }
                          ]
                        }
                        """
                )
            );
        File.WriteAllText(repo.Combine("release-train.json"), config.ToJsonString());

        var build = feed.Build(repo, "-v:diag");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains(
            repo.Combine("producer", "openapi.yaml") + "(3,12): error RT2001: [openapi-version/v3] /info/version",
            build.StdOut,
            StringComparison.Ordinal
        );
        var yaml = AssemblyLoaded().Matches(build.StdOut).Where(m => m.Groups["name"].Value == "YamlDotNet").ToList();
        Assert.NotEmpty(yaml);
        var shipped = Path.Combine(TaskFolder, "YamlDotNet.dll");
        Assert.All(yaml, m =>
        {
            Assert.StartsWith("ReleaseTrain.Tasks.", m.Groups["task"].Value, StringComparison.Ordinal);
            Assert.Equal(
                System.Reflection.AssemblyName.GetAssemblyName(shipped).Version!.ToString(),
                m.Groups["version"].Value
            );
            Assert.Equal(shipped, m.Groups["location"].Value);
            Assert.Equal(
                "MSBuild plugin " + Path.Combine(TaskFolder, "ReleaseTrain.Tasks.dll"),
                m.Groups["context"].Value
            );
        });
        Assert.DoesNotContain("   at ", build.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4018", build.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_assembly_the_task_references_ships_in_the_package_or_comes_with_the_runtime_or_MSBuild()
    {
        using var repo = feed.CreateSampleRepository();
        Assert.Equal(0, feed.Build(repo).ExitCode); // restores the package into the fixture's packages folder
        var shipped = Directory
            .GetFiles(TaskFolder, "*.dll")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase);
        Assert.Superset(
            new HashSet<string>([
                "ReleaseTrain.Tasks",
                "ReleaseTrain.Core",
                "NodaTime",
                "NuGet.Versioning",
                "YamlDotNet",
                .. SchemaEngine,
            ]),
            shipped.Keys.ToHashSet()
        );
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        foreach (var (name, path) in shipped)
        {
            using var pe = new PEReader(File.OpenRead(path));
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                var resolved =
                    shipped.ContainsKey(reference)
                    || File.Exists(Path.Combine(runtime, reference + ".dll"))
                    || reference is "netstandard" or "mscorlib"
                    || reference.StartsWith("Microsoft.Build", StringComparison.Ordinal);
                Assert.True(resolved, $"{name}.dll references {reference}: neither shipped nor the runtime's");
            }
        }
    }
}
