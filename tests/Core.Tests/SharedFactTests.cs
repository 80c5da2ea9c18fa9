using System.Diagnostics;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Time;
using ReleaseTrain.Core.Validators;

namespace ReleaseTrain.Tests;

/// <summary>
/// The facts every layer shares, each with one home: the status vocabulary and the words that mean "passed", waiver
/// expiry and approvals, the drill age, repository paths, git HEAD and the one release-commit chain.
/// </summary>
public sealed class SharedFactTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-facts");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Status_is_fail_on_any_error_warn_on_other_findings_else_pass()
    {
        var error = DiagnosticCodes.FileNotFound.Error("a.json", 1, 1, "a.json");
        var warning = DiagnosticCodes.WaiverExpiringSoon.Create(
            DiagnosticSeverity.Warning,
            "w.json",
            2,
            3,
            "w",
            "x",
            "y"
        );
        Assert.Equal("pass", CheckStatus.Of([]));
        Assert.Equal("warn", CheckStatus.Of([warning]));
        Assert.Equal("fail", CheckStatus.Of([warning, error]));
    }

    [Theory]
    [InlineData("pass", true)]
    [InlineData("Passed", true)]
    [InlineData(" ok ", true)]
    [InlineData("SUCCESS", true)]
    [InlineData("succeeded", true)]
    [InlineData("fail", false)]
    [InlineData("passing", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void The_words_that_mean_passed(string? word, bool passed) =>
        Assert.Equal(passed, CheckStatus.IsPassed(word));

    [Fact]
    public void A_waiver_expires_at_its_allowedUntil_and_approvers_are_told_apart_ignoring_case()
    {
        var until = Instant.FromUtc(2026, 11, 20, 0, 0);
        Assert.False(WaiverRules.IsExpired(until, until - Duration.FromSeconds(1)));
        Assert.True(WaiverRules.IsExpired(until, until));
        Assert.Equal("expired", WaiverRules.State(until, until));
        Assert.Equal("expiring", WaiverRules.State(until, until - Duration.FromDays(14)));
        Assert.Equal("active", WaiverRules.State(until, until - Duration.FromDays(14) - Duration.FromSeconds(1)));
        Assert.Equal(2, WaiverRules.ApprovalCount(["alice", "Alice", "bob"]));
        Assert.False(WaiverRules.IsApproved(["alice", "ALICE"], WaiverRules.BlockingApprovals));
        Assert.True(WaiverRules.IsApproved(["alice", "bob"], WaiverRules.BlockingApprovals));
    }

    [Fact]
    public void The_configured_drill_age_defaults_to_the_one_rule()
    {
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            """
            { "trains": [ { "id": "main", "versions": "[1.0.0, 2.0.0)",
                "evidence": [ { "id": "drill", "kind": "rollback-drill", "path": "drill.json" },
                              { "id": "ops", "kind": "readiness", "path": "ops.json" } ] } ] }
            """
        );
        var config = ConfigLoader.Load(_repo.Combine("release-train.json"), null, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var train = Assert.Single(config!.Policy.Trains);
        Assert.Equal(Duration.FromDays(30), PolicyDurations.RollbackDrillMaxAge);
        Assert.Equal(PolicyDurations.RollbackDrillMaxAge, train.Evidence.RollbackDrillMaxAge);
        Assert.Equal(PolicyDurations.RollbackDrillMaxAge, train.Evidence.Items[0].MaxAge);
        Assert.Equal(PolicyDurations.EvidenceMaxAge, train.Evidence.Items[1].MaxAge);
        Assert.Equal(PolicyDurations.RollbackDrillMaxAge, UsrOperationalReadinessValidator.DrillMaxAge);
    }

    [Fact]
    public void Repository_paths_are_under_artifacts_of_the_root()
    {
        var root = _repo.Path;
        Assert.Equal(Path.Combine(root, "artifacts", "packages"), RepositoryPaths.Packages(root));
        Assert.Equal(Path.Combine(root, "artifacts", "evidence", "1.2.0"), RepositoryPaths.Evidence(root, "1.2.0"));
        Assert.Equal(Path.Combine(root, "artifacts", "reports"), RepositoryPaths.Reports(root));
        Assert.Equal(RepositoryPaths.Evidence(root, "1.2.0"), EvidenceBundle.BundlePath(root, "1.2.0"));
        Assert.Equal(RepositoryPaths.Packages(root), EvidenceBundle.PackagesPath(root));
    }

    [Fact]
    public void Git_head_and_the_release_commit_chain_read_a_real_repository()
    {
        Assert.Null(GitRepository.Head(_repo.Path));
        Assert.Null(ReleaseCommit.Resolve(null, null, null, _repo.Path));

        Git("init", "--quiet");
        File.WriteAllText(_repo.Combine("a.txt"), "a");
        Git("add", "a.txt");
        Git(
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "--quiet",
            "-m",
            "one",
            "--date",
            "2026-11-20T10:00:00Z"
        );
        var head = Git("rev-parse", "HEAD");
        Assert.Equal(head, GitRepository.Head(_repo.Path));
        Assert.Equal(head, SourceDate.CommitSha(_repo.Path));
        var seconds = long.Parse(Git("log", "-1", "--format=%ct"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(seconds), GitRepository.HeadCommitTime(_repo.Path));

        const string Given = "1111111111111111111111111111111111111111";
        const string Env = "2222222222222222222222222222222222222222";
        const string Pr = "3333333333333333333333333333333333333333";
        Assert.Equal(Given, ReleaseCommit.Resolve(Given, Env, Pr, _repo.Path));
        Assert.Equal(Env, ReleaseCommit.Resolve(null, Env, Pr, _repo.Path));
        Assert.Equal(Pr, ReleaseCommit.Resolve(null, string.Empty, Pr, _repo.Path));
        Assert.Equal(head, ReleaseCommit.Resolve(null, null, null, _repo.Path));
        Assert.Null(ReleaseCommit.Resolve(null, null, null, null));

        // A command that binds to the commit and cannot tell it refuses (RT5011), saying how to give it.
        Assert.Equal(Given, ReleaseCommit.Required(Given, "decide", "--commit"));
        var unknown = Assert.Throws<ReleaseTrainException>(() => ReleaseCommit.Required(" ", "report", "--commit"));
        Assert.Equal("RT5011", unknown.Diagnostic.Code);
        Assert.Contains("give --commit SHA, set GITHUB_SHA", unknown.Diagnostic.Message, StringComparison.Ordinal);

        // From a subfolder, after the refs are packed, detached, and in a linked work tree: HEAD as git reads it.
        Directory.CreateDirectory(_repo.Combine("sub"));
        Git("pack-refs", "--all");
        Assert.Equal(head, GitRepository.Head(_repo.Combine("sub")));
        File.WriteAllText(_repo.Combine("b.txt"), "b");
        Git("add", "b.txt");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "two");
        var second = Git("rev-parse", "HEAD");
        Assert.NotEqual(head, second);
        Assert.Equal(second, GitRepository.Head(_repo.Path));
        Git("checkout", "--quiet", "--detach", head);
        Assert.Equal(head, GitRepository.Head(_repo.Path));
        using var linked = new TempDirectory("rt-facts-wt");
        Directory.Delete(linked.Path);
        Git("worktree", "add", "--quiet", linked.Path, second);
        Assert.True(File.Exists(linked.Combine(".git")));
        Assert.Equal(second, GitRepository.Head(linked.Path));
    }

    [Fact]
    public void Recorded_actions_take_the_clocks_whole_second_and_refuse_at()
    {
        var clock = new StoppedClock(Instant.FromUnixTimeTicks(17_650_000_001_234_567));
        var now = ReleaseTrain.Core.Release.ActionClock.Resolve(null, ("decide", "it records"), clock);
        Assert.Equal(Instant.FromUnixTimeSeconds(1_765_000_000), now);
        Assert.Equal(
            Instant.FromUtc(2026, 1, 1, 0, 0),
            ReleaseTrain.Core.Release.ActionClock.Resolve("2026-01-01T01:00:00+01:00", null, clock)
        );
        var backdated = Assert.Throws<ReleaseTrainException>(() =>
            ReleaseTrain.Core.Release.ActionClock.Resolve("2026-01-01T00:00:00Z", ("release", "it publishes"), clock)
        );
        Assert.Equal(
            ("RT5012", "release does not take --at: it publishes."),
            (backdated.Diagnostic.Code, backdated.Diagnostic.Message)
        );
        var malformed = Assert.Throws<ReleaseTrainException>(() =>
            ReleaseTrain.Core.Release.ActionClock.Resolve("2026-01-01T00:00:00", null, clock)
        );
        Assert.Equal("RT4004", malformed.Diagnostic.Code);
    }

    private sealed class StoppedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }

    [Fact]
    public void Git_head_never_follows_a_symbolic_ref_out_of_the_git_folder_nor_a_shadowing_work_tree_ref()
    {
        Git("init", "--quiet");
        File.WriteAllText(_repo.Combine("a.txt"), "a");
        Git("add", "a.txt");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "one");
        Git("branch", "feat");
        var head = Git("rev-parse", "HEAD");
        var branch = Git("symbolic-ref", "HEAD");
        using var outside = new TempDirectory("rt-facts-outside");
        const string Planted = "0123456789abcdef0123456789abcdef01234567";
        File.WriteAllText(outside.Combine("evil"), Planted + "\n");
        var headFile = _repo.Combine(".git", "HEAD");
        var escape = Path.GetRelativePath(_repo.Combine(".git"), outside.Combine("evil")).Replace('\\', '/');
        foreach (var target in new[] { escape, outside.Combine("evil"), "refs/heads/../../../" + escape, "refs/./x" })
        {
            File.WriteAllText(headFile, $"ref: {target}\n");
            Assert.Null(GitRepository.Head(_repo.Path));
        }

        File.WriteAllText(headFile, $"ref: {branch}\n");
        Assert.Equal(head, GitRepository.Head(_repo.Path));

        // A linked work tree shares refs/heads with the main one: a stray file in its own git folder does not count.
        using var linked = new TempDirectory("rt-facts-wt2");
        Directory.Delete(linked.Path);
        Git("worktree", "add", "--quiet", linked.Path, "feat");
        var gitDir = File.ReadAllText(linked.Combine(".git")).Trim()["gitdir:".Length..].Trim();
        Directory.CreateDirectory(Path.Combine(gitDir, "refs", "heads"));
        File.WriteAllText(Path.Combine(gitDir, "refs", "heads", "feat"), Planted + "\n");
        Assert.Equal(head, GitRepository.Head(linked.Path));
    }

    private string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = _repo.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }
}
