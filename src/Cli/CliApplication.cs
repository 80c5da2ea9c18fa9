using System.CommandLine;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
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
    /// <param name="workingDirectory">The current folder: the config search starts here and text paths are shown
    /// relative to it.</param>
    /// <returns>The exit code: 0, 1 or 2.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(stdout);

        // Everything printed passes the one redaction: GITHUB_TOKEN in its encodings, URL credentials (SecretRedactor).
        var redactor = ReleaseTrain.GitHub.SecretRedactor.FromEnvironment(Environment.GetEnvironmentVariable);
        using var redactedOut = new ReleaseTrain.GitHub.RedactingWriter(stdout, redactor);
        using var redactedErr = new ReleaseTrain.GitHub.RedactingWriter(stderr, redactor);
        return RunRedacted(args, redactedOut, redactedErr, workingDirectory);
    }

    private static int RunRedacted(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        // --verbosity quiet keeps diagnostics and the verdict line of text output; JSON, SARIF and workflow commands
        // are never filtered.
        var quiet =
            args.SkipWhile(a => a != "--verbosity").Skip(1).FirstOrDefault() == "quiet"
            && !args.SkipWhile(a => a is not ("--format" or "-f"))
                .Skip(1)
                .Take(1)
                .Any(f => f is "json" or "sarif" or "github");
        if (quiet)
        {
            var filter = new ConsoleStyle.QuietWriter(stdout);
            try
            {
                return RunCore(args, filter, stderr, workingDirectory);
            }
            finally
            {
                filter.Flush();
            }
        }

        return RunCore(args, stdout, stderr, workingDirectory);
    }

    /// <summary>Every command path of the command line ("" for the root), e.g. "signoff verify".</summary>
    /// <returns>The paths.</returns>
    internal static IReadOnlyList<string> CommandPaths()
    {
        var root = new RootCommand();
        foreach (var command in Commands(TextWriter.Null, Directory.GetCurrentDirectory()))
        {
            root.Subcommands.Add(command);
        }

        return [.. HelpExamples.Paths(root)];
    }

    /// <summary>
    /// The --verbosity of a parse: quiet, normal (default) or detailed (explain everything that explains).
    /// </summary>
    /// <param name="parse">The parse result.</param>
    /// <returns>The verbosity.</returns>
    internal static Verbosity VerbosityOf(ParseResult parse) =>
        parse.GetValue<string>("--verbosity") switch
        {
            "quiet" => Verbosity.Quiet,
            "detailed" => Verbosity.Detailed,
            _ => Verbosity.Normal,
        };

    private static int RunCore(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        var root = new RootCommand(
            "ReleaseTrain: release-train governance for .NET repositories. Verifies producer/consumer contracts "
                + "against their canonical manifests."
        );
        foreach (var command in Commands(stdout, workingDirectory))
        {
            root.Subcommands.Add(command);
        }

        var verbosity = new Option<string>("--verbosity")
        {
            Description =
                "quiet (diagnostics and the verdict line), normal, or detailed (every rule or trigger evaluated, as "
                + "--explain).",
            DefaultValueFactory = _ => "normal",
            Recursive = true,
        };
        verbosity.AcceptOnlyFromAmong("quiet", "normal", "detailed");
        root.Options.Add(verbosity);
        HelpExamples.Add(root);

        try
        {
            foreach (var argument in args)
            {
                RepositoryFiles.RefuseNul(argument); // RT1017: no path or name holds a NUL character
            }
        }
        catch (ReleaseTrainException ex)
        {
            stderr.WriteLine(ex.Diagnostic.ToCanonicalString());
            return 2;
        }

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

        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        };
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
            stderr.WriteLine(
                DiagnosticCodes.FileNotFound.Error(ex.FileName, 0, 0, ex.FileName ?? ex.Message).ToCanonicalString()
            );
            return 2;
        }
#pragma warning disable CA1031 // Fail closed on anything unforeseen: exit 2, never 0 nor the verdict code 1.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            stderr.WriteLine(ReleaseTrainException.Unexpected(ex).ToCanonicalString());
            return 2;
        }
    }

    private static IEnumerable<Command> Commands(TextWriter stdout, string workingDirectory) =>
        [
            VerifyCommand.Create(stdout, workingDirectory),
            HashCommand.Create(stdout, workingDirectory),
            EvidenceCommands.Sbom(stdout, workingDirectory),
            EvidenceCommands.Evidence(stdout, workingDirectory),
            SourceDateCommand.Create(stdout, workingDirectory),
            PolicyCommands.Freeze(stdout, workingDirectory),
            PolicyCommands.Decide(stdout, workingDirectory),
            PolicyCommands.Log(stdout, workingDirectory),
            SignOffCommands.Create(stdout, workingDirectory),
            GitHubCommands.Release(stdout, workingDirectory),
            GitHubCommands.Status(stdout, workingDirectory),
            ValidatorCommands.Validate(stdout, workingDirectory),
            ValidatorCommands.PhaseManifestCommand(stdout, workingDirectory),
            ValidatorCommands.Artifacts(stdout, workingDirectory),
            ValidatorCommands.Canary(stdout, workingDirectory),
            ReportCommand.Create(stdout, workingDirectory),
            InitCommand.Create(stdout, workingDirectory),
            SchemaCommand.Create(stdout, workingDirectory),
            PreflightCommand.Create(stdout, workingDirectory),
            SigningCommands.Signing(stdout, workingDirectory),
        ];

    /// <summary>Parses a <c>--format</c> value.</summary>
    /// <param name="value">text, json, sarif, github or markdown.</param>
    /// <returns>The format.</returns>
    internal static OutputFormat ParseFormat(string? value) =>
        value switch
        {
            "json" => OutputFormat.Json,
            "sarif" => OutputFormat.Sarif,
            "github" => OutputFormat.GitHub,
            "markdown" => OutputFormat.Markdown,
            _ => OutputFormat.Text,
        };
}
