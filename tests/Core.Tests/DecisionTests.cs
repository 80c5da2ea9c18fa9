using System.Text.Json.Nodes;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;

namespace ReleaseTrain.Tests;

/// <summary>
/// The no-cut decision as a whole: GO with nothing configured, the registry's triggers run in order, determinism.
/// Each trigger's own tests are in Triggers/.
/// </summary>
public sealed class DecisionTests : IDisposable
{
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Nothing_configured_is_GO()
    {
        var decision = _repo.Decide("{}");
        Assert.True(decision.Go);
        Assert.Equal(0, decision.ExitCode);
    }

    [Fact]
    public void Train_triggers_run_for_each_train_in_registry_order_then_release_triggers_for_each_subject()
    {
        _repo.Write("m.json", "{\"files\": []}");
        var decision = _repo.Decide(
            """
            { "trains": [ { "id": "one", "versions": "[1.0.0, 2.0.0)" }, { "id": "two", "versions": "[1.2.0, 1.3.0)" },
                          { "id": "other", "versions": "[3.0.0, 4.0.0)" } ],
              "signoff": { "allowUnsignedRecords": true, "roles": { "producer": ["alice"] } },
              "contracts": [ { "id": "files", "kind": "artifact-manifest", "manifest": "m.json" } ] }
            """
        );
        var train = NoCutTriggers.All.OfType<TrainTrigger>().Select(t => t.Name).ToList();
        var release = NoCutTriggers.All.OfType<ReleaseTrigger>().Select(t => t.Name);
        Assert.Equal(NoCutTriggers.All.Select(t => t.Name), [.. train, .. release]); // train triggers come first
        Assert.Equal(
            [
                .. train.Select(t => (t, "one")),
                .. train.Select(t => (t, "two")),
                ("coverage", "1.2.0"),
                ("freeze", "release"),
                ("freeze", "cutover"),
                ("signoff", "1.2.0"),
                ("validators", "files"),
            ],
            decision.Checks.Select(c => (c.Trigger, c.Subject))
        );
        Assert.Equal(["one", "two"], decision.Trains);
        Assert.Equal(["RT4110"], DecisionRepo.Codes(decision));
    }

    [Fact]
    public void Trains_apply_by_version_range_and_the_same_inputs_give_the_same_digest()
    {
        _repo.Write("readiness.json", "{\"generatedAt\": \"2020-01-01T00:00:00Z\"}");
        var config = DecisionRepo.Train(
            "\"evidence\": [ { \"id\": \"ops\", \"kind\": \"readiness\", \"path\": \"readiness.json\" } ]"
        );
        Assert.False(_repo.Decide(config, "1.9.9").Go);
        // Outside [1.0.0, 2.0.0) no train gate runs: NO-GO (RT4113) unless the configuration lets it go.
        Assert.Equal(["RT4113"], DecisionRepo.Codes(_repo.Decide(config, "2.0.0")));
        var optIn = config.Replace(
            "{ \"trains\"",
            "{ \"uncoveredReleases\": \"go\", \"trains\"",
            StringComparison.Ordinal
        );
        Assert.True(_repo.Decide(optIn, "2.0.0").Go);
        var a = _repo.Decide(config);
        var b = _repo.Decide(config);
        Assert.Equal(a.InputsDigest, b.InputsDigest);
        _repo.Write("readiness.json", "{\"generatedAt\": \"2020-01-01T00:00:01Z\"}");
        Assert.NotEqual(a.InputsDigest, _repo.Decide(config).InputsDigest);
    }

    [Fact]
    public void The_release_evidence_bundle_digest_is_an_input_where_present()
    {
        var without = _repo.Decide("{}");
        Assert.Null(without.EvidenceDigest);
        var digest = "sha256:" + new string('7', 64);
        _repo.Write("artifacts/evidence/1.2.0/COMMITTED", digest + "\n");
        var with = _repo.Decide("{}");
        Assert.Equal(digest, with.EvidenceDigest);
        Assert.NotEqual(without.InputsDigest, with.InputsDigest);
    }
}

/// <summary>The hash-chained decision log: appends, verification, and every kind of tampering.</summary>
public sealed class DecisionLogTests : IDisposable
{
    private readonly TempDirectory _dir = new("rt-log");

    public void Dispose() => _dir.Dispose();

    private string Log => _dir.Combine("logs", "decisions.jsonl");

