using System.Text.Json.Nodes;
using ReleaseTrain.Cli;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Schema;

namespace ReleaseTrain.Tests;

/// <summary>
/// `release-train sbom` on a real restored solution (<see cref="SbomSample"/>): a solution or folder as input, the
/// exclusion options named as cyclonedx-dotnet names them, and a single project without MSBuild evaluation.
/// </summary>
public sealed class SbomCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("rt-cli-sbom");

    public void Dispose() => _dir.Dispose();

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApplication.Run(args, stdout, stderr, _dir.Path);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private JsonObject Sbom(params string[] args)
    {
        var output = _dir.Combine($"{Guid.NewGuid():N}.cdx.json");
        var result = Run(["sbom", .. args, "--output", output]);
        Assert.True(result.Exit == 0, result.Out + result.Err);
        var bytes = File.ReadAllBytes(output);
        var validator = JsonSchemaValidator.FromFile(TestPaths.SharedSchemas("cyclonedx", "bom-1.6.schema.json"));
        var violations = validator.Validate(LocatedJsonDocument.Parse(bytes, output).Root);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        return (JsonObject)JsonNode.Parse(bytes)!;
    }

    private static List<string> Names(JsonObject sbom) =>
        [.. ((JsonArray)sbom["components"]!).Select(c => $"{c!["name"]}@{c["version"]}").Order(StringComparer.Ordinal)];

    [SkippableFact]
    public void A_solution_an_slnx_or_a_folder_gives_one_sbom_of_every_project()
    {
        var sln = Sbom("--project", SbomSample.In("Sample.sln"));
        var slnx = Sbom("--project", SbomSample.In("Sample.slnx"));
        var folder = Sbom("--project", SbomSample.Root);
        string[] expected =
        [
            "Acme.Analyzers@1.0.0",
            "Acme.Base@2.0.0",
            "Acme.Lib@1.0.0",
            "Acme.Old@1.0.0",
            "Acme.TestKit@1.0.0",
            "Acme.Tool@1.0.0",
            "App.Tests@1.0.0",
            "App@1.0.0",
            "Core@1.0.0",
        ];
        Assert.Equal(expected, Names(sln));
        Assert.Equal(expected, Names(slnx));
        Assert.Equal(expected, Names(folder));
        Assert.Equal("Sample", sln["metadata"]!["component"]!["name"]!.ToString());
        Assert.Equal(Path.GetFileName(SbomSample.Root), folder["metadata"]!["component"]!["name"]!.ToString());

        // One SBOM for all: --output is needed, and a solution is the only --project.
        var noOutput = Run("sbom", "--project", SbomSample.In("Sample.sln"));
        Assert.Equal(2, noOutput.Exit);
        Assert.Contains("--output", noOutput.Err, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Exclude_dev_and_exclude_test_projects_and_their_short_names_leave_them_out()
    {
        var all = Sbom("--project", SbomSample.In("Sample.slnx"));
        var excluded = ((JsonArray)all["components"]!)
            .Where(c => c!["scope"]!.ToString() == "excluded")
            .Select(c => c!["name"]!.ToString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(["Acme.Analyzers", "Acme.TestKit", "Acme.Tool", "App.Tests"], excluded);

        string[] kept = ["Acme.Base@2.0.0", "Acme.Lib@1.0.0", "Acme.Old@1.0.0", "App@1.0.0", "Core@1.0.0"];
        Assert.Equal(
            kept,
            Names(Sbom("--project", SbomSample.In("Sample.slnx"), "--exclude-dev", "--exclude-test-projects"))
        );
        Assert.Equal(kept, Names(Sbom("--project", SbomSample.In("Sample.slnx"), "-ed", "-t")));

        // On one test project: its packages are scope excluded, or it is left out entirely.
        var testProject = SbomSample.In("tests", "App.Tests", "App.Tests.csproj");
        var single = Sbom("--project", testProject);
        Assert.All((JsonArray)single["components"]!, c => Assert.Equal("excluded", c!["scope"]!.ToString()));
        Assert.Empty((JsonArray)Sbom("--project", testProject, "--exclude-test-projects")["components"]!);
    }

    [SkippableFact]
    public void One_project_with_output_is_read_from_obj_without_starting_msbuild()
    {
        // The built CLI with no `dotnet` on PATH: an MSBuild evaluation could not start.
        var dotnet = Environment.ProcessPath!;
        var output = _dir.Combine("app.cdx.json");
        var run = ProcessRunner.Run(
            dotnet,
            $"\"{TestPaths.CliDll}\" sbom --project \"{SbomSample.In("src", "App", "App.csproj")}\" --output "
                + $"\"{output}\"",
            _dir.Path,
            new Dictionary<string, string?> { ["PATH"] = _dir.Path, ["SOURCE_DATE_EPOCH"] = "1700000000" }
        );
        Assert.True(run.ExitCode == 0, run.Output);
        var sbom = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.Equal("pkg:nuget/App@1.0.0", sbom["metadata"]!["component"]!["purl"]!.ToString());

        // The same SBOM as with the evaluation (--output without a restore model in obj/ falls back to it).
        var evaluated = Run(
            "sbom",
            "--project",
            SbomSample.In("src", "App", "App.csproj"),
            "--assets",
            SbomSample.In("src", "App", "obj", "project.assets.json"),
            "--output",
            _dir.Combine("given.cdx.json")
        );
        Assert.True(evaluated.Exit == 0, evaluated.Err);
        var given = JsonNode.Parse(File.ReadAllText(_dir.Combine("given.cdx.json")))!;
        Assert.Equal(sbom["components"]!.ToJsonString(), given["components"]!.ToJsonString());
    }

    [SkippableFact]
    public void A_project_of_a_solution_that_was_not_restored_is_RT3022()
    {
        using var copy = new TempDirectory("rt-sbom-unrestored");
        TempDirectory.CopyDirectory(SbomSample.In("src"), copy.Combine("src"));
        File.Copy(SbomSample.In("NuGet.config"), copy.Combine("NuGet.config"));
        // src/Core restored (its obj/ copied back), src/App not.
        TempDirectory.CopyDirectory(SbomSample.In("src", "Core", "obj"), copy.Combine("src", "Core", "obj"));
        var assets = JsonNode.Parse(File.ReadAllText(copy.Combine("src", "Core", "obj", "project.assets.json")))!;
        assets["project"]!["restore"]!["projectPath"] = copy.Combine("src", "Core", "Core.csproj");
        File.WriteAllText(copy.Combine("src", "Core", "obj", "project.assets.json"), assets.ToJsonString());
        var result = Run("sbom", "--project", copy.Path, "--output", _dir.Combine("x.cdx.json"));
        Assert.Equal(2, result.Exit);
        Assert.Contains("RT3022", result.Err, StringComparison.Ordinal);
        Assert.Contains("App.csproj", result.Err, StringComparison.Ordinal);
    }
}
