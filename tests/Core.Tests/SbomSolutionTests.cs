using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Schema;

namespace ReleaseTrain.Tests;

/// <summary>
/// SBOMs of a real restored solution (<see cref="SbomSample"/>): solution and folder input, nuspec metadata, scoping
/// of test projects and development dependencies, the .nupkg file's hashes; each validated against the official
/// CycloneDX 1.6 schema.
/// </summary>
public sealed class SbomSolutionTests
{
    private static readonly SbomOptions Options = new(
        DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        null,
        null,
        "0.1.0"
    );

    private static IReadOnlyList<SbomProject> Projects(SbomInput input) =>
        [
            .. input.Projects.Select(p => new SbomProject(
                SbomInputs.DefaultAssetsFile(p) ?? throw new InvalidOperationException("not restored: " + p),
                null,
                p
            )),
        ];

    private static byte[] Bytes(SbomOptions? options = null) =>
        CycloneDxSbom.Generate(Projects(SbomInputs.Expand(SbomSample.In("Sample.slnx"))), "Sample", options ?? Options);

    private static JsonObject Sbom(SbomOptions? options = null) => (JsonObject)JsonNode.Parse(Bytes(options))!;

    private static Dictionary<string, JsonObject> Components(JsonObject sbom) =>
        ((JsonArray)sbom["components"]!).Select(c => (JsonObject)c!).ToDictionary(c => c["name"]!.ToString());

