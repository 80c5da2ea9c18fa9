using System.CommandLine;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Reporting;
using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Cli;

/// <summary><c>release-train verify</c>: checks every contract of release-train.json for drift.</summary>
internal static class VerifyCommand
{
    public static Command Create(TextWriter stdout, string workingDirectory)
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = "Path of release-train.json (default: the nearest one in the current folder or above).",
        };
        var root = new Option<string?>("--root")
        {
            Description =
                "Repository root that configured paths are relative to (default: the folder holding the config).",
        };
        var contract = new Option<string[]>("--contract")
        {
            Description = "Verify only this contract id (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description =
                "Output format: text (MSBuild canonical lines), json (schemas/verify-report.schema.json), sarif (SARIF "
                + "2.1.0) or github (workflow commands).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "sarif", "github");
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Also write the report to this file (atomically).",
        };

        var at = new Option<string?>("--at")
        {
            Description =
                "The instant time-dependent validator contracts (usr-waivers, usr-operational-readiness) are evaluated "
                + "at, ISO 8601 with offset (default: now).",
        };

        var fix = new Option<bool>("--fix")
        {
            Description =
                $"Rewrite the payload values that {DerivedKinds()} rules derive from their source "
                + "(formatting and key order kept; nothing else touched), then verify again.",
        };

        var explain = new Option<bool>("--explain")
        {
            Description =
                "Text format: list every rule applied to every file, with where its expected value comes from and its "
                + "result.",
        };

        var command = new Command(
            "verify",
            "Verify payloads against their canonical contract manifests, and run the validator contracts. Exit 0: no "
                + "drift; 1: drift or a failing validator; 2: invalid input."
        )
        {
            config,
            root,
            contract,
            format,
            output,
            at,
            fix,
            explain,
        };
        command.SetAction(parse =>
        {
            var request = new VerifyRequest(
                Absolute(parse.GetValue(config), workingDirectory),
                workingDirectory,
                Absolute(parse.GetValue(root), workingDirectory),
                parse.GetValue(contract) ?? []
            )
            {
                At = parse.GetValue(at) is { } instant ? PolicyCommands.Instant(instant) : null,
            };
            VerificationReport report;
            if (parse.GetValue(fix))
            {
                var result = ContractFixer.Fix(request);
                var text = CliApplication.ParseFormat(parse.GetValue(format)) == OutputFormat.Text;
                var log = text ? stdout : TextWriter.Null;
                foreach (var value in result.Fixed)
                {
                    log.WriteLine(
                        $"{Path.GetRelativePath(workingDirectory, value.File)}({value.Line},{value.Column}): fixed "
                            + $"[{value.ContractId}/{value.RuleId}] {value.Pointer}: {value.Before} -> {value.After}"
                    );
                }

                foreach (var left in result.Unfixed)
                {
                    log.WriteLine(
                        $"not fixed [{left.Finding.ContractId}/{left.Finding.RuleId}] {left.Finding.Pointer}: "
                            + $"{left.Why}"
                    );
                }

                log.WriteLine(
                    $"release-train verify --fix: {result.Fixed.Count} value(s) rewritten, {result.Unfixed.Count} "
                        + $"finding(s) left alone"
                );
                report = result.Report;
            }
            else
            {
                report = ContractVerification.Run(request);
            }

            var rendered = VerificationReportWriter.Render(
                report,
                CliApplication.ParseFormat(parse.GetValue(format)),
                workingDirectory
            );
            if (
                (parse.GetValue(explain) || CliApplication.VerbosityOf(parse) == Verbosity.Detailed)
                && CliApplication.ParseFormat(parse.GetValue(format)) == OutputFormat.Text
            )
            {
                foreach (var result in report.Contracts)
                {
                    if (result.Evaluations.Count == 0)
                    {
                        stdout.WriteLine(
                            $"  explain [{result.Id}]: validator of "
                                + $"{Path.GetRelativePath(workingDirectory, result.Manifest)}: "
                                + $"{result.Status.ToString().ToLowerInvariant()}, {result.Findings.Count} finding(s)"
                        );
                    }

                    foreach (var e in result.Evaluations)
                    {
                        stdout.WriteLine(
                            $"  explain [{e.ContractId}/{e.RuleId}] {e.RuleKind} "
                                + $"{Path.GetRelativePath(workingDirectory, e.File)} "
                                + $"{(e.Pointer.Length == 0 ? "/" : e.Pointer)} from {e.Source}: "
                                + $"{e.Result}{(e.Findings > 0 ? $" ({e.Findings} finding(s))" : string.Empty)}"
                        );
                    }
                }
            }

            stdout.Write(rendered);
            if (parse.GetValue(output) is { } outputPath)
            {
                ReleaseTrain.Core.IO.AtomicFile.WriteOutput(Path.GetFullPath(outputPath, workingDirectory), rendered);
            }

            return report.ExitCode;
        });
        return command;
    }

    /// <summary>The kinds whose values --fix rewrites, from the registry (e.g. "equals, ... and mirror").</summary>
    private static string DerivedKinds()
    {
        var names = RuleKinds.All.Where(k => k.DerivesValue).Select(k => k.Name).ToList();
        return names.Count < 2 ? string.Concat(names) : string.Join(", ", names[..^1]) + " and " + names[^1];
    }

    private static string? Absolute(string? path, string workingDirectory) =>
        path is null ? null : Path.GetFullPath(path, workingDirectory);
}
