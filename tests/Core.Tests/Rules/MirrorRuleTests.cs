using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>mirror</c> rule kind (src/Core/Rules/MirrorRule.cs).</summary>
public sealed class MirrorRuleTests : IDisposable
{
    private static readonly DriftRuleKind Kind = RuleKinds.Get("mirror");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private const string AllKeys =
        """{ "id": "r", "kind": "mirror", "pointer": "/b", "from": { "pointer": "/base" } }""";

    [Fact]
    public void From_comes_from_the_schema()
    {
        var d = RuleRepo.SingleError(
            _repo.Run(RuleRepo.Contract("""{ "id": "r", "kind": "mirror", "pointer": "/b" }"""))
        );
        Assert.Equal("RT1004", d.Code);
        Assert.Contains("'from'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_source_key_is_mirrored_a_missing_key_at_the_object_a_different_one_at_its_value()
    {
        var manifest = ("m.json", """{"base": {"x": 1, "y": "a"}}""");
        Assert.Equal(
            0,
            _repo
                .Run(RuleRepo.Contract(AllKeys), manifest, ("p.json", """{"b": {"y": "a", "x": 1, "extra": 0}}"""))
                .ExitCode
        );
        var report = _repo.Run(RuleRepo.Contract(AllKeys), manifest, ("p.json", "{\"b\": {\n  \"y\": \"z\"\n}}"));
        Assert.Equal(1, report.ExitCode);
        var findings = report.Contracts.Single().Findings;
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("RT2006", f.Diagnostic.Code));
        Assert.Equal(
            ("/b/x", 1, 7, "1", null),
            (
                findings[0].Pointer,
                findings[0].Diagnostic.Line,
                findings[0].Diagnostic.Column,
                findings[0].Expected,
                findings[0].Actual
            )
        );
        Assert.Equal(
            "[c/r] /b/x: mirrored key 'x' expected 1 (from manifest /base/x), actual missing.",
            findings[0].Diagnostic.Message
        );
        Assert.Equal(
            ("/b/y", 2, 8, "\"z\""),
            (findings[1].Pointer, findings[1].Diagnostic.Line, findings[1].Diagnostic.Column, findings[1].Actual)
        );
        RuleRepo.CodesAreDeclared(Kind, report);
    }

    [Fact]
    public void A_listed_key_the_source_lacks_is_RT2012_in_the_source()
    {
        var rule =
            """{ "id": "r", "kind": "mirror", "pointer": "/b", "keys": ["x", "q"], "from": { "pointer": "/base" } }""";
        var report = _repo.Run(
            RuleRepo.Contract(rule),
            ("m.json", """{"base": {"x": 1}}"""),
            ("p.json", """{"b": {"x": 1}}""")
        );
        var finding = RuleRepo.SingleFinding(report, "RT2012");
        Assert.Equal(
            (_repo.Combine("m.json"), 1, 10),
            (finding.Diagnostic.File, finding.Diagnostic.Line, finding.Diagnostic.Column)
        );
        Assert.Equal("/b/q", finding.Pointer);
        Assert.Contains("has no value at '/base/q'", finding.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_or_mirror_that_is_not_an_object_is_RT2011()
    {
        var source = _repo.Run(RuleRepo.Contract(AllKeys), ("m.json", """{"base": []}"""), ("p.json", """{"b": {}}"""));
        Assert.Equal(
            "[c/r] /b: expected a JSON object at manifest /base, actual array.",
            RuleRepo.SingleFinding(source, "RT2011").Diagnostic.Message
        );
        var mirror = _repo.Run(RuleRepo.Contract(AllKeys), ("m.json", """{"base": {}}"""), ("p.json", """{"b": 2}"""));
        Assert.Equal(
            "[c/r] /b: expected a JSON object, actual number.",
            RuleRepo.SingleFinding(mirror, "RT2011").Diagnostic.Message
        );
    }

    [Fact]
    public void Fix_rewrites_a_differing_key_and_leaves_a_missing_one()
    {
        _repo.Run(
            RuleRepo.Contract(AllKeys),
            ("m.json", """{"base": {"x": 1, "y": "a"}}"""),
            ("p.json", """{"b": {"y": "z"}}""")
        );
        var result = _repo.Fix();
        Assert.Equal(
            ("/b/y", "\"z\"", "\"a\""),
            (Assert.Single(result.Fixed).Pointer, result.Fixed[0].Before, result.Fixed[0].After)
        );
        Assert.StartsWith("the value is missing", Assert.Single(result.Unfixed).Why, StringComparison.Ordinal);
        Assert.Equal("""{"b": {"y": "a"}}""", File.ReadAllText(_repo.Combine("p.json")));
    }
}
