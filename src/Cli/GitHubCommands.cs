using System.CommandLine;
using System.Globalization;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.Reporting;
using ReleaseTrain.GitHub;

namespace ReleaseTrain.Cli;

/// <summary>
/// <c>release-train release</c> and <c>release-train status</c>: Core decides, the GitHub client carries it out.
/// </summary>
internal static class GitHubCommands
{
    public static Command Release(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = PolicyCommands.ConfigOptions();
        var versionOption = RenamedOption.Version(
            "The release version, e.g. 1.2.0: the release is the tag v + version (v1.2.0), always.",
            required: true
        );
        var commit = new Option<string?>("--commit")
        {
            Description = $"The commit released ({SignOffInputs.CommitDefault}).",
        };
        var pr = new Option<int?>("--pr") { Description = "The release PR whose reviews also count as sign-off." };
        var runId = SignOffInputs.RunIdOption();
        var author = new Option<string?>("--author")
        {
            Description = "The release's author, who cannot approve (default: the PR's author).",
        };
        var notes = new Option<string?>("--notes")
        {
            Description = "A Markdown file of release notes to open the body with.",
        };
        var packages = new Option<string?>("--packages")
        {
            Description = "The folder of the .nupkg files (default: artifacts/packages).",
        };
        var at = new Option<string?>("--at")
        {
            Description =
                "Refused (RT5012): a release is evaluated and published at the clock's time. See a verdict at "
                + "another instant with decide --dry-run --at.",
        };
        var command = new Command(
            "release",
            "Create the GitHub release of a tag once sign-off is complete, the release is not frozen and a GO decision "
                + "is recorded; upload the packages, SBOMs and evidence bundle. Idempotent. Exit 0 released or "
                + "verified, 1 refused (logged as NO-GO), 2 invalid input or GitHub error."
        )
        {
            config,
            root,
            commit,
            pr,
            author,
            runId,
            notes,
            packages,
            at,
        };
        versionOption.AddTo(command);
        command.SetAction(
            async (p, cancellationToken) =>
            {
                var loaded = PolicyCommands.Load(p.GetValue(config), p.GetValue(root), workingDirectory);
                var givenVersion = versionOption.GetValue(p)!;

                // The tag is v + version; a leading v is accepted (the former --tag v1.2.0).
                var version = givenVersion.StartsWith('v') ? givenVersion[1..] : givenVersion;
                var tagName = "v" + version;
                if (!NuGet.Versioning.NuGetVersion.TryParse(version, out _))
                {
                    throw new ReleaseTrainException(
                        DiagnosticCodes.InvalidUsage.Error(
                            null,
                            0,
                            0,
                            $"--version '{givenVersion}' is not a NuGet version (e.g. --version 1.2.0, released as tag "
                                + "v1.2.0)."
                        )
                    );
                }

                var instant = PolicyCommands.Instant(
                    p.GetValue(at),
                    ("release", "a release is evaluated and published at the clock's time")
                );
                var given = p.GetValue(commit);
                var inputs = await SignOffInputs
                    .Gather(
                        loaded,
                        version,
                        p.GetValue(pr),
                        p.GetValue(author),
                        given,
                        "release",
                        "--commit",
                        p.GetValue(runId)
                    )
                    .ConfigureAwait(false);
                var sha = ReleaseCommit.Required(inputs.Commit, "release", "--commit");
                var packagesDirectory = p.GetValue(packages) is { } dir
                    ? Path.GetFullPath(dir, workingDirectory)
                    : null;
                var request = new ReleaseRequest(version, sha, instant)
                {
                    Reviews = inputs.Reviews,
                    Author = inputs.Author,
                    Memberships = inputs.Memberships,
                    PackagesDirectory = packagesDirectory,
                };
                var gate = ReleaseGate.Check(loaded, request);
                if (gate.SignOff is not null)
                {
                    stdout.Write(SignOffReport.Text(gate.SignOff, withDiagnostics: false, explain: false));
                }

                if (!gate.Allowed)
                {
                    foreach (var d in gate.InputErrors.Concat(gate.Refusals))
                    {
                        stdout.WriteLine(d.ToCanonicalString());
                    }

                    var record = DecisionLog.RecordRefusal(loaded, request, gate);
                    var logged = record is null
                        ? string.Empty
                        : $"; logged as NO-GO #{record["seq"]} in {DecisionLog.Where(loaded).Display}";
                    stdout.WriteLine(
                        $"release-train release {tagName}: REFUSED, nothing was created on GitHub{logged}"
                    );
                    return gate.ExitCode;
                }

                var notesText = p.GetValue(notes) is { } notesPath
                    ? RepositoryFiles.ReadText(Path.GetFullPath(notesPath, workingDirectory))
                    : null;

                // The readiness summary of this release, as the step summary shows it, closes the notes.
                var readiness = ReleaseTrain.Core.Reporting.ReadinessRenderer.Markdown(
                    ReleaseTrain.Core.Reporting.ReadinessReport.Scorecard(
                        loaded,
                        new ReleaseTrain.Core.Reporting.ReadinessRequest(version, sha, request.At)
                    )
                );
                notesText = string.IsNullOrWhiteSpace(notesText) ? readiness : notesText.TrimEnd() + "\n\n" + readiness;
                var plan = ReleasePlanner.Build(
                    loaded.RootDirectory,
                    version,
                    sha,
                    packagesDirectory,
                    notesText,
                    gate.SignOff
                );
                using var github = GitHubContext.FromEnvironment();
                return await Publish(stdout, github, plan, sha, cancellationToken).ConfigureAwait(false);
            }
        );
        return command;
    }

