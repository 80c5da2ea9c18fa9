using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary><c>usr-backcompat</c> through the registry, on PairOfCleats' real matrix.</summary>
public sealed class UsrBackcompatKindTests : IDisposable
{
    private readonly KindRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [SkippableFact]
    public void The_kind_passes_the_real_matrix_and_reports_its_codes_on_a_broken_copy()
    {
        var real = TestPaths.RealData("pairofcleats", "tests", "lang", "matrix", "usr-backcompat-matrix.json");
        _repo.CopyIn(real, "m.json");
        var now = KindRepository.At("2026-11-21T00:00:00Z");
        Assert.Equal(["scenarios"], new UsrBackcompatKind().Options);

        var passed = _repo.Run(UsrBackcompatKind.KindName, "m.json", null, now);
        Assert.Equal(ValidationStatus.Pass, passed.Status);
        Assert.Contains(UsrBackcompatValidator.ReportFile, passed.Reports.Keys);

        var broken = _repo.Mutate("m.json", "broken.json", ("\"id\": \"BC-002\"", "\"id\": \"BC-001\""));
        var result = _repo.Run(UsrBackcompatKind.KindName, broken, null, now);
        Assert.Equal(ValidationStatus.Fail, result.Status);
        Assert.Contains(result.Findings, f => f.Code == "RT6003");
    }
}
