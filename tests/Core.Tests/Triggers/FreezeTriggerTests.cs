using NodaTime;
using static ReleaseTrain.Tests.DecisionRepo;

namespace ReleaseTrain.Tests;

/// <summary>The freeze trigger: an active freeze of the release or cutover action (RT4108).</summary>
public sealed class FreezeTriggerTests : IDisposable
{
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void An_active_release_or_cutover_freeze_is_NO_GO()
    {
        var config = """
            { "freezeWindows": [
                { "id": "cutover-week", "actions": ["cutover"],
                  "start": "2026-11-16T00:00:00Z", "end": "2026-11-23T00:00:00Z" },
                { "id": "build-only", "actions": ["build"],
                  "start": "2026-11-16T00:00:00Z", "end": "2026-11-23T00:00:00Z" } ] }
            """;
        var decision = _repo.Decide(config);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("RT4108", reason.Code);
        Assert.Contains("cutover-week", reason.Message, StringComparison.Ordinal);
        Assert.True(_repo.Decide(config, at: At + Duration.FromDays(5)).Go);
    }

    [Fact]
    public void Both_actions_are_checked_with_nothing_configured_and_an_approved_exception_lifts_a_window()
    {
        Assert.Equal(
            [("freeze", "release", "pass"), ("freeze", "cutover", "pass")],
            _repo.Decide("{}").Checks.Select(c => (c.Trigger, c.Subject, c.Result))
        );

        const string excepted = """
            { "freezeWindows": [ { "id": "week", "actions": ["release", "cutover"],
                                   "start": "2026-11-16T00:00:00Z", "end": "2026-11-23T00:00:00Z" } ],
              "freezeExceptions": [ { "id": "hotfix", "windows": ["week"], "release": "1.2.0", "reason": "fix",
                                      "requestedBy": "ops", "approvers": ["lead"],
                                      "validFrom": "2026-11-17T00:00:00Z", "validUntil": "2026-11-19T00:00:00Z" } ] }
            """;
        Assert.True(_repo.Decide(excepted).Go);
        Assert.Equal(["RT4108", "RT4108"], Codes(_repo.Decide(excepted, "1.2.1"))); // the exception is for 1.2.0
    }
}
