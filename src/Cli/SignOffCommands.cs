using System.CommandLine;
using System.Globalization;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.Reporting;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Cli;

/// <summary>
/// The sign-off inputs a command gathers before Core evaluates: PR reviews, the author, the commit and team
/// memberships.
/// </summary>
/// <param name="Reviews">Decisions fetched from GitHub: PR reviews and the workflow run's environment
/// approvals.</param>
/// <param name="Author">The release's author, or null.</param>
/// <param name="Commit">The release's commit, or null.</param>
/// <param name="Memberships">Resolved team memberships, or null.</param>
internal sealed record SignOffInputs(
    IReadOnlyList<SignOffDecision> Reviews,
    string? Author,
    string? Commit,
    IReadOnlyDictionary<string, bool>? Memberships
)
{
    /// <summary>Where <see cref="Author"/> came from (<see cref="ReleaseAuthor.Source"/>), or null.</summary>
    public string? AuthorSource { get; init; }

    /// <summary>
    /// <c>--run-id</c>: the workflow run whose environment deployment approvals count (default GITHUB_RUN_ID).
    /// </summary>
    /// <returns>The option.</returns>
    public static Option<string?> RunIdOption() =>
        new("--run-id")
        {
            Description =
                "Also count the environment deployment approvals of this GitHub Actions workflow run, bound to its "
                + "head commit (default: GITHUB_RUN_ID when GITHUB_TOKEN and GITHUB_REPOSITORY are set).",
        };

    /// <summary>The default of every commit option, as help shows it (<see cref="ReleaseCommit"/>).</summary>
    public const string CommitDefault =
        "default: GITHUB_SHA, else the PR's head commit with --pr, else git HEAD of the root";

    /// <summary>
    /// Gathers the inputs: with <c>--pr</c>, the PR's reviews, author and head commit from GitHub; team memberships
    /// from GitHub when a role lists a team and GITHUB_TOKEN and GITHUB_REPOSITORY are set (without them, team
    /// approvals do not count).
    /// The commit is Core's one chain (<see cref="ReleaseCommit.Resolve"/>): <c>--commit</c>, else GITHUB_SHA, else the
    /// PR's head commit, else git HEAD of the root.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="release">The release version.</param>
    /// <param name="pr">--pr, or null.</param>
    /// <param name="author">--author, or null.</param>
    /// <param name="commit">--commit, or null.</param>
    /// <param name="command">The command, for RT5011.</param>
    /// <param name="commitOption">The option that names the commit, for RT5011.</param>
    /// <param name="runId">--run-id, or null: with sign-off configured, the environment approvals of this workflow run
    /// (else of GITHUB_RUN_ID when GITHUB_TOKEN and GITHUB_REPOSITORY are set) are fetched.</param>
    /// <exception cref="ReleaseTrainException">RT5011 when the commit cannot be told (before the release's author is
    /// looked for: an unknown commit is the first thing to fix); RT5040 when --run-id or GITHUB_RUN_ID is not a run
    /// id.</exception>
    public static async Task<SignOffInputs> Gather(
        ReleaseTrainConfig config,
        string release,
        int? pr,
        string? author,
        string? commit,
        string command,
        string commitOption,
        string? runId = null
    )
    {
        IReadOnlyList<SignOffDecision> reviews = [];
        var hasTeams = config.Policy.SignOff?.Roles.Any(r => r.Teams.Any()) == true;
        var githubConfigured =
            Environment.GetEnvironmentVariable("GITHUB_TOKEN") is { Length: > 0 }
            && Environment.GetEnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 };
        // The release's author (Core's one order, ReleaseAuthor.Resolve) matters only where sign-off is configured;
        // without --author or --pr, GitHub is asked for the release commit's author when the command can talk to it.
        var signOff = config.Policy.SignOff is not null;
        var askCommitAuthor = signOff && author is null && pr is null && githubConfigured;
        var run = signOff ? RunId(runId, githubConfigured) : null;
        if (pr is null && !(hasTeams && githubConfigured) && !askCommitAuthor && run is null)
        {
            commit = ReleaseCommit.Required(ResolveCommit(config, commit, null), command, commitOption);
            return WithAuthor(new SignOffInputs(reviews, author, commit, null), config, null, null);
        }

        using var github = GitHubContext.FromEnvironment();
        (string Login, int Number)? pullRequest = null;
        if (pr is { } number)
        {
            var (fromReviews, prAuthor, head) = await github.PullRequestSignOff(number).ConfigureAwait(false);
            reviews = fromReviews;
            pullRequest = (prAuthor, number);
            commit = ResolveCommit(config, commit, head);
        }
        else
        {
            commit = ResolveCommit(config, commit, null);
        }

        commit = ReleaseCommit.Required(commit, command, commitOption);
        if (run is { } id)
        {
            reviews = [.. reviews, .. await github.EnvironmentApprovals(id, commit).ConfigureAwait(false)];
        }

        var commitAuthor =
            askCommitAuthor && commit is not null ? await github.CommitAuthor(commit).ConfigureAwait(false) : null;

        IReadOnlyDictionary<string, bool>? memberships = null;
        if (hasTeams && config.Policy.SignOff is { } policy)
        {
            var records = SignOffCheck.ReadDecisions(config, release, out _);
            memberships = await github
                .Memberships(SignOffEvaluator.TeamQueries(policy, records.Concat(reviews)))
                .ConfigureAwait(false);
        }

        return WithAuthor(new SignOffInputs(reviews, author, commit, memberships), config, pullRequest, commitAuthor);
    }

    /// <summary>
    /// With sign-off configured, the release's author by <see cref="ReleaseAuthor.Resolve"/> (RT4020/RT5020 when it
    /// cannot be told); otherwise the inputs as gathered.
    /// </summary>
    private static SignOffInputs WithAuthor(
        SignOffInputs inputs,
        ReleaseTrainConfig config,
        (string Login, int Number)? pullRequest,
        ReleaseAuthor.GitHubCommitAuthor? commitAuthor
    )
    {
        if (config.Policy.SignOff is null)
        {
            return inputs with { Author = inputs.Author ?? pullRequest?.Login };
        }

        var author = ReleaseAuthor.Resolve(
            inputs.Author,
            pullRequest,
            inputs.Commit,
            commitAuthor,
            config.RootDirectory
        );
        return inputs with { Author = author.Login, AuthorSource = author.Source };
    }

    /// <summary>
    /// The workflow run whose environment approvals count: <c>--run-id</c>, else GITHUB_RUN_ID when GitHub can be asked
    /// (GITHUB_TOKEN and GITHUB_REPOSITORY set), else none.
    /// </summary>
    /// <exception cref="ReleaseTrainException">RT5040 when the id is not a positive decimal number.</exception>
    private static long? RunId(string? given, bool githubConfigured)
    {
        var (text, from) =
            given is not null ? (given, "--run-id")
            : githubConfigured && Environment.GetEnvironmentVariable("GITHUB_RUN_ID") is { Length: > 0 } env
                ? (env, "GITHUB_RUN_ID")
            : (null, null);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new ReleaseTrainException(
                DiagnosticCodes.InvalidRunId.Error(null, 0, 0, from!, text.Length > 40 ? text[..40] + "…" : text)
            );
    }

    /// <summary>The release commit by Core's one chain, with GITHUB_SHA read here.</summary>
    /// <param name="config">The configuration (its root's git HEAD is the last resort).</param>
    /// <param name="given">--commit, or null.</param>
    /// <param name="pullRequestHead">The release PR's head commit, or null.</param>
    /// <returns>The commit, or null when none is known.</returns>
    public static string? ResolveCommit(ReleaseTrainConfig config, string? given, string? pullRequestHead) =>
        ReleaseCommit.Resolve(given, GitHubContext.EnvironmentSha, pullRequestHead, config.RootDirectory);
}

