using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ReleaseTrain.Tests;

/// <summary>
/// Runs the steps of the repository's composite action (action.yml at the root) the way the GitHub runner does: each
/// <c>${{ inputs.NAME }}</c> and <c>${{ github.token }}</c> is replaced by its text in the step's <c>env:</c> values
/// and in its <c>run:</c> script (so an input spliced into a script is executed, as on GitHub), the script runs under
/// <c>bash --noprofile --norc -eo pipefail</c> with GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
/// RUNNER_TEMP set to temp paths. Any other expression fails the test: this runner does not guess.
/// </summary>
internal static partial class CompositeActionRunner
{
    [GeneratedRegex(@"\$\{\{\s*(.*?)\s*\}\}")]
    private static partial Regex Expression();

    /// <summary>What one run of the action left: exit code, log, outputs and step summary.</summary>
    public sealed record Run(int ExitCode, string Log, IReadOnlyDictionary<string, string> Outputs, string Summary);

    /// <summary>Runs action.yml with the given inputs (the rest take their defaults) in a working folder.</summary>
    /// <param name="workingDirectory">The workspace (GITHUB_WORKSPACE and the current folder).</param>
    /// <param name="runnerTemp">RUNNER_TEMP: the tool is installed below it; outputs and summary are written in
    /// it.</param>
    /// <param name="inputs">Inputs by name (as in <c>with:</c>).</param>
    /// <param name="environment">More environment variables (NUGET_PACKAGES, HOME, ...).</param>
    public static Run RunAction(
        string workingDirectory,
        string runnerTemp,
        IReadOnlyDictionary<string, string> inputs,
        IReadOnlyDictionary<string, string?> environment
    )
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(TestPaths.InRepo("action.yml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var declared = (YamlMappingNode)root["inputs"];
        foreach (var name in inputs.Keys)
        {
            Assert.True(declared.Children.ContainsKey(new YamlScalarNode(name)), $"action.yml has no input '{name}'");
        }

        string Input(string name)
        {
            if (inputs.TryGetValue(name, out var given))
            {
                return given;
            }

            var spec = (YamlMappingNode)declared[name];
            var fallback = spec.Children.TryGetValue(new YamlScalarNode("default"), out var d)
                ? ((YamlScalarNode)d).Value ?? ""
                : "";
            return Substitute(fallback);
        }

        string Substitute(string text) =>
            Expression()
                .Replace(text, m => m.Groups[1].Value switch
                    {
                        "github.token" => environment.TryGetValue("GITHUB_TOKEN", out var t) ? t ?? "" : "",
                        var e when e.StartsWith("inputs.", StringComparison.Ordinal) => Input(e["inputs.".Length..]),
                        var e => throw new InvalidOperationException($"unsupported expression ${{{{ {e} }}}}"),
                    });

        var runs = (YamlMappingNode)root["runs"];
        Assert.Equal("composite", ((YamlScalarNode)runs["using"]).Value);
        var output = Path.Combine(runnerTemp, "github-output");
        var summary = Path.Combine(runnerTemp, "step-summary.md");
        File.WriteAllText(output, "");
        File.WriteAllText(summary, "");
        var log = new StringBuilder();
        var exitCode = 0;
        var index = 0;
        foreach (var step in ((YamlSequenceNode)runs["steps"]).Cast<YamlMappingNode>())
        {
            Assert.Equal("bash", ((YamlScalarNode)step["shell"]).Value);
            var env = new Dictionary<string, string?>(environment)
            {
                ["GITHUB_ACTION_PATH"] = TestPaths.RepositoryRoot,
                ["GITHUB_WORKSPACE"] = workingDirectory,
                ["GITHUB_OUTPUT"] = output,
                ["GITHUB_STEP_SUMMARY"] = summary,
                ["RUNNER_TEMP"] = runnerTemp,
            };
            if (step.Children.TryGetValue(new YamlScalarNode("env"), out var stepEnv))
            {
                foreach (var (key, value) in ((YamlMappingNode)stepEnv).Children)
                {
                    env[((YamlScalarNode)key).Value!] = Substitute(((YamlScalarNode)value).Value ?? "");
                }
            }

            var script = Path.Combine(runnerTemp, $"step-{index++}.sh");
            File.WriteAllText(script, Substitute(((YamlScalarNode)step["run"]).Value!));
            var result = ProcessRunner.Run(
                "bash",
                $"--noprofile --norc -eo pipefail \"{script}\"",
                workingDirectory,
                env,
                600
            );
            log.Append(result.Output);
            exitCode = result.ExitCode;
            if (exitCode != 0)
            {
                break;
            }
        }

        var outputs = File.ReadAllLines(output)
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .GroupBy(l => l[..l.IndexOf('=', StringComparison.Ordinal)])
            .ToDictionary(g => g.Key, g => g.Last()[(g.Key.Length + 1)..]);
        return new Run(exitCode, log.ToString(), outputs, File.ReadAllText(summary));
    }
}