    private void Append(int count)
    {
        for (var i = 0; i < count; i++)
        {
            HashChainedLog.Append(
                Log,
                (seq, prev) =>
                    new JsonObject { ["verdict"] = seq % 2 == 0 ? "GO" : "NO-GO", ["release"] = "1.0." + seq },
                TimeSpan.FromSeconds(10)
            );
        }
    }

    private (string Code, int Line) FirstProblem()
    {
        var problem = Assert.Single(HashChainedLog.Verify(Log, out _));
        return (problem.Code, problem.Line);
    }

    [Fact]
    public void A_lock_held_by_another_writer_past_the_timeout_is_RT4012_and_appends_nothing()
    {
        Append(1);
        var before = File.ReadAllBytes(Log);
        using (new FileStream(Log + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var ex = Assert.Throws<ReleaseTrain.Core.Diagnostics.ReleaseTrainException>(() =>
                HashChainedLog.Append(
                    Log,
                    (_, _) => new JsonObject { ["verdict"] = "GO" },
                    TimeSpan.FromMilliseconds(300)
                )
            );
            Assert.Equal("RT4012", ex.Diagnostic.Code);
        }

        Assert.Equal(before, File.ReadAllBytes(Log));
        Append(1); // released: appends again
        Assert.Empty(HashChainedLog.Verify(Log, out var count));
        Assert.Equal(2, count);
    }

    [Fact]
    public void Records_chain_from_the_hash_of_the_empty_string()
    {
        Append(3);
        Assert.Empty(HashChainedLog.Verify(Log, out var count));
        Assert.Equal(3, count);
        var first = JsonNode.Parse(File.ReadLines(Log).First())!;
        Assert.Equal(
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            first["prevHash"]!.ToString()
        );
        Assert.Equal(1, first["seq"]!.GetValue<int>());
        var second = JsonNode.Parse(File.ReadLines(Log).Skip(1).First())!;
        Assert.Equal(first["recordHash"]!.ToString(), second["prevHash"]!.ToString());
    }

    [Fact]
    public void An_edit_is_named_at_its_line()
    {
        Append(4);
        var lines = File.ReadAllLines(Log);
        lines[2] = lines[2].Replace("\"NO-GO\"", "\"GO\"", StringComparison.Ordinal);
        File.WriteAllText(Log, string.Join("\n", lines) + "\n");
        Assert.Equal(("RT4010", 3), FirstProblem());
    }

    [Fact]
    public void A_deletion_is_named_at_the_first_line_after_it()
    {
        Append(4);
        var lines = File.ReadAllLines(Log).ToList();
        lines.RemoveAt(1);
        File.WriteAllText(Log, string.Join("\n", lines) + "\n");
        Assert.Equal(("RT4010", 2), FirstProblem());
    }

    [Fact]
    public void A_reorder_is_named()
    {
        Append(4);
        var lines = File.ReadAllLines(Log);
        (lines[1], lines[2]) = (lines[2], lines[1]);
        File.WriteAllText(Log, string.Join("\n", lines) + "\n");
        Assert.Equal(("RT4010", 2), FirstProblem());
    }

    [Fact]
    public void A_truncated_last_line_is_torn_and_blocks_further_appends()
    {
        Append(3);
        var bytes = File.ReadAllBytes(Log);
        File.WriteAllBytes(Log, bytes[..^20]);
        Assert.Equal(("RT4011", 3), FirstProblem());
        var ex = Assert.Throws<ReleaseTrain.Core.Diagnostics.ReleaseTrainException>(() => Append(1));
        Assert.Equal("RT4011", ex.Diagnostic.Code);
        Assert.Equal(bytes[..^20], File.ReadAllBytes(Log)); // nothing appended after the torn record
    }

    [Fact]
    public void Truncation_at_a_line_boundary_is_caught_by_the_head_marker()
    {
        Append(3);
        Assert.True(File.Exists(HashChainedLog.HeadPath(Log)));
        var lines = File.ReadAllLines(Log);
        File.WriteAllText(Log, string.Join("\n", lines.Take(2)) + "\n"); // still a valid chain of two
        Assert.Equal(("RT4010", 3), FirstProblem());
        Assert.Contains("cut off the end", HashChainedLog.Verify(Log, out _)[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_head_marker_one_record_behind_is_a_crash_between_the_two_writes_and_verifies()
    {
        Append(2);
        var headAfterTwo = File.ReadAllText(HashChainedLog.HeadPath(Log));
        Append(1);
        File.WriteAllText(HashChainedLog.HeadPath(Log), headAfterTwo);
        Assert.Empty(HashChainedLog.Verify(Log, out var count));
        Assert.Equal(3, count);
    }
}
