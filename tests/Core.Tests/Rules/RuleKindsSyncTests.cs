using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>
/// The registry of drift rule kinds (src/Core/Rules/RuleKinds.cs) is the one list of kinds: the schemas, README's rule
/// table, docs/diagnostics.md and the per-kind source and test files follow it.
/// </summary>
public sealed partial class RuleKindsSyncTests
{
    private static IReadOnlyList<string> Names => [.. RuleKinds.All.Select(k => k.Name)];

    [GeneratedRegex(@"^### (RT\d{4})\b", RegexOptions.Multiline)]
    private static partial Regex DocHeading();

    [GeneratedRegex(@"^\| `(?<kind>[^`]+)` \|.*\| (?<code>RT\d{4}) \| (?<fix>yes|no) \|$", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();

    [Fact]
    public void Names_are_unique_and_each_kind_is_found_by_its_name()
    {
        Assert.Equal(Names.Count, Names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(RuleKinds.All, k => Assert.Same(k, RuleKinds.Get(k.Name)));
        Assert.False(RuleKinds.TryGet("Equals", out _)); // case-sensitive, as the schema's enum
        Assert.Throws<InvalidOperationException>(() => RuleKinds.Get("almostEquals"));
    }

    [Fact]
    public void The_config_schema_enumerates_exactly_the_registry()
    {
        var schema = JsonNode.Parse(File.ReadAllText(TestPaths.InRepo("schemas", "release-train.schema.json")))!;
        var kinds = schema["$defs"]!["rule"]!["properties"]!["kind"]!["enum"]!
            .AsArray()
            .Select(n => n!.GetValue<string>());
        Assert.Equal(Names, kinds.ToList());
    }

    /// <summary>An enum (outside an <c>if</c>) that holds two or more kind names must hold them all.</summary>
    [Fact]
    public void Every_schema_that_enumerates_rule_kinds_enumerates_all_of_them()
    {
        var checkedEnums = 0;
        foreach (var path in Directory.GetFiles(TestPaths.InRepo("schemas"), "*.schema.json"))
        {
            foreach (var values in Enums(JsonNode.Parse(File.ReadAllText(path))))
            {
                if (values.Count(Names.Contains) >= 2)
                {
                    checkedEnums++;
                    Assert.True(
                        Names.All(values.Contains),
                        $"{Path.GetFileName(path)}: an enum of rule kinds lacks "
                            + string.Join(", ", Names.Where(n => !values.Contains(n)))
                    );
                }
            }
        }

        Assert.True(checkedEnums >= 1, "release-train.schema.json's rule kind enum was not found");
    }

    [Fact]
    public void Every_code_a_kind_declares_is_documented()
    {
        var documented = DocHeading()
            .Matches(File.ReadAllText(TestPaths.InRepo("docs", "diagnostics.md")))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var kind in RuleKinds.All)
        {
            Assert.NotEmpty(kind.Codes);
            Assert.All(kind.Codes, c =>
                Assert.True(documented.Contains(c.Code), $"{kind.Name}: {c.Code} is not in docs/diagnostics.md")
            );
        }

        Assert.All(RuleKinds.CommonCodes, c => Assert.Contains(c.Code, documented));
    }

    [Fact]
    public void The_readme_table_lists_exactly_the_registry_with_its_codes_and_fix()
    {
        var rows = ReadmeRow().Matches(File.ReadAllText(TestPaths.InRepo("README.md"))).ToList();
        Assert.Equal(Names, rows.Select(r => r.Groups["kind"].Value).ToList());
        foreach (var row in rows)
        {
            var kind = RuleKinds.Get(row.Groups["kind"].Value);
            Assert.Contains(row.Groups["code"].Value, kind.Codes.Select(c => c.Code));
            Assert.Equal(kind.DerivesValue ? "yes" : "no", row.Groups["fix"].Value);
        }
    }

    [Fact]
    public void Each_kind_has_its_own_source_file_and_test_file()
    {
        foreach (var kind in RuleKinds.All)
        {
            var type = kind.GetType().Name;
            Assert.Equal(char.ToUpperInvariant(kind.Name[0]) + kind.Name[1..] + "Rule", type);
            Assert.True(File.Exists(TestPaths.InRepo("src", "Core", "Rules", type + ".cs")), type + ".cs");
            Assert.True(
                File.Exists(TestPaths.InRepo("tests", "Core.Tests", "Rules", type + "Tests.cs")),
                type + "Tests.cs"
            );
        }
    }

    private static IEnumerable<List<string>> Enums(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "if")
                    {
                        continue; // a condition selects some kinds (e.g. those that need 'keys')
                    }

                    if (name == "enum" && value is JsonArray array)
                    {
                        yield return
                        [
                            .. array
                                .OfType<JsonValue>()
                                .Where(v => v.TryGetValue<string>(out _))
                                .Select(v => v.GetValue<string>()),
                        ];
                    }

                    foreach (var inner in Enums(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray items:
                foreach (var inner in items.SelectMany(Enums))
                {
                    yield return inner;
                }

                break;
        }
    }
}
