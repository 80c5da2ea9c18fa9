using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary><c>usr-approval-lock</c> through the registry, on PairOfCleats' real rollout approval lock.</summary>
public sealed class UsrApprovalLockKindTests : IDisposable
{
    private readonly KindRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [SkippableFact]
    public void The_kind_passes_the_real_lock_and_reports_its_codes_on_a_premature_approval()
    {
        _repo.CopyIn(TestPaths.RealData("pairofcleats", "docs", "specs", "usr-rollout-approval-lock.md"), "lock.md");
        var now = KindRepository.At("2026-11-21T00:00:00Z");
        Assert.Empty(new UsrApprovalLockKind().Options);

        var real = _repo.Run(UsrApprovalLockKind.KindName, "lock.md", null, now);
        Assert.Equal(ValidationStatus.Pass, real.Status);

        var premature = _repo.Mutate(
            "lock.md",
            "premature.md",
            ("Approval state: `pending`", "Approval state: `approved`")
        );
        var result = _repo.Run(UsrApprovalLockKind.KindName, premature, null, now);
        Assert.Equal("RT6041", Assert.Single(result.Findings).Code);
    }
}
