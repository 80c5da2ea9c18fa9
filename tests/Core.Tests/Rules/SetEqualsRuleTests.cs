using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>setEquals</c> rule kind (src/Core/Rules/SetEqualsRule.cs).</summary>
public sealed class SetEqualsRuleTests : IDisposable
{
    private static readonly DriftRuleKind Kind = RuleKinds.Get("setEquals");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Wrong_json_type_is_RT2011()
    {
        var report = _repo.Run(
            RuleRepo.Contract("""{ "id": "r", "kind": "setEquals", "pointer": "/a", "value": [1] }"""),
            ("m.json", "{}"),
            ("p.json", """{"a": {"0": 1}}""")
        );
        Assert.Equal("RT2011", Assert.Single(report.AllDiagnostics).Code);
    }

    [Fact]
    public void Duplicates_in_a_set_are_drift()
    {
        var report = _repo.Run(
            RuleRepo.Contract("""{ "id": "r", "kind": "setEquals", "pointer": "/a", "value": [1, 2] }"""),
            ("m.json", "{}"),
            ("p.json", """{"a": [2, 1, 1]}""")
        );
        Assert.Contains("unexpected [1]", Assert.Single(report.AllDiagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_does_not_matter_and_the_message_lists_missing_and_unexpected_items()
    {
        var rule = """{ "id": "r", "kind": "setEquals", "pointer": "/a", "from": { "pointer": "/s" } }""";
        Assert.Equal(
            0,
            _repo
                .Run(RuleRepo.Contract(rule), ("m.json", """{"s": ["a", "b"]}"""), ("p.json", """{"a": ["b", "a"]}"""))
                .ExitCode
        );
        var report = _repo.Run(
            RuleRepo.Contract(rule),
            ("m.json", """{"s": ["a", "b"]}"""),
            ("p.json", """{"a": ["b", "c"]}""")
        );
        var finding = RuleRepo.SingleFinding(report, "RT2003");
        Assert.Equal((1, 7), (finding.Diagnostic.Line, finding.Diagnostic.Column));
        Assert.Equal(
            """[c/r] /a: expected the set ["a","b"] (from manifest /s), actual ["b","c"];"""
                + """ missing ["a"], unexpected ["c"].""",
            finding.Diagnostic.Message
        );
        RuleRepo.CodesAreDeclared(Kind, report);
    }

    [Fact]
    public void A_literal_value_that_is_not_an_array_is_RT1004()
    {
        var d = RuleRepo.SingleError(
            _repo.Run(RuleRepo.Contract("""{ "id": "r", "kind": "setEquals", "pointer": "/a", "value": {} }"""))
        );
        Assert.Equal("RT1004", d.Code);
        Assert.Contains("rule 'r'/value", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_writes_the_source_set()
    {
        _repo.Run(
            RuleRepo.Contract("""{ "id": "r", "kind": "setEquals", "pointer": "/a", "value": [1, 2] }"""),
            ("m.json", "{}"),
            ("p.json", """{"a": [3]}""")
        );
        Assert.True(Kind.DerivesValue);
        var result = _repo.Fix();
        Assert.Equal(("[3]", "[1,2]"), (Assert.Single(result.Fixed).Before, result.Fixed[0].After));
        Assert.Equal(0, result.Report.ExitCode);
    }
}
