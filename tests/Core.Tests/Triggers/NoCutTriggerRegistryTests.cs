using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Release;

namespace ReleaseTrain.Tests;

/// <summary>
/// The registry of no-cut triggers (NoCutTriggers.All) in step with what users read: the trigger names of the decide
/// report's schema, the reason codes of docs/policy.md, docs/diagnostics.md and DiagnosticCodes, the decision
/// record's code pattern, the configuration members of release-train.schema.json; one file and one test file each.
/// </summary>
public sealed partial class NoCutTriggerRegistryTests
{
    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    private static JsonNode Schema(string name) => JsonNode.Parse(File.ReadAllText(TestPaths.InRepo("schemas", name)))!;

    private static List<string> RegistryCodes() =>
        [.. NoCutTriggers.All.SelectMany(t => t.ReasonCodes).Select(d => d.Code).Distinct().Order(Ordinal)];

    private static List<string> Codes(IEnumerable<Match> matches) =>
        [.. matches.Select(m => m.Groups[1].Value).Order(Ordinal)];

    private static void InStep(string source, IEnumerable<string> listed, IEnumerable<string> registry) =>
        Assert.True(
            listed.SequenceEqual(registry),
            $"{source} lists [{string.Join(", ", listed)}]; the registry has [{string.Join(", ", registry)}]"
        );

    /// <summary>The node at a slash-separated path of member names (no escapes) in a JSON document.</summary>
    private static JsonNode At(JsonNode node, string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(node, (n, part) => n[part]!);

    [Fact]
    public void Names_and_orders_are_unique_and_names_are_the_decide_report_schemas_trigger_enum_in_order()
    {
        var names = NoCutTriggers.All.Select(t => t.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(names.Count, NoCutTriggers.All.Select(t => t.Order).Distinct().Count());
        var schema = At(Schema("decide-report.schema.json"), "properties/checks/items/properties/trigger/enum");
        InStep("decide-report.schema.json's trigger enum", schema.AsArray().Select(n => n!.GetValue<string>()), names);
    }

    [Fact]
    public void Reason_codes_are_the_RT41xx_codes_of_DiagnosticCodes_docs_policy_and_docs_diagnostics()
    {
        var registry = RegistryCodes();
        Assert.NotEmpty(registry);
        Assert.All(NoCutTriggers.All, t => Assert.NotEmpty(t.ReasonCodes));

        var declared = typeof(DiagnosticCodes)
            .GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Code)
            .Where(c => c.StartsWith("RT41", StringComparison.Ordinal))
            .Order(Ordinal);
        InStep("DiagnosticCodes (RT41xx)", declared, registry);

        var policy = File.ReadAllText(TestPaths.InRepo("docs", "policy.md"));
        InStep("docs/policy.md's decide table", Codes(PolicyTableRow().Matches(policy)), registry);

        var diagnostics = File.ReadAllText(TestPaths.InRepo("docs", "diagnostics.md"));
        InStep("docs/diagnostics.md (RT41xx)", Codes(DiagnosticsHeading().Matches(diagnostics)), registry);
    }

    [Fact]
    public void Every_reason_code_fits_the_decision_record_and_decide_report_schemas()
    {
        var record = At(Schema("decision-record.schema.json"), "properties/reasons/items/properties/code/pattern");
        var report = Schema("decide-report.schema.json");
        var reportPattern = At(Deref(report, At(report, "properties/reasons/items"))!, "properties/code/pattern");
        foreach (var code in RegistryCodes())
        {
            Assert.Matches(record.GetValue<string>(), code);
            Assert.Matches(reportPattern.GetValue<string>(), code);
        }
    }

    [Fact]
    public void Every_trigger_reads_configuration_that_release_train_schema_declares()
    {
        var schema = Schema("release-train.schema.json");
        foreach (var trigger in NoCutTriggers.All)
        {
            Assert.NotEmpty(trigger.Reads);
            foreach (var path in trigger.Reads)
            {
                Assert.True(Resolve(schema, path) is not null, $"{trigger.Name} reads {path}, not in the schema");
            }
        }
    }

    [Fact]
    public void Every_trigger_is_one_file_with_its_own_test_file()
    {
        foreach (var type in NoCutTriggers.All.Select(t => t.GetType()))
        {
            var source = TestPaths.InRepo("src", "Core", "Release", "Triggers", type.Name + ".cs");
            Assert.True(File.Exists(source), source);
            Assert.Contains($"internal sealed class {type.Name} :", File.ReadAllText(source), StringComparison.Ordinal);
            var tests = TestPaths.InRepo("tests", "Core.Tests", "Triggers", type.Name + "Tests.cs");
            Assert.True(File.Exists(tests), tests);
        }
    }

    /// <summary>Resolves <c>trains[].gates</c> in a JSON Schema: properties, array items, local <c>$ref</c>s.</summary>
    private static JsonNode? Resolve(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Split('.'))
        {
            var array = segment.EndsWith("[]", StringComparison.Ordinal);
            node = Deref(root, Deref(root, node)?["properties"]?[array ? segment[..^2] : segment]);
            if (array)
            {
                node = Deref(root, node?["items"]);
            }
        }

        return node;
    }

    private static JsonNode? Deref(JsonNode root, JsonNode? node)
    {
        while (
            node?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal)
        )
        {
            node = At(root, reference[2..]);
        }

        return node;
    }

    [GeneratedRegex(@"^\| (RT41\d\d) \|", RegexOptions.Multiline)]
    private static partial Regex PolicyTableRow();

    [GeneratedRegex(@"^### (RT41\d\d)$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticsHeading();
}
