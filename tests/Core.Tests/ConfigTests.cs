using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Tests;

/// <summary>release-train.json: schema, semantic checks, what every rule has (each kind: Rules/*RuleTests).</summary>
public sealed class ConfigTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-config");

    public void Dispose() => _repo.Dispose();

    private VerificationReport Run(string config, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_repo.Combine(path))!);
            File.WriteAllText(_repo.Combine(path), content);
        }

        File.WriteAllText(_repo.Combine("release-train.json"), config);
        return ContractVerification.Run(new VerifyRequest(null, _repo.Path, null, []));
    }

    private static Diagnostic SingleError(VerificationReport report)
    {
        Assert.Equal(2, report.ExitCode);
        return Assert.Single(report.AllDiagnostics);
    }

    private static string Contract(string rules, string extra = "") =>
        $$"""
            {
              "contracts": [
                {
                  "id": "c",
                  "manifest": "m.json",
                  "payloads": ["p.json"],{{extra}}
                  "rules": [
                    {{rules}}
                  ]
                }
              ]
            }
            """;

    [Fact]
    public void No_config_anywhere_is_RT1006()
    {
        var report = ContractVerification.Run(new VerifyRequest(null, "/", null, []));
        Assert.Equal("RT1006", SingleError(report).Code);
    }

    [Fact]
    public void Unknown_property_is_a_schema_violation_at_its_line()
    {
        var d = SingleError(Run("{\n  \"contracts\": [],\n  \"contract\": []\n}"));
        Assert.Equal("RT1004", d.Code);
        Assert.Equal((3, 3), (d.Line, d.Column));
        Assert.Contains("unknown property 'contract'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_type_and_bad_enum_are_schema_violations()
    {
        var report = Run(Contract("{ \"id\": \"r\", \"kind\": \"almostEquals\", \"severity\": 3 }"));
        Assert.Equal(2, report.ExitCode);
        Assert.All(report.AllDiagnostics, d => Assert.Equal("RT1004", d.Code));
        Assert.Equal(2, report.AllDiagnostics.Count());
    }

    [Fact]
    public void Path_escaping_the_root_is_RT1005()
    {
        var d = SingleError(
            Run(
                "{\"contracts\":[{\"id\":\"c\",\"manifest\":\"../outside.json\",\"payloads\":[\"p.json\"],"
                    + "\"rules\":[]}]}"
            )
        );
        Assert.Equal("RT1005", d.Code);
        Assert.Equal(1, d.Line);
        Assert.Equal(36, d.Column);
    }

    [Fact]
    public void Symlink_out_of_the_root_is_RT1005()
    {
        using var outside = new TempDirectory("rt-outside");
        File.WriteAllText(outside.Combine("secret.json"), "{}");
        File.CreateSymbolicLink(_repo.Combine("m.json"), outside.Combine("secret.json"));
        var d = SingleError(
            Run(
                "{\"contracts\":[{\"id\":\"c\",\"manifest\":\"m.json\",\"payloads\":[\"p.json\"],\"rules\":[]}]}",
                ("p.json", "{}")
            )
        );
        Assert.Equal("RT1005", d.Code);
    }

    [Fact]
    public void Duplicate_ids_unknown_files_bad_pointers_and_patterns_are_each_reported()
    {
        var report = Run(
            Contract(
                """
                { "id": "r", "kind": "equals", "pointer": "/a", "value": 1 },
                { "id": "r", "kind": "equals", "pointer": "/a", "value": 1 },
                { "id": "s", "kind": "equals", "pointer": "/a", "from": { "file": "nope", "pointer": "/a" } },
                { "id": "t", "kind": "equals", "pointer": "a", "value": 1 },
                { "id": "u", "kind": "pattern", "pointer": "/a", "pattern": "([" }
                """
            )
        );
        Assert.Equal(2, report.ExitCode);
        Assert.Equal(
            ["RT1007", "RT1008", "RT1010", "RT1012"],
            report.AllDiagnostics.Select(d => d.Code).Order().ToArray()
        );
    }

    [Fact]
    public void Unknown_contract_id_is_RT1009()
    {
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            Contract("{ \"id\": \"r\", \"kind\": \"equals\", \"pointer\": \"/a\", \"value\": 1 }")
        );
        var report = ContractVerification.Run(new VerifyRequest(null, _repo.Path, null, ["nope"]));
        Assert.Equal("RT1009", SingleError(report).Code);
    }

    [Fact]
    public void Warning_severity_reports_but_passes()
    {
        var report = Run(
            Contract(
                "{ \"id\": \"r\", \"kind\": \"equals\", \"severity\": \"warning\", \"pointer\": \"/a\", \"value\": 1 }"
            ),
            ("m.json", "{}"),
            ("p.json", "{\"a\": 2}")
        );
        Assert.Equal(0, report.ExitCode);
        var d = Assert.Single(report.AllDiagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("RT2001", d.Code);
    }

    [Fact]
    public void Source_value_missing_from_the_manifest_fails_closed()
    {
        var report = Run(
            Contract("{ \"id\": \"r\", \"kind\": \"equals\", \"pointer\": \"/a\", \"from\": { \"pointer\": \"/a\" } }"),
            ("m.json", "{\n  \"b\": 1\n}"),
            ("p.json", "{\"a\": 1}")
        );
        Assert.Equal(1, report.ExitCode);
        var d = Assert.Single(report.AllDiagnostics);
        Assert.Equal("RT2012", d.Code);
        Assert.Equal(_repo.Combine("m.json"), d.File);
    }

    [Fact]
    public void Third_file_equality_and_each_over_arrays()
    {
        var report = Run(
            Contract(
                """
                { "id": "third", "kind": "equals", "pointer": "/v", "from": { "file": "other", "pointer": "/v" } },
                { "id": "each", "kind": "enum", "each": "/items", "pointer": "/state", "values": ["on", "off"] }
                """,
                "\n      \"files\": { \"other\": \"sub/other.json\" },"
            ),
            ("m.json", "{}"),
            ("sub/other.json", "{\"v\": \"x\"}"),
            ("p.json", "{\"v\": \"y\", \"items\": [{\"state\": \"on\"}, {\"state\": \"dim\"}]}")
        );
        Assert.Equal(1, report.ExitCode);
        var findings = report.Contracts.Single().Findings;
        Assert.Equal(2, findings.Count);
        Assert.Equal("/v", findings.Single(f => f.RuleId == "third").Pointer);
        Assert.Equal("/items/1/state", findings.Single(f => f.RuleId == "each").Pointer);
    }

    [Fact]
    public void When_in_and_exists_conditions()
    {
        var rules = """
            { "id": "in", "kind": "requiredKeys", "when": { "pointer": "/mode", "in": ["a", "b"] }, "keys": ["x"] },
            { "id": "exists", "kind": "requiredKeys", "when": { "pointer": "/opt", "exists": true }, "keys": ["y"] }
            """;
        var pass = Run(Contract(rules), ("m.json", "{}"), ("p.json", "{\"mode\": \"c\"}"));
        Assert.Equal(0, pass.ExitCode);
        Assert.Equal(2, pass.Contracts[0].RulesNotApplicable);
        var fail = Run(Contract(rules), ("m.json", "{}"), ("p.json", "{\"mode\": \"b\", \"opt\": 1}"));
        Assert.Equal(["RT2004", "RT2004"], fail.AllDiagnostics.Select(d => d.Code).ToArray());
    }
}
