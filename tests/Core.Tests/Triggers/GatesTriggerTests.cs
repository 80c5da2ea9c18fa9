using static ReleaseTrain.Tests.DecisionRepo;

namespace ReleaseTrain.Tests;

/// <summary>The gates trigger: gates passed out of their configured order (RT4109).</summary>
public sealed class GatesTriggerTests : IDisposable
{
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static string Results(params (string Gate, string PassedAt)[] passed) =>
        "{\"gates\": ["
        + string.Join(
            ", ",
            passed.Select(p => $"{{\"gate\": \"{p.Gate}\", \"status\": \"pass\", \"passedAt\": \"{p.PassedAt}\"}}")
        )
        + "]}";

    [Fact]
    public void Gates_passed_out_of_order_are_NO_GO()
    {
        const string train = "\"gates\": [\"A\", \"B1\", \"B8\", \"C\"], \"gateResults\": \"gates.json\"";
        _repo.Write("gates.json", Results(("A", "2026-11-01T00:00:00Z"), ("B1", "2026-11-02T00:00:00Z")));
        Assert.True(_repo.Decide(Train(train)).Go); // in order, C not yet passed: no trigger

        _repo.Write("gates.json", Results(("A", "2026-11-05T00:00:00Z"), ("B1", "2026-11-02T00:00:00Z")));
        Assert.Contains(
            "before gate 'A'",
            Assert.Single(_repo.Decide(Train(train)).Reasons).Message,
            StringComparison.Ordinal
        );

        _repo.Write("gates.json", Results(("A", "2026-11-01T00:00:00Z"), ("C", "2026-11-02T00:00:00Z")));
        Assert.Contains("'B1'", Assert.Single(_repo.Decide(Train(train)).Reasons).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"gate\": \"A\", \"status\": \"pass\"}", "passedAt: missing")]
    [InlineData("""{"gate": "A", "status": "pass", "passedAt": "2026-11-01T00:00:00"}""", "has no offset")]
    public void A_passed_gate_without_a_valid_timestamp_is_invalid_input(string gate, string why)
    {
        _repo.Write("gates.json", $"{{\"gates\": [{gate}]}}");
        var decision = _repo.Decide(Train("\"gates\": [\"A\", \"B\"], \"gateResults\": \"gates.json\""));
        Assert.Equal(2, decision.ExitCode);
        var error = Assert.Single(decision.InputErrors);
        Assert.Equal(("RT4004", 1, 12), (error.Code, error.Line, error.Column));
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_gate_results_are_RT4102_and_results_without_gates_are_invalid_input()
    {
        const string train = "\"gates\": [\"A\"], \"gateResults\": \"gates.json\"";
        var missing = _repo.Decide(Train(train));
        Assert.Equal(["RT4102"], Codes(missing));
        var check = Check(missing, "gates");
        Assert.Equal(("NO-GO: RT4102", "gates.json (missing)"), (check.Result, check.Inputs));

        _repo.Write("gates.json", """{"results": []}""");
        var shapeless = _repo.Decide(Train(train));
        Assert.Equal("RT4009", Assert.Single(shapeless.InputErrors).Code);

        // Without gates, the results file is not read at all.
        var ungated = _repo.Decide(Train("\"gateResults\": \"gates.json\""));
        Assert.Equal("configuration only", Check(ungated, "gates").Inputs);
    }
}
