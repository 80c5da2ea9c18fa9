using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>text</c> rule kind (src/Core/Rules/TextRule.cs).</summary>
public sealed class TextRuleTests : IDisposable
{
    private const string Files = "\n      \"files\": { \"doc\": \"docs/status.md\" },";
    private static readonly DriftRuleKind Kind = RuleKinds.Get("text");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static string Rule(string members) =>
        RuleRepo.Contract($$"""{ "id": "r", "kind": "text", "target": "manifest", "of": "doc", {{members}} }""", Files);

    [Fact]
    public void A_pattern_built_from_a_manifest_value_must_occur_literally()
    {
        var rule = Rule("\"matches\": \"^- release_tag: `${/release_tag}`$\"");
        var doc = "# Status\r\n- release_tag: `v1.2.0`\r\n";
        var pass = _repo.Run(
            rule,
            ("m.json", """{"release_tag": "v1.2.0"}"""),
            ("p.json", "{}"),
            ("docs/status.md", doc)
        );
        Assert.True(pass.ExitCode == 0, string.Join("\n", pass.AllDiagnostics));

        // "." in the value is literal: v1x2x0 does not name v1.2.0.
        var report = _repo.Run(rule, ("docs/status.md", "- release_tag: `v1x2x0`\n"));
        var finding = RuleRepo.SingleFinding(report, "RT2013");
        Assert.Equal(_repo.Combine("docs/status.md"), finding.Diagnostic.File);
        Assert.Contains("v1\\.2\\.0", finding.Diagnostic.Message, StringComparison.Ordinal);
        RuleRepo.CodesAreDeclared(Kind, report);
    }

    [Fact]
    public void A_forbidden_pattern_is_RT2014_at_its_line_and_column()
    {
        var rule = Rule("\"notMatches\": \"legacy_error\"");
        var report = _repo.Run(
            rule,
            ("m.json", "{}"),
            ("p.json", "{}"),
            ("docs/status.md", "a\n\u00e9\u00e9 legacy_error\n")
        );
        var finding = RuleRepo.SingleFinding(report, "RT2014");
        Assert.Equal((2, 4), (finding.Diagnostic.Line, finding.Diagnostic.Column));
    }

    [Fact]
    public void Each_member_fills_the_placeholder_and_a_missing_or_structured_value_fails()
    {
        var rule = RuleRepo.Contract(
            """{ "id": "r", "kind": "text", "target": "manifest", "of": "doc", "each": "/codes", "matches": "^  - """
                + """${}$" }""",
            Files
        );
        var pass = _repo.Run(
            rule,
            ("m.json", """{"codes": ["a", "b"]}"""),
            ("p.json", "{}"),
            ("docs/status.md", "  - a\n  - b\n")
        );
        Assert.True(pass.ExitCode == 0, string.Join("\n", pass.AllDiagnostics));
        var missing = _repo.Run(rule, ("m.json", """{"codes": ["a", "c"]}"""));
        Assert.Contains(
            "\\n  - c",
            RuleRepo.SingleFinding(missing, "RT2013").Diagnostic.Message.Replace("^", "\\n", StringComparison.Ordinal),
            StringComparison.Ordinal
        );
        var structured = _repo.Run(rule, ("m.json", """{"codes": [["a"]]}"""));
        Assert.Equal("RT2011", RuleRepo.SingleFinding(structured, "RT2011").Diagnostic.Code);
    }

    [Fact]
    public void A_bad_pattern_or_placeholder_is_refused_at_load_and_invalid_utf8_is_RT1022()
    {
        Assert.Equal(
            "RT1008",
            RuleRepo.SingleError(_repo.Run(Rule("\"matches\": \"(\""), ("m.json", "{}"), ("p.json", "{}"))).Code
        );
        Assert.Equal("RT1007", RuleRepo.SingleError(_repo.Run(Rule("\"matches\": \"${/a~2}\""))).Code);
        Assert.Equal("RT1004", RuleRepo.SingleError(_repo.Run(Rule("\"pointer\": \"\""))).Code);

        _repo.Write(("docs/status.md", "x"));
        File.WriteAllBytes(_repo.Combine("docs/status.md"), [0x61, 0xC3, 0x28]);
        var report = _repo.Run(Rule("\"matches\": \"a\""));
        Assert.Equal("RT1022", RuleRepo.SingleError(report).Code);
    }
}
