using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// Keeps the registry of validator kinds in step with the schema's <c>kind</c> enum and <c>options</c>, with
/// docs/diagnostics.md and DiagnosticCodes, and with the kind table of docs/validators.md.
/// </summary>
public sealed partial class ValidatorKindRegistryTests
{
    private static JsonObject Contract =>
        JsonNode.Parse(File.ReadAllText(TestPaths.InRepo("schemas", "release-train.schema.json")))!["$defs"]![
            "contract"
        ]!.AsObject();

    [GeneratedRegex(@"^### (RT\d{4})\b", RegexOptions.Multiline)]
    private static partial Regex DocHeading();

    [GeneratedRegex(@"^\| `([a-z0-9-]+)` / ", RegexOptions.Multiline)]
    private static partial Regex KindRow();

    [Fact]
    public void The_registry_names_the_schemas_kinds_but_rules_each_once()
    {
        var schema = Contract["properties"]!["kind"]!["enum"]!
            .AsArray()
            .Select(k => k!.GetValue<string>())
            .Where(k => k != ValidatorKinds.Rules)
            .Order(StringComparer.Ordinal);
        Assert.Equal(schema, ValidatorKinds.Names);
        Assert.Equal(ValidatorKinds.Names.Count, ValidatorKinds.Names.Distinct().Count());
        Assert.All(ValidatorKinds.All, k => Assert.Same(k, ValidatorKinds.Find(k.Name)));
        Assert.Null(ValidatorKinds.Find(ValidatorKinds.Rules));
    }

    [Fact]
    public void Every_declared_code_is_documented_and_every_validator_code_is_declared()
    {
        var doc = File.ReadAllText(TestPaths.InRepo("docs", "diagnostics.md"));
        var documented = DocHeading().Matches(doc).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var declared = ValidatorKinds.All.SelectMany(k => k.Codes).ToList();
        Assert.All(ValidatorKinds.All, k => Assert.NotEmpty(k.Codes));
        Assert.All(declared, c => Assert.Contains(c.Code, documented));
        Assert.All(declared, c => Assert.Contains(c, DiagnosticCodes.All));
        var validatorCodes = DiagnosticCodes.All.Where(c => c.Code.StartsWith("RT6", StringComparison.Ordinal));
        Assert.Equal(validatorCodes.Select(c => c.Code).Order(), declared.Select(c => c.Code).Distinct().Order());
    }

    [Fact]
    public void Each_schema_option_names_exactly_the_kinds_that_read_it()
    {
        // Each option's description begins with the kinds that read it: "usr-waivers, usr-operational-readiness: ...".
        var options = Contract["properties"]!["options"]!["properties"]!.AsObject();
        var readers = ValidatorKinds
            .All.SelectMany(k => k.Options.Select(o => (Option: o, Kind: k.Name)))
            .ToLookup(p => p.Option, p => p.Kind);
        var schemaOptions = options.Select(o => o.Key).Order(StringComparer.Ordinal);
        Assert.Equal(schemaOptions, readers.Select(g => g.Key).Order(StringComparer.Ordinal));
        foreach (var (name, option) in options)
        {
            var description = option!["description"]!.GetValue<string>();
            var kinds = description[..description.IndexOf(':', StringComparison.Ordinal)].Split(", ");
            Assert.Equal(kinds.Order(StringComparer.Ordinal), readers[name].Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_kind_table_of_docs_validators_names_exactly_the_registrys_kinds()
    {
        var doc = File.ReadAllText(TestPaths.InRepo("docs", "validators.md"));
        var table = KindRow().Matches(doc).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(ValidatorKinds.Names, table);
    }
}
