using static ReleaseTrain.Tests.DecisionRepo;

namespace ReleaseTrain.Tests;

/// <summary>The validators trigger: a failing built-in validator contract (RT4111), a missing manifest (RT4102).
/// </summary>
public sealed class ValidatorsTriggerTests : IDisposable
{
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private const string Config = """
        { "contracts": [ { "id": "files", "kind": "artifact-manifest", "manifest": "manifest.json" } ] }
        """;

    [Fact]
    public void A_failing_validator_contract_is_NO_GO_with_its_first_error()
    {
        _repo.Write("a.txt", "abc");
        _repo.Write(
            "manifest.json",
            $$"""
            {"files": [{"path": "a.txt", "sha256": "{{new string('0', 64)}}", "size_bytes": 3}]}
            """
        );
        var decision = _repo.Decide(Config);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal("RT4111", reason.Code);
        Assert.EndsWith("manifest.json", reason.File, StringComparison.Ordinal);
        Assert.Contains(
            "'files' (artifact-manifest) fails: 1 error(s), first RT6061",
            reason.Message,
            StringComparison.Ordinal
        );
        var check = Check(decision, "validators");
        Assert.Equal(("files", "NO-GO: RT4111"), (check.Subject, check.Result));
    }

    [Fact]
    public void A_passing_contract_is_GO_and_a_missing_manifest_is_RT4102()
    {
        _repo.Write("a.txt", "abc");
        _repo.Write(
            "manifest.json",
            """
            {"files": [{"path": "a.txt", "size_bytes": 3,
                        "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}]}
            """
        );
        Assert.True(_repo.Decide(Config).Go);

        File.Delete(Path.Combine(_repo.Root, "manifest.json"));
        var missing = _repo.Decide(Config);
        Assert.Equal(["RT4102"], Codes(missing));
        Assert.Equal("manifest.json (missing)", Check(missing, "validators").Inputs);
    }

    [Fact]
    public void Rules_contracts_are_not_validators()
    {
        const string rules = """
            { "id": "drift", "manifest": "m.json", "payloads": ["p.json"],
              "rules": [ { "id": "req", "kind": "requiredKeys", "pointer": "", "keys": ["a"] } ] }
            """;
        var alone = _repo.Decide($$"""{ "contracts": [ {{rules}} ] }""");
        Assert.DoesNotContain(alone.Checks, c => c.Trigger == "validators");

        var both = _repo.Decide(
            $$"""
            { "contracts": [ {{rules}}, { "id": "files", "kind": "artifact-manifest", "manifest": "manifest.json" } ] }
            """
        );
        Assert.Equal("files", Check(both, "validators").Subject);
    }
}
