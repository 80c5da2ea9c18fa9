using System.Text.Json.Nodes;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary><c>usr-operational-readiness</c> through the registry: the real policy, with and without drills.
/// </summary>
public sealed class UsrOperationalReadinessKindTests : IDisposable
{
    private readonly KindRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [SkippableFact]
    public void The_kind_reads_drills_and_cutover_and_reports_its_codes()
    {
        var matrix = TestPaths.RealData("pairofcleats", "tests", "lang", "matrix");
        var policy = Path.Combine(matrix, "usr-operational-readiness-policy.json");
        _repo.CopyIn(policy, "policy.json");
        Assert.Equal(["drills", "cutover", "at"], new UsrOperationalReadinessKind().Options);
        var now = KindRepository.At("2026-11-27T00:00:00Z");

        var real = _repo.Run(UsrOperationalReadinessKind.KindName, "policy.json", null, now);
        Assert.Empty(real.Findings);
        Assert.False(real.Reports[UsrOperationalReadinessValidator.ReportFile]["drillsEvaluated"]!.GetValue<bool>());

        // A drill 56 days before the cutover window is stale.
        _repo.Write(
            "drills/cutover.json",
            new JsonObject
            {
                ["runbookId"] = "usr-cutover-runbook",
                ["runbookVersion"] = "2026.11",
                ["result"] = "pass",
                ["executedAt"] = "2026-10-01T09:00:00Z",
            }.ToJsonString()
        );
        var options = new JsonObject { ["drills"] = "drills", ["cutover"] = "2026-11-26T00:00:00Z" };
        var drilled = _repo.Run(UsrOperationalReadinessKind.KindName, "policy.json", options, now);
        Assert.True(drilled.Reports[UsrOperationalReadinessValidator.ReportFile]["drillsEvaluated"]!.GetValue<bool>());
        Assert.Contains(drilled.Findings, f => f.Code == "RT6024");
        Assert.Equal(ValidationStatus.Fail, drilled.Status);
    }
}
