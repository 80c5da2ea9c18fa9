using System.CommandLine;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Reporting;

namespace ReleaseTrain.Cli;

/// <summary>
/// The <c>release-train</c> command line: thin commands over ReleaseTrain.Core. Exit codes (DESIGN.md):
/// 0 pass, 1 a verdict against the release (drift), 2 invalid input or usage.
/// </summary>
public static class CliApplication
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where usage errors go.</param>
    /// <param name="workingDirectory">The current folder: the config search starts here and text paths are shown relative to it.</param>
    /// <returns>The exit code: 0, 1 or 2.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        var root = new RootCommand("ReleaseTrain: release-train governance for .NET repositories. Verifies producer/consumer contracts against their canonical manifests.");
        root.Subcommands.Add(VerifyCommand.Create(stdout, workingDirectory));
        root.Subcommands.Add(HashCommand.Create(stdout, workingDirectory));
        root.Subcommands.Add(EvidenceCommands.Sbom(stdout, workingDirectory));
        root.Subcommands.Add(EvidenceCommands.Evidence(stdout, workingDirectory));
        root.Subcommands.Add(PolicyCommands.Freeze(stdout, workingDirectory));
        root.Subcommands.Add(PolicyCommands.Decide(stdout, workingDirectory));
        root.Subcommands.Add(PolicyCommands.Log(stdout, workingDirectory));
        root.Subcommands.Add(SignOffCommands.Create(stdout, workingDirectory));
        root.Subcommands.Add(GitHubCommands.Release(stdout, workingDirectory));
        root.Subcommands.Add(GitHubCommands.Status(stdout, workingDirectory));
        root.Subcommands.Add(ValidatorCommands.Validate(stdout, workingDirectory));
        root.Subcommands.Add(ValidatorCommands.PhaseManifestCommand(stdout, workingDirectory));
        root.Subcommands.Add(ValidatorCommands.Artifacts(stdout, workingDirectory));
        root.Subcommands.Add(ValidatorCommands.Canary(stdout, workingDirectory));
        root.Subcommands.Add(ReportCommand.Create(stdout, workingDirectory));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine(DiagnosticCodes.InvalidUsage.Error(null, 0, 0, error.Message).ToCanonicalString());
            }

            stderr.WriteLine("Run 'release-train --help' for usage.");
            return 2;
        }

        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(invocation);
        }
        catch (ReleaseTrainException ex)
        {
            stderr.WriteLine(ex.Diagnostic.ToCanonicalString());
            return 2;
        }
        catch (ReleaseTrain.GitHub.GitHubApiException ex)
        {
            stderr.WriteLine(ex.Diagnostic.ToCanonicalString());
            return 2;
        }
        catch (ConfigException ex)
        {
            foreach (var error in ex.Errors)
            {
                stderr.WriteLine(error.ToCanonicalString());
            }

            return 2;
        }
        catch (FileNotFoundException ex)
        {
            stderr.WriteLine(DiagnosticCodes.FileNotFound.Error(ex.FileName, 0, 0, ex.FileName ?? ex.Message).ToCanonicalString());
            return 2;
        }
#pragma warning disable CA1031 // Fail closed on anything unforeseen: exit 2, never 0 nor the verdict code 1.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            stderr.WriteLine(DiagnosticCodes.UnexpectedError.Error(null, 0, 0, ex.ToString()).ToCanonicalString());
            return 2;
        }
    }

    /// <summary>Parses a <c>--format</c> value.</summary>
    /// <param name="value">text, json, sarif or github.</param>
    /// <returns>The format.</returns>
    internal static OutputFormat ParseFormat(string? value) => value switch
    {
        "json" => OutputFormat.Json,
        "sarif" => OutputFormat.Sarif,
        "github" => OutputFormat.GitHub,
        _ => OutputFormat.Text,
    };
}
