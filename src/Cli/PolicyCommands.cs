using System.CommandLine;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.Reporting;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Cli;

/// <summary>
/// <c>release-train freeze</c>, <c>decide</c>, <c>log verify</c> and <c>log repair</c>: thin adapters over Core's
/// policy rules.
/// </summary>
internal static class PolicyCommands
{
    public static Command Freeze(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = ConfigOptions();
        var action = new Option<string>("--action", "-a")
        {
            Description = "The action: build, pack, release or cutover.",
            Required = true,
        };
        action.AcceptOnlyFromAmong([.. FreezeActions.All]);
        var release = RenamedOption.Version("The release version (exceptions are per release).", required: false);
        var commit = new Option<string?>("--commit")
        {
            Description =
                "The commit sha; exceptions may name a commit " + "(default: GITHUB_SHA, else git HEAD of the root).",
        };
        var at = new Option<string?>("--at")
        {
            Description = "The instant to evaluate, ISO 8601 with offset (default: now).",
        };
        var explain = new Option<bool>("--explain")
        {
            Description =
                "Explain: active windows with their bounds in UTC and local time, exceptions considered, next opening, "
                + "upcoming occurrences.",
        };
        var next = new Option<int>("--next")
        {
            Description = "How many upcoming occurrences to list.",
            DefaultValueFactory = _ => 5,
        };
        var format = Options.Format(["text", "json"]);
        var command = new Command("freeze", "Is an action frozen? Exit 0 open, 1 frozen, 2 invalid input.")
        {
            config,
            root,
            action,
            commit,
            at,
            explain,
            next,
            format,
        };
        release.AddTo(command);
        command.SetAction(p =>
        {
            var loaded = Load(p.GetValue(config), p.GetValue(root), workingDirectory);
            var instant = Instant(p.GetValue(at));
            var sha = SignOffInputs.ResolveCommit(loaded, p.GetValue(commit), null);
            var query = new FreezeQuery(p.GetValue(action)!, release.GetValue(p), sha, instant);
            var report = new FreezeReport(FreezeEvaluator.Evaluate(loaded.Policy, query, p.GetValue(next)));
            var explained = p.GetValue(explain) || CliApplication.VerbosityOf(p) == Verbosity.Detailed;
            stdout.Write(report.Render(CliApplication.ParseFormat(p.GetValue(format)), explained));
            return report.ExitCode;
        });
        return command;
    }

