using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>enum</c> rule kind (src/Core/Rules/EnumRule.cs).</summary>
public sealed class EnumRuleTests : IDisposable
{
    private static readonly DriftRuleKind Kind = RuleKinds.Get("enum");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void A_value_outside_the_list_is_RT2008_by_json_equality()
    {
        var rule = """{ "id": "r", "kind": "enum", "pointer": "/s", "values": ["on", 1, null] }""";
        Assert.Equal(0, _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", """{"s": 1.0}""")).ExitCode);
        Assert.Equal(0, _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", """{"s": null}""")).ExitCode);
        var report = _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", "{\n  \"s\": \"1\"\n}"));
        var finding = RuleRepo.SingleFinding(report, "RT2008");
        Assert.Equal((2, 8), (finding.Diagnostic.Line, finding.Diagnostic.Column));
        Assert.Equal("""[c/r] /s: value "1" is not one of ["on",1,null].""", finding.Diagnostic.Message);
        RuleRepo.CodesAreDeclared(Kind, report);
    }

    [Fact]
    public void A_missing_value_is_RT2010()
    {
        var rule = """{ "id": "r", "kind": "enum", "pointer": "/s", "values": ["on"] }""";
        var finding = RuleRepo.SingleFinding(
            _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", "{}")),
            "RT2010"
        );
        Assert.Equal("""[c/r] /s: value is missing; expected one of ["on"].""", finding.Diagnostic.Message);
    }

    [Fact]
    public void Values_come_from_the_schema()
    {
        var d = RuleRepo.SingleError(
            _repo.Run(RuleRepo.Contract("""{ "id": "r", "kind": "enum", "pointer": "/s" }"""))
        );
        Assert.Equal("RT1004", d.Code);
        Assert.Contains("'values'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_leaves_it_alone_it_derives_no_value()
    {
        _repo.Run(
            RuleRepo.Contract("""{ "id": "r", "kind": "enum", "pointer": "/s", "values": ["on"] }"""),
            ("m.json", "{}"),
            ("p.json", """{"s": "off"}""")
        );
        Assert.False(Kind.DerivesValue);
        Assert.Equal("an enum rule derives no value", Assert.Single(_repo.Fix().Unfixed).Why);
    }
}
