using System.Text.Json.Nodes;
using NodaTime.Text;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;

namespace ReleaseTrain.Tests;

/// <summary>The no-cut decision: every trigger, GO with nothing configured, determinism.</summary>
public sealed class DecisionTests : IDisposable
{
    private static readonly Instant At = OffsetDateTimePattern.ExtendedIso.Parse("2026-11-18T12:00:00Z").GetValueOrThrow().ToInstant();
    private readonly TempDirectory _repo = new("rt-decide");

    public void Dispose() => _repo.Dispose();

    private void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_repo.Combine(path))!);
        File.WriteAllText(_repo.Combine(path), content);
    }

    private Decision Decide(string config, string release = "1.2.0", Instant? at = null)
    {
        Write("release-train.json", config);
        var loaded = ConfigLoader.Load(_repo.Combine("release-train.json"), null, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return NoCutDecision.Decide(loaded!, new DecisionRequest(release, null, at ?? At));
    }

    private static string Train(string body) => $$"""{ "trains": [ { "id": "main", "versions": "[1.0.0, 2.0.0)", {{body}} } ] }""";

    private static string[] Codes(Decision d) => [.. d.Reasons.Select(r => r.Code).Order(StringComparer.Ordinal)];

    [Fact]
    public void Nothing_configured_is_GO()
    {
        var decision = Decide("{}");
        Assert.True(decision.Go);
        Assert.Equal(0, decision.ExitCode);
    }

    [Fact]
    public void Strict_blocking_backcompat_failure_is_NO_GO_but_non_strict_or_non_blocking_is_not()
    {
        Write("results.json", """
            { "rows": [
              { "id": "BC-001", "readerMode": "strict", "blocking": true, "status": "pass" },
              { "id": "BC-002", "readerMode": "strict", "blocking": true, "status": "fail" },
              { "id": "BC-003", "readerMode": "non-strict", "blocking": false, "status": "fail" },
              { "id": "BC-004", "readerMode": "strict", "blocking": false, "status": "fail" }
            ] }
            """);
        var decision = Decide(Train("\"backcompatResults\": \"results.json\""));
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(("RT4101", 3, 3), (reason.Code, reason.Line, reason.Column));
        Assert.Contains("BC-002", reason.Message, StringComparison.Ordinal);
        Assert.Equal(1, decision.ExitCode);
    }

    [Theory]
    [InlineData("2026-11-17T12:00:00Z", null)]             // a day old: fine
    [InlineData("2026-11-10T11:59:59Z", "RT4103")]         // older than P7D
    [InlineData("2026-11-18T12:04:59Z", null)]             // within the 5 minute clock skew
    [InlineData("2026-11-18T12:10:00Z", "RT4104")]         // in the future beyond the skew
    public void Readiness_evidence_freshness(string dated, string? code)
    {
        Write("readiness.json", $"{{\"generatedAt\": \"{dated}\"}}");
        var decision = Decide(Train("\"evidence\": [ { \"id\": \"ops\", \"kind\": \"readiness\", \"path\": \"readiness.json\", \"maxAge\": \"P7D\" } ]"));
        Assert.Equal(code is null ? [] : [code], Codes(decision));
    }

    [Fact]
    public void Missing_security_evidence_is_NO_GO_and_an_undated_timestamp_is_invalid_input()
    {
        var missing = Decide(Train("\"evidence\": [ { \"id\": \"scan\", \"kind\": \"security\", \"path\": \"scan.json\" } ]"));
        Assert.Equal(["RT4102"], Codes(missing));

        Write("scan.json", "{\"generatedAt\": \"2026-11-18T10:00:00\"}");
        var undated = Decide(Train("\"evidence\": [ { \"id\": \"scan\", \"kind\": \"security\", \"path\": \"scan.json\" } ]"));
        Assert.Equal(2, undated.ExitCode);
        Assert.Equal("RT4004", Assert.Single(undated.InputErrors).Code);
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("{\"generatedAt\": \"2026-11-01T00:00:00Z\", \"result\": \"failed\"}", "its result is failed")]
    [InlineData("{\"generatedAt\": \"2026-10-18T11:59:59Z\", \"result\": \"pass\"}", "longer ago than 30d")]
    public void Rollback_drill_missing_failing_or_older_than_30_days_is_NO_GO(string? drill, string why)
    {
        if (drill is not null)
        {
            Write("drill.json", drill);
        }

        var decision = Decide(Train("\"evidence\": [ { \"id\": \"drill\", \"kind\": \"rollback-drill\", \"path\": \"drill.json\", \"maxAge\": \"P90D\" } ]"));
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("RT4105", reason.Code);
        Assert.Contains(why, reason.Message, StringComparison.Ordinal);

        Write("drill.json", "{\"generatedAt\": \"2026-10-20T00:00:00Z\", \"result\": \"pass\"}");
        Assert.True(Decide(Train("\"evidence\": [ { \"id\": \"drill\", \"kind\": \"rollback-drill\", \"path\": \"drill.json\" } ]")).Go);
    }

    [Fact]
    public void Critical_waivers_expired_or_unapproved_are_NO_GO_other_severities_are_not()
    {
        var decision = Decide(Train("""
            "waivers": [
              { "id": "expired", "severity": "critical", "approvers": ["usr-architecture", "usr-operations"], "allowedUntil": "2026-11-18T12:00:00Z" },
              { "id": "lonely", "severity": "critical", "approvers": ["usr-architecture"], "allowedUntil": "2027-01-01T00:00:00Z" },
              { "id": "fine", "severity": "critical", "approvers": ["usr-architecture", "usr-operations"], "allowedUntil": "2027-01-01T00:00:00Z" },
              { "id": "low", "severity": "low", "approvers": [], "allowedUntil": "2026-01-01T00:00:00Z" }
            ]
            """));
        Assert.Equal(["RT4106", "RT4107"], Codes(decision));
        Assert.Contains("expired", decision.Reasons[0].Message, StringComparison.Ordinal); // allowedUntil <= now is expired
    }

    [Fact]
    public void An_active_release_or_cutover_freeze_is_NO_GO()
    {
        var config = """
            { "freezeWindows": [ { "id": "cutover-week", "actions": ["cutover"], "start": "2026-11-16T00:00:00Z", "end": "2026-11-23T00:00:00Z" },
                                 { "id": "build-only", "actions": ["build"], "start": "2026-11-16T00:00:00Z", "end": "2026-11-23T00:00:00Z" } ] }
            """;
        var decision = Decide(config);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("RT4108", reason.Code);
        Assert.Contains("cutover-week", reason.Message, StringComparison.Ordinal);
        Assert.True(Decide(config, at: At + Duration.FromDays(5)).Go);
    }

    [Fact]
    public void Gates_passed_out_of_order_are_NO_GO()
    {
        const string train = "\"gates\": [\"A\", \"B1\", \"B8\", \"C\"], \"gateResults\": \"gates.json\"";
        Write("gates.json", """{"gates": [{"gate": "A", "status": "pass", "passedAt": "2026-11-01T00:00:00Z"}, {"gate": "B1", "status": "pass", "passedAt": "2026-11-02T00:00:00Z"}]}""");
        Assert.True(Decide(Train(train)).Go); // in order, C not yet passed: no trigger

        Write("gates.json", """{"gates": [{"gate": "A", "status": "pass", "passedAt": "2026-11-05T00:00:00Z"}, {"gate": "B1", "status": "pass", "passedAt": "2026-11-02T00:00:00Z"}]}""");
        Assert.Contains("before gate 'A'", Assert.Single(Decide(Train(train)).Reasons).Message, StringComparison.Ordinal);

        Write("gates.json", """{"gates": [{"gate": "A", "status": "pass", "passedAt": "2026-11-01T00:00:00Z"}, {"gate": "C", "status": "pass", "passedAt": "2026-11-02T00:00:00Z"}]}""");
        Assert.Contains("'B1'", Assert.Single(Decide(Train(train)).Reasons).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"gate\": \"A\", \"status\": \"pass\"}", "passedAt: missing")]
    [InlineData("{\"gate\": \"A\", \"status\": \"pass\", \"passedAt\": \"2026-11-01T00:00:00\"}", "has no offset")]
    public void A_passed_gate_without_a_valid_timestamp_is_invalid_input(string gate, string why)
    {
        Write("gates.json", $"{{\"gates\": [{gate}]}}");
        var decision = Decide(Train("\"gates\": [\"A\", \"B\"], \"gateResults\": \"gates.json\""));
        Assert.Equal(2, decision.ExitCode);
        var error = Assert.Single(decision.InputErrors);
        Assert.Equal(("RT4004", 1, 12), (error.Code, error.Line, error.Column));
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trains_apply_by_version_range_and_the_same_inputs_give_the_same_digest()
    {
        Write("readiness.json", "{\"generatedAt\": \"2020-01-01T00:00:00Z\"}");
        var config = Train("\"evidence\": [ { \"id\": \"ops\", \"kind\": \"readiness\", \"path\": \"readiness.json\" } ]");
        Assert.False(Decide(config, "1.9.9").Go);
        Assert.True(Decide(config, "2.0.0").Go); // outside [1.0.0, 2.0.0)
        var a = Decide(config);
        var b = Decide(config);
        Assert.Equal(a.InputsDigest, b.InputsDigest);
        Write("readiness.json", "{\"generatedAt\": \"2020-01-01T00:00:01Z\"}");
        Assert.NotEqual(a.InputsDigest, Decide(config).InputsDigest);
    }

    [Fact]
    public void The_release_evidence_bundle_digest_is_an_input_where_present()
    {
        var without = Decide("{}");
        Assert.Null(without.EvidenceDigest);
        var digest = "sha256:" + new string('7', 64);
        Write("artifacts/evidence/1.2.0/COMMITTED", digest + "\n");
        var with = Decide("{}");
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
            HashChainedLog.Append(Log, (seq, prev) => new JsonObject { ["verdict"] = seq % 2 == 0 ? "GO" : "NO-GO", ["release"] = "1.0." + seq }, TimeSpan.FromSeconds(10));
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
                HashChainedLog.Append(Log, (_, _) => new JsonObject { ["verdict"] = "GO" }, TimeSpan.FromMilliseconds(300)));
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
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", first["prevHash"]!.ToString());
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
