using System.Text.Json.Nodes;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary><c>usr-waivers</c> through the registry: the real waiver policy at its <c>at</c> option.</summary>
public sealed class UsrWaiversKindTests : IDisposable
{
    private readonly KindRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [SkippableFact]
    public void The_kind_evaluates_at_its_at_option_and_reports_its_codes()
    {
        _repo.CopyIn(TestPaths.RealData("pairofcleats", "tests", "lang", "matrix", "usr-waiver-policy.json"), "w.json");
        Assert.Equal(["at", "strict", "ownership", "escalation"], new UsrWaiversKind().Options);
        var november = KindRepository.At("2026-11-21T00:00:00Z");

        var expired = _repo.Run(UsrWaiversKind.KindName, "w.json", null, november);
        Assert.Equal(ValidationStatus.Fail, expired.Status);
        Assert.Equal(4, expired.Findings.Count(f => f.Code == "RT6034"));

        var at = new JsonObject { ["at"] = "2026-03-01T00:00:00Z" };
        var march = _repo.Run(UsrWaiversKind.KindName, "w.json", at, november);
        Assert.Equal(ValidationStatus.Warn, march.Status);
        Assert.Equal("RT6035", Assert.Single(march.Findings).Code);
    }
}