    /// <summary>
    /// Creates the release as a draft, uploads every asset, then publishes it; or, when the tag's release exists
    /// (published, or a draft left by an interrupted run), verifies its commit, evidence digest and assets and uploads
    /// only what is missing. Never overwrites: a difference is RT5009.
    /// </summary>
    private static async Task<int> Publish(
        TextWriter stdout,
        GitHubContext github,
        ReleasePlan plan,
        string sha,
        CancellationToken cancellationToken
    )
    {
        var releases = github.Client.Repository.Release;
        var existing = await releases
            .GetByTag(github.Owner, github.Name, plan.Tag, cancellationToken)
            .ConfigureAwait(false)
            ?? (
                await releases.GetAll(github.Owner, github.Name, cancellationToken).ConfigureAwait(false)
            ).FirstOrDefault(r => r.TagName == plan.Tag);
        var created = existing is null;
        var release = existing
            ?? await releases
                .Create(
                    github.Owner,
                    github.Name,
                    new NewRelease(plan.Tag, sha, plan.Name, plan.Body, Draft: true, plan.Prerelease),
                    cancellationToken
                )
                .ConfigureAwait(false);
        var existingAssets = release.Assets.Select(a => new PublishedAsset(a.Name, a.Size, a.Digest)).ToList();
        var mismatch = ReleaseMismatch.Of(
            plan.Tag,
            created ? [] : ReleasePlanner.Differences(plan, sha, release.TargetCommitish, release.Body, existingAssets)
        );
        if (mismatch.ExitCode != 0)
        {
            foreach (var diagnostic in mismatch.Diagnostics)
            {
                stdout.WriteLine(diagnostic.ToCanonicalString());
            }

            return mismatch.ExitCode;
        }

        var uploaded = 0;
        foreach (var asset in ReleasePlanner.Missing(plan, existingAssets))
        {
            // What is uploaded is what was verified against the evidence bundle: a file swapped since is RT5013.
            var bytes = RepositoryFiles.ReadFile(asset.Path);
            ReleaseEvidence.CheckUnchanged(plan.Tag[1..], asset.Path, bytes, asset.Sha256);
            var result = await releases
                .UploadAsset(release, asset.Name, asset.ContentType, bytes, cancellationToken)
                .ConfigureAwait(false);
            var stored = new PublishedAsset(result.Name, result.Size, result.Digest);
            if (ReleasePlanner.UploadDifference(asset, stored) is { } difference)
            {
                var wrong = ReleaseMismatch.Of(plan.Tag, [difference]);
                stdout.WriteLine(wrong.Diagnostics[0].ToCanonicalString());
                return wrong.ExitCode;
            }

            stdout.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"  uploaded {asset.Name} ({asset.Size} bytes, {asset.Sha256})"
                )
            );
            uploaded++;
        }

        var published = false;
        if (release.Draft)
        {
            release = await releases
                .Publish(github.Owner, github.Name, release.Id, plan.Prerelease ? "false" : "true", cancellationToken)
                .ConfigureAwait(false);
            published = true;
        }

        stdout.WriteLine(
            created ? $"release-train release {plan.Tag}: created {release.HtmlUrl} at {sha} with {uploaded} asset(s)"
            : uploaded == 0 && !published
                ? $"release-train release {plan.Tag}: {release.HtmlUrl} exists and verifies ({plan.Assets.Count} "
                    + $"asset(s)); nothing to do"
            : $"release-train release {plan.Tag}: {release.HtmlUrl} existed; uploaded {uploaded} missing "
                + $"asset(s){(published ? " and published it" : string.Empty)}"
        );
        return 0;
    }

    public static Command Status(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = PolicyCommands.ConfigOptions();
        var sha = RenamedOption.Commit($"The commit to post statuses on ({SignOffInputs.CommitDefault}).");
        var release = RenamedOption.Version(
            "The release version the gates are evaluated for, e.g. 1.2.0.",
            required: true
        );
        var pr = new Option<int?>("--pr") { Description = "The release PR whose reviews count as sign-off." };
        var runId = SignOffInputs.RunIdOption();
        var author = new Option<string?>("--author")
        {
            Description = "The release's author (default: the PR's author).",
        };
        var targetUrl = new Option<string?>("--target-url")
        {
            Description = "The link of every status (default: this workflow run's URL).",
        };
        var at = new Option<string?>("--at")
        {
            Description =
                "With --dry-run only: the instant to evaluate, ISO 8601 with offset (default: now). Posted statuses "
                + "are always evaluated at the clock's time.",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Evaluate and print the statuses without posting them.",
        };
        var command = new Command(
            "status",
            "Post one commit status per gate (release-train/drift, /freeze, /evidence, /no-cut, /signoff), and the "
                + "drift findings as check-run annotations. Exit 0 when posted, 2 on invalid input or a GitHub error."
        )
        {
            config,
            root,
            pr,
            author,
            runId,
            targetUrl,
            at,
            dryRun,
        };
        release.AddTo(command);
        sha.AddTo(command);
        command.SetAction(
            async (p, cancellationToken) =>
            {
                var loaded = PolicyCommands.Load(p.GetValue(config), p.GetValue(root), workingDirectory);
                var version = release.GetValue(p)!;
                var instant = PolicyCommands.Instant(
                    p.GetValue(at),
                    p.GetValue(dryRun)
                        ? null
                        : (
                            "status",
                            "posted statuses are evaluated at the clock's time; add --dry-run to evaluate at another "
                                + "instant without posting"
                        )
                );
                var given = sha.GetValue(p);
                var inputs = await SignOffInputs
                    .Gather(
                        loaded,
                        version,
                        p.GetValue(pr),
                        p.GetValue(author),
                        given,
                        "status",
                        "--commit",
                        p.GetValue(runId)
                    )
                    .ConfigureAwait(false);
                var commit = ReleaseCommit.Required(inputs.Commit, "status", "--commit");
                var request = new ReleaseRequest(version, commit, instant)
                {
                    Reviews = inputs.Reviews,
                    Author = inputs.Author,
                    Memberships = inputs.Memberships,
                };
                var gates = GateStatuses.Evaluate(loaded, request);
                var link = p.GetValue(targetUrl) ?? GitHubContext.RunUrl;
                using var github = p.GetValue(dryRun) ? null : GitHubContext.FromEnvironment();
                foreach (var gate in gates)
                {
                    var url = link;
                    if (github is not null && gate.Context == "release-train/drift")
                    {
                        var run = await PostDrift(github, loaded, commit, gate, link, cancellationToken)
                            .ConfigureAwait(false);
                        url = run.HtmlUrl ?? link;
                    }

                    if (github is not null)
                    {
                        await github
                            .Client.Repository.Status.Create(
                                github.Owner,
                                github.Name,
                                commit,
                                new NewCommitStatus(gate.StateName, url, gate.Description, gate.Context),
                                cancellationToken
                            )
                            .ConfigureAwait(false);
                    }

                    stdout.WriteLine(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"{gate.Context, -22} {gate.StateName, -8} {gate.Description}"
                        )
                    );
                }

                stdout.WriteLine(
                    github is null
                        ? $"dry run: {gates.Count} status(es) not posted"
                        : $"posted {gates.Count} status(es) on {commit}"
                );
                return 0;
            }
        );
        return command;
    }

    private static Task<CheckRun> PostDrift(
        GitHubContext github,
        ReleaseTrainConfig config,
        string commit,
        GateResult gate,
        string? link,
        CancellationToken cancellationToken
    )
    {
        var annotations = gate
            .Diagnostics.Where(d => d.File is not null && d.Line > 0)
            .Select(d => new CheckRunAnnotation(
                Path.GetRelativePath(config.RootDirectory, d.File!).Replace('\\', '/'),
                d.Line,
                d.Line,
                d.Severity == DiagnosticSeverity.Error ? "failure" : "warning",
                d.Message,
                d.Code,
                d.Column > 0 ? d.Column : null,
                d.Column > 0 ? d.Column : null
            ))
            .ToList();
        var conclusion = gate.State switch
        {
            GateState.Success => "success",
            GateState.Pending => "neutral",
            _ => "failure",
        };
        var summary =
            gate.Diagnostics.Count == 0
                ? gate.Description
                : string.Join("\n", gate.Diagnostics.Select(d => $"- `{d.Code}` {d.Message}"));
        return github.Client.Check.Run.CreateWithAnnotations(
            github.Owner,
            github.Name,
            new NewCheckRun(
                gate.Context,
                commit,
                "completed",
                conclusion,
                link,
                new CheckRunOutput(gate.Description, summary.Length > 60000 ? summary[..60000] : summary)
            ),
            annotations,
            cancellationToken
        );
    }
}
