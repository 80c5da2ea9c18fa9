using static ReleaseTrain.Tests.DecisionRepo;

namespace ReleaseTrain.Tests;

/// <summary>
/// The coverage trigger: with trains configured, a release no train covers is NO-GO (RT4113) unless
/// "uncoveredReleases": "go". Issue 14: 1.0.0-rc.1 fell outside [1.0.0, 2.0.0) and every train gate was skipped.
/// </summary>
public sealed class CoverageTriggerTests : IDisposable
{
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    // A train whose readiness evidence is missing: every release it covers is NO-GO (RT4102).
    private static readonly string Config = Train(
        """ "evidence": [ { "id": "readiness", "kind": "readiness", "path": "release/readiness.json" } ] """
    );

    [Fact]
    public void A_prerelease_outside_every_train_is_NO_GO_and_says_why()
    {
        Assert.Equal(["RT4102"], Codes(_repo.Decide(Config, release: "1.0.0")));

        var rc = _repo.Decide(Config, release: "1.0.0-rc.1");
        Assert.False(rc.Go);
        var reason = Assert.Single(rc.Reasons);
        Assert.Equal("RT4113", reason.Code);
        Assert.EndsWith("release-train.json", reason.File, StringComparison.Ordinal);
        Assert.Contains(
            "No release train covers 1.0.0-rc.1: train 'main': 1.0.0-rc.1 is below the range's minimum 1.0.0 (a "
                + "prerelease sorts before its release; a lower bound of 1.0.0-0 takes in the prereleases of 1.0.0)",
            reason.Message,
            StringComparison.Ordinal
        );
        Assert.Empty(rc.Trains);
        Assert.Equal(("1.0.0-rc.1", "NO-GO: RT4113"), (Check(rc, "coverage").Subject, Check(rc, "coverage").Result));
        Assert.Contains(
            "2.0.0 is not below the range's exclusive maximum 2.0.0",
            Assert.Single(_repo.Decide(Config, release: "2.0.0").Reasons).Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void A_range_that_takes_in_prereleases_runs_the_train_gates()
    {
        var config = Config.Replace("[1.0.0, 2.0.0)", "[1.0.0-0, 2.0.0)", StringComparison.Ordinal);
        var rc = _repo.Decide(config, release: "1.0.0-rc.1");
        Assert.Equal(["RT4102"], Codes(rc));
        Assert.Equal(["main"], rc.Trains);
        Assert.Equal("pass", Check(rc, "coverage").Result);
    }

    [Fact]
    public void The_configuration_may_let_uncovered_releases_go_and_without_trains_nothing_is_covered()
    {
        var optIn = Config.Replace(
            "{ \"trains\"",
            "{ \"uncoveredReleases\": \"go\", \"trains\"",
            StringComparison.Ordinal
        );
        Assert.True(_repo.Decide(optIn, release: "1.0.0-rc.1").Go);
        Assert.Equal(["RT4102"], Codes(_repo.Decide(optIn, release: "1.0.0")));

        var noTrains = _repo.Decide("""{ "decisionLog": "log.jsonl" }""", release: "1.0.0-rc.1");
        Assert.True(noTrains.Go);
        Assert.DoesNotContain(noTrains.Checks, c => c.Trigger == "coverage");
    }
}
