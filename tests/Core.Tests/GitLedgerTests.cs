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

    [SkippableFact]
    public void An_append_that_loses_the_race_fetches_and_retries_and_both_land_once()
    {
        var a = Ledger(_git.Clone(_git.Url("origin"), "a"));
        var b = Ledger(_git.Clone(_git.Url("origin"), "b"));
        a.Append("decisions.jsonl", (_, _) => Decision("GO"));
        var calls = 0;

        // While A builds its record (after it fetched), B appends: A's push is rejected by the lease, A fetches again.
        var appended = a.Append("decisions.jsonl", (_, _) =>
        {
            if (++calls == 1)
            {
                b.Append("decisions.jsonl", (_, _) => Decision("B"));
            }

            return Decision("A");
        });

        Assert.Equal(2, appended.Attempts);
        Assert.Equal(3L, (long)appended.Record["seq"]!);
        var records = b.Read("decisions.jsonl", out var errors);
        Assert.Empty(errors);
        Assert.Equal(["GO", "B", "A"], records.Select(r => (string)r.Record["verdict"]!));
    }

    [SkippableFact]
    public void A_pushed_commit_that_edits_an_earlier_record_is_reported_by_read_and_blocks_appends()
    {
        var clone = _git.Clone(_git.Url("origin"), "a");
        var ledger = Ledger(clone);
        ledger.Append("decisions.jsonl", (_, _) => Decision("NO-GO"));
        ledger.Append("decisions.jsonl", (_, _) => Decision("NO-GO"));

        // A hand-made commit (a fast-forward, so no lease stops it) rewrites record 1 as GO, with every hash
        // recomputed so that the chain itself verifies, and appends a third record in the same commit.
        var work = _git.Root.Combine("hand");
        _git.Git(_git.Root.Path, $"clone --quiet --branch {Branch} {_git.Url("origin")} hand");
        var rewritten = Rechain(
            File.ReadAllLines(Path.Combine(work, "decisions.jsonl")),
            r => r["verdict"] = "GO",
            extra: 1
        );
        File.WriteAllText(Path.Combine(work, "decisions.jsonl"), rewritten);
        _git.Git(work, "commit --quiet -am edit");
        _git.Git(work, $"push --quiet origin HEAD:refs/heads/{Branch}");
        var edit = _git.Git(work, "rev-parse HEAD");

        var records = ledger.Read("decisions.jsonl", out var errors);

        Assert.Empty(records);
        var error = Assert.Single(errors);
        Assert.Equal("RT4034", error.Code);
        Assert.Contains(
            $"at commit {edit}: it does not add exactly record #3",
            error.Message,
            StringComparison.Ordinal
        );
        var refused = Assert.Throws<ReleaseTrainException>(() =>
            ledger.Append("decisions.jsonl", (_, _) => Decision("GO"))
        );
        Assert.Equal("RT4034", refused.Diagnostic.Code);
    }

    [SkippableFact]
    public void A_merge_commit_or_a_commit_touching_two_files_is_not_a_ledger_history()
    {
        var clone = _git.Clone(_git.Url("origin"), "a");
        var ledger = Ledger(clone);
        ledger.Append("decisions.jsonl", (_, _) => Decision("GO"));
        var work = _git.Root.Combine("hand");
        _git.Git(_git.Root.Path, $"clone --quiet --branch {Branch} {_git.Url("origin")} hand");
        File.WriteAllText(Path.Combine(work, "other.txt"), "x\n");
        File.WriteAllText(Path.Combine(work, "more.txt"), "y\n");
        _git.Git(work, "add other.txt more.txt");
        _git.Git(work, "commit --quiet -m two");
        _git.Git(work, $"push --quiet origin HEAD:refs/heads/{Branch}");

        ledger.Read("decisions.jsonl", out var errors);

        var error = Assert.Single(errors);
        Assert.Equal("RT4034", error.Code);
        Assert.Contains("changes 2 files", error.Message, StringComparison.Ordinal);

        _git.Git(work, "reset --quiet --hard HEAD~1");
        _git.Git(work, "checkout --quiet -b side HEAD");
        _git.Git(work, "commit --quiet --allow-empty -m side");
        _git.Git(work, $"checkout --quiet {Branch}");
        _git.Git(work, "merge --quiet --no-ff -m merge side");
        _git.Git(work, $"push --quiet --force origin HEAD:refs/heads/{Branch}");
        ledger.Read("decisions.jsonl", out errors);
        Assert.Contains("merge commit", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_remote_that_is_gone_fails_closed_and_nothing_is_recorded()
    {
        var clone = _git.Clone(_git.Url("origin"), "a");
        var ledger = Ledger(clone);
        ledger.Append("decisions.jsonl", (_, _) => Decision("GO"));
        var head = _git.Git(clone, "rev-parse HEAD");
        _git.StopDaemon();
        var built = 0;

        var fetch = Assert.Throws<ReleaseTrainException>(() => ledger.Append("decisions.jsonl", (_, _) =>
            {
                built++;
                return Decision("NO-GO");
            }));
        ledger.Read("decisions.jsonl", out var errors);

        Assert.Equal("RT4031", fetch.Diagnostic.Code);
        Assert.Equal(0, built);
        Assert.Equal("RT4031", Assert.Single(errors).Code);
        Assert.Equal(head, _git.Git(clone, "rev-parse HEAD"));
        Assert.Single(
            _git.Git(_git.Served, $"--git-dir=origin.git rev-list refs/heads/{Branch}")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        );
    }

    [SkippableFact]
    public void A_push_the_remote_refuses_is_not_retried_and_not_recorded()
    {
        var clone = _git.Clone(_git.Url("origin"), "a");
        var ledger = Ledger(clone);
        ledger.Append("decisions.jsonl", (_, _) => Decision("GO"));
        var hook = Path.Combine(_git.Served, "origin.git", "hooks", "pre-receive");
        File.WriteAllText(hook, "#!/bin/sh\necho 'branch is protected' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
        }

        var refused = Assert.Throws<ReleaseTrainException>(() =>
            ledger.Append("decisions.jsonl", (_, _) => Decision("NO-GO"))
        );

        Assert.Equal("RT4033", refused.Diagnostic.Code);
        Assert.Single(ledger.Read("decisions.jsonl", out var errors));
        Assert.Empty(errors);
    }

    [SkippableFact]
    public void The_anchor_reports_a_force_pushed_rewrite_with_recomputed_hashes()
    {
        var clone = _git.Clone(_git.Url("origin"), "a");
        var ledger = Ledger(clone);
        ledger.Append("decisions.jsonl", (_, _) => Decision("NO-GO"));
        var verified = ledger.Append("decisions.jsonl", (_, _) => Decision("NO-GO")).Commit;
        Assert.Null(ledger.CheckAnchor(ledger.Fetch()));
        ledger.StoreAnchor(verified);
        Assert.StartsWith(Path.Combine(clone, ".git", "release-train", "ledger-anchor", "origin"), ledger.AnchorPath());
        var sub = Directory.CreateDirectory(Path.Combine(clone, "src", "deep")).FullName;
        Assert.Equal(ledger.AnchorPath(), Ledger(sub).AnchorPath());

        // The rewrite: a new history whose every commit adds one line, chain recomputed, pushed with --force.
        var work = _git.Root.Combine("rewrite");
        Directory.CreateDirectory(work);
        _git.Git(work, "init --quiet");
        var lines = Rechain(
                [
                    .. _git.Git(clone, $"cat-file blob {verified}:decisions.jsonl")
                        .Split('\n', StringSplitOptions.RemoveEmptyEntries),
                ],
                r => r["verdict"] = "GO",
                extra: 0
            )
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var text = string.Empty;
        foreach (var line in lines)
        {
            text += line + "\n";
            File.WriteAllText(Path.Combine(work, "decisions.jsonl"), text);
            _git.Git(work, "add decisions.jsonl");
            _git.Git(work, "commit --quiet -m rewrite");
        }

        _git.Git(work, $"push --quiet --force {_git.Url("origin")} HEAD:refs/heads/{Branch}");

        var head = ledger.Fetch();
        var records = ledger.ReadAt(head, "decisions.jsonl", out var errors);
        Assert.Empty(errors); // the rewritten branch verifies on its own: only the anchor can tell
        Assert.Equal("GO", (string)records[0].Record["verdict"]!);
        var lost = ledger.CheckAnchor(head);
        Assert.NotNull(lost);
        Assert.Equal("RT4035", lost.Code);
        Assert.Contains(verified, lost.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_signed_append_is_a_commit_git_verifies_with_the_key_and_an_unsigned_one_carries_no_signature()
    {
        var clone = _git.Clone(_git.Url("origin"), "a");
        var key = _git.Root.Combine("signer");
        var keygen = ProcessRunner.Run("ssh-keygen", $"-q -t ed25519 -N \"\" -C signer -f {key}", _git.Root.Path);
        Assert.True(keygen.ExitCode == 0, keygen.Output);
        var ledger = Ledger(clone);

        var unsigned = ledger.Append("signoffs.jsonl", (_, _) => new JsonObject { ["kind"] = "signoff" });
        var signed = ledger.Append(
            "signoffs.jsonl",
            (_, _) => new JsonObject { ["kind"] = "signoff" },
            LedgerSigning.SshKey(key)
        );

        Assert.DoesNotContain(
            "gpgsig",
            _git.Git(clone, $"cat-file commit {unsigned.Commit}"),
            StringComparison.Ordinal
        );
        Assert.Contains("-----BEGIN SSH SIGNATURE-----", _git.Git(clone, $"cat-file commit {signed.Commit}"));
        var allowed = _git.Root.Combine("allowed_signers");
        File.WriteAllText(allowed, "signer@test " + File.ReadAllText(key + ".pub"));
        Assert.Equal(
            0,
            ProcessRunner
                .Run(
                    "git",
                    $"-c gpg.ssh.allowedSignersFile={allowed} verify-commit {signed.Commit}",
                    clone,
                    new Dictionary<string, string?>(_git.Environment)
                )
                .ExitCode
        );
        Assert.Equal(2, ledger.Read("signoffs.jsonl", out var errors).Count);
        Assert.Empty(errors);
    }

    [SkippableFact]
    public void A_signing_key_git_cannot_use_fails_closed_with_RT4036_and_nothing_is_pushed()
    {
        var clone = _git.Clone(_git.Url("origin"), "a");
        var ledger = Ledger(clone);

        var failed = Assert.Throws<ReleaseTrainException>(() =>
            ledger.Append(
                "signoffs.jsonl",
                (_, _) => new JsonObject { ["kind"] = "signoff" },
                LedgerSigning.SshKey(_git.Root.Combine("no-such-key"))
            )
        );

        Assert.Equal("RT4036", failed.Diagnostic.Code);
        Assert.Null(ledger.Fetch());
    }

    [SkippableFact]
    public void A_remote_url_with_credentials_never_shows_them_in_an_error()
    {
        var clone = _git.Clone(_git.Url("origin"), "a");
        using var server = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        server.Start();
        var port = ((System.Net.IPEndPoint)server.LocalEndpoint).Port;
        server.Stop(); // nothing listens there now: the fetch fails at once
        var ledger = new GitLedger(clone, $"http://ci-bot:s3cr3t-t0ken@127.0.0.1:{port}/x.git", Branch)
        {
            Environment = _git.Environment,
        };

        var failed = Assert.Throws<ReleaseTrainException>(() => ledger.Fetch());
        var pushed = Assert.Throws<ReleaseTrainException>(() =>
            ledger.Append("decisions.jsonl", (_, _) => Decision("GO"))
        );

        Assert.Equal("RT4031", failed.Diagnostic.Code);
        Assert.Equal("RT4031", pushed.Diagnostic.Code);
        Assert.DoesNotContain("s3cr3t", failed.Diagnostic.ToCanonicalString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", pushed.Diagnostic.ToCanonicalString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", ledger.DisplayName, StringComparison.Ordinal);
        Assert.Contains("http://***@127.0.0.1", failed.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ledger_config_has_defaults_and_a_branch_git_refuses_is_refused_at_its_line()
    {
        using var repo = new TempDirectory("rt-ledger-config");
        var path = repo.Combine("release-train.json");
        File.WriteAllText(path, """{ "ledger": {} }""");
        var config = Config.ConfigLoader.Load(path, null, out var errors);
        Assert.Empty(errors);
        Assert.Equal(new Config.LedgerConfig("origin", "release-train/ledger"), config!.Policy.Ledger);

        File.WriteAllText(path, """{ "decisionLog": "d.jsonl" }""");
        Assert.Null(Config.ConfigLoader.Load(path, null, out _)!.Policy.Ledger);

        File.WriteAllText(path, "{\n  \"ledger\": { \"branch\": \"a..b\", \"remote\": \"--upload-pack=x\" }\n}");
        Assert.Null(Config.ConfigLoader.Load(path, null, out errors));
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(2, e.Line));
    }

    /// <summary>Rewrites records and recomputes seq, prevHash and recordHash (plus extra new records).</summary>
    private static string Rechain(IReadOnlyList<string> lines, Action<JsonObject> edit, int extra)
    {
        var text = new System.Text.StringBuilder();
        var prev = HashChainedLog.GenesisHash;
        var records = lines.Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        for (var i = 0; i < extra; i++)
        {
            records.Add((JsonObject)records[^1].DeepClone());
        }

        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            edit(r);
            r["seq"] = i + 1;
            r["prevHash"] = prev;
            r.Remove("recordHash");
            r["recordHash"] = HashChainedLog.RecordHash(r);
            prev = (string)r["recordHash"]!;
            text.Append(r.ToJsonString()).Append('\n');
        }

        return text.ToString();
    }
}