/// <summary>
/// <c>release-train signoff add|status|verify</c>: thin adapters over Core's sign-off rules (docs/signoff.md).
/// </summary>
internal static class SignOffCommands
{
    public static Command Create(TextWriter stdout, string workingDirectory)
    {
        var command = new Command(
            "signoff",
            "Joint sign-off of a release: signed ledger records, GitHub PR reviews and environment approvals (and, "
                + "where allowed, committed records), checked against signoff.roles."
        );
        command.Subcommands.Add(Add(stdout, workingDirectory));
        command.Subcommands.Add(Status(stdout, workingDirectory, verify: false));
        command.Subcommands.Add(Status(stdout, workingDirectory, verify: true));
        return command;
    }

    private static Command Add(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = PolicyCommands.ConfigOptions();
        var release = RenamedOption.Version("The release version, e.g. 1.2.0.", required: true);
        var role = new Option<string>("--role")
        {
            Description = "The role decided for (one of signoff.roles).",
            Required = true,
        };
        var by = new Option<string>("--by") { Description = "The GitHub login of whoever decides.", Required = true };
        var decision = new Option<string>("--decision") { Description = "approved or rejected.", Required = true };
        decision.AcceptOnlyFromAmong("approved", "rejected");
        var commit = new Option<string?>("--commit")
        {
            Description = "The commit sha decided on (default: GITHUB_SHA, else git HEAD of the root).",
        };
        var at = new Option<string?>("--at")
        {
            Description = "Refused (RT5012): a sign-off record is made at the clock's time (UTC).",
        };
        var evidence = new Option<string?>("--evidence-digest")
        {
            Description = "The evidence digest decided over (default: the release's artifacts/evidence/V/COMMITTED).",
        };
        var signingKey = new Option<string?>("--signing-key")
        {
            Description =
                "With 'ledger' configured: sign the ledger commit with this SSH key file (default: your git signing "
                + "configuration, user.signingKey; refused without one, RT5021: an unsigned record never counts).",
        };
        var command = new Command(
            "add",
            "Append a sign-off record to the ledger branch when 'ledger' is configured, else to the hash-chained "
                + "record log (signoff.records). Exit 0 recorded, 2 invalid input."
        )
        {
            config,
            root,
            role,
            by,
            decision,
            commit,
            at,
            evidence,
            signingKey,
        };
        release.AddTo(command);
        command.SetAction(p =>
        {
            var loaded = PolicyCommands.Load(p.GetValue(config), p.GetValue(root), workingDirectory);
            RequireSignOff(loaded);
            var version = release.GetValue(p)!;
            var atText = PolicyTime.Utc(
                PolicyCommands.Instant(p.GetValue(at), ("signoff add", "a sign-off record is made at the clock's time"))
            );
            var sha = ReleaseCommit.Required(
                SignOffInputs.ResolveCommit(loaded, p.GetValue(commit), null),
                "signoff add",
                "--commit"
            );
            var digest = p.GetValue(evidence) ?? EvidenceBundle.CommittedDigest(loaded.RootDirectory, version);
            var signing = p.GetValue(signingKey) is { } key
                ? LedgerSigning.SshKey(Path.GetFullPath(key, workingDirectory))
                : null;
            var appended = SignOffRecords.Record(
                loaded,
                new NewSignOffRecord(
                    version,
                    p.GetValue(role)!,
                    p.GetValue(by)!,
                    p.GetValue(decision) == "approved" ? SignOffVerdict.Approved : SignOffVerdict.Rejected,
                    sha,
                    digest,
                    atText
                ),
                signing
            );
            var record = appended.Record;
            var where = appended.Commit is { } ledgerCommit
                ? $"{appended.Where} (commit {ledgerCommit})"
                : appended.Where;
            stdout.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"recorded #{record["seq"]} in {where}: {record["principal"]} {record["decision"]} "
                        + $"{version} as {record["role"]} (commit {sha ?? "none"}, evidence {digest ?? "none"}, at "
                        + $"{atText})"
                )
            );
            return 0;
        });
        return command;
    }

    private static Command Status(TextWriter stdout, string workingDirectory, bool verify)
    {
        var (config, root) = PolicyCommands.ConfigOptions();
        var release = RenamedOption.Version("The release version, e.g. 1.2.0.", required: true);
        var commit = new Option<string?>("--commit")
        {
            Description =
                $"The release's commit ({SignOffInputs.CommitDefault}; "
                + "without one the command is refused, RT5011).",
        };
        var pr = new Option<int?>("--pr")
        {
            Description =
                "Also count the APPROVED / CHANGES_REQUESTED reviews of this release PR (needs GITHUB_TOKEN and "
                + "GITHUB_REPOSITORY).",
        };
        var author = new Option<string?>("--author")
        {
            Description = "The release's author, who cannot approve (default: the PR's author).",
        };
        var at = new Option<string?>("--at")
        {
            Description = "The instant to evaluate, ISO 8601 with offset (default: now).",
        };
        var explain = new Option<bool>("--explain")
        {
            Description = "List every decision that does not count, and why.",
        };
        var runId = SignOffInputs.RunIdOption();
        var format = Options.Format(["text", "json", "markdown"]);
        var command = verify
            ? new Command(
                "verify",
                "Exit 0 when every required role approved; 1 otherwise, naming each missing role (RT5001/RT5002); 2 "
                    + "invalid input."
            )
            : new Command("status", "Print the role table of a release's sign-off. Exit 0, or 2 on invalid input.");
        foreach (var option in new Option[] { config, root, commit, pr, author, runId, at, explain, format })
        {
            command.Options.Add(option);
        }

        release.AddTo(command);

        command.SetAction(
            async (p, _) =>
            {
                var loaded = PolicyCommands.Load(p.GetValue(config), p.GetValue(root), workingDirectory);
                RequireSignOff(loaded);
                var version = release.GetValue(p)!;
                var inputs = await SignOffInputs
                    .Gather(
                        loaded,
                        version,
                        p.GetValue(pr),
                        p.GetValue(author),
                        p.GetValue(commit),
                        verify ? "signoff verify" : "signoff status",
                        "--commit",
                        p.GetValue(runId)
                    )
                    .ConfigureAwait(false);
                var request = new SignOffRequest(
                    version,
                    ReleaseCommit.Required(inputs.Commit, verify ? "signoff verify" : "signoff status", "--commit"),
                    EvidenceBundle.CommittedDigest(loaded.RootDirectory, version),
                    PolicyCommands.Instant(p.GetValue(at)),
                    inputs.Author
                )
                {
                    AuthorSource = inputs.AuthorSource,
                };
                var status = SignOffCheck.Run(loaded, request, inputs.Reviews, inputs.Memberships, out var errors);
                var report =
                    errors.Count > 0
                        ? SignOffReport.Unreadable(version, errors, verify)
                        : SignOffReport.Of(status, verify);
                var explained = p.GetValue(explain) || CliApplication.VerbosityOf(p) == Verbosity.Detailed;
                stdout.Write(report.Render(CliApplication.ParseFormat(p.GetValue(format)), explained));
                return report.ExitCode;
            }
        );
        return command;
    }

    internal static SignOffPolicy RequireSignOff(ReleaseTrainConfig config) =>
        config.Policy.SignOff
        ?? throw new ReleaseTrainException(
            DiagnosticCodes.InvalidSignOff.Error(config.ConfigPath, 1, 1, "release-train.json has no 'signoff' section")
        );
}
