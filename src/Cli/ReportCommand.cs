using System.CommandLine;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Reporting;

namespace ReleaseTrain.Cli;

/// <summary><c>release-train report</c>: the release-readiness scorecard of Core, rendered (docs/report.md).</summary>
internal static class ReportCommand
{
    /// <summary>The file names the report writes into --output-dir.</summary>
    public static readonly IReadOnlyList<string> Files = RepositoryPaths.ReadinessReportFiles;

    public static Command Create(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = PolicyCommands.ConfigOptions();
        var version = new Option<string>("--version") { Description = "The release version.", Required = true };
        var commit = new Option<string?>("--commit")
        {
            Description =
                "The release's commit (default: GITHUB_SHA, else git HEAD of the root; without one the report is "
                + "refused, RT5011).",
        };
        var at = new Option<string?>("--at")
        {
            Description = "The instant every gate is evaluated at, ISO 8601 with offset (default: now).",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description =
                "html (one self-contained page), md (Markdown for $GITHUB_STEP_SUMMARY and release bodies) or json "
                + "(the scorecard).",
            DefaultValueFactory = _ => "html",
        };
        format.AcceptOnlyFromAmong("html", "md", "json");
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the report to this file (atomically) instead of standard output.",
        };
        var pr = new Option<int?>("--pr")
        {
            Description =
                "Also count the APPROVED / CHANGES_REQUESTED reviews of this release PR (needs GITHUB_TOKEN and "
                + "GITHUB_REPOSITORY).",
        };
        var author = new Option<string?>("--author")
        {
            Description =
                "The release's author, who cannot approve (default: the PR's author, else the release commit's).",
        };
        var outputDir = new Option<string?>("--output-dir")
        {
            Description =
                "Write every output into this folder: release-readiness.html, release-readiness.md, "
                + "release-readiness-scorecard.json, observability-rollup.json, "
                + "post-cutover-stabilization-report.json.",
        };
        var command = new Command(
            "report",
            "Release readiness at a glance: every gate's latest result, the evidence digests, the sign-off table, the "
                + "freeze calendar of the next 30 days and the decision-log timeline. Exit 0 (the verdicts are in the "
                + "report), 2 invalid input.\n\nExamples:\n  release-train report --version 1.2.0 --output-dir "
                + "artifacts/reports\n  release-train report --version 1.2.0 --format md >> \"$GITHUB_STEP_SUMMARY\""
        )
        {
            config,
            root,
            version,
            commit,
            pr,
            author,
            at,
            format,
            output,
            outputDir,
        };
        command.SetAction(
            async (p, _) =>
            {
                var loaded = PolicyCommands.Load(p.GetValue(config), p.GetValue(root), workingDirectory);
                var instant = PolicyCommands.Instant(p.GetValue(at));
                var inputs = await SignOffInputs
                    .Gather(
                        loaded,
                        p.GetValue(version)!,
                        p.GetValue(pr),
                        p.GetValue(author),
                        p.GetValue(commit),
                        "report",
                        "--commit"
                    )
                    .ConfigureAwait(false);
                var scorecard = ReadinessReport.Scorecard(
                    loaded,
                    new ReadinessRequest(p.GetValue(version)!, inputs.Commit, instant)
                    {
                        Author = inputs.Author,
                        AuthorSource = inputs.AuthorSource,
                        Reviews = inputs.Reviews,
                        Memberships = inputs.Memberships,
                    }
                );
                string LinkBase(string folder) =>
                    Path.GetRelativePath(folder, loaded.RootDirectory).Replace('\\', '/') is var relative
                    && relative == "."
                        ? string.Empty
                        : relative + "/";

                if (p.GetValue(outputDir) is { } dir)
                {
                    var folder = Path.GetFullPath(dir, workingDirectory);
                    AtomicFile.WriteOutput(
                        Path.Combine(folder, Files[0]),
                        ReadinessRenderer.Html(scorecard, LinkBase(folder))
                    );
                    AtomicFile.WriteOutput(Path.Combine(folder, Files[1]), ReadinessRenderer.Markdown(scorecard));
                    AtomicFile.WriteOutput(Path.Combine(folder, Files[2]), ReportJson.Write(scorecard));
                    var rollup = TrainSummaries.ObservabilityRollup(loaded, instant);
                    AtomicFile.WriteOutput(Path.Combine(folder, Files[3]), ReportJson.Write(rollup));
                    var stabilization = TrainSummaries.StabilizationReport(loaded, instant);
                    AtomicFile.WriteOutput(Path.Combine(folder, Files[4]), ReportJson.Write(stabilization));
                    foreach (var file in Files)
                    {
                        stdout.WriteLine("wrote " + Path.Combine(folder, file));
                    }
                }

                var target = p.GetValue(output) is { } o ? Path.GetFullPath(o, workingDirectory) : null;
                if (target is not null || p.GetValue(outputDir) is null)
                {
                    var rendered = p.GetValue(format) switch
                    {
                        "json" => ReportJson.Write(scorecard),
                        "md" => ReadinessRenderer.Markdown(scorecard),
                        _ => ReadinessRenderer.Html(
                            scorecard,
                            LinkBase(target is null ? workingDirectory : Path.GetDirectoryName(target)!)
                        ),
                    };
                    if (target is null)
                    {
                        stdout.Write(rendered);
                    }
                    else
                    {
                        AtomicFile.WriteOutput(target, rendered);
                        stdout.WriteLine("wrote " + target);
                    }
                }

                // Written to files: each failing gate with its reasons and fix, then the verdict. Rendered to
                // standard output: the verdict line only after the page.
                var text = ReadinessRenderer.PlainText(scorecard);
                stdout.Write(
                    target is null && p.GetValue(outputDir) is null
                        ? text[(text.TrimEnd('\n').LastIndexOf('\n') + 1)..]
                        : text
                );
                return 0;
            }
        );
        return command;
    }
}
