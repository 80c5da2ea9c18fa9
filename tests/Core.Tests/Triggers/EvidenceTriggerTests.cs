using static ReleaseTrain.Tests.DecisionRepo;

namespace ReleaseTrain.Tests;

/// <summary>
/// The evidence trigger: readiness, security and other evidence missing (RT4102), stale (RT4103) or from the future
/// (RT4104); the rollback drill missing, failing or older than 30 days (RT4105).
/// </summary>
public sealed class EvidenceTriggerTests : IDisposable
{
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("2026-11-17T12:00:00Z", null)] // a day old: fine
    [InlineData("2026-11-11T12:00:00Z", null)] // exactly P7D old: not older than its maximum age
    [InlineData("2026-11-10T11:59:59Z", "RT4103")] // older than P7D
    [InlineData("2026-11-18T12:04:59Z", null)] // within the 5 minute clock skew
    [InlineData("2026-11-18T12:10:00Z", "RT4104")] // in the future beyond the skew
    public void Readiness_evidence_freshness(string dated, string? code)
    {
        _repo.Write("readiness.json", $"{{\"generatedAt\": \"{dated}\"}}");
        var decision = _repo.Decide(
            Train(
                """ "evidence": [ { "id": "ops", "kind": "readiness", "path": "readiness.json", "maxAge": "P7D" } ] """
            )
        );
        Assert.Equal(code is null ? [] : [code], Codes(decision));
    }

    [Fact]
    public void Missing_security_evidence_is_NO_GO_and_an_undated_timestamp_is_invalid_input()
    {
        const string scan = "\"evidence\": [ { \"id\": \"scan\", \"kind\": \"security\", \"path\": \"scan.json\" } ]";
        var missing = _repo.Decide(Train(scan));
        Assert.Equal(["RT4102"], Codes(missing));

        _repo.Write("scan.json", "{\"generatedAt\": \"2026-11-18T10:00:00\"}");
        var undated = _repo.Decide(Train(scan));
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
            _repo.Write("drill.json", drill);
        }

        const string evidence = """
            "evidence": [ { "id": "drill", "kind": "rollback-drill", "path": "drill.json", "maxAge": "P90D" } ]
            """;
        var decision = _repo.Decide(Train(evidence));
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("RT4105", reason.Code);
        Assert.Contains(why, reason.Message, StringComparison.Ordinal);

        _repo.Write("drill.json", "{\"generatedAt\": \"2026-10-20T00:00:00Z\", \"result\": \"pass\"}");
        Assert.True(
            _repo
                .Decide(
                    Train(
                        "\"evidence\": [ { \"id\": \"drill\", \"kind\": \"rollback-drill\", \"path\": \"drill.json\" } "
                            + "]"
                    )
                )
                .Go
        );
    }

    [Theory]
    [InlineData("Succeeded", "P30D", null)]
    [InlineData("ok", "P10D", "longer ago than 10d 0h")] // the train's rollbackDrillMaxAge when shorter
    [InlineData("skipped", "P30D", "its result is skipped")]
    public void A_drill_passes_by_its_result_word_within_the_trains_rollback_drill_max_age(
        string result,
        string limit,
        string? why
    )
    {
        _repo.Write("drill.json", $$$"""{"ranAt": "2026-11-01T00:00:00Z", "outcome": {"result": "{{{result}}}"}}""");
        var decision = _repo.Decide(
            Train(
                $$"""
                "rollbackDrillMaxAge": "{{limit}}",
                "evidence": [ { "id": "drill", "kind": "rollback-drill", "path": "drill.json",
                                "timestampPointer": "/ranAt", "resultPointer": "/outcome/result" } ]
                """
            )
        );
        if (why is null)
        {
            Assert.Empty(decision.Reasons);
        }
        else
        {
            Assert.Contains(why, Assert.Single(decision.Reasons).Message, StringComparison.Ordinal);
        }

        Assert.Equal(why is null ? "pass" : "NO-GO: RT4105", Check(decision, "evidence").Result);
    }

    [Fact]
    public void A_timestamp_pointer_that_names_no_string_is_invalid_input()
    {
        _repo.Write("ops.json", "{\"generatedAt\": 20261118}");
        var decision = _repo.Decide(
            Train("\"evidence\": [ { \"id\": \"ops\", \"kind\": \"readiness\", \"path\": \"ops.json\" } ]")
        );
        Assert.Equal(2, decision.ExitCode);
        var error = Assert.Single(decision.InputErrors);
        Assert.Equal("RT4009", error.Code);
        Assert.Contains("has no timestamp string at /generatedAt", error.Message, StringComparison.Ordinal);
    }
}
