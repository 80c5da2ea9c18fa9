using System.Text.RegularExpressions;

namespace ReleaseTrain.Tests;

/// <summary>
/// The main job tells the truth (issue 17, item 3): the readiness report, run as the real CLI process, names the
/// command that fixes every gate that does not pass (console, Markdown, HTML), prints each reason once, and colours
/// only a terminal.
/// </summary>
public sealed class ReadinessTruthTests : IDisposable
{
    private const string Commit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private const string Reason =
        "Required readiness evidence 'bundle' is missing: artifacts/evidence/1.0.0/evidence.json.";
    private readonly TempDirectory _repo = new("rt-readiness-truth");

    public ReadinessTruthTests() =>
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            """
            {
              "contracts": [],
              "freezeWindows": [
                {
                  "id": "instants",
                  "actions": ["release"],
                  "start": "2026-11-20T00:00:00+01:00",
                  "end": "2026-11-21T00:00:00+01:00"
                },
                {
                  "id": "zoned",
                  "actions": ["release"],
                  "schedule": "0 0 25 11 *",
                  "duration": "PT24H",
                  "timeZone": "Europe/Berlin"
                }
              ],
              "trains": [
                {
                  "id": "main",
                  "versions": "[1.0.0, 2.0.0)",
                  "evidence": [
                    {
                      "id": "bundle",
                      "kind": "readiness",
                      "path": "artifacts/evidence/{version}/evidence.json",
                      "timestampPointer": "/createdAt",
                      "maxAge": "P30D"
                    }
                  ]
                }
              ]
            }
            """
        );

    public void Dispose() => _repo.Dispose();

    // The CLI in its own process, standard output redirected to a pipe (as in a CI log or `> file`), on a colour
    // terminal type, with NO_COLOR and FORCE_COLOR unset unless given.
    private ProcessRunner.Result Cli(Dictionary<string, string?>? given, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = _repo.Path,
            ["GIT_CONFIG_GLOBAL"] = _repo.Combine(".gitconfig"),
            ["NO_COLOR"] = null,
            ["FORCE_COLOR"] = null,
            ["TERM"] = "xterm-256color",
        };
        foreach (var (key, value) in given ?? [])
        {
            environment[key] = value;
        }

        return ProcessRunner.Run(
            "dotnet",
            string.Join(' ', new[] { TestPaths.CliDll }.Concat(args).Select(a => $"\"{a}\"")),
            _repo.Path,
            environment
        );
    }

    private ProcessRunner.Result Report(Dictionary<string, string?>? environment = null) =>
        Cli(
            environment,
            "report",
            "--version",
            "1.0.0",
            "--commit",
            Commit,
            "--at",
            "2026-11-18T12:00:00Z",
            "--output-dir",
            "artifacts/reports"
        );

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    [Fact]
    public void Report_on_the_console_names_the_fix_of_each_failing_gate_once_and_has_no_escape_bytes()
    {
        var result = Report();
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain('\u001b', result.StdOut);
        Assert.DoesNotContain('\u001b', result.StdErr);
        Assert.Contains("No-cut decision: FAIL NO-GO (1 reason)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains(
            "fix: run `release-train evidence --version 1.0.0` (the decision reads the bundle)",
            result.StdOut,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "Evidence bundle: PENDING no evidence bundle for 1.0.0 yet",
            result.StdOut,
            StringComparison.Ordinal
        );
        Assert.Equal(1, Count(result.StdOut, Reason));
        Assert.EndsWith(
            "release readiness of 1.0.0: FAIL (3 passed, 0 warned, 1 pending, 1 failed)\n",
            result.StdOut.Replace("\r", string.Empty, StringComparison.Ordinal),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Colour_is_forced_with_FORCE_COLOR_and_NO_COLOR_wins()
    {
        var forced = Report(new Dictionary<string, string?> { ["FORCE_COLOR"] = "1" });
        Assert.Contains("\u001b[31m", forced.StdOut, StringComparison.Ordinal);
        var both = Report(new Dictionary<string, string?> { ["FORCE_COLOR"] = "1", ["NO_COLOR"] = "1" });
        Assert.DoesNotContain('\u001b', both.StdOut);
    }

    [Fact]
    public void Markdown_and_HTML_fail_rows_name_the_fix_command_and_each_reason_once()
    {
        Assert.Equal(0, Report().ExitCode);
        var markdown = File.ReadAllText(_repo.Combine("artifacts", "reports", "release-readiness.md"));
        var noCut = markdown.Split('\n').Single(l => l.StartsWith("| No-cut decision |", StringComparison.Ordinal));
        Assert.Contains("✖ FAIL", noCut, StringComparison.Ordinal);
        Assert.Contains("**Fix:** run `release-train evidence --version 1.0.0`", noCut, StringComparison.Ordinal);
        Assert.Equal(1, Count(markdown, Reason));
        var evidence = markdown.Split('\n').Single(l => l.StartsWith("| Evidence bundle |", StringComparison.Ordinal));
        Assert.Contains("`release-train evidence --version 1.0.0`", evidence, StringComparison.Ordinal);

        var html = File.ReadAllText(_repo.Combine("artifacts", "reports", "release-readiness.html"));
        var row = Regex.Match(html, "<tr data-gate=\"no-cut\" data-status=\"fail\">.*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, html);
        Assert.Contains(
            "<p class=\"fix\"><strong>Fix:</strong> run <code>release-train evidence --version 1.0.0</code>",
            row.Value,
            StringComparison.Ordinal
        );
        Assert.Equal(1, Count(html, "is missing: artifacts/evidence/1.0.0/evidence.json"));
        // "UTC" labels UTC times only: a zoned window's local times carry their offset and zone.
        Assert.DoesNotContain("(UTC)", markdown, StringComparison.Ordinal);
        Assert.Contains(
            "| instants | release | 2026-11-19T23:00:00Z – 2026-11-20T23:00:00Z | no time zone: as UTC |",
            markdown,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "2026-11-25T00:00:00+01:00 – 2026-11-26T00:00:00+01:00 (Europe/Berlin)",
            markdown,
            StringComparison.Ordinal
        );
        // Never this repository's own build targets.
        Assert.DoesNotContain("target", markdown, StringComparison.OrdinalIgnoreCase);
    }
}
