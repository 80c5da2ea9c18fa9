using System.Diagnostics;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Tests;

/// <summary>
/// The hash-chained log's bounds and its lock: a huge last line costs neither time nor memory, a record over the
/// maximum size is refused before anything is written, and a log named through a symlink is locked at its real path.
/// </summary>
public sealed class HashChainedLogLimitTests : IDisposable
{
    /// <summary>The documented maximum record size, 1 MiB (HashChainedLog.MaxRecordBytes).</summary>
    private const int MaxRecordBytes = 1024 * 1024;

    private readonly TempDirectory _dir = new("rt-log-limits");

    public void Dispose() => _dir.Dispose();

    private string Log => _dir.Combine("logs", "decisions.jsonl");

    private JsonObject Append(string? path = null, string pad = "", TimeSpan? timeout = null) =>
        HashChainedLog.Append(
            path ?? Log,
            (seq, _) =>
                new JsonObject
                {
                    ["verdict"] = "GO",
                    ["release"] = "1.0." + seq,
                    ["pad"] = pad,
                },
            timeout ?? TimeSpan.FromSeconds(10)
        );

    /// <summary>Appends a 48 MB line (a valid JSON object, with its newline) after one good record.</summary>
    private void AppendHugeLine()
    {
        Append();
        using var stream = new FileStream(Log, FileMode.Append, FileAccess.Write);
        stream.Write("{\"seq\":2,\"pad\":\""u8);
        var block = new byte[1024 * 1024];
        Array.Fill(block, (byte)'a');
        for (var i = 0; i < 48; i++)
        {
            stream.Write(block);
        }

        stream.Write("\"}\n"u8);
    }

    /// <summary>
    /// Runs an action on its own thread; returns what it threw, how long it took and what it allocated.
    /// </summary>
    private static (Exception? Error, TimeSpan Elapsed, long Allocated) Measure(Action action)
    {
        var work = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var error = Record.Exception(action);
            return (error, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
        });
        Assert.True(work.Wait(TimeSpan.FromSeconds(30)), "still running after 30 s");
        return work.Result;
    }

    [Fact]
    public void The_maximum_record_size_is_one_mebibyte() =>
        Assert.Equal(MaxRecordBytes, HashChainedLog.MaxRecordBytes);

    [Fact]
    public void A_48_MB_last_line_stops_an_append_at_once_in_bounded_memory()
    {
        AppendHugeLine();
        var before = File.ReadAllBytes(Log).Length;
        var (error, elapsed, allocated) = Measure(() => Append());
        var diagnostic = Assert.IsType<ReleaseTrainException>(error).Diagnostic;
        Assert.Equal(("RT4016", 2), (diagnostic.Code, diagnostic.Line));
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}");
        Assert.True(allocated < 8L * 1024 * 1024, $"allocated {allocated} bytes");
        Assert.Equal(before, new FileInfo(Log).Length);
    }

    [Fact]
    public void A_48_MB_line_fails_verification_at_its_line_in_bounded_memory()
    {
        AppendHugeLine();
        IReadOnlyList<Diagnostic> problems = [];
        var (error, elapsed, allocated) = Measure(() => problems = HashChainedLog.Verify(Log, out _));
        Assert.Null(error);
        var problem = Assert.Single(problems);
        Assert.Equal(("RT4016", 2), (problem.Code, problem.Line));
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}");
        Assert.True(allocated < 8L * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_record_over_the_maximum_size_is_refused_and_nothing_is_written()
    {
        Append();
        var before = File.ReadAllBytes(Log);
        var headBefore = File.ReadAllBytes(HashChainedLog.HeadPath(Log));
        var ex = Assert.Throws<ReleaseTrainException>(() => Append(pad: new string('x', MaxRecordBytes)));
        Assert.Equal("RT4016", ex.Diagnostic.Code);
        Assert.Equal(before, File.ReadAllBytes(Log));
        Assert.Equal(headBefore, File.ReadAllBytes(HashChainedLog.HeadPath(Log)));
        Append(pad: new string('x', MaxRecordBytes - 1000)); // just under the limit: lands
        Assert.Empty(HashChainedLog.Verify(Log, out var count));
        Assert.Equal(2, count);
    }

    [Fact]
    public void A_log_named_through_a_symlink_is_locked_at_its_real_path()
    {
        Append();
        var alias = _dir.Combine("alias", "decisions.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(alias)!);
        File.CreateSymbolicLink(alias, Path.Combine("..", "logs", "decisions.jsonl"));
        var before = File.ReadAllBytes(Log);

        // Another writer holds the lock of the real log: an append through the alias must wait for it.
        using (new FileStream(Log + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var ex = Assert.Throws<ReleaseTrainException>(() => Append(alias, timeout: TimeSpan.FromMilliseconds(300)));
            Assert.Equal("RT4012", ex.Diagnostic.Code);
        }

        Assert.Equal(before, File.ReadAllBytes(Log));
        Assert.False(File.Exists(alias + ".lock"));
        Append(alias);
        Assert.Empty(HashChainedLog.Verify(alias, out var count));
        Assert.Equal(2, count);
        Assert.Equal(2, File.ReadAllLines(Log).Length);
    }

    [Fact]
    public void A_rewrite_with_recomputed_hashes_still_verifies_as_docs_policy_md_says()
    {
        // The limit docs/policy.md states ("What the hash chain does and does not prove"): the chain stops naive
        // edits only. NO-GO rewritten as GO, every hash after it recomputed and the head marker rewritten, verifies.
        for (var i = 0; i < 3; i++)
        {
            HashChainedLog.Append(
                Log,
                (seq, _) => new JsonObject { ["verdict"] = seq == 2 ? "NO-GO" : "GO" },
                TimeSpan.FromSeconds(10)
            );
        }

        var records = File.ReadAllLines(Log).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        records[1]["verdict"] = "GO";
        File.WriteAllText(Log, string.Join("\n", records.Select(r => r.ToJsonString())) + "\n");
        Assert.Equal("RT4010", Assert.Single(HashChainedLog.Verify(Log, out _)).Code); // the naive edit is caught

        var prev = HashChainedLog.GenesisHash;
        foreach (var record in records)
        {
            record["prevHash"] = prev;
            record["recordHash"] = prev = HashChainedLog.RecordHash(record);
        }

        File.WriteAllText(Log, string.Join("\n", records.Select(r => r.ToJsonString())) + "\n");
        File.WriteAllText(HashChainedLog.HeadPath(Log), $"{{\"seq\":3,\"recordHash\":\"{prev}\"}}\n");
        Assert.Empty(HashChainedLog.Verify(Log, out var count)); // the recomputed rewrite is not
        Assert.Equal(3, count);
    }
}
