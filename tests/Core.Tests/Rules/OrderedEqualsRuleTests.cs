using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>orderedEquals</c> rule kind (src/Core/Rules/OrderedEqualsRule.cs).</summary>
public sealed class OrderedEqualsRuleTests : IDisposable
{
    private static readonly DriftRuleKind Kind = RuleKinds.Get("orderedEquals");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void A_reorder_is_RT2002()
    {
        var rule = """{ "id": "r", "kind": "orderedEquals", "pointer": "/a", "from": { "pointer": "/a" } }""";
        Assert.Equal(
            0,
            _repo
                .Run(RuleRepo.Contract(rule), ("m.json", """{"a": [1, "x"]}"""), ("p.json", """{"a": [1, "x"]}"""))
                .ExitCode
        );
        var report = _repo.Run(
            RuleRepo.Contract(rule),
            ("m.json", """{"a": [1, "x"]}"""),
            ("p.json", """{"a": ["x", 1]}""")
        );
        var finding = RuleRepo.SingleFinding(report, "RT2002");
        Assert.Equal((1, 7), (finding.Diagnostic.Line, finding.Diagnostic.Column));
        Assert.Equal(
            """[c/r] /a: expected the ordered list [1,"x"] (from manifest /a), actual ["x",1].""",
            finding.Diagnostic.Message
        );
        RuleRepo.CodesAreDeclared(Kind, report);
    }

    [Fact]
    public void A_literal_value_that_is_not_an_array_is_RT1004_at_the_value()
    {
        var config = RuleRepo.Contract("""{ "id": "r", "kind": "orderedEquals", "pointer": "/a", "value": 1 }""");
        var d = RuleRepo.SingleError(_repo.Run(config));
        Assert.Equal("RT1004", d.Code);
        Assert.Equal((8, config.Split('\n')[7].IndexOf("1 }", StringComparison.Ordinal) + 1), (d.Line, d.Column));
        Assert.Contains("a orderedEquals rule's value is an array", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_or_a_value_that_is_not_an_array_is_RT2011()
    {
        var rule = """{ "id": "r", "kind": "orderedEquals", "pointer": "/a", "from": { "pointer": "/a" } }""";
        var source = RuleRepo.SingleFinding(
            _repo.Run(RuleRepo.Contract(rule), ("m.json", """{"a": 1}"""), ("p.json", """{"a": [1]}""")),
            "RT2011"
        );
        Assert.Equal("[c/r] /a: expected a JSON array at manifest /a, actual number.", source.Diagnostic.Message);
        var actual = RuleRepo.SingleFinding(
            _repo.Run(RuleRepo.Contract(rule), ("m.json", """{"a": [1]}"""), ("p.json", """{"a": "1"}""")),
            "RT2011"
        );
        Assert.Equal("[c/r] /a: expected a JSON array, actual string.", actual.Diagnostic.Message);
        Assert.Equal("[1]", actual.Expected);
    }

    [Fact]
    public void Fix_writes_the_ordered_list()
    {
        _repo.Run(
            RuleRepo.Contract(
                """{ "id": "r", "kind": "orderedEquals", "pointer": "/a", "from": { "pointer": "/a" } }"""
            ),
            ("m.json", """{"a": [1, 2]}"""),
            ("p.json", """{"a": [2, 1]}""")
        );
        var result = _repo.Fix();
        Assert.Equal("[2,1]", Assert.Single(result.Fixed).Before);
        Assert.Equal(0, result.Report.ExitCode);
        Assert.Contains(
            "[1,",
            File.ReadAllText(_repo.Combine("p.json"))
                .Replace(" ", string.Empty, StringComparison.Ordinal)
                .Replace("\n", string.Empty, StringComparison.Ordinal),
            StringComparison.Ordinal
        );
    }
}
