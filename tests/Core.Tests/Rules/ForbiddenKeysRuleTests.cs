using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>forbiddenKeys</c> rule kind (src/Core/Rules/ForbiddenKeysRule.cs).</summary>
public sealed class ForbiddenKeysRuleTests : IDisposable
{
    private static readonly DriftRuleKind Kind = RuleKinds.Get("forbiddenKeys");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void A_present_key_is_RT2005_at_the_key_with_its_value()
    {
        var rule = """{ "id": "r", "kind": "forbiddenKeys", "pointer": "/o", "keys": ["legacy", "gone"] }""";
        var report = _repo.Run(
            RuleRepo.Contract(rule),
            ("m.json", "{}"),
            ("p.json", "{\"o\": {\n  \"ok\": 1,\n  \"legacy\": [true]\n}}")
        );
        var finding = RuleRepo.SingleFinding(report, "RT2005");
        Assert.Equal(("/o/legacy", 3, 3), (finding.Pointer, finding.Diagnostic.Line, finding.Diagnostic.Column));
        Assert.Equal(("[true]", null), (finding.Actual, finding.Expected));
        Assert.Equal("[c/r] /o/legacy: forbidden key 'legacy' is present.", finding.Diagnostic.Message);
        RuleRepo.CodesAreDeclared(Kind, report);
    }

    [Fact]
    public void A_missing_object_has_no_forbidden_key_and_a_scalar_is_RT2011()
    {
        var rule = """{ "id": "r", "kind": "forbiddenKeys", "pointer": "/o", "keys": ["a"] }""";
        Assert.Equal(0, _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", "{}")).ExitCode);
        var scalar = RuleRepo.SingleFinding(
            _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", """{"o": "a"}""")),
            "RT2011"
        );
        Assert.Equal("[c/r] /o: expected a JSON object, actual string.", scalar.Diagnostic.Message);
    }

    [Fact]
    public void Warning_severity_reports_the_key_as_a_warning()
    {
        var rule = """{ "id": "r", "kind": "forbiddenKeys", "severity": "warning", "pointer": "", "keys": ["a"] }""";
        var report = _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", """{"a": 1}"""));
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(
            ReleaseTrain.Core.Diagnostics.DiagnosticSeverity.Warning,
            Assert.Single(report.AllDiagnostics).Severity
        );
    }

    [Fact]
    public void Fix_leaves_it_alone_it_derives_no_value()
    {
        _repo.Run(
            RuleRepo.Contract("""{ "id": "r", "kind": "forbiddenKeys", "pointer": "", "keys": ["a"] }"""),
            ("m.json", "{}"),
            ("p.json", """{"a": 1}""")
        );
        Assert.False(Kind.DerivesValue);
        var result = _repo.Fix();
        Assert.Empty(result.Fixed);
        Assert.Equal("a forbiddenKeys rule derives no value", Assert.Single(result.Unfixed).Why);
    }
}
