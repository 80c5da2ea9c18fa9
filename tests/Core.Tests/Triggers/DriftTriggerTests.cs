using static ReleaseTrain.Tests.DecisionRepo;

namespace ReleaseTrain.Tests;

/// <summary>
/// The drift trigger: a drifting rules contract is NO-GO (RT4112) at its first finding; an unreadable payload gives no
/// verdict. Issue 14: a drifted payload gave GO.
/// </summary>
public sealed class DriftTriggerTests : IDisposable
{
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private const string Config = """
        { "contracts": [ { "id": "version", "manifest": "manifest.json", "payloads": ["payload.json"],
            "rules": [ { "id": "same-version", "kind": "equals", "pointer": "/version",
                         "from": { "pointer": "/version" } } ] } ] }
        """;

    [Fact]
    public void A_drifted_payload_is_NO_GO_at_the_drifting_value()
    {
        _repo.Write("manifest.json", "{\n  \"version\": \"1.2.0\"\n}\n");
        _repo.Write("payload.json", "{\n  \"name\": \"w\",\n  \"version\": \"1.1.9\"\n}\n");
        var decision = _repo.Decide(Config);
        Assert.False(decision.Go);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("RT4112", reason.Code);
        Assert.EndsWith("payload.json", reason.File, StringComparison.Ordinal);
        Assert.Equal(3, reason.Line);
        Assert.Contains("Contract 'version' drifts: 1 error(s), first RT2", reason.Message, StringComparison.Ordinal);
        var check = Check(decision, "drift");
        Assert.Equal(("version", "NO-GO: RT4112"), (check.Subject, check.Result));
        Assert.Contains("payload.json (sha256:", check.Inputs, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contract_that_holds_is_GO_and_an_unreadable_payload_gives_no_verdict()
    {
        _repo.Write("manifest.json", """{ "version": "1.2.0" }""");
        _repo.Write("payload.json", """{ "version": "1.2.0" }""");
        Assert.True(_repo.Decide(Config).Go);

        _repo.Write("payload.json", """{ "version": "1.2.0", "version": "1.1.9" }""");
        var duplicate = _repo.Decide(Config);
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains(duplicate.InputErrors, e => e.Code == "RT1002");
    }

    [Fact]
    public void Validator_contracts_are_not_drift_contracts()
    {
        var decision = _repo.Decide(
            """{ "contracts": [ { "id": "files", "kind": "artifact-manifest", "manifest": "m.json" } ] }"""
        );
        Assert.DoesNotContain(decision.Checks, c => c.Trigger == "drift");
    }
}
