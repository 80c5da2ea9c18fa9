namespace ReleaseTrain.Tests;

/// <summary>
/// A consumer repository uses ReleaseTrain the two ways README shows: the composite GitHub Action (action.yml's step
/// run by bash in a temp git repository, the tool installed from the local feed of the packed packages) and the Cake
/// recipe (<c>dotnet cake</c>, Cake.Tool 7.0.0 from a tool manifest, the recipe loaded by path and from the feed).
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class ConsumerTests(PackageFeedFixture feed)
{
    private const string Token = "ghs_consumerTestToken0123456789abcdef";

    private static void Drift(TempDirectory repo)
    {
        var handoff = repo.Combine("producer", "handoff.json");
        var text = File.ReadAllText(handoff);
        Assert.Contains("\"order_not_found\",", text, StringComparison.Ordinal);
        File.WriteAllText(
            handoff,
            text.Replace("\"order_not_found\",", "\"order_NOT_found\",", StringComparison.Ordinal)
        );
    }

    // A git repository of the sample with an isolated git configuration (never the user's), committed once.
    private (TempDirectory Repo, TempDirectory Home) GitSample()
    {
        var repo = feed.CreateSampleRepository();
        var home = new TempDirectory("rt-home");
        foreach (var arguments in new[] { "init --quiet", "add -A", "commit --quiet -m sample" })
        {
            var git = ProcessRunner.Run("git", arguments, repo.Path, Environment(home));
            Assert.True(git.ExitCode == 0, $"git {arguments}: {git.Output}");
        }

        return (repo, home);
    }

    private Dictionary<string, string?> Environment(TempDirectory home) =>
        new()
        {
            ["HOME"] = home.Path,
            ["DOTNET_CLI_HOME"] = home.Path,
            ["GIT_CONFIG_GLOBAL"] = home.Combine("gitconfig-absent"),
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_COUNT"] = "1",
            ["GIT_CONFIG_KEY_0"] = "safe.directory",
            ["GIT_CONFIG_VALUE_0"] = "*",
            ["GIT_AUTHOR_NAME"] = "Consumer Test",
            ["GIT_AUTHOR_EMAIL"] = "consumer@test.invalid",
            ["GIT_COMMITTER_NAME"] = "Consumer Test",
            ["GIT_COMMITTER_EMAIL"] = "consumer@test.invalid",
            ["NUGET_PACKAGES"] = feed.PackagesFolder,
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_TOKEN"] = Token,
            ["CI"] = null,
        };

    private CompositeActionRunner.Run Action(
        TempDirectory repo,
        TempDirectory home,
        TempDirectory runner,
        Dictionary<string, string> inputs
    )
    {
        inputs.TryAdd("tool-version", feed.Version);
        inputs.TryAdd("feed", feed.Feed);
        return CompositeActionRunner.RunAction(repo.Path, runner.Path, inputs, Environment(home));
    }

    [Fact]
    public void The_action_passes_clean_fails_on_drift_with_error_annotations_and_writes_the_step_summary()
    {
        var (repo, home) = GitSample();
        using var _ = repo;
        using var __ = home;
        using var runner = new TempDirectory("rt-runner");

        var clean = Action(repo, home, runner, new() { ["config"] = "release-train.json" });
        Assert.True(clean.ExitCode == 0, clean.Log);
        Assert.Equal("pass", clean.Outputs["verdict"]);
        Assert.Equal("0", clean.Outputs["exit-code"]);
        Assert.Contains("### release-train verify: PASS", clean.Summary, StringComparison.Ordinal);

        Drift(repo);
        var drifted = Action(repo, home, runner, new() { ["config"] = "release-train.json" });
        Assert.True(drifted.ExitCode == 1, drifted.Log);
        Assert.Contains(
            "::error file=producer/handoff.json,line=16,col=22,title=RT2002::RT2002: "
                + "[orders-producer-handoff/error-code-enum]",
            drifted.Log,
            StringComparison.Ordinal
        );
        Assert.Equal("fail", drifted.Outputs["verdict"]);
        Assert.Equal("1", drifted.Outputs["exit-code"]);
        Assert.Contains("### release-train verify: FAIL", drifted.Summary, StringComparison.Ordinal);
        Assert.Contains("producer/handoff.json(16,22): error RT2002:", drifted.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, drifted.Log + drifted.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void No_input_of_the_action_is_spliced_into_its_script()
    {
        var (repo, home) = GitSample();
        using var _ = repo;
        using var __ = home;
        using var runner = new TempDirectory("rt-runner");
        var marker = runner.Combine("pwned");
        string Attack(string what) => $"{what}$(touch {marker})`touch {marker}`\"; touch {marker}; echo \"";

        // Every input carries the attack: an input spliced into the step's script (not passed through env:) runs it.
        var all = Action(
            repo,
            home,
            runner,
            new()
            {
                ["command"] = Attack("verify"),
                ["config"] = Attack("release-train.json"),
                ["version"] = Attack("1.0.0"),
                ["format"] = Attack("github"),
                ["arguments"] = Attack("--contract x"),
                ["tool-version"] = Attack(feed.Version),
                ["feed"] = Attack(feed.Feed),
                ["working-directory"] = Attack("."),
                ["token"] = Attack(Token),
            }
        );
        Assert.False(File.Exists(marker), "an input was executed:\n" + all.Log);
        Assert.Equal(2, all.ExitCode);
        Assert.Contains(
            "::error title=release-train action::command 'verify$(touch",
            all.Log,
            StringComparison.Ordinal
        );
        Assert.Equal("error", all.Outputs["verdict"]);
    }

    [Fact]
    public void The_arguments_input_reaches_the_tool_as_words_never_evaluated()
    {
        var (repo, home) = GitSample();
        using var _ = repo;
        using var __ = home;
        using var runner = new TempDirectory("rt-runner");
        var marker = runner.Combine("pwned");
        var attack = $"--contract x$(touch {marker})`touch {marker}`\"; touch {marker}; echo \"";
        var words = Action(repo, home, runner, new() { ["arguments"] = attack });
        Assert.False(File.Exists(marker), "the arguments input was executed:\n" + words.Log);
        Assert.Equal(2, words.ExitCode);
        Assert.Contains("error RT1013", words.Log, StringComparison.Ordinal);
    }

    // The sample with a tool manifest (Cake.Tool 7.0.0 and the packed ReleaseTrain.Cli) and a build.cake that loads
    // the recipe by the given #load line.
    private (TempDirectory Repo, TempDirectory Home) CakeSample(string load)
    {
        var (repo, home) = GitSample();
        Directory.CreateDirectory(repo.Combine(".config"));
        File.WriteAllText(
            repo.Combine(".config", "dotnet-tools.json"),
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
        File.WriteAllText(repo.Combine("build.cake"), load + "\n\nRunTarget(Argument(\"target\", \"Verify\"));\n");

        // Cake.Tool: a copy of the machine's cached package in a folder feed when a tool restore put it there (build.sh
        // does), else from nuget.org; our packages only from the local feed.
        var config = File.ReadAllText(repo.Combine("NuGet.config"));
        var cached = Path.Combine(
            System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile),
            ".nuget",
            "packages",
            "cake.tool",
            "7.0.0",
            "cake.tool.7.0.0.nupkg"
        );
        var cakeSource = "https://api.nuget.org/v3/index.json";
        if (File.Exists(cached))
        {
            cakeSource = home.Combine("cake-feed");
            Directory.CreateDirectory(cakeSource);
            File.Copy(cached, Path.Combine(cakeSource, Path.GetFileName(cached)));
        }

        File.WriteAllText(
            repo.Combine("NuGet.config"),
            config.Replace(
                "</packageSources>",
                $"""
                  <add key="cake" value="{cakeSource}" />
                </packageSources>
                <packageSourceMapping>
                  <packageSource key="local"><package pattern="ReleaseTrain.*" /></packageSource>
                  <packageSource key="cake"><package pattern="Cake.Tool" /></packageSource>
                </packageSourceMapping>
                """,
                StringComparison.Ordinal
            )
        );
        var restore = ProcessRunner.Run("dotnet", "tool restore", repo.Path, Environment(home));
        Assert.True(restore.ExitCode == 0, restore.Output);
        return (repo, home);
    }

    [Fact]
    public void The_cake_recipe_loaded_by_path_passes_and_from_the_feed_fails_on_drift()
    {
        var recipe = TestPaths.InRepo("recipe", "releasetrain.cake");
        var (byPath, home) = CakeSample($"#load \"{recipe}\"");
        using var _ = byPath;
        using var __ = home;
        var environment = Environment(home);
        environment["GITHUB_ACTIONS"] = null;
        var clean = ProcessRunner.Run("dotnet", "cake --target=Verify", byPath.Path, environment);
        Assert.True(clean.ExitCode == 0, clean.Output);
        Assert.Contains("release-train verify: PASS", clean.Output, StringComparison.Ordinal);

        var missing = ProcessRunner.Run("dotnet", "cake --target=Evidence", byPath.Path, environment);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains(
            "Evidence needs the release version: give --release-version=",
            missing.Output,
            StringComparison.Ordinal
        );

        var (fromFeed, home2) = CakeSample($"#load nuget:?package=ReleaseTrain.Cake.Recipe&version={feed.Version}");
        using var ___ = fromFeed;
        using var ____ = home2;
        Drift(fromFeed);
        var drifted = ProcessRunner.Run("dotnet", "cake --target=Verify", fromFeed.Path, Environment(home2));
        Assert.Equal(1, drifted.ExitCode);
        Assert.Contains(
            "::error file=producer/handoff.json,line=16,col=22,title=RT2002::",
            drifted.Output,
            StringComparison.Ordinal
        );
        Assert.Contains("exited with 1 (1: a verdict against the release", drifted.Output, StringComparison.Ordinal);
        Assert.True(
            Directory.Exists(fromFeed.Combine("tools", $"ReleaseTrain.Cake.Recipe.{feed.Version}")),
            "the recipe was not loaded from the feed"
        );
    }
}
