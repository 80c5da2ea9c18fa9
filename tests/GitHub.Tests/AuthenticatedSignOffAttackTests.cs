using System.Text.Json.Nodes;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Tests;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// Issue 15, an attacker's pass (brief i15-review): a contributor who may push the ledger branch but not the default
/// branch, replayed with real git, ssh-keygen keys and the built CLI as its own process.
/// </summary>
public sealed partial class AuthenticatedSignOffTests
{
    [SkippableFact]
    public void A_key_retired_with_valid_before_cannot_sign_off_by_backdating_the_ledger_commit()
    {
        // alice rotated her key at the start of 2025: the old key (leaked since) is valid before then only.
        Setup(
            """{ "architecture": ["alice"] }""",
            $"alice valid-before=\"20250101Z\" {Public("alice-old")}\nalice {Public("alice")}\n"
        );
        var sha = Head(_work);

        // Signed today with the old key: git itself refuses it.
        RecordDated("alice-old", "alice", "architecture", sha, null);
        // Whoever holds the old key signs an approval of today's release commit in a commit dated 2024: git checks a
        // line's validity at the committer time, which the signer chooses.
        RecordDated("alice-old", "alice", "architecture", sha, "2024-06-01T12:00:00Z");

        var status = Cli(
            _work,
            null,
            "signoff",
            "verify",
            "--version",
            Version,
            "--commit",
            sha,
            "--author",
            "zed",
            "--explain"
        );
        Check(status, 1);
        Assert.Matches(@"architecture\s+MISSING", status.Output);
        Assert.Matches(@"not counted: alice approved \(ledger #1 [^\n]*valid-after/valid-before", status.Output);
        Assert.Matches(@"not counted: alice approved \(ledger #2 [^\n]*valid-before", status.Output);
        Assert.Contains("RT5001: Sign-off role 'architecture'", status.Output, StringComparison.Ordinal);

        // alice's current key still counts.
        RecordDated("alice", "alice", "architecture", sha, null);
        Check(Cli(_work, null, "signoff", "verify", "--version", Version, "--commit", sha, "--author", "zed"), 0);
    }

