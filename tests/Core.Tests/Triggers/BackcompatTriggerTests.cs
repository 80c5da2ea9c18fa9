using static ReleaseTrain.Tests.DecisionRepo;

namespace ReleaseTrain.Tests;

/// <summary>The backcompat trigger: strict, blocking compatibility scenarios that do not pass (RT4101).</summary>
public sealed class BackcompatTriggerTests : IDisposable
{
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Strict_blocking_backcompat_failure_is_NO_GO_but_non_strict_or_non_blocking_is_not()
    {
        _repo.Write(
            "results.json",
            """
            { "rows": [
              { "id": "BC-001", "readerMode": "strict", "blocking": true, "status": "pass" },
              { "id": "BC-002", "readerMode": "strict", "blocking": true, "status": "fail" },
              { "id": "BC-003", "readerMode": "non-strict", "blocking": false, "status": "fail" },
              { "id": "BC-004", "readerMode": "strict", "blocking": false, "status": "fail" }
            ] }
            """
        );
        var decision = _repo.Decide(Train("\"backcompatResults\": \"results.json\""));
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(("RT4101", 3, 3), (reason.Code, reason.Line, reason.Column));
        Assert.Contains("BC-002", reason.Message, StringComparison.Ordinal);
        Assert.Equal(1, decision.ExitCode);
    }

    [Fact]
    public void Warn_or_a_true_pass_flag_passes_a_missing_status_or_a_false_flag_fails()
    {
        _repo.Write(
            "results.json",
            """
            { "scenarios": [
              { "id": "warned", "readerMode": "strict", "blocking": true, "status": "WARN" },
              { "id": "flagged", "readerMode": "strict", "blocking": true, "pass": true },
              { "id": "unflagged", "readerMode": "strict", "blocking": true, "pass": false },
              { "id": "silent", "readerMode": "strict", "blocking": true }
            ] }
            """
        );
        var decision = _repo.Decide(Train("\"backcompatResults\": \"results.json\""));
        Assert.Equal(
            [
                "Strict blocking compatibility scenario 'unflagged' fails (status fail).",
                "Strict blocking compatibility scenario 'silent' fails (status missing).",
            ],
            decision.Reasons.Select(r => r.Message)
        );
        Assert.Equal("NO-GO: RT4101, RT4101", Check(decision, "backcompat").Result);
    }

    [Fact]
    public void Results_without_rows_are_invalid_input_and_the_check_names_the_file_read()
    {
        _repo.Write("results.json", """{ "matrix": [] }""");
        var decision = _repo.Decide(Train("\"backcompatResults\": \"results.json\""));
        Assert.Equal(2, decision.ExitCode);
        Assert.Contains(
            "has no 'rows' array",
            Assert.Single(decision.InputErrors, e => e.Code == "RT4009").Message,
            StringComparison.Ordinal
        );
        var check = Check(decision, "backcompat");
        Assert.Equal(("main", "invalid input: RT4009"), (check.Subject, check.Result));
        Assert.StartsWith("results.json (sha256:", check.Inputs, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_results_file_is_RT4102()
    {
        var decision = _repo.Decide(Train("\"backcompatResults\": \"absent.json\""));
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("RT4102", reason.Code);
        Assert.Contains("absent.json", reason.Message, StringComparison.Ordinal);
        Assert.Equal("absent.json (missing)", Check(decision, "backcompat").Inputs);
    }
}
