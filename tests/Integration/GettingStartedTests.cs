namespace ReleaseTrain.Tests;

/// <summary>
/// <c>ReleaseTrainContracts</c> as documented: a <c>;</c>-separated list of contract ids, set in a project file.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class ContractListTests(PackageFeedFixture feed)
{
    [Fact]
    public void A_semicolon_separated_ReleaseTrainContracts_verifies_each_listed_contract()
    {
        using var repo = feed.CreateSampleRepository();
        File.WriteAllText(
            repo.Combine("Directory.Build.props"),
            File.ReadAllText(repo.Combine("Directory.Build.props"))
                .Replace(
                    "</Project>",
                    "  <PropertyGroup>\n"
                        + "    <ReleaseTrainContracts>orders-producer-handoff;orders-consumer-pin"
                        + "</ReleaseTrainContracts>\n"
                        + "  </PropertyGroup>\n</Project>",
                    StringComparison.Ordinal
                )
        );
        var pin = repo.Combine("consumer", "producer-pin.json");
        File.WriteAllText(
            pin,
            File.ReadAllText(pin).Replace("\"release_tag\": \"v", "\"release_tag\": \"x", StringComparison.Ordinal)
        );

        // Both listed contracts are verified (the second one finds the drift), none is reported unknown.
        var build = feed.Build(repo);
        Assert.NotEqual(0, build.ExitCode);
        Assert.DoesNotContain("RT1009", build.Output, StringComparison.Ordinal);
        Assert.Contains("error RT2001: [orders-consumer-pin/release-tag]", build.StdOut, StringComparison.Ordinal);
    }
}

/// <summary>
/// A new user's machine and repository for the getting-started path: a temp folder holding an empty NuGet packages
/// folder (<c>NUGET_PACKAGES</c>), a home whose NuGet configuration has no source (nothing comes from the network:
/// only the local feed of the packed packages, as the repository's nuget.config names it), the repository with a
/// pinned global.json, and the tool folder. Every process runs with that environment. Reusable by tests that add
/// steps to the path (the Cake recipe, the action's scripts).
/// </summary>
public sealed class GettingStartedRepository : IDisposable
{
    private readonly TempDirectory _temp = new("rt-start");

    /// <summary>Creates the machine and an empty repository holding only global.json.</summary>
    /// <param name="feed">The packed packages.</param>
    public GettingStartedRepository(PackageFeedFixture feed)
    {
        Feed = feed;
        Directory.CreateDirectory(Path);
        Directory.CreateDirectory(PackagesFolder);
        File.Copy(TestPaths.InRepo("global.json"), Combine("global.json"));
        Write(
            System.IO.Path.Combine(Home, ".nuget", "NuGet", "NuGet.Config"),
            """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>

            """
        );
        Environment = new Dictionary<string, string?>
        {
            ["HOME"] = Home,
            ["DOTNET_CLI_HOME"] = Home,
            ["NUGET_PACKAGES"] = PackagesFolder,
            ["NUGET_HTTP_CACHE_PATH"] = _temp.Combine("http-cache"),
            ["GIT_CONFIG_GLOBAL"] = System.IO.Path.Combine(Home, ".gitconfig"),
            ["GIT_CONFIG_NOSYSTEM"] = "1",
        };
    }

    /// <summary>The packed packages and their version.</summary>
    public PackageFeedFixture Feed { get; }

    /// <summary>The repository's folder.</summary>
    public string Path => _temp.Combine("repo");

    /// <summary>The user's home (its NuGet configuration clears every source).</summary>
    public string Home => _temp.Combine("home");

    /// <summary>NUGET_PACKAGES: empty at the start.</summary>
    public string PackagesFolder => _temp.Combine("nuget-packages");

    /// <summary>Where the tool is installed (<c>--tool-path</c>).</summary>
    public string Tools => _temp.Combine("tools");

    /// <summary>The environment every process of the path runs with.</summary>
    public IDictionary<string, string?> Environment { get; }

