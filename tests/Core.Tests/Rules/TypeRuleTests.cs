using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>
/// The <c>type</c> rule kind (src/Core/Rules/TypeRule.cs), on the checks of AssistSupport's pin validator.
/// </summary>
public sealed class TypeRuleTests : IDisposable
{
    private static readonly DriftRuleKind Kind = RuleKinds.Get("type");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static string Rule(string members) =>
        RuleRepo.Contract($$"""{ "id": "r", "kind": "type", "pointer": "/v", {{members}} }""");

    [Theory]
    [InlineData("2500", null)]
    [InlineData("100", null)]
    [InlineData("100.0", null)] // Number.isInteger(100.0) is true
    [InlineData("1e3", null)]
    [InlineData("99", "RT2015")]
    [InlineData("100.5", "RT2011")]
    [InlineData("\"2500\"", "RT2011")]
    [InlineData("true", "RT2011")]
    [InlineData("1e400", "RT2011")] // JavaScript: Infinity, not an integer
    public void An_integer_at_least_100(string value, string? code)
    {
        var report = _repo.Run(
            Rule("\"type\": \"integer\", \"minimum\": 100"),
            ("m.json", "{}"),
            ("p.json", $"{{\"v\": {value}}}")
        );
        if (code is null)
        {
            Assert.True(report.ExitCode == 0, string.Join("\n", report.AllDiagnostics));
        }
        else
        {
            RuleRepo.SingleFinding(report, code);
            RuleRepo.CodesAreDeclared(Kind, report);
        }
    }

    [Theory]
    [InlineData("\"v0.4.0\"", null)]
    [InlineData("\"\"", "RT2015")]
    [InlineData("\" \\t\\n\"", "RT2015")]
    [InlineData("null", "RT2011")]
    [InlineData("[\"x\"]", "RT2011")]
    public void A_non_blank_string(string value, string? code)
    {
        var report = _repo.Run(
            Rule("\"type\": \"string\", \"nonBlank\": true"),
            ("m.json", "{}"),
            ("p.json", $"{{\"v\": {value}}}")
        );
        Assert.Equal(code, report.AllDiagnostics.SingleOrDefault()?.Code);
    }

    [Theory]
    [InlineData("[\"a\", \"b\"]", null)]
    [InlineData("[]", "RT2015")]
    [InlineData("[\"a\", \"a\"]", "RT2015")]
    [InlineData("[\"a\", \"\"]", "RT2015")]
    [InlineData("[\"a\", 1]", "RT2015")]
    [InlineData("{}", "RT2011")]
    public void A_non_empty_array_of_distinct_non_blank_strings(string value, string? code)
    {
        var report = _repo.Run(
            Rule("\"type\": \"array\", \"minItems\": 1, \"uniqueItems\": true, \"nonBlank\": true"),
            ("m.json", "{}"),
            ("p.json", $"{{\"v\": {value}}}")
        );
        Assert.Equal(code, report.AllDiagnostics.SingleOrDefault()?.Code);
    }

    [Fact]
    public void A_missing_value_is_RT2010_at_its_parent()
    {
        var report = _repo.Run(Rule("\"type\": \"string\""), ("m.json", "{}"), ("p.json", "{\"w\": 1}"));
        var finding = RuleRepo.SingleFinding(report, "RT2010");
        Assert.Equal((1, 1), (finding.Diagnostic.Line, finding.Diagnostic.Column));
    }
}
