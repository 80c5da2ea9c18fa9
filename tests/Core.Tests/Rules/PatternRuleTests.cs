using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>pattern</c> rule kind (src/Core/Rules/PatternRule.cs).</summary>
public sealed class PatternRuleTests : IDisposable
{
    private static readonly DriftRuleKind Kind = RuleKinds.Get("pattern");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Kind_specific_requirements_come_from_the_schema()
    {
        var d = RuleRepo.SingleError(
            _repo.Run(RuleRepo.Contract("""{ "id": "r", "kind": "pattern", "pointer": "/a" }"""))
        );
        Assert.Equal("RT1004", d.Code);
        Assert.Contains("'pattern'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_that_does_not_compile_is_RT1008_at_the_pattern()
    {
        var config = RuleRepo.Contract("""{ "id": "r", "kind": "pattern", "pointer": "/a", "pattern": "v([" }""");
        var d = RuleRepo.SingleError(_repo.Run(config));
        Assert.Equal("RT1008", d.Code);
        Assert.Equal((8, config.Split('\n')[7].IndexOf("\"v([\"", StringComparison.Ordinal) + 1), (d.Line, d.Column));
        Assert.StartsWith("Invalid regular expression 'v([':", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_on_a_rule_of_another_kind_must_compile_too()
    {
        var config = RuleRepo.Contract(
            """{ "id": "r", "kind": "equals", "pointer": "/a", "value": 1, "pattern": "([" }"""
        );
        var d = RuleRepo.SingleError(_repo.Run(config, ("m.json", "{}"), ("p.json", """{"a": 1}""")));
        Assert.Equal("RT1008", d.Code);
        Assert.Equal((8, config.Split('\n')[7].IndexOf("\"([\"", StringComparison.Ordinal) + 1), (d.Line, d.Column));
    }

    [Fact]
    public void A_string_that_does_not_match_is_RT2007_and_a_number_RT2011()
    {
        var rule = "{ \"id\": \"r\", \"kind\": \"pattern\", \"pointer\": \"/v\", \"pattern\": \"^v\\\\d+$\" }";
        Assert.Equal(0, _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", """{"v": "v12"}""")).ExitCode);
        var report = _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", """{"v": "v1.2"}"""));
        var finding = RuleRepo.SingleFinding(report, "RT2007");
        Assert.Equal((1, 7, "\"v1.2\""), (finding.Diagnostic.Line, finding.Diagnostic.Column, finding.Actual));
        Assert.Equal("[c/r] /v: value \"v1.2\" does not match the pattern ^v\\d+$.", finding.Diagnostic.Message);
        RuleRepo.CodesAreDeclared(Kind, report);
        var number = _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", """{"v": 12}"""));
        Assert.Equal(
            "[c/r] /v: expected a JSON string, actual number.",
            RuleRepo.SingleFinding(number, "RT2011").Diagnostic.Message
        );
        var missing = _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", "{}"));
        Assert.Equal(
            "[c/r] /v: value is missing; expected a string matching ^v\\d+$.",
            RuleRepo.SingleFinding(missing, "RT2010").Diagnostic.Message
        );
    }

    [Fact]
    public void Fix_leaves_it_alone_it_derives_no_value()
    {
        _repo.Run(
            RuleRepo.Contract("""{ "id": "r", "kind": "pattern", "pointer": "/v", "pattern": "^a$" }"""),
            ("m.json", "{}"),
            ("p.json", """{"v": "b"}""")
        );
        Assert.False(Kind.DerivesValue);
        Assert.Equal("a pattern rule derives no value", Assert.Single(_repo.Fix().Unfixed).Why);
    }
}
