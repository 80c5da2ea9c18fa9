using static ReleaseTrain.Tests.DecisionRepo;

namespace ReleaseTrain.Tests;

/// <summary>The waivers trigger: critical waivers expired (RT4106) or short of approvals (RT4107).</summary>
public sealed class WaiversTriggerTests : IDisposable
{
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Critical_waivers_expired_or_unapproved_are_NO_GO_other_severities_are_not()
    {
        var decision = _repo.Decide(
            Train(
                """
                "waivers": [
                  { "id": "expired", "severity": "critical", "approvers": ["usr-architecture", "usr-operations"],
                    "allowedUntil": "2026-11-18T12:00:00Z" },
                  { "id": "lonely", "severity": "critical", "approvers": ["usr-architecture"],
                    "allowedUntil": "2027-01-01T00:00:00Z" },
                  { "id": "fine", "severity": "critical", "approvers": ["usr-architecture", "usr-operations"],
                    "allowedUntil": "2027-01-01T00:00:00Z" },
                  { "id": "low", "severity": "low", "approvers": [], "allowedUntil": "2026-01-01T00:00:00Z" }
                ]
                """
            )
        );
        Assert.Equal(["RT4106", "RT4107"], Codes(decision));
        // allowedUntil <= now is expired
        Assert.Contains("expired", decision.Reasons[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Approvers_count_once_ignoring_case_against_required_approvals()
    {
        var decision = _repo.Decide(
            Train(
                """
                "waivers": [
                  { "id": "echo", "severity": "critical", "approvers": ["alice", "ALICE"],
                    "allowedUntil": "2027-01-01T00:00:00Z" },
                  { "id": "three", "severity": "critical", "approvers": ["a", "b"], "requiredApprovals": 3,
                    "allowedUntil": "2027-01-01T00:00:00Z" },
                  { "id": "one", "severity": "critical", "approvers": ["a"], "requiredApprovals": 1,
                    "allowedUntil": "2027-01-01T00:00:00Z" }
                ]
                """
            )
        );
        Assert.Equal(
            [
                "Critical waiver 'echo' has 1 distinct approval(s); it needs 2.",
                "Critical waiver 'three' has 2 distinct approval(s); it needs 3.",
            ],
            decision.Reasons.Select(r => r.Message)
        );
        var check = Check(decision, "waivers");
        Assert.Equal(("NO-GO: RT4107, RT4107", "configuration only"), (check.Result, check.Inputs));
    }
}