    private static void AssertSchemaValid(byte[] bytes)
    {
        var validator = JsonSchemaValidator.FromFile(TestPaths.SharedSchemas("cyclonedx", "bom-1.6.schema.json"));
        var violations = validator.Validate(LocatedJsonDocument.Parse(bytes, "sbom.json").Root);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [SkippableFact]
    public void A_sln_an_slnx_and_the_folder_give_the_same_projects_and_one_schema_valid_deterministic_sbom()
    {
        var sln = SbomInputs.Expand(SbomSample.In("Sample.sln"));
        var slnx = SbomInputs.Expand(SbomSample.In("Sample.slnx"));
        var folder = SbomInputs.Expand(SbomSample.Root);
        string[] expected =
        [
            SbomSample.In("src", "App", "App.csproj"),
            SbomSample.In("src", "Core", "Core.csproj"),
            SbomSample.In("tests", "App.Tests", "App.Tests.csproj"),
        ];
        Assert.Equal(expected, sln.Projects);
        Assert.Equal(expected, slnx.Projects);
        Assert.Equal(expected, folder.Projects);
        Assert.Equal("Sample", sln.Name);
        Assert.False(slnx.IsSingleProject);

        var bytes = Bytes();
        AssertSchemaValid(bytes);
        Assert.Equal(bytes, Bytes());
        var sbom = (JsonObject)JsonNode.Parse(bytes)!;
        Assert.Equal("application", sbom["metadata"]!["component"]!["type"]!.ToString());
        Assert.Equal("Sample@0.0.0", sbom["metadata"]!["component"]!["bom-ref"]!.ToString());
        var components = Components(sbom);
        foreach (var project in new[] { "App", "Core", "App.Tests" })
        {
            Assert.Contains(components[project]["properties"]!.AsArray(), p =>
                p!["name"]!.ToString() == "releasetrain:reference" && p["value"]!.ToString() == "project"
            );
        }

        var graph = ((JsonArray)sbom["dependencies"]!).ToDictionary(
            d => d!["ref"]!.ToString(),
            d => d!["dependsOn"]!.AsArray().Select(x => x!.ToString()).ToList()
        );
        Assert.Equal(
            ["pkg:nuget/App.Tests@1.0.0", "pkg:nuget/App@1.0.0", "pkg:nuget/Core@1.0.0"],
            graph["Sample@0.0.0"]
        );
        Assert.Contains("pkg:nuget/Core@1.0.0", graph["pkg:nuget/App@1.0.0"]);
        Assert.Contains("pkg:nuget/Acme.Base@2.0.0", graph["pkg:nuget/Acme.Lib@1.0.0"]);
        Assert.Equal(["pkg:nuget/Acme.Base@2.0.0"], graph["pkg:nuget/Core@1.0.0"]);
    }

    [SkippableFact]
    public void Nuspec_licences_authors_description_and_links_are_mapped_as_cyclonedx_dotnet_maps_them()
    {
        var bytes = Bytes();
        AssertSchemaValid(bytes);
        var components = Components((JsonObject)JsonNode.Parse(bytes)!);
        var lib = components["Acme.Lib"];
        Assert.Equal("Acme Ltd, Jane Doe", lib["authors"]![0]!["name"]!.ToString());
        Assert.Equal("The Acme library.", lib["description"]!.ToString());
        Assert.Equal("Copyright 2026 Acme", lib["copyright"]!.ToString());
        Assert.Equal("MIT", lib["licenses"]![0]!["license"]!["id"]!.ToString());
        var links = lib["externalReferences"]!.AsArray().Select(r => $"{r!["type"]} {r["url"]}").ToList();
        Assert.Equal(["website https://acme.example/lib", "vcs https://github.com/acme/lib.git"], links);

        // A compound expression stays whole (cyclonedx-dotnet splits it into ids); the title is the last resort.
        var baseLib = components["Acme.Base"];
        Assert.Equal("MIT OR Apache-2.0", baseLib["licenses"]![0]!["expression"]!.ToString());
        Assert.Equal("Acme base", baseLib["description"]!.ToString());

        var old = components["Acme.Old"]["licenses"]![0]!["license"]!;
        Assert.Equal("Unknown - See URL", old["name"]!.ToString());
        Assert.Equal("https://acme.example/license.txt", old["url"]!.ToString());
        Assert.Null(components["Acme.Tool"]["licenses"]);
    }

    [SkippableFact]
    public void Test_projects_and_development_dependencies_are_scope_excluded_the_rest_required()
    {
        var components = Components(Sbom());
        string Scope(string name) => components[name]["scope"]!.ToString();
        foreach (var required in new[] { "App", "Core", "Acme.Lib", "Acme.Base", "Acme.Old" })
        {
            Assert.True(Scope(required) == "required", required);
        }

        // The test project and what only it reaches; PrivateAssets=all; nuspec developmentDependency.
        foreach (var excluded in new[] { "App.Tests", "Acme.TestKit", "Acme.Tool", "Acme.Analyzers" })
        {
            Assert.True(Scope(excluded) == "excluded", excluded);
        }
    }

    [SkippableFact]
    public void Exclude_test_projects_and_exclude_dev_leave_them_out_of_components_and_graph()
    {
        var bytes = Bytes(Options with { ExcludeDev = true, ExcludeTestProjects = true });
        AssertSchemaValid(bytes);
        var sbom = (JsonObject)JsonNode.Parse(bytes)!;
        var components = Components(sbom);
        Assert.Equal(
            ["Acme.Base", "Acme.Lib", "Acme.Old", "App", "Core"],
            components.Keys.Order(StringComparer.Ordinal)
        );
        var refs = components.Values.Select(c => c["bom-ref"]!.ToString()).Append("Sample@0.0.0").ToHashSet();
        foreach (var dependency in (JsonArray)sbom["dependencies"]!)
        {
            Assert.Contains(dependency!["ref"]!.ToString(), refs);
            Assert.All(dependency["dependsOn"]!.AsArray(), d => Assert.Contains(d!.ToString(), refs));
        }

        // Each alone.
        Assert.DoesNotContain("App.Tests", Components(Sbom(Options with { ExcludeTestProjects = true })).Keys);
        var withoutDev = Components(Sbom(Options with { ExcludeDev = true }));
        Assert.DoesNotContain("Acme.Tool", withoutDev.Keys);
        Assert.Contains("Acme.TestKit", withoutDev.Keys);
    }

    [SkippableFact]
    public void Hashes_are_the_nupkg_files_own_sha512_and_sha256_and_the_content_hash_is_a_named_property()
    {
        var lib = Components(Sbom())["Acme.Lib"];
        var nupkg = File.ReadAllBytes(SbomSample.In("packages", "acme.lib", "1.0.0", "acme.lib.1.0.0.nupkg"));
        var hashes = lib["hashes"]!.AsArray().ToDictionary(h => h!["alg"]!.ToString(), h => h!["content"]!.ToString());
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(nupkg)), hashes["SHA-512"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(nupkg)), hashes["SHA-256"]);
        var assets = JsonNode.Parse(File.ReadAllText(SbomSample.In("src", "App", "obj", "project.assets.json")))!;
        var contentHash = Convert.ToHexStringLower(
            Convert.FromBase64String(assets["libraries"]!["Acme.Lib/1.0.0"]!["sha512"]!.ToString())
        );
        Assert.Contains(lib["properties"]!.AsArray(), p =>
            p!["name"]!.ToString() == CycloneDxSbom.ContentHashProperty && p["value"]!.ToString() == contentHash
        );
    }

    [SkippableFact]
    public void A_package_whose_nupkg_is_gone_keeps_the_content_hash_and_a_damaged_nuspec_is_RT3020()
    {
        using var temp = new TempDirectory("rt-sbom-nuspec");
        TempDirectory.CopyDirectory(SbomSample.In("packages", "acme.base"), temp.Combine("packages", "acme.base"));
        File.Delete(temp.Combine("packages", "acme.base", "2.0.0", "acme.base.2.0.0.nupkg"));
        var assets = JsonNode.Parse(File.ReadAllText(SbomSample.In("src", "Core", "obj", "project.assets.json")))!;
        assets["packageFolders"] = new JsonObject { [temp.Combine("packages") + "/"] = new JsonObject() };
        File.WriteAllText(temp.Combine("project.assets.json"), assets.ToJsonString());
        var bytes = CycloneDxSbom.Generate(temp.Combine("project.assets.json"), null, Options);
        AssertSchemaValid(bytes);
        var baseLib = Components((JsonObject)JsonNode.Parse(bytes)!)["Acme.Base"];
        var only = Assert.Single(baseLib["hashes"]!.AsArray());
        Assert.Equal("SHA-512", only!["alg"]!.ToString());
        Assert.Equal("MIT OR Apache-2.0", baseLib["licenses"]![0]!["expression"]!.ToString());

        var nuspec = temp.Combine("packages", "acme.base", "2.0.0", "acme.base.nuspec");
        File.WriteAllText(nuspec, "<package><metadata><authors>x</metadata></package>");
        var ex = Assert.Throws<ReleaseTrainException>(() =>
            CycloneDxSbom.Generate(temp.Combine("project.assets.json"), null, Options)
        );
        Assert.Equal("RT3020", ex.Diagnostic.Code);
        Assert.Equal(nuspec, ex.Diagnostic.File);
        Assert.Equal(1, ex.Diagnostic.Line);
    }

    [SkippableFact]
    public void A_restore_model_whose_library_path_leads_out_of_the_package_folder_reads_nothing_there()
    {
        // libraries/*/path is restore's <id>/<version>; a hand-made "../outside" must not make the SBOM read (and
        // publish) a nuspec outside the package folder.
        using var temp = new TempDirectory("rt-sbom-path");
        TempDirectory.CopyDirectory(SbomSample.In("packages", "acme.base"), temp.Combine("packages", "acme.base"));
        Directory.CreateDirectory(temp.Combine("outside"));
        File.WriteAllText(
            temp.Combine("outside", "acme.base.nuspec"),
            "<package><metadata><id>Acme.Base</id><authors>EVIL</authors></metadata></package>"
        );
        var assets = JsonNode.Parse(File.ReadAllText(SbomSample.In("src", "Core", "obj", "project.assets.json")))!;
        assets["packageFolders"] = new JsonObject { [temp.Combine("packages") + "/"] = new JsonObject() };
        assets["libraries"]!["Acme.Base/2.0.0"]!["path"] = "../outside";
        File.WriteAllText(temp.Combine("project.assets.json"), assets.ToJsonString());
        var baseLib = Components(
            (JsonObject)JsonNode.Parse(CycloneDxSbom.Generate(temp.Combine("project.assets.json"), null, Options))!
        )["Acme.Base"];
        Assert.Equal("Acme", baseLib["authors"]![0]!["name"]!.ToString());
    }

    [Fact]
    public void A_solution_naming_a_missing_project_or_no_project_is_RT3021_at_its_line()
    {
        using var temp = new TempDirectory("rt-sbom-sln");
        File.WriteAllText(
            temp.Combine("Bad.sln"),
            "Microsoft Visual Studio Solution File, Format Version 12.00\r\n"
                + "Project(\"{9A19103F-16F7-4668-BE54-9A1E7A4F7556}\") = \"Gone\", \"src\\Gone\\Gone.csproj\", "
                + "\"{1}\"\r\n"
                + "EndProject\r\n"
        );
        var ex = Assert.Throws<ReleaseTrainException>(() => SbomInputs.Expand(temp.Combine("Bad.sln")));
        Assert.Equal("RT3021", ex.Diagnostic.Code);
        Assert.Equal(2, ex.Diagnostic.Line);
        Assert.Contains("src\\Gone\\Gone.csproj", ex.Diagnostic.Message, StringComparison.Ordinal);

        Directory.CreateDirectory(temp.Combine("empty"));
        Assert.Equal(
            "RT3021",
            Assert.Throws<ReleaseTrainException>(() => SbomInputs.Expand(temp.Combine("empty"))).Diagnostic.Code
        );
        File.WriteAllText(temp.Combine("notes.txt"), "x");
        Assert.Equal(
            "RT3021",
            Assert.Throws<ReleaseTrainException>(() => SbomInputs.Expand(temp.Combine("notes.txt"))).Diagnostic.Code
        );
    }
}
