namespace ReleaseTrain.Tests;

/// <summary>
/// <c>eachRequired</c> beside <c>each</c> (src/Core/Contracts/ContractVerifier.cs, Rules/RuleReader.cs): a rule that
/// applies to each named entry of an object also requires those entries, so deleting one is drift (issue 16).
/// </summary>
public sealed class EachRequiredTests : IDisposable
{
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static string Rule(string each) =>
        RuleRepo.Contract(
            $$"""{ "id": "r", "kind": "equals", "each": "{{each}}", "eachRequired": ["a", "b"], "value": true }"""
        );

    [Fact]
    public void A_missing_named_member_is_RT2004_at_the_object_and_the_others_are_still_checked()
    {
        var pass = _repo.Run(Rule("/p"), ("m.json", "{}"), ("p.json", """{"p": {"a": true, "b": true}}"""));
        Assert.True(pass.ExitCode == 0, string.Join("\n", pass.AllDiagnostics));

        var report = _repo.Run(Rule("/p"), ("p.json", """{"p": {"a": false}}"""));
        Assert.Equal(1, report.ExitCode);
        var findings = report.Contracts.SelectMany(c => c.Findings).OrderBy(f => f.Pointer).ToList();
        Assert.Equal(["/p/a", "/p/b"], findings.Select(f => f.Pointer));
        Assert.Equal(["RT2001", "RT2004"], findings.Select(f => f.Diagnostic.Code));
        Assert.Equal((1, 7), (findings[1].Diagnostic.Line, findings[1].Diagnostic.Column));
    }

    [Fact]
    public void On_an_array_it_is_RT2011_and_without_each_the_schema_refuses_it()
    {
        var report = _repo.Run(Rule("/p"), ("m.json", "{}"), ("p.json", """{"p": [true]}"""));
        Assert.Equal("RT2011", RuleRepo.SingleFinding(report, "RT2011").Diagnostic.Code);

        var config = RuleRepo.Contract("""{ "id": "r", "kind": "equals", "eachRequired": ["a"], "value": true }""");
        Assert.Equal("RT1004", RuleRepo.SingleError(_repo.Run(config)).Code);
    }
}
