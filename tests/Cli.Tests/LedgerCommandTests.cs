using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Tests;

/// <summary>
/// The ledger end to end (issue 15): real <c>release-train</c> processes, each in its own clone, recording decisions on
/// a branch of a bare repository served by <c>git daemon</c> on 127.0.0.1, and <c>log verify</c> with its anchor.
/// </summary>
public sealed class LedgerCommandTests : IDisposable
{
    private const string Branch = "release-train/ledger";
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Config = """{ "ledger": { "remote": "origin", "branch": "release-train/ledger" } }""";
    private readonly GitFixture _git = new();

    public LedgerCommandTests()
    {
        _git.Bare("origin");
        _git.StartDaemon();
    }

    public void Dispose() => _git.Dispose();

    private string Clone(string name)
    {
        var clone = _git.Clone(_git.Url("origin"), name);
        File.WriteAllText(Path.Combine(clone, "release-train.json"), Config);
        return clone;
    }

    private ProcessRunner.Result Cli(string clone, string arguments) =>
        ProcessRunner.Run(
            "dotnet",
            $"\"{TestPaths.CliDll}\" {arguments}",
            clone,
            new Dictionary<string, string?>(_git.Environment),
            timeoutSeconds: 300
        );

    private IReadOnlyList<JsonObject> Remote(string file) =>
        _git.Git(_git.Served, $"--git-dir=origin.git cat-file blob refs/heads/{Branch}:{file}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => (JsonObject)JsonNode.Parse(l)!)
            .ToList();

    private static void NoCrash(ProcessRunner.Result result)
    {
        Assert.DoesNotContain("RT1015", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Sixteen_decide_processes_in_their_own_clones_land_exactly_once_and_verify_from_a_fresh_clone()
    {
        var clones = Enumerable.Range(1, 16).Select(i => Clone($"runner{i}")).ToList();

        var results = await Task.WhenAll(
            clones.Select((clone, i) => Task.Run(() => Cli(clone, $"decide --version 1.0.{i + 1} --commit {Commit}")))
        );

        Assert.All(results, r =>
        {
            NoCrash(r);
            Assert.True(r.ExitCode is 0 or 1, r.Output);
            Assert.Contains($"in origin {Branch}:decisions.jsonl", r.Output, StringComparison.Ordinal);
        });
        var records = Remote("decisions.jsonl");
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), records.Select(r => (long)r["seq"]!));
        Assert.Equal(
            Enumerable.Range(1, 16).Select(i => $"1.0.{i}").Order(),
            records.Select(r => (string)r["release"]!).Order()
        );
        var commits = _git.Git(_git.Served, $"--git-dir=origin.git rev-list --count refs/heads/{Branch}");
        Assert.Equal("16", commits);

        var fresh = Clone("fresh");
        var verify = Cli(fresh, "log verify");
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains(
            $"ledger intact: 16 record(s) (decisions.jsonl: 16, signoffs.jsonl: 0, rotations.jsonl: 0) in origin "
                + $"{Branch}",
            verify.Output,
            StringComparison.Ordinal
        );
        // every runner's own clone is untouched: HEAD is its one work commit, no ledger branch checked out
        Assert.All(clones, c => Assert.Equal("1", _git.Git(c, "rev-list --count HEAD")));
    }

    [SkippableFact]
    public void Log_verify_reports_a_force_pushed_rewrite_in_a_clone_that_verified_before()
    {
        var clone = Clone("a");
        Assert.True(Cli(clone, $"decide --version 1.0.0 --commit {Commit}").ExitCode is 0 or 1);
        Assert.True(Cli(clone, $"decide --version 1.0.1 --commit {Commit}").ExitCode is 0 or 1);
        var first = Cli(clone, "log verify");
        Assert.True(first.ExitCode == 0, first.Output);
        var verified = _git.Git(_git.Served, $"--git-dir=origin.git rev-parse refs/heads/{Branch}");

        // The rewrite: record 1 says another release, every hash recomputed, one commit per line, pushed with --force.
        var work = _git.Root.Combine("rewrite");
        Directory.CreateDirectory(work);
        _git.Git(work, "init --quiet");
        var prev = HashChainedLog.GenesisHash;
        var text = string.Empty;
        foreach (var record in Remote("decisions.jsonl"))
        {
            if ((long)record["seq"]! == 1)
            {
                record["release"] = "9.9.9";
            }

            record["prevHash"] = prev;
            record.Remove("recordHash");
            record["recordHash"] = HashChainedLog.RecordHash(record);
            prev = (string)record["recordHash"]!;
            text += record.ToJsonString() + "\n";
            File.WriteAllText(Path.Combine(work, "decisions.jsonl"), text);
            _git.Git(work, "add decisions.jsonl");
            _git.Git(work, "commit --quiet -m rewrite");
        }

        _git.Git(work, $"push --quiet --force {_git.Url("origin")} HEAD:refs/heads/{Branch}");

        var second = Cli(clone, "log verify");

        NoCrash(second);
        Assert.True(second.ExitCode == 1, second.Output);
        Assert.Contains("error RT4035", second.Output, StringComparison.Ordinal);
        Assert.Contains(verified, second.Output, StringComparison.Ordinal);
        Assert.Contains("ledger FAILED verification", second.Output, StringComparison.Ordinal);
        // the anchor still names the verified head: running again reports it again
        Assert.Equal(1, Cli(clone, "log verify").ExitCode);
    }

    [SkippableFact]
    public void A_decide_against_a_stopped_remote_fails_closed_and_reports_nothing_as_recorded()
    {
        var clone = Clone("a");
        Assert.True(Cli(clone, $"decide --version 1.0.0 --commit {Commit}").ExitCode is 0 or 1);
        _git.StopDaemon();

        var decide = Cli(clone, $"decide --version 1.0.1 --commit {Commit}");
        var verify = Cli(clone, "log verify");

        NoCrash(decide);
        Assert.Equal(2, decide.ExitCode);
        Assert.Contains("error RT4031", decide.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("recorded as", decide.Output, StringComparison.Ordinal);
        Assert.Equal(2, verify.ExitCode);
        Assert.Contains("error RT4031", verify.Output, StringComparison.Ordinal);
        Assert.Single(Remote("decisions.jsonl"));
    }

    [SkippableFact]
    public void Signoff_add_on_the_ledger_signs_its_commit_with_the_given_key_and_leaves_the_work_tree_alone()
    {
        var clone = Clone("a");
        File.WriteAllText(
            Path.Combine(clone, "release-train.json"),
            """{ "ledger": {}, "signoff": { "roles": { "architecture": ["alice"] } } }"""
        );
        var key = _git.Root.Combine("alice_key");
        var keygen = ProcessRunner.Run("ssh-keygen", $"-q -t ed25519 -N \"\" -C alice -f {key}", _git.Root.Path);
        Assert.True(keygen.ExitCode == 0, keygen.Output);
        var status = _git.Git(clone, "status --porcelain=v1");

        var add = Cli(
            clone,
            $"signoff add --version 1.0.0 --role architecture --by alice --decision approved --commit {Commit} "
                + $"--evidence-digest sha256:{new string('a', 64)} --signing-key {key}"
        );

        NoCrash(add);
        Assert.True(add.ExitCode == 0, add.Output);
        var head = _git.Git(_git.Served, $"--git-dir=origin.git rev-parse refs/heads/{Branch}");
        Assert.Contains(
            $"recorded #1 in origin {Branch}:signoffs.jsonl (commit {head}): alice approved",
            add.Output,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "-----BEGIN SSH SIGNATURE-----",
            _git.Git(_git.Served, $"--git-dir=origin.git cat-file commit {head}"),
            StringComparison.Ordinal
        );
        var record = Assert.Single(Remote("signoffs.jsonl"));
        Assert.Equal("alice", (string)record["principal"]!);
        Assert.Equal(status, _git.Git(clone, "status --porcelain=v1"));
        Assert.False(File.Exists(Path.Combine(clone, "release-train", "signoff-log.jsonl")));
    }

    [SkippableFact]
    public void Signoff_add_on_the_ledger_without_a_signing_key_records_nothing()
    {
        // An unsigned ledger record never counts: recording one would only look like a sign-off.
        var clone = Clone("a");
        File.WriteAllText(
            Path.Combine(clone, "release-train.json"),
            """{ "ledger": {}, "signoff": { "roles": { "architecture": ["alice"] } } }"""
        );

        var add = Cli(
            clone,
            $"signoff add --version 1.0.0 --role architecture --by alice --decision approved --commit {Commit} "
                + $"--evidence-digest sha256:{new string('a', 64)}"
        );

        NoCrash(add);
        Assert.Equal(2, add.ExitCode);
        Assert.Contains("error RT5021", add.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("recorded #", add.Output, StringComparison.Ordinal);
        var branch = _git.Git(_git.Served, $"--git-dir=origin.git for-each-ref refs/heads/{Branch}");
        Assert.Equal(string.Empty, branch.Trim());
    }
}
