using static ReleaseTrain.Tests.DecisionRepo;

namespace ReleaseTrain.Tests;

/// <summary>The signoff trigger: incomplete joint sign-off when <c>signoff</c> is configured (RT4110).</summary>
public sealed class SignOffTriggerTests : IDisposable
{
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Without_signoff_configured_the_trigger_does_not_run()
    {
        Assert.DoesNotContain(_repo.Decide("{}").Checks, c => c.Trigger == "signoff");
    }

    [Fact]
    public void Missing_roles_are_NO_GO_naming_each_role_and_the_records_file_is_an_input()
    {
        var decision = _repo.Decide(
            """
            { "signoff": { "allowUnsignedRecords": true, "roles": { "producer": ["alice"], "consumer": ["bob"] } } }
            """
        );
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(("RT4110", 1, 14), (reason.Code, reason.Line, reason.Column)); // at "signoff"
        Assert.Contains("'producer'", reason.Message, StringComparison.Ordinal);
        Assert.Contains("'consumer'", reason.Message, StringComparison.Ordinal);
        var check = Check(decision, "signoff");
        Assert.Equal(
            ("1.2.0", "NO-GO: RT4110", "release-train/signoff-log.jsonl (missing)"),
            (check.Subject, check.Result, check.Inputs)
        );
    }

    [Fact]
    public void Unreadable_records_are_invalid_input_not_a_reason()
    {
        _repo.Write("signoff.jsonl", "not json\n");
        var decision = _repo.Decide(
            """
            { "signoff": { "allowUnsignedRecords": true, "roles": { "producer": ["alice"] }, "records":
            """
                + """
                 "signoff.jsonl" } }
                """
        );
        Assert.Empty(decision.Reasons);
        Assert.Equal(2, decision.ExitCode);
        Assert.StartsWith("invalid input: ", Check(decision, "signoff").Result, StringComparison.Ordinal);
    }
}