    /// <summary>A path in the repository.</summary>
    /// <param name="parts">Its components.</param>
    /// <returns>The full path.</returns>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file (a full path, or relative to the repository), creating its folder.</summary>
    /// <param name="path">The path.</param>
    /// <param name="text">The content.</param>
    public void Write(string path, string text)
    {
        var full = System.IO.Path.GetFullPath(path, Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Runs a program in the repository with <see cref="Environment"/>.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <returns>Its exit code and output.</returns>
    public ProcessRunner.Result Run(string fileName, string arguments) =>
        ProcessRunner.Run(fileName, arguments, Path, Environment);

    /// <summary>Runs <c>dotnet</c> in the repository (no terminal logger, no logo).</summary>
    /// <param name="arguments">Its arguments.</param>
    /// <returns>Its exit code and output.</returns>
    public ProcessRunner.Result Dotnet(string arguments) => Run("dotnet", arguments);

    /// <summary>README's install command: the tool from the local feed into <see cref="Tools"/>.</summary>
    /// <returns>Its exit code and output.</returns>
    public ProcessRunner.Result InstallTool() =>
        Dotnet(
            $"tool install ReleaseTrain.Cli --version {Feed.Version} --tool-path \"{Tools}\" --add-source "
                + $"\"{Feed.Feed}\""
        );

    /// <summary>Runs the installed <c>release-train</c>.</summary>
    /// <param name="arguments">Its arguments.</param>
    /// <returns>Its exit code and output.</returns>
    public ProcessRunner.Result Tool(string arguments) =>
        Run(System.IO.Path.Combine(Tools, "release-train"), arguments);

    /// <inheritdoc />
    public void Dispose() => _temp.Dispose();
}

/// <summary>
/// README's "Getting started", as a user types it, from an empty folder and an empty NuGet cache with only a local
/// feed of the packed packages: install the tool, <c>release-train init</c>, reference the package, add a contract
/// with drift, <c>dotnet build</c> fails at the payload's line, fix it, <c>dotnet build</c> passes, and
/// <c>dotnet pack</c> writes the SBOM and the hashes beside the package; then the workflow's composite action and the
/// Cake recipe (from the feed) verify the repository as a consumer's CI and Cake build do.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class GettingStartedTests(PackageFeedFixture feed)
{
    [Fact]
    public void From_an_empty_folder_to_a_gated_build_and_a_package_with_its_sbom()
    {
        using var repo = new GettingStartedRepository(feed);
        repo.Write(
            "src/Orders/Orders.csproj",
            """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Version>1.0.0</Version>
              </PropertyGroup>
            </Project>

            """
        );
        repo.Write("Orders.slnx", "<Solution>\n  <Project Path=\"src/Orders/Orders.csproj\" />\n</Solution>\n");
        repo.Write("src/Orders/Order.cs", "namespace Orders;\n\npublic sealed record Order(string Id);\n");

        var install = repo.InstallTool();
        Assert.True(install.ExitCode == 0, install.Output);

        var init = repo.Tool($"init --feed \"{feed.Feed}\"");
        Assert.True(init.ExitCode == 0, init.Output);
        Assert.True(File.Exists(repo.Combine(".release-train", "schemas", "release-train.schema.json")));
        Assert.True(File.Exists(repo.Combine(".github", "workflows", "release-train.yml")));
        Assert.Contains(feed.Feed, File.ReadAllText(repo.Combine("nuget.config")), StringComparison.Ordinal);
        var verify = repo.Tool("verify");
        Assert.True(verify.ExitCode == 0, verify.Output);

        // README, "Add it to a repository", without central package management.
        repo.Write(
            "Directory.Build.props",
            $"""
            <Project>
              <ItemGroup>
                <PackageReference Include="ReleaseTrain.Tasks" Version="{feed.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>

            """
        );
        repo.Write("contracts/orders-manifest.json", "{\n  \"api_version\": \"orders.v2\"\n}\n");
        repo.Write("src/Orders/handoff.json", "{\n  \"api_version\": \"orders.v1\"\n}\n");
        var config = File.ReadAllText(repo.Combine("release-train.json"));
        repo.Write(
            "release-train.json",
            config.Replace(
                "\"contracts\": []",
                """
                "contracts": [
                    {
                      "id": "orders-handoff",
                      "manifest": "contracts/orders-manifest.json",
                      "payloads": ["src/Orders/handoff.json"],
                      "rules": [
                        { "id": "api-version", "kind": "equals", "pointer": "/api_version",
                          "from": { "pointer": "/api_version" } }
                      ]
                    }
                  ]
                """,
                StringComparison.Ordinal
            )
        );

        var drifted = repo.Dotnet("build -tl:off -nologo");
        Assert.NotEqual(0, drifted.ExitCode);
        Assert.Contains(
            $"{repo.Combine("src", "Orders", "handoff.json")}(2,18): error RT2001: [orders-handoff/api-version] "
                + "/api_version: expected \"orders.v2\"",
            drifted.StdOut,
            StringComparison.Ordinal
        );

        repo.Write("src/Orders/handoff.json", "{\n  \"api_version\": \"orders.v2\"\n}\n");
        var fixedBuild = repo.Dotnet("build -tl:off -nologo");
        Assert.True(fixedBuild.ExitCode == 0, fixedBuild.Output);

        var pack = repo.Dotnet("pack -o out -tl:off -nologo");
        Assert.True(pack.ExitCode == 0, pack.Output);
        Assert.True(File.Exists(repo.Combine("out", "Orders.1.0.0.nupkg")), pack.Output);
        using var sbom = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(repo.Combine("out", "Orders.1.0.0.cdx.json"))
        );
        Assert.Equal("CycloneDX", sbom.RootElement.GetProperty("bomFormat").GetString());
        Assert.True(File.Exists(repo.Combine("out", "Orders.1.0.0.hashes.json")), pack.Output);

        // The workflow init wrote runs the composite action: its step, run as the GitHub runner runs it, installs
        // the tool from the feed and verifies the repository.
        using var runner = new TempDirectory("rt-runner");
        var ci = new Dictionary<string, string?>(repo.Environment) { ["GITHUB_ACTIONS"] = "true", ["CI"] = null };
        var action = CompositeActionRunner.RunAction(
            repo.Path,
            runner.Path,
            new Dictionary<string, string> { ["tool-version"] = feed.Version, ["feed"] = feed.Feed },
            ci
        );
        Assert.True(action.ExitCode == 0, action.Log);
        Assert.Equal("pass", action.Outputs["verdict"]);
        Assert.Contains("### release-train verify: PASS", action.Summary, StringComparison.Ordinal);

        // The user's own Cake build loads the recipe from the feed and runs its Verify task with the local tool.
        AddCakeTool(repo);
        repo.Write(
            "build.cake",
            $"#load nuget:?package=ReleaseTrain.Cake.Recipe&version={feed.Version}\n\n"
                + "RunTarget(Argument(\"target\", \"Verify\"));\n"
        );
        var restore = repo.Dotnet("tool restore");
        Assert.True(restore.ExitCode == 0, restore.Output);
        var cake = repo.Dotnet("cake --target=Verify");
        Assert.True(cake.ExitCode == 0, cake.Output);
        Assert.Contains("release-train verify: PASS", cake.Output, StringComparison.Ordinal);
        Assert.True(
            Directory.Exists(repo.Combine("tools", $"ReleaseTrain.Cake.Recipe.{feed.Version}")),
            "the recipe was not loaded from the feed:\n" + cake.Output
        );
    }

    // A tool manifest with Cake.Tool 7.0.0 and the packed ReleaseTrain.Cli, and a package source for Cake.Tool in the
    // repository's nuget.config: a copy of the machine's cached package (build.sh's tool restore puts it there) in a
    // folder feed, else nuget.org.
    private void AddCakeTool(GettingStartedRepository repo)
    {
        repo.Write(
            ".config/dotnet-tools.json",
            $$"""
            {
              "version": 1,
              "isRoot": true,
              "tools": {
                "cake.tool": { "version": "7.0.0", "commands": ["dotnet-cake"], "rollForward": false },
                "releasetrain.cli": { "version": "{{feed.Version}}", "commands": ["release-train"],
                  "rollForward": false }
              }
            }

            """
        );
        var cached = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".nuget",
            "packages",
            "cake.tool",
            "7.0.0",
            "cake.tool.7.0.0.nupkg"
        );
        var source = "https://api.nuget.org/v3/index.json";
        if (File.Exists(cached))
        {
            source = Path.Combine(repo.Home, "cake-feed");
            Directory.CreateDirectory(source);
            File.Copy(cached, Path.Combine(source, Path.GetFileName(cached)));
        }

        var config = repo.Combine("nuget.config");
        repo.Write(
            config,
            File.ReadAllText(config)
                .Replace(
                    "</packageSources>",
                    $"  <add key=\"cake\" value=\"{source}\" />\n  </packageSources>",
                    StringComparison.Ordinal
                )
        );
    }
}
