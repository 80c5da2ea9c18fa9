using System.Text.Json.Nodes;

namespace ReleaseTrain.Tests;

/// <summary>
/// Issue 14, principals: the attacks on "who approved" replayed through the built <c>release-train</c> CLI as its own
/// process, in temp repositories with real files (and a real git repository for the release author), with every
/// GITHUB_* variable cleared so that the machine's environment cannot change the answer.
/// </summary>
public sealed class PrincipalAttackTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly TempDirectory _repo = new("rt-principals");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void One_principal_cannot_fill_two_roles_through_two_records()
    {
        Config(
            """{ "signoff": { "allowUnsignedRecords": true, "roles": { "architecture": ["p"], "conformance": """
                + """["p", "q"] } } }"""
        );
        Check(Add("architecture", "p"), 0);
        Check(Add("conformance", "p"), 0);

        var verify = Cli("signoff", "verify", "--version", "1.0.0", "--commit", Sha, "--author", "zed", "--explain");
        Check(verify, 1);
        Assert.Contains("error RT5001: Sign-off role 'conformance'", verify.Output, StringComparison.Ordinal);
        Assert.Contains(
            "p already fills role 'architecture' (one principal fills one role)",
            verify.Output,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("'architecture' has no", verify.Output, StringComparison.Ordinal);

        // A second principal for conformance completes it: the check is a matching, not first come.
        Check(Add("conformance", "q"), 0);
        Check(Cli("signoff", "verify", "--version", "1.0.0", "--commit", Sha, "--author", "zed"), 0);
    }

    [Theory]
    [InlineData("\"\", \" \"", 2, "RT4020")]
    [InlineData("\"x\", \"x \"", 1, "RT4107")]
    [InlineData("\"x\", \"X\\u200B\"", 2, "RT4020")]
    public void Blank_padded_and_zero_width_approvers_do_not_make_two(string approvers, int exit, string code)
    {
        Config(
            "{ \"trains\": [ { \"id\": \"main\", \"versions\": \"[1.0.0, 2.0.0)\", \"waivers\": [\n"
                + "  { \"id\": \"w\", \"severity\": \"critical\", \"approvers\": ["
                + approvers
                + "], \"allowedUntil\": \"2099-01-01T00:00:00Z\" } ] } ] }"
        );
        var decide = Cli("decide", "--version", "1.0.0", "--commit", Sha, "--dry-run");
        Check(decide, exit);
        Assert.Contains(code, decide.Output, StringComparison.Ordinal);
        if (code == "RT4020")
        {
            // At the approver itself: file, line 2, the column of the string.
            Assert.Matches(@"release-train\.json\(2,\d+\): error RT4020: ", decide.Output);
        }
    }

    [Theory]
    [InlineData("alice ", 1, "approved only by its requester")]
    [InlineData(" ALICE", 1, "approved only by its requester")]
    [InlineData("bob\\u200B", 2, "RT4020")]
    public void An_exception_approved_by_its_requester_in_disguise_does_not_lift_the_freeze(
        string approver,
        int exit,
        string expected
    )
    {
        Config(
            """
            { "freezeWindows": [ { "id": "holidays", "actions": ["release"], "start": "2026-12-20T00:00:00Z",
                                   "end": "2027-01-04T00:00:00Z" } ],
              "freezeExceptions": [ { "id": "hotfix", "windows": ["holidays"], "release": "1.4.1", "reason": "fix",
                "requestedBy": "alice", "approvers": ["
            """
                + approver
                + """
                "], "validFrom": "2026-12-22T00:00:00Z", "validUntil": "2026-12-24T00:00:00Z" } ] }
                """
        );
        var freeze = Cli(
            "freeze",
            "--action",
            "release",
            "--version",
            "1.4.1",
            "--at",
            "2026-12-23T10:00:00Z",
            "--explain"
        );
        Check(freeze, exit);
        Assert.Contains(expected, freeze.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_principal_that_is_no_login_is_refused_when_recorded()
    {
        Config("""{ "signoff": { "allowUnsignedRecords": true, "roles": { "architecture": ["p"] } } }""");
        var added = Add("architecture", "p\u200B");
        Check(added, 2);
        Assert.Contains("error RT4020", added.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_repo.Combine("release-train", "signoff-log.jsonl")));

        // Padding is trimmed: " p " is p.
        Check(Add("architecture", " p "), 0);
        var record = JsonNode.Parse(File.ReadAllLines(_repo.Combine("release-train", "signoff-log.jsonl"))[0])!;
        Assert.Equal("p", record["principal"]!.GetValue<string>());
    }

    [Fact]
    public void Without_author_the_release_commits_git_author_cannot_approve()
    {
        Config("""{ "signoff": { "allowUnsignedRecords": true, "roles": { "architecture": ["dave", "alice"] } } }""");
        var sha = Commit("Dave", "12345+Dave@users.noreply.github.com");
        Check(Add("architecture", "dave", sha), 0);

        var verify = Cli("signoff", "verify", "--version", "1.0.0", "--explain");
        Check(verify, 1);
        Assert.Contains("dave is the release's author, who cannot approve it", verify.Output, StringComparison.Ordinal);
        Assert.Contains(
            $"release author: Dave (the git author of commit {sha}, 12345+Dave@users.noreply.github.com)",
            verify.Output,
            StringComparison.Ordinal
        );

        var json = JsonNode.Parse(Cli("signoff", "status", "--version", "1.0.0", "--format", "json").StdOut)!;
        Assert.Equal("Dave", json["author"]!["login"]!.GetValue<string>());
        Assert.Contains("git author", json["author"]!["source"]!.GetValue<string>(), StringComparison.Ordinal);
        SchemaAssert.Valid("signoff-status.schema.json", json.ToJsonString());

        // --author says otherwise, and says so.
        var given = Cli("signoff", "verify", "--version", "1.0.0", "--author", "erin", "--explain");
        Check(given, 0);
        Assert.Contains("release author: erin (--author)", given.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_author_whose_login_cannot_be_told_fails_closed()
    {
        Config("""{ "signoff": { "allowUnsignedRecords": true, "roles": { "architecture": ["dave", "alice"] } } }""");
        var sha = Commit("Dave", "dave@example.com");
        Check(Add("architecture", "dave", sha), 0);

        var verify = Cli("signoff", "verify", "--version", "1.0.0");
        Check(verify, 2);
        Assert.Contains("error RT5020", verify.Output, StringComparison.Ordinal);
        Assert.Contains("dave@example.com", verify.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", verify.Output, StringComparison.Ordinal);

        // decide, too, when sign-off is configured.
        var decide = Cli("decide", "--version", "1.0.0", "--dry-run");
        Check(decide, 2);
        Assert.Contains("error RT5020", decide.Output, StringComparison.Ordinal);

        Check(Cli("signoff", "verify", "--version", "1.0.0", "--author", "erin"), 0);
    }

    [Fact]
    public void Without_any_release_commit_the_commit_is_refused_before_the_author_is_looked_for()
    {
        // No commit means no commit author either: the unknown commit (RT5011) is what to fix first.
        Config("""{ "signoff": { "allowUnsignedRecords": true, "roles": { "architecture": ["dave"] } } }""");
        var verify = Cli("signoff", "verify", "--version", "1.0.0");
        Check(verify, 2);
        Assert.Contains("error RT5011", verify.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("RT5020", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_committed_record_by_any_login_counts_only_where_the_configuration_allows_unsigned_records()
    {
        // Issue 15: anyone can append "--by alice" to the committed log; without allowUnsignedRecords it counts for
        // nothing, and --explain says why.
        Config("""{ "signoff": { "roles": { "architecture": ["alice"] } } }""");
        Check(Add("architecture", "alice"), 0);
        var verify = Cli("signoff", "verify", "--version", "1.0.0", "--commit", Sha, "--author", "zed", "--explain");
        Check(verify, 1);
        Assert.Contains("error RT5001: Sign-off role 'architecture'", verify.Output, StringComparison.Ordinal);
        Assert.Contains(
            "not counted: alice approved (record #1 of release-train/signoff-log.jsonl",
            verify.Output,
            StringComparison.Ordinal
        );
        Assert.Contains("committed records are not authenticated", verify.Output, StringComparison.Ordinal);
        Assert.Contains(
            "roles read from the working tree (no ledger configured",
            verify.Output,
            StringComparison.Ordinal
        );

        Config("""{ "signoff": { "allowUnsignedRecords": true, "roles": { "architecture": ["alice"] } } }""");
        Check(Cli("signoff", "verify", "--version", "1.0.0", "--commit", Sha, "--author", "zed"), 0);
    }

    [Fact]
    public void The_readiness_report_does_not_count_the_release_authors_own_approval()
    {
        Config("""{ "signoff": { "allowUnsignedRecords": true, "roles": { "architecture": ["alice", "bob"] } } }""");
        Check(Add("architecture", "alice"), 0);
        JsonNode Report(string author)
        {
            var output = _repo.Combine($"report-{author}.json");
            var report = Cli(
                "report",
                "--version",
                "1.0.0",
                "--commit",
                Sha,
                "--author",
                author,
                "--format",
                "json",
                "--output",
                output
            );
            Check(report, 0);
            return JsonNode.Parse(File.ReadAllText(output))!["signoff"]!;
        }

        Assert.True(Report("zed")["complete"]!.GetValue<bool>());
        // alice released it: her approval does not count, in the scorecard as in signoff verify.
        Assert.False(Report("alice")["complete"]!.GetValue<bool>());
        Check(Cli("signoff", "verify", "--version", "1.0.0", "--commit", Sha, "--author", "alice"), 1);
    }

    private void Config(string json) => File.WriteAllText(_repo.Combine("release-train.json"), json);

    private ProcessRunner.Result Add(string role, string by, string commit = Sha) =>
        Cli(
            "signoff",
            "add",
            "--version",
            "1.0.0",
            "--role",
            role,
            "--by",
            by,
            "--decision",
            "approved",
            "--commit",
            commit
        );

    private string Commit(string name, string email)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = name,
            ["GIT_AUTHOR_EMAIL"] = email,
            ["GIT_COMMITTER_NAME"] = "Committer",
            ["GIT_COMMITTER_EMAIL"] = "committer@example.com",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        };
        Check(ProcessRunner.Run("git", "init -q", _repo.Path, environment, 60), 0);
        Check(ProcessRunner.Run("git", "commit -q --allow-empty -m release", _repo.Path, environment, 60), 0);
        return ProcessRunner.Run("git", "rev-parse HEAD", _repo.Path, environment, 60).StdOut.Trim();
    }

    private ProcessRunner.Result Cli(params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_SHA"] = null,
            ["GITHUB_TOKEN"] = null,
            ["GITHUB_REPOSITORY"] = null,
            ["GITHUB_API_URL"] = null,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        };
        var quoted = string.Join(" ", new[] { TestPaths.CliDll }.Concat(args).Select(a => "\"" + a + "\""));
        return ProcessRunner.Run("dotnet", quoted, _repo.Path, environment, timeoutSeconds: 120);
    }

    private static void Check(ProcessRunner.Result result, int expected) =>
        Assert.True(result.ExitCode == expected, $"exit {result.ExitCode}, expected {expected}:\n{result.Output}");
}
