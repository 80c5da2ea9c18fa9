using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>requiredKeys</c> rule kind (src/Core/Rules/RequiredKeysRule.cs).</summary>
public sealed class RequiredKeysRuleTests : IDisposable
{
    private static readonly DriftRuleKind Kind = RuleKinds.Get("requiredKeys");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Keys_come_from_the_schema()
    {
        var d = RuleRepo.SingleError(
            _repo.Run(RuleRepo.Contract("""{ "id": "r", "kind": "requiredKeys", "pointer": "" }"""))
        );
        Assert.Equal("RT1004", d.Code);
        Assert.Contains("'keys'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_is_RT2004_at_the_object_once_per_key()
    {
        var rule = """{ "id": "r", "kind": "requiredKeys", "pointer": "/o", "keys": ["a", "b", "c"] }""";
        var report = _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", "{\n  \"o\": {\"b\": null}\n}"));
        Assert.Equal(1, report.ExitCode);
        var findings = report.Contracts.Single().Findings;
        Assert.Equal(["/o/a", "/o/c"], findings.Select(f => f.Pointer).ToArray());
        Assert.All(findings, f =>
            Assert.Equal(("RT2004", 2, 8), (f.Diagnostic.Code, f.Diagnostic.Line, f.Diagnostic.Column))
        );
        Assert.Equal("[c/r] /o/a: required key 'a' is missing.", findings[0].Diagnostic.Message);
        RuleRepo.CodesAreDeclared(Kind, report);
    }

    [Fact]
    public void A_missing_object_is_RT2010_and_a_scalar_RT2011()
    {
        var rule = """{ "id": "r", "kind": "requiredKeys", "pointer": "/o", "keys": ["a"] }""";
        var missing = RuleRepo.SingleFinding(
            _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", "{}")),
            "RT2010"
        );
        Assert.Equal("""[c/r] /o: value is missing; expected an object with keys ["a"].""", missing.Diagnostic.Message);
        var scalar = RuleRepo.SingleFinding(
            _repo.Run(RuleRepo.Contract(rule), ("m.json", "{}"), ("p.json", """{"o": 1}""")),
            "RT2011"
        );
        Assert.Equal("1", scalar.Actual);
    }

    [Fact]
    public void Fix_leaves_it_alone_it_derives_no_value()
    {
        _repo.Run(
            RuleRepo.Contract("""{ "id": "r", "kind": "requiredKeys", "pointer": "", "keys": ["a"] }"""),
            ("m.json", "{}"),
            ("p.json", "{}")
        );
        Assert.False(Kind.DerivesValue);
        var result = _repo.Fix();
        Assert.Empty(result.Fixed);
        Assert.Equal("a requiredKeys rule derives no value", Assert.Single(result.Unfixed).Why);
        Assert.Equal("{}", File.ReadAllText(_repo.Combine("p.json")));
    }
}
