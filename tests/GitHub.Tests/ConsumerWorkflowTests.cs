using System.Text.RegularExpressions;
using ReleaseTrain.Tests;
using YamlDotNet.RepresentationModel;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// The composite action (action.yml) and the reusable gated-release workflow (release-train-gate.yml) say what the
/// release process needs, and no input is spliced into a script (GitHub substitutes expressions before the shell runs:
/// an input in <c>run:</c> is script injection).
/// </summary>
public sealed partial class ConsumerWorkflowTests
{
    [GeneratedRegex(@"\$\{\{")]
    private static partial Regex ExpressionStart();

    private static YamlMappingNode Load(params string[] path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(TestPaths.InRepo(path)))
        {
            yaml.Load(reader);
        }

        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode? Get(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Get(node, key) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>();

    [Theory]
    [InlineData("action.yml")]
    [InlineData(".github/workflows/release-train-gate.yml")]
    [InlineData(".github/workflows/release.yml")]
    [InlineData(".github/workflows/ci.yml")]
    [InlineData(".github/workflows/pr-checks.yml")]
    public void No_run_script_contains_an_expression(string file)
    {
        var root = Load(file.Split('/'));
        var steps = Get(root, "runs") is YamlMappingNode runs
            ? Steps(runs)
            : ((YamlMappingNode)root["jobs"]).Children.Values.Cast<YamlMappingNode>().SelectMany(Steps);
        foreach (var step in steps)
        {
            var run = Scalar(step, "run") ?? "";
            Assert.False(ExpressionStart().IsMatch(run), $"{file}: a run script holds an expression:\n{run}");
        }
    }

    [Fact]
    public void The_action_passes_every_line_of_its_arguments_input_to_the_tool()
    {
        // A stand-in tool that prints each argument it gets on a line of its own.
        using var temp = new TempDirectory("rt-action-args");
        var tool = temp.Combine("tool");
        Directory.CreateDirectory(tool);
        File.WriteAllText(
            Path.Combine(tool, "release-train"),
            "#!/bin/sh\nfor a in \"$@\"; do echo \"arg:$a\"; done\n"
        );
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(tool, "release-train"), (UnixFileMode)0b111_101_101);
        }

        var output = temp.Combine("github_output");
        File.WriteAllText(output, string.Empty);
        var result = ProcessRunner.Run(
            "bash",
            $"\"{TestPaths.InRepo("action", "run.sh")}\"",
            temp.Path,
            new Dictionary<string, string?>
            {
                ["RT_TOOL_PATH"] = tool,
                ["RT_ARGUMENTS"] = "--first\n--strict",
                ["GITHUB_OUTPUT"] = output,
                ["GITHUB_STEP_SUMMARY"] = null,
            },
            timeoutSeconds: 60
        );

        // A gating option on a second line of a YAML block scalar must reach the tool, not be dropped in silence.
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("arg:--first", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("arg:--strict", result.StdOut, StringComparison.Ordinal);
        Assert.Equal("exit-code=0\nverdict=pass\n", File.ReadAllText(output));
    }

    [Fact]
    public void The_action_passes_every_input_through_env_and_the_token_as_GITHUB_TOKEN()
    {
        var root = Load("action.yml");
        Assert.Equal("composite", Scalar((YamlMappingNode)root["runs"], "using"));
        var step = Steps((YamlMappingNode)root["runs"]).Single();
        var env = (YamlMappingNode)step["env"];
        var passed = env.Children.Values.Select(v => ((YamlScalarNode)v).Value).ToList();
        foreach (var input in ((YamlMappingNode)root["inputs"]).Children.Keys.Cast<YamlScalarNode>())
        {
            Assert.Contains($"${{{{ inputs.{input.Value} }}}}", passed);
        }

        Assert.Equal("${{ inputs.token }}", Scalar(env, "GITHUB_TOKEN"));
        Assert.Equal(
            "${{ github.token }}",
            Scalar((YamlMappingNode)((YamlMappingNode)root["inputs"])["token"], "default")
        );
        Assert.Equal("bash \"$GITHUB_ACTION_PATH/action/run.sh\"", Scalar(step, "run"));
        foreach (var output in new[] { "exit-code", "verdict" })
        {
            Assert.NotNull(Get((YamlMappingNode)root["outputs"], output));
        }
    }

    [Fact]
    public void The_gate_is_a_reusable_workflow_whose_release_job_alone_writes_after_sign_off()
    {
        var root = Load(".github", "workflows", "release-train-gate.yml");
        var call = (YamlMappingNode)((YamlMappingNode)root["on"])["workflow_call"];
        var inputs = (YamlMappingNode)call["inputs"];
        Assert.Equal("true", Scalar((YamlMappingNode)inputs["version"], "required"));
        Assert.NotNull(Get(inputs, "config"));
        Assert.Equal("release", Scalar((YamlMappingNode)inputs["environment"], "default"));
        Assert.Null(Get(call, "secrets")); // nothing beyond the run's GITHUB_TOKEN

        Assert.Equal("read", Scalar((YamlMappingNode)root["permissions"], "contents"));
        var jobs = (YamlMappingNode)root["jobs"];
        string? Permission(YamlMappingNode job, string scope) =>
            Get(job, "permissions") is YamlMappingNode p ? Scalar(p, scope) : null;
        var writers = jobs
            .Children.Where(j => Permission((YamlMappingNode)j.Value, "contents") == "write")
            .Select(j => ((YamlScalarNode)j.Key).Value)
            .ToList();
        Assert.Equal(["release"], writers);
        Assert.Equal("read", Permission((YamlMappingNode)jobs["evidence"], "contents"));

        var release = (YamlMappingNode)jobs["release"];
        Assert.Equal("evidence", Scalar(release, "needs"));
        Assert.Equal("${{ inputs.environment }}", Scalar(release, "environment"));
        Assert.Equal("read", Permission(release, "actions")); // the run's environment approvals

        // Every ReleaseTrain step is the composite action; sign-off, then the recorded decision, then the release,
        // then the ledger verified whatever happened before.
        var commands = Steps(release)
            .Where(s =>
                Scalar(s, "uses") is { } u && u.StartsWith("releasetrain/releasetrain", StringComparison.Ordinal)
            )
            .Select(s =>
            {
                Assert.Equal("releasetrain/releasetrain@v1", Scalar(s, "uses"));
                return (Command: Scalar((YamlMappingNode)s["with"], "command"), If: Scalar(s, "if"));
            })
            .ToList();
        Assert.Equal(
            ["evidence", "signoff", "decide", "release", "log-verify"],
            commands.Select(c => c.Command).ToList()
        );
        Assert.Equal("always()", commands[^1].If);
        Assert.Contains(Steps((YamlMappingNode)jobs["evidence"]), s =>
            Get(s, "with") is YamlMappingNode w && Scalar(w, "command") == "verify"
        );
    }
}
