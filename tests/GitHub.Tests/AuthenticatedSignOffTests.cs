using System.Text.Json.Nodes;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Tests;

namespace ReleaseTrain.GitHub.Tests;

/// <summary>
/// Issue 15, authenticated sign-off, replayed with real git (a bare repository on disk as the remote, clones, the
/// ledger branch), SSH keys made here with ssh-keygen, the built <c>release-train</c> CLI as its own process, and the
/// GitHub emulator for environment approvals. Every git process runs with HOME and GIT_CONFIG_GLOBAL in a temp folder
/// (<see cref="GitFixture"/>); every GITHUB_* variable the test does not set is cleared.
/// </summary>
public sealed partial class AuthenticatedSignOffTests : IAsyncLifetime
{
    private const string Version = "1.2.0";
    private const string Ledger = "release-train/ledger";
    private GitFixture _git = null!;
    private GitHubEmulator _github = null!;
    private string _bare = null!;
    private string _work = null!;

    public async Task InitializeAsync()
    {
        _git = new GitFixture();
        _github = await GitHubEmulator.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _git?.Dispose();
        await _github.DisposeAsync();
    }

    [SkippableFact]
    public void A_ledger_record_counts_only_when_signed_by_the_key_allowed_signers_maps_to_its_principal()
    {
        Setup(
            """{ "architecture": ["alice"], "conformance": ["bob"], "operations": ["carol"], "security": ["frank"] }""",
            $"""
            # principals are GitHub logins
            alice {Public("alice")}
            bob {Public("bob")}
            zed,carol {Public("carol")}
            frank {Public("frank")}
            erin {Public("erin")}
            """
        );
        var sha = Head(_work);
        Record("alice", "alice", "architecture", sha); // counts
        Record(null, "bob", "conformance", sha); // unsigned
        Record("mallory", "carol", "operations", sha); // a key allowed_signers does not know
        Record("bob", "frank", "security", sha); // bob's key, mapped to bob, signing as frank
        Record("erin", "erin", "security", sha); // erin's own key, but no role lists erin

        var status = Cli(
            _work,
            null,
            "signoff",
            "status",
            "--version",
            Version,
            "--commit",
            sha,
            "--author",
            "zed",
            "--explain"
        );
        Check(status, 0);
        var output = status.Output;
        Assert.Matches(@"architecture\s+approved\s+alice", output);
        Assert.Matches(@"conformance\s+MISSING", output);
        Assert.Matches(@"operations\s+MISSING", output);
        Assert.Matches(@"security\s+MISSING", output);
        Assert.Contains(
            $"note: roles and allowed signers read from commit {Head(_work)} of branch main of remote " + "'origin'",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains("not counted: bob approved (ledger #2 ", output, StringComparison.Ordinal);
        Assert.Matches(@"not counted: bob approved \(ledger #2 [^\n]*is not signed", output);
        Assert.Matches(
            @"not counted: carol approved \(ledger #3 [^\n]*signed by key SHA256:\S+, which no line of "
                + @"\.github/release-train/allowed_signers at [0-9a-f]{12} maps to carol",
            output
        );
        Assert.Matches(
            @"not counted: frank approved \(ledger #4 [^\n]*signed by key SHA256:\S+, which "
                + @"\.github/release-train/allowed_signers at [0-9a-f]{12} maps to bob, not to frank",
            output
        );
        Assert.Matches(
            @"not counted: erin approved \(ledger #5 [^\n]*erin is not a principal of role 'security'",
            output
        );
        var verify = Cli(_work, null, "signoff", "verify", "--version", Version, "--commit", sha, "--author", "zed");
        Check(verify, 1);
        Assert.Contains("RT5001: Sign-off role 'conformance'", verify.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("role 'architecture'", verify.Output, StringComparison.Ordinal);

        // carol signs with her own key, listed second on a line of two principals: it counts.
        Record("carol", "carol", "operations", sha);
        var again = Cli(_work, null, "signoff", "status", "--version", Version, "--commit", sha, "--author", "zed");
        Assert.Matches(@"operations\s+approved\s+carol", again.Output);
    }

    [SkippableFact]
    public void A_release_commit_that_adds_its_authors_key_or_puts_its_author_in_a_role_gains_nothing()
    {
        Setup("""{ "architecture": ["alice"], "conformance": ["bob"] }""", $"alice {Public("alice")}\n");
        var trusted = Head(_work);

        // The release commit (on a branch, not merged) lists mallory in a role and maps mallory's key to mallory and to
        // bob; mallory records both roles with her own key.
        _git.Git(_work, "checkout --quiet -b release");
        WritePolicy(
            _work,
            """{ "architecture": ["alice", "mallory"], "conformance": ["bob"] }""",
            $"alice {Public("alice")}\nmallory,bob {Public("mallory")}\n"
        );
        _git.Git(_work, "commit --quiet -am release");
        _git.Git(_work, "push --quiet origin release");
        var sha = Head(_work);
        Record("mallory", "mallory", "architecture", sha);
        Record("mallory", "bob", "conformance", sha);

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
        Assert.Contains($"read from commit {trusted} of branch main", status.Output, StringComparison.Ordinal);
        Assert.Matches(
            @"not counted: mallory approved \(ledger #1 [^\n]*which no line of [^\n]* maps to mallory",
            status.Output
        );
        Assert.Matches(
            @"not counted: bob approved \(ledger #2 [^\n]*which no line of [^\n]* maps to bob",
            status.Output
        );
        Assert.Contains("RT5001: Sign-off role 'architecture'", status.Output, StringComparison.Ordinal);
        Assert.Contains("RT5001: Sign-off role 'conformance'", status.Output, StringComparison.Ordinal);

        // Pointing the ledger at a repository mallory controls, whose default branch lists her, gains nothing either:
        // only the clone's own remotes are trusted.
        var forged = _git.Bare("forged");
        var forgedClone = _git.Clone(forged, "forged-work");
        WritePolicy(forgedClone, """{ "architecture": ["mallory"] }""", $"mallory {Public("mallory")}\n");
        _git.Git(forgedClone, "commit --quiet -m forged");
        _git.Git(forgedClone, "push --quiet origin HEAD:main");
        Record("mallory", "mallory", "architecture", sha, remote: forged);
        var config = File.ReadAllText(Path.Combine(_work, "release-train.json"));
        File.WriteAllText(
            Path.Combine(_work, "release-train.json"),
            config.Replace("\"remote\": \"origin\"", $"\"remote\": \"{forged}\"", StringComparison.Ordinal)
        );
        var redirected = Cli(
            _work,
            null,
            "signoff",
            "verify",
            "--version",
            Version,
            "--commit",
            sha,
            "--author",
            "zed"
        );
        Check(redirected, 2);
        Assert.Contains("error RT5041", redirected.Output, StringComparison.Ordinal);
        Assert.Contains("ledger.remote is neither a remote of this clone", redirected.Output, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_work, "release-train.json"), config);

        // Merged into the default branch (reviewed there), the same policy is what counts: the ledger records,
        // unchanged, now fill both roles.
        _git.Git(_work, "push --quiet origin release:main");
        var merged = Cli(
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
        Check(merged, 0);
        Assert.Contains($"read from commit {sha} of branch main", merged.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Without_the_default_branch_or_its_allowed_signers_no_sign_off_counts()
    {
        Setup("""{ "architecture": ["alice"] }""", $"alice {Public("alice")}\n");
        var sha = Head(_work);
        Record("alice", "alice", "architecture", sha);
        Check(Cli(_work, null, "signoff", "verify", "--version", Version, "--commit", sha, "--author", "zed"), 0);

        // The default branch loses its allowed-signers file: RT5042, nothing counts (exit 2: no verdict).
        _git.Git(_work, "rm --quiet .github/release-train/allowed_signers");
        _git.Git(_work, "commit --quiet -m drop");
        _git.Git(_work, "push --quiet origin HEAD:main");
        var missing = Cli(_work, null, "signoff", "verify", "--version", Version, "--commit", sha, "--author", "zed");
        Check(missing, 2);
        Assert.Contains("error RT5042: The default branch main at ", missing.Output, StringComparison.Ordinal);
        Assert.Contains(
            "no allowed-signers file .github/release-train/allowed_signers",
            missing.Output,
            StringComparison.Ordinal
        );

        // The remote cannot be reached: RT5041.
        _git.Git(_work, "remote set-url origin " + Path.Combine(_git.Root.Path, "gone.git"));
        var gone = Cli(_work, null, "signoff", "verify", "--version", Version, "--commit", sha, "--author", "zed");
        Check(gone, 2);
        Assert.Contains(
            "error RT5041: The sign-off policy cannot be read from the default branch of remote 'origin'",
            gone.Output,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("   at ", gone.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Environment_approvals_of_the_run_fill_roles_only_on_the_runs_commit()
    {
        Setup("""{ "architecture": ["alice"], "conformance": ["bob"] }""", $"alice {Public("alice")}\n");
        var sha = Head(_work);
        var started = DateTimeOffset.UtcNow.AddMinutes(-20);
        _github.AddRun(777, sha, started);
        _github.AddRunApproval(777, "alice", "approved");
        _github.AddRunApproval(777, "bob", "rejected", comment: "not yet");
        _github.AddRun(778, new string('a', 40), started);
        _github.AddRunApproval(778, "bob", "approved");

        var run = Cli(
            _work,
            Env(("GITHUB_RUN_ID", "777")),
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
        Check(run, 1);
        Assert.Matches(
            @"architecture\s+approved\s+alice\s+[^\n]*environment review #1 of run 777 \(release\)",
            run.Output
        );
        Assert.Contains("error RT5002: Sign-off role 'conformance' is rejected", run.Output, StringComparison.Ordinal);
        Assert.Contains("environment review #2 of run 777", run.Output, StringComparison.Ordinal);

        var other = Cli(
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
            "--run-id",
            "778",
            "--explain"
        );
        Check(other, 1);
        Assert.Contains(
            $"workflow run 778 ran on commit {new string('a', 40)}, not the release's commit {sha}",
            other.Output,
            StringComparison.Ordinal
        );
        Assert.Matches(@"conformance\s+MISSING", other.Output);
        Assert.Contains("RT5001: Sign-off role 'conformance'", other.Output, StringComparison.Ordinal);

        var bad = Cli(_work, null, "signoff", "verify", "--version", Version, "--commit", sha, "--run-id", "12x");
        Check(bad, 2);
        Assert.Contains(
            "error RT5040: --run-id is not a workflow run id ('12x')",
            bad.Output,
            StringComparison.Ordinal
        );
    }

    [SkippableFact]
    public void A_fresh_clone_rebuilds_the_approved_evidence_and_releases_on_ledger_and_environment_approvals()
    {
        Setup("""{ "usr-architecture": ["alice"], "usr-conformance": ["bob"] }""", $"alice {Public("alice")}\n");
        File.WriteAllText(Path.Combine(_work, ".gitignore"), "artifacts/\nrelease-train/\n");
        _git.Git(_work, "add .gitignore");
        _git.Git(_work, "commit --quiet -m ignore");
        _git.Git(_work, "push --quiet origin HEAD:main");
        var sha = Head(_work);
        var digest = BuildEvidence(_work);

        // alice signs off on the ledger over the evidence she built; bob approves the release job's environment.
        Record("alice", "alice", "usr-architecture", sha, digest);
        _github.AddRun(900, sha, DateTimeOffset.UtcNow.AddMinutes(-10));
        _github.AddRunApproval(900, "bob", "approved");

        // A fresh clone of the default branch: recording changed neither the release commit nor its evidence.
        var fresh = Path.Combine(_git.Root.Path, "fresh");
        _git.Git(_git.Root.Path, $"clone --quiet \"{_bare}\" \"{fresh}\"");
        Assert.Equal(sha, Head(fresh));
        Assert.Equal(digest, BuildEvidence(fresh));

        var run = Env(("GITHUB_RUN_ID", "900"));
        var status = Cli(fresh, run, "signoff", "verify", "--version", Version, "--commit", sha, "--author", "zed");
        Check(status, 0);
        Assert.Matches(@"usr-architecture\s+approved\s+alice\s+[^\n]*ledger #1", status.Output);
        Assert.Matches(@"usr-conformance\s+approved\s+bob\s+[^\n]*environment review #1 of run 900", status.Output);
        Check(Cli(fresh, run, "decide", "--version", Version, "--commit", sha, "--author", "zed"), 0);
        var released = Cli(fresh, run, "release", "--version", Version, "--commit", sha, "--author", "zed");
        Check(released, 0);
        var release = Assert.Single(_github.Releases.Values);
        Assert.Equal(sha, release["target_commitish"]!.GetValue<string>());
        Assert.Contains(
            $"- evidence bundle: `{digest}`",
            release["body"]!.GetValue<string>(),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "| usr-conformance | approved | bob |",
            release["body"]!.GetValue<string>(),
            StringComparison.Ordinal
        );
    }

    /// <summary>Packs (a fixed package), writes the SBOM and the evidence bundle; returns COMMITTED's digest.</summary>
    private string BuildEvidence(string clone)
    {
        var packages = Path.Combine(clone, "artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, $"Widgets.{Version}.nupkg"), "package bytes of Widgets " + Version);
        Check(
            Cli(
                clone,
                null,
                "sbom",
                "--project",
                TestPaths.InRepo("src", "Core", "ReleaseTrain.Core.csproj"),
                "--output",
                Path.Combine(packages, $"Widgets.{Version}.cdx.json")
            ),
            0
        );
        Check(Cli(clone, null, "evidence", "--version", Version), 0);
        return File.ReadAllText(Path.Combine(clone, "artifacts", "evidence", Version, "COMMITTED")).Trim();
    }

    /// <summary>
    /// A bare "origin" whose default branch main holds release-train.json (ledger configured, the roles given) and the
    /// allowed-signers file; a work clone of it.
    /// </summary>
    private void Setup(string roles, string allowedSigners)
    {
        RequireSshKeygen();
        _bare = _git.Bare("origin");
        _work = _git.Clone(_bare, "work");
        WritePolicy(_work, roles, allowedSigners);
        _git.Git(_work, "commit --quiet -m policy");
        _git.Git(_work, "push --quiet origin HEAD:main");
    }

    private void WritePolicy(string clone, string roles, string allowedSigners)
    {
        File.WriteAllText(
            Path.Combine(clone, "release-train.json"),
            $$"""
            { "ledger": { "remote": "origin", "branch": "{{Ledger}}" },
              "signoff": { "roles": {{roles}}, "maxAge": "P14D", "environments": ["release"] } }
            """
        );
        Directory.CreateDirectory(Path.Combine(clone, ".github", "release-train"));
        File.WriteAllText(Path.Combine(clone, ".github", "release-train", "allowed_signers"), allowedSigners);
        _git.Git(clone, "add -A");
    }

    /// <summary>Appends a sign-off record to the ledger, signed with a test key (null: unsigned).</summary>
    private void Record(
        string? key,
        string principal,
        string role,
        string commit,
        string? evidence = null,
        string remote = "origin"
    )
    {
        var ledger = new GitLedger(_work, remote, Ledger) { Environment = _git.Environment };
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
                    ["evidenceDigest"] = evidence,
                    ["at"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                },
            key is null ? null : LedgerSigning.SshKey(KeyFile(key))
        );
    }

    private string KeyFile(string name)
    {
        var path = Path.Combine(_git.Root.Path, "keys", name);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var made = ProcessRunner.Run(
                "ssh-keygen",
                $"-q -t ed25519 -N \"\" -C {name} -f \"{path}\"",
                _git.Root.Path
            );
            Assert.True(made.ExitCode == 0, made.Output);
        }

        return path;
    }

    private string Public(string name)
    {
        var parts = File.ReadAllText(KeyFile(name) + ".pub").Trim().Split(' ');
        return parts[0] + " " + parts[1];
    }

    private string Head(string clone) => _git.Git(clone, "rev-parse HEAD");

    private static void RequireSshKeygen()
    {
        try
        {
            if (ProcessRunner.Run("ssh-keygen", "-?", Path.GetTempPath(), null, 30) is not null)
            {
                return;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TestPaths.RequireInstalled(false, "ssh-keygen", "sudo apt-get install -y openssh-client");
        }
    }

    private static Dictionary<string, string?> Env(params (string Key, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private ProcessRunner.Result Cli(string directory, Dictionary<string, string?>? overrides, params string[] args)
    {
        var environment = new Dictionary<string, string?>(_git.Environment)
        {
            ["GITHUB_API_URL"] = _github.BaseUrl,
            ["GITHUB_TOKEN"] = _github.Token,
            ["GITHUB_REPOSITORY"] = "acme/widgets",
            ["GITHUB_SHA"] = null,
            ["GITHUB_SERVER_URL"] = null,
            ["GITHUB_RUN_ID"] = null,
            ["SOURCE_DATE_EPOCH"] = "1700000000",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            environment[key] = value;
        }

        var quoted = string.Join(" ", new[] { TestPaths.CliDll }.Concat(args).Select(a => "\"" + a + "\""));
        return ProcessRunner.Run("dotnet", quoted, directory, environment, timeoutSeconds: 300);
    }

    private static void Check(ProcessRunner.Result result, int expected) =>
        Assert.True(result.ExitCode == expected, $"exit {result.ExitCode}, expected {expected}:\n{result.Output}");
}