    public static Command Decide(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = ConfigOptions();
        var release = RenamedOption.Version("The release version, e.g. 1.2.0.", required: true);
        var commit = new Option<string?>("--commit")
        {
            Description = $"The commit sha recorded with the decision ({SignOffInputs.CommitDefault}).",
        };
        var at = new Option<string?>("--at")
        {
            Description =
                "With --dry-run only: the instant to evaluate, ISO 8601 with offset (default: now). A recorded "
                + "decision is always taken at the clock's time.",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Decide without appending to the decision log." };
        var pr = new Option<int?>("--pr")
        {
            Description =
                "With signoff configured: also count the reviews of this release PR (needs GITHUB_TOKEN and "
                + "GITHUB_REPOSITORY).",
        };
        var runId = SignOffInputs.RunIdOption();
        var author = new Option<string?>("--author")
        {
            Description = "The release's author, who cannot approve (default: the PR's author).",
        };
        var explainDecision = new Option<bool>("--explain")
        {
            Description = "List every no-cut trigger evaluated, with the files it read (sha256) and its result.",
        };
        var format = Options.Format(["text", "json"]);
        var command = new Command(
            "decide",
            "GO / NO-GO for a release from the no-cut triggers, appended to the hash-chained decision log. Exit 0 GO, "
                + "1 NO-GO, 2 invalid input."
        )
        {
            config,
            root,
            commit,
            at,
            dryRun,
            pr,
            author,
            runId,
            explainDecision,
            format,
        };
        release.AddTo(command);
        command.SetAction(
            async (p, _) =>
            {
                var loaded = Load(p.GetValue(config), p.GetValue(root), workingDirectory);
                var dry = p.GetValue(dryRun);
                var instant = Instant(
                    p.GetValue(at),
                    dry
                        ? null
                        : (
                            "decide",
                            "a recorded decision is taken at the clock's time; add --dry-run to evaluate at another "
                                + "instant without recording"
                        )
                );
                var inputs = loaded.Policy.SignOff is null
                    ? new SignOffInputs(
                        [],
                        p.GetValue(author),
                        SignOffInputs.ResolveCommit(loaded, p.GetValue(commit), null),
                        null
                    )
                    : await SignOffInputs
                        .Gather(
                            loaded,
                            release.GetValue(p)!,
                            p.GetValue(pr),
                            p.GetValue(author),
                            p.GetValue(commit),
                            "decide",
                            "--commit",
                            p.GetValue(runId)
                        )
                        .ConfigureAwait(false);
                var sha = ReleaseCommit.Required(inputs.Commit, "decide", "--commit");
                var decision = NoCutDecision.Decide(
                    loaded,
                    new DecisionRequest(release.GetValue(p)!, sha, instant)
                    {
                        Reviews = inputs.Reviews,
                        Author = inputs.Author,
                        AuthorSource = inputs.AuthorSource,
                        Memberships = inputs.Memberships,
                    }
                );
                var recorded = dry ? null : DecisionLog.Record(loaded, decision);
                var report = new DecisionReport(decision, recorded, DecisionLog.Where(loaded).Display);
                var explained = p.GetValue(explainDecision) || CliApplication.VerbosityOf(p) == Verbosity.Detailed;
                stdout.Write(report.Render(CliApplication.ParseFormat(p.GetValue(format)), explained));
                return report.ExitCode;
            }
        );
        return command;
    }

    public static Command Log(TextWriter stdout, string workingDirectory)
    {
        var log = new Command("log", "The hash-chained logs: the no-cut decision log and the sign-off records.");
        log.Subcommands.Add(
            LogCommand(
                "verify",
                "Verify the hash chain of the decision log; with 'ledger' configured, the ledger branch (fetched): its "
                    + "chains, its linear history, and that it still holds the head this clone verified last. Exit 0 "
                    + "intact, 1 naming the first problem, 2 invalid input.",
                logPath =>
                {
                    var report = LogVerificationReport.Run(logPath);
                    stdout.Write(report.ToText());
                    return report.ExitCode;
                },
                workingDirectory,
                ledger =>
                {
                    var report = LogVerificationReport.RunLedger(ledger);
                    stdout.Write(report.ToText());
                    return report.ExitCode;
                }
            )
        );
        log.Subcommands.Add(
            LogCommand(
                "repair",
                "Remove an incomplete last line left by an interrupted append, after copying the whole log to "
                    + "<log>.<UTC time>.bak; any other damage is refused and nothing is changed. Exit 0 repaired or "
                    + "nothing to repair, 1 refused, 2 invalid input.",
                logPath =>
                {
                    var report = LogRepairReport.Run(logPath);
                    stdout.Write(report.ToText());
                    return report.ExitCode;
                },
                workingDirectory
            )
        );
        return log;
    }

    /// <summary>
    /// A <c>log</c> subcommand over one log: PATH, else the configured ledger (when <paramref name="ledger"/> is
    /// given), else the configured decision log.
    /// </summary>
    private static Command LogCommand(
        string name,
        string description,
        Func<string, int> run,
        string workingDirectory,
        Func<GitLedger, int>? ledger = null
    )
    {
        var (config, root) = ConfigOptions();
        var path = new Argument<string?>("PATH")
        {
            Description = "The log (default: decisionLog of release-train.json).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command(name, description) { path, config, root };
        command.SetAction(p =>
        {
            if (p.GetValue(path) is { } given)
            {
                return run(Path.GetFullPath(given, workingDirectory));
            }

            var loaded = Load(p.GetValue(config), p.GetValue(root), workingDirectory);
            return ledger is not null && DecisionLog.LedgerOf(loaded) is { } configured
                ? ledger(configured)
                : run(DecisionLog.PathOf(loaded));
        });
        return command;
    }

    internal static (Option<string?> Config, Option<string?> Root) ConfigOptions() =>
        (
            new Option<string?>("--config", "-c")
            {
                Description = "Path of release-train.json (default: the nearest one in the current folder or above).",
            },
            new Option<string?>("--root")
            {
                Description =
                    "Repository root that configured paths are relative to (default: the folder holding the config).",
            }
        );

    internal static ReleaseTrainConfig Load(string? config, string? root, string workingDirectory)
    {
        var request = new VerifyRequest(
            config is null ? null : Path.GetFullPath(config, workingDirectory),
            workingDirectory,
            root is null ? null : Path.GetFullPath(root, workingDirectory),
            []
        );
        return ContractVerification.Load(request, out var errors) ?? throw new ConfigException(errors);
    }

    /// <summary>
    /// The clock of every command: the system clock, except inside an in-process test that sets
    /// <see cref="TestClock"/> (internal; nothing on the command line or in the environment can move it).
    /// </summary>
    internal static IClock Clock => TestClock.Value ?? SystemClock.Instance;

    /// <summary>The clock of the current in-process test run, or null for the system clock.</summary>
    internal static readonly AsyncLocal<IClock?> TestClock = new();

    /// <summary>The instant of a command that only evaluates: --at, else the clock (Core's ActionClock).</summary>
    internal static Instant Instant(string? at) => ActionClock.Resolve(at, null, Clock);

    /// <summary>
    /// The instant of a command that records or publishes when <paramref name="records"/> is not null: the clock, and
    /// --at is RT5012.
    /// </summary>
    internal static Instant Instant(string? at, (string Command, string Why)? records) =>
        ActionClock.Resolve(at, records, Clock);
}

/// <summary>Configuration errors: every RT1xxx/RT4xxx found while loading, reported together with exit 2.</summary>
internal sealed class ConfigException(IReadOnlyList<Diagnostic> errors) : Exception("The configuration is invalid.")
{
    public IReadOnlyList<Diagnostic> Errors { get; } = errors;
}
