using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>equals</c> rule kind (src/Core/Rules/EqualsRule.cs).</summary>
public sealed class EqualsRuleTests : IDisposable
{
    private static readonly DriftRuleKind Kind = RuleKinds.Get("equals");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Equals_rule_needs_from_or_value()
    {
        var d = RuleRepo.SingleError(
            _repo.Run(RuleRepo.Contract("""{ "id": "r", "kind": "equals", "pointer": "/a" }"""))
        );
        Assert.Equal("RT1004", d.Code);
        Assert.Equal((8, 9), (d.Line, d.Column));
        Assert.Contains("a equals rule needs exactly one of 'from' and 'value'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equals_rule_refuses_both_from_and_value()
    {
        var d = RuleRepo.SingleError(
            _repo.Run(
                RuleRepo.Contract(
                    """{ "id": "r", "kind": "equals", "pointer": "/a", "value": 1, "from": { "pointer": "/a" } }"""
                )
            )
        );
        Assert.Equal("RT1004", d.Code);
        Assert.Equal((8, 9), (d.Line, d.Column));
    }

    [Fact]
    public void Json_equality_passes_and_a_different_value_is_RT2001_at_the_value()
    {
        var rule = """{ "id": "r", "kind": "equals", "pointer": "/a", "from": { "pointer": "/a" } }""";
        var pass = _repo.Run(
            RuleRepo.Contract(rule),
            ("m.json", """{"a": {"x": 1, "y": [true]}}"""),
            ("p.json", """{"a": {"y": [true], "x": 1.0}}""")
        );
        Assert.Equal(0, pass.ExitCode);

        var report = _repo.Run(
            RuleRepo.Contract(rule),
            ("m.json", """{"a": "v1"}"""),
            ("p.json", "{\n  \"a\": \"v2\"\n}")
        );
        var finding = RuleRepo.SingleFinding(report, "RT2001");
        Assert.Equal((2, 8), (finding.Diagnostic.Line, finding.Diagnostic.Column));
        Assert.Equal(("\"v1\"", "\"v2\""), (finding.Expected, finding.Actual));
        Assert.Equal("""[c/r] /a: expected "v1" (from manifest /a), actual "v2".""", finding.Diagnostic.Message);
        RuleRepo.CodesAreDeclared(Kind, report);
    }

    [Fact]
    public void A_missing_value_is_RT2010_at_its_parent_and_false_is_not_0()
    {
        var rule = """{ "id": "r", "kind": "equals", "pointer": "/o/a", "value": false }""";
        var missing = RuleRepo.SingleFinding(
            _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", """{"o": {}}""")),
            "RT2010"
        );
        Assert.Equal((1, 7), (missing.Diagnostic.Line, missing.Diagnostic.Column));
        Assert.Equal("false", missing.Expected);
        var zero = _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", """{"o": {"a": 0}}"""));
        Assert.Equal(
            "[c/r] /o/a: expected false (from the contract), actual 0.",
            RuleRepo.SingleFinding(zero, "RT2001").Diagnostic.Message
        );
    }

    [Fact]
    public void Fix_writes_the_derived_value_in_place()
    {
        _repo.Run(
            RuleRepo.Contract("""{ "id": "r", "kind": "equals", "pointer": "/tag", "from": { "pointer": "/tag" } }"""),
            ("m.json", """{"tag": "v2"}"""),
            ("p.json", "{\n  \"tag\": \"v1\",\n  \"other\": 1\n}")
        );
        Assert.True(Kind.DerivesValue);
        var result = _repo.Fix();
        var value = Assert.Single(result.Fixed);
        Assert.Equal(("\"v1\"", "\"v2\"", 2, 10), (value.Before, value.After, value.Line, value.Column));
        Assert.Equal("{\n  \"tag\": \"v2\",\n  \"other\": 1\n}", File.ReadAllText(_repo.Combine("p.json")));
        Assert.Equal(0, result.Report.ExitCode);
    }

    [Theory]
    [InlineData("1e400", "2e999")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567891")]
    [InlineData("0.1000000000000000000000000000001", "0.1")]
    [InlineData("1e-400", "0")]
    [InlineData("9007199254740993", "9007199254740992")]
    public void Numbers_beyond_double_and_decimal_precision_that_differ_are_RT2001(string manifest, string payload)
    {
        // Issue 14: 1e400 equalled 2e999 and 30-digit integers differing in the last digit compared equal (both
        // rounded to a double).
        var rule = """{ "id": "r", "kind": "equals", "pointer": "/n", "from": { "pointer": "/n" } }""";
        var report = _repo.Run(
            RuleRepo.Contract(rule),
            ("m.json", $$"""{"n": {{manifest}}}"""),
            ("p.json", $$"""{"n": {{payload}}}""")
        );
        var finding = RuleRepo.SingleFinding(report, "RT2001");
        Assert.Equal((manifest, payload), (finding.Expected, finding.Actual));
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("1e2", "100")]
    [InlineData("-0", "0")]
    [InlineData("123456789012345678901234567890", "1.2345678901234567890123456789e29")]
    [InlineData("1e400", "10E+399")]
    [InlineData("0.000", "0e99999999999999999999999")]
    public void The_same_number_written_differently_passes(string manifest, string payload)
    {
        var rule = """{ "id": "r", "kind": "equals", "pointer": "/n", "from": { "pointer": "/n" } }""";
        var report = _repo.Run(
            RuleRepo.Contract(rule),
            ("m.json", $$"""{"n": {{manifest}}}"""),
            ("p.json", $$"""{"n": {{payload}}}""")
        );
        Assert.Equal(0, report.ExitCode);
    }
}
