using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>includes</c> rule kind (src/Core/Rules/IncludesRule.cs).</summary>
public sealed class IncludesRuleTests : IDisposable
{
    private static readonly DriftRuleKind Kind = RuleKinds.Get("includes");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void The_array_holds_every_source_item_in_any_order_with_others_allowed()
    {
        var rule = """{ "id": "r", "kind": "includes", "pointer": "/codes", "from": { "pointer": "/codes" } }""";
        var manifest = """{"codes": ["a", "b"]}""";
        var pass = _repo.Run(
            RuleRepo.Contract(rule),
            ("m.json", manifest),
            ("p.json", """{"codes": ["x", "b", "a"]}""")
        );
        Assert.Equal(0, pass.ExitCode);

        var report = _repo.Run(RuleRepo.Contract(rule), ("p.json", """{"codes": ["x", "a"]}"""));
        var finding = RuleRepo.SingleFinding(report, "RT2016");
        Assert.Equal((1, 11), (finding.Diagnostic.Line, finding.Diagnostic.Column));
        Assert.Equal(
            "[c/r] /codes: missing [\"b\"], which manifest /codes requires (other items may be there too).",
            finding.Diagnostic.Message
        );
        RuleRepo.CodesAreDeclared(Kind, report);
    }

    [Fact]
    public void A_literal_value_that_is_not_an_array_is_RT1004_and_fix_leaves_findings()
    {
        var bad = RuleRepo.Contract("""{ "id": "r", "kind": "includes", "pointer": "/codes", "value": "a" }""");
        Assert.Equal("RT1004", RuleRepo.SingleError(_repo.Run(bad, ("m.json", "{}"), ("p.json", "{}"))).Code);

        var rule = RuleRepo.Contract("""{ "id": "r", "kind": "includes", "pointer": "/codes", "value": ["a"] }""");
        _repo.Run(rule, ("p.json", """{"codes": []}"""));
        Assert.False(Kind.DerivesValue);
        Assert.Equal("RT2016", Assert.Single(_repo.Fix().Unfixed).Finding.Diagnostic.Code);
    }
}
