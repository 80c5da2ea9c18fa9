using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Tests;
using Xunit;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// The git-branch ledger (issue 15) against real git: a bare repository served by git daemon on 127.0.0.1, clones,
/// real pushes.
/// </summary>
public sealed class GitLedgerTests : IDisposable
{
    private const string Branch = "release-train/ledger";
    private readonly GitFixture _git = new();

    public GitLedgerTests()
    {
        _git.Bare("origin");
        _git.StartDaemon();
    }

    public void Dispose() => _git.Dispose();

    private GitLedger Ledger(string clone) => new(clone, "origin", Branch) { Environment = _git.Environment };

    private static JsonObject Decision(string verdict) => new() { ["kind"] = "decision", ["verdict"] = verdict };

    [SkippableFact]
    public void Appends_and_reads_back_without_touching_the_working_tree_index_head_or_branches()
    {
        var clone = _git.Clone(_git.Url("origin"), "a");
        File.AppendAllText(Path.Combine(clone, "README.md"), "dirty\n");
        File.WriteAllText(Path.Combine(clone, "staged.txt"), "staged\n");
        _git.Git(clone, "add staged.txt");
        var head = _git.Git(clone, "rev-parse HEAD");
        var status = _git.Git(clone, "status --porcelain=v1");
        var index = File.ReadAllBytes(Path.Combine(clone, ".git", "index"));
        var branches = _git.Git(clone, "for-each-ref --format=%(refname) refs/heads");
        var ledger = Ledger(clone);

        Assert.Null(ledger.Fetch());
        var first = ledger.Append("decisions.jsonl", (_, _) => Decision("GO"));
        var second = ledger.Append("decisions.jsonl", (_, _) => Decision("NO-GO"));
        var signoff = ledger.Append("signoffs.jsonl", (_, _) => new JsonObject { ["kind"] = "signoff" });

        Assert.Equal(1, first.Attempts);
        Assert.Equal(2L, (long)second.Record["seq"]!);
        Assert.Equal(1L, (long)signoff.Record["seq"]!);
        var records = ledger.Read("decisions.jsonl", out var errors);
        Assert.Empty(errors);
        Assert.Equal([1L, 2L], records.Select(r => (long)r.Record["seq"]!));
        Assert.Equal([first.Commit, second.Commit], records.Select(r => r.Commit));
        Assert.Single(ledger.Read("signoffs.jsonl", out errors));
        Assert.Empty(errors);

        // the remote holds the branch; the clone's HEAD, index, working tree and branches are as they were
        Assert.Equal(signoff.Commit, _git.Git(_git.Served, $"--git-dir=origin.git rev-parse refs/heads/{Branch}"));
        Assert.Equal(head, _git.Git(clone, "rev-parse HEAD"));
        Assert.Equal(status, _git.Git(clone, "status --porcelain=v1"));
        Assert.Equal(index, File.ReadAllBytes(Path.Combine(clone, ".git", "index")));
        Assert.Equal(branches, _git.Git(clone, "for-each-ref --format=%(refname) refs/heads"));
        Assert.Equal("dirty\n", File.ReadAllText(Path.Combine(clone, "README.md"))[^6..]);
    }
}