    [SkippableFact]
    public void A_forged_GO_decision_appended_to_the_ledger_does_not_release_what_decide_refuses()
    {
        // No train covers 1.2.0, so decide says NO-GO (RT4113); sign-off is complete and nothing is frozen.
        Setup("""{ "architecture": ["alice"] }""", $"alice {Public("alice")}\n");
        var config = Path.Combine(_work, "release-train.json");
        File.WriteAllText(
            config,
            File.ReadAllText(config)
                .Replace(
                    "{ \"ledger\":",
                    "{ \"trains\": [ { \"id\": \"next\", \"versions\": \"[2.0.0, 3.0.0)\" } ],\n  \"ledger\":",
                    StringComparison.Ordinal
                )
        );
        File.WriteAllText(Path.Combine(_work, ".gitignore"), "artifacts/\nrelease-train/\n");
        _git.Git(_work, "add -A");
        _git.Git(_work, "commit --quiet -m trains");
        _git.Git(_work, "push --quiet origin HEAD:main");
        var sha = Head(_work);
        var digest = BuildEvidence(_work);
        Record("alice", "alice", "architecture", sha, digest);
        var decide = Cli(_work, null, "decide", "--version", Version, "--commit", sha, "--author", "zed");
        Check(decide, 1);
        Assert.Contains("RT4113", decide.Output, StringComparison.Ordinal);

        // Anyone who may push the ledger branch appends an unsigned GO for the same release, commit and evidence (a
        // copy of the NO-GO with its verdict flipped and its reasons dropped; the chain continues correctly).
        var ledger = new GitLedger(_work, "origin", Ledger) { Environment = _git.Environment };
        var noGo = ledger.Read("decisions.jsonl", out var errors)[^1].Record;
        Assert.Empty(errors);
        ledger.Append("decisions.jsonl", (_, _) =>
        {
            var forged = noGo.DeepClone().AsObject();
            forged.Remove("seq");
            forged.Remove("prevHash");
            forged.Remove("recordHash");
            forged["verdict"] = "GO";
            forged["reasons"] = new JsonArray();
            return forged;
        });
        Check(Cli(_work, null, "log", "verify"), 0);

        var released = Cli(_work, null, "release", "--version", Version, "--commit", sha, "--author", "zed");
        Check(released, 1);
        Assert.Contains("RT5043", released.Output, StringComparison.Ordinal);
        Assert.Contains("RT4113", released.Output, StringComparison.Ordinal);
        Assert.Empty(_github.Releases);
        Assert.DoesNotContain("   at ", released.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_replace_ref_fetched_by_a_careless_clone_does_not_change_the_trusted_allowed_signers()
    {
        Setup("""{ "architecture": ["alice"] }""", $"alice {Public("alice")}\n");
        var trusted = Head(_work);

        // mallory cannot push main, but may push any other ref: she pushes refs/replace/<main's head> pointing at a
        // commit whose allowed_signers maps alice to her own key.
        _git.Git(_work, "checkout --quiet -b evil");
        File.WriteAllText(
            Path.Combine(_work, ".github", "release-train", "allowed_signers"),
            $"alice {Public("mallory")}\n"
        );
        _git.Git(_work, "commit --quiet -am evil");
        var evil = Head(_work);
        _git.Git(_work, $"replace {trusted} {evil}");
        _git.Git(_work, "push --quiet origin refs/replace/*:refs/replace/*");
        _git.Git(_work, $"replace -d {trusted}");
        _git.Git(_work, "checkout --quiet -");
        _git.Git(_work, "branch --quiet -D evil");
        Assert.Equal(trusted, Head(_work));

        // A careless runner fetches every ref (a mirror clone, or '+refs/*:refs/*'): git now reads main's head as the
        // replacement. mallory signs alice's approval with her own key.
        _git.Git(_work, "fetch --quiet origin +refs/replace/*:refs/replace/*");
        Record("mallory", "alice", "architecture", trusted);

        var status = Cli(
            _work,
            null,
            "signoff",
            "verify",
            "--version",
            Version,
            "--commit",
            trusted,
            "--author",
            "zed",
            "--explain"
        );
        Check(status, 1);
        Assert.Matches(@"architecture\s+MISSING", status.Output);
        Assert.Matches(
            @"not counted: alice approved \(ledger #1 [^\n]*which no line of [^\n]* maps to alice",
            status.Output
        );
    }

    [SkippableFact]
    public void A_token_in_the_remotes_URL_never_reaches_the_output()
    {
        Setup("""{ "architecture": ["alice"] }""", $"alice {Public("alice")}\n");
        var sha = Head(_work);
        const string Url = "http://x-access-token:s3cr3t-t0ken@127.0.0.1:9/origin.git";
        _git.Git(_work, "remote set-url origin " + Url);
        var config = Path.Combine(_work, "release-train.json");
        var text = File.ReadAllText(config);
        foreach (var remote in new[] { Url, "origin" })
        {
            File.WriteAllText(
                config,
                text.Replace("\"remote\": \"origin\"", $"\"remote\": \"{remote}\"", StringComparison.Ordinal)
            );
            var verify = Cli(
                _work,
                null,
                "signoff",
                "verify",
                "--version",
                Version,
                "--commit",
                sha,
                "--author",
                "zed",
                "--explain"
            );
            Check(verify, 2);
            Assert.Contains("error RT5041", verify.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", verify.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", verify.Output, StringComparison.Ordinal);
            var log = Cli(_work, null, "log", "verify");
            Assert.NotEqual(0, log.ExitCode);
            Assert.DoesNotContain("s3cr3t", log.Output, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public void Replayed_or_namespace_restricted_signatures_do_not_count_and_a_symlinked_ledger_file_fails_closed()
    {
        Setup(
            """{ "architecture": ["alice"], "conformance": ["bob"] }""",
            $"alice {Public("alice")}\nbob namespaces=\"file\" {Public("bob")}\n"
        );
        var earlier = Head(_work);
        _git.Git(_work, "commit --quiet --allow-empty -m next");
        _git.Git(_work, "push --quiet origin HEAD:main");
        var sha = Head(_work);

        // alice's genuine, signed approvals of another release and of another commit; bob's key may sign files only.
        Append("alice", Approval("1.1.0", "alice", "architecture", sha));
        Append("alice", Approval(Version, "alice", "architecture", earlier));
        Append("bob", Approval(Version, "bob", "conformance", sha));
        var status = Cli(
            _work,
            null,
            "signoff",
            "verify",
            "--version",
            Version,
            "--commit",
            sha,
            "--author",
            "zed",
            "--explain"
        );
        Check(status, 1);
        Assert.Matches(@"architecture\s+MISSING", status.Output);
        Assert.Matches(@"conformance\s+MISSING", status.Output);
        Assert.Matches(@"not counted: bob approved \(ledger #3 [^\n]*other namespaces than git", status.Output);
        Assert.Contains("it is for commit " + earlier[..12], status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("1.1.0", status.Output, StringComparison.Ordinal);

        // Whoever may push the ledger branch turns signoffs.jsonl into a symbolic link: the ledger does not verify, no
        // sign-off counts (exit 2).
        var attacker = Path.Combine(_git.Root.Path, "attacker");
        _git.Git(_git.Root.Path, $"clone --quiet --branch {Ledger} \"{_bare}\" \"{attacker}\"");
        File.Delete(Path.Combine(attacker, "signoffs.jsonl"));
        File.CreateSymbolicLink(Path.Combine(attacker, "signoffs.jsonl"), "/etc/hostname");
        _git.Git(attacker, "add -A");
        _git.Git(attacker, "commit --quiet -m link");
        _git.Git(attacker, $"push --quiet origin HEAD:{Ledger}");
        var linked = Cli(_work, null, "signoff", "verify", "--version", Version, "--commit", sha, "--author", "zed");
        Check(linked, 2);
        Assert.Contains("RT4034", linked.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", linked.Output, StringComparison.Ordinal);
    }

    private static JsonObject Approval(string release, string principal, string role, string commit) =>
        new()
        {
            ["kind"] = "signoff",
            ["release"] = release,
            ["role"] = role,
            ["principal"] = principal,
            ["decision"] = "approved",
            ["commit"] = commit,
            ["at"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        };

    private void Append(string key, JsonObject record) =>
        new GitLedger(_work, "origin", Ledger) { Environment = _git.Environment }.Append(
            "signoffs.jsonl",
            (_, _) => record.DeepClone().AsObject(),
            LedgerSigning.SshKey(KeyFile(key))
        );

    /// <summary>
    /// Appends a signed sign-off record whose ledger commit has the given committer and author date (null: now).
    /// </summary>
    private void RecordDated(string key, string principal, string role, string commit, string? date)
    {
        var environment = new Dictionary<string, string?>(_git.Environment);
        if (date is not null)
        {
            environment["GIT_COMMITTER_DATE"] = date;
            environment["GIT_AUTHOR_DATE"] = date;
        }

        var ledger = new GitLedger(_work, "origin", Ledger) { Environment = environment };
        ledger.Append(
            "signoffs.jsonl",
            (_, _) =>
                new JsonObject
                {
                    ["kind"] = "signoff",
                    ["release"] = Version,
                    ["role"] = role,
                    ["principal"] = principal,
                    ["decision"] = "approved",
                    ["commit"] = commit,
                    ["at"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                },
            LedgerSigning.SshKey(KeyFile(key))
        );
    }

    [SkippableFact]
    public void An_approval_for_another_environment_of_the_run_does_not_count()
    {
        // signoff.environments lists "release"; a staging job's reviewer approving the same run fills no role.
        Setup("""{ "architecture": ["alice"] }""", $"alice {Public("alice")}\n");
        var sha = Head(_work);
        _github.AddRun(779, sha, DateTimeOffset.UtcNow.AddMinutes(-20));
        _github.AddRunApproval(779, "alice", "approved", environment: "staging");

        var run = VerifyInRun(779, sha, "--explain");

        Check(run, 1);
        Assert.Matches(@"architecture\s+MISSING", run.Output);
        Assert.Contains(
            "approved for environment(s) staging, which signoff.environments (release) does not list",
            run.Output,
            StringComparison.Ordinal
        );

        _github.AddRunApproval(779, "alice", "approved", environment: "Release");
        var listed = VerifyInRun(779, sha);
        Check(listed, 0);
    }

    /// <summary><c>signoff verify</c> of the release at a commit, in the given workflow run (GITHUB_RUN_ID).</summary>
    private ProcessRunner.Result VerifyInRun(long runId, string sha, params string[] more) =>
        Cli(
            _work,
            Env(("GITHUB_RUN_ID", runId.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ["signoff", "verify", "--version", Version, "--commit", sha, "--author", "zed", .. more]
        );
}
