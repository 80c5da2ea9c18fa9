using System.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Tests;

/// <summary>YAML contract files read as located JSON (src/Core/Json/YamlDocument.cs).</summary>
public sealed class YamlDocumentTests
{
    private static LocatedJsonDocument Parse(string yaml) => YamlDocument.Parse(Encoding.UTF8.GetBytes(yaml), "x.yaml");

    private static Diagnostic Error(string yaml) => Assert.Throws<ReleaseTrainException>(() => Parse(yaml)).Diagnostic;

    [Fact]
    public void Plain_scalars_resolve_by_the_yaml_1_2_core_schema_and_quoted_ones_stay_strings()
    {
        var yaml =
            "a: 1\nb: 0x1F\nc: 0o17\nd: 1.50\ne: .5\nf: true\ng: ~\nh: \"1\"\ni: 'true'\nj: 007\nk: -2e3\n"
            + "l: yes\nm: 3.1.0\nn: |\n  two\n  lines\no: !!str 12\n\"200\": ok\n";
        var root = Parse(yaml).Root;
        Assert.Equal(
            "{\"a\":1,\"b\":31,\"c\":15,\"d\":1.50,\"e\":0.5,\"f\":true,\"g\":null,\"h\":\"1\",\"i\":\"true\",\"j\":7,"
                + "\"k\":-2e3,\"l\":\"yes\",\"m\":\"3.1.0\",\"n\":\"two\\nlines\\n\",\"o\":\"12\",\"200\":\"ok\"}",
            root.ToJson()
        );
    }

    [Fact]
    public void Nodes_carry_the_yaml_lines_and_columns()
    {
        var document = Parse("# c\ninfo:\n  version: service.v3\nlist:\n  - a\n  - [b, c]\n");
        var version = JsonPointer.Parse("/info/version").Evaluate(document.Root)!;
        Assert.Equal((3, 12), (version.Line, version.Column));
        var c = JsonPointer.Parse("/list/1/1").Evaluate(document.Root)!;
        Assert.Equal((6, 9), (c.Line, c.Column));
        var info = ((LocatedJsonObject)document.Root).GetMember("info")!;
        Assert.Equal((2, 1), (info.Line, info.Column));
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n", 2, 4, "alias")]
    [InlineData("a: !custom 1\n", 1, 4, "core schema")]
    [InlineData("a: 1\n---\nb: 2\n", 2, 1, "more than one")]
    [InlineData("a: .inf\n", 1, 4, "not a number")]
    [InlineData("? [a]\n: 1\n", 1, 3, "as a key")]
    [InlineData("a: [1\n", 2, 1, "")]
    [InlineData("", 1, 1, "no YAML document")]
    public void What_a_pointer_cannot_address_or_json_cannot_hold_is_RT1021_at_its_position(
        string yaml,
        int line,
        int column,
        string text
    )
    {
        var error = Error(yaml);
        Assert.Equal(("RT1021", "x.yaml", line, column), (error.Code, error.File, error.Line, error.Column));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_RT1002_at_the_second_key_and_a_bom_is_allowed()
    {
        var error = Error("a: 1\nb:\n  c: 1\n  c: 2\n");
        Assert.Equal(("RT1002", 4, 3), (error.Code, error.Line, error.Column));
        var document = YamlDocument.Parse([0xEF, 0xBB, 0xBF, .. "a: 1\n"u8.ToArray()], "x.yaml");
        Assert.Equal(
            (1, 4),
            (
                JsonPointer.Parse("/a").Evaluate(document.Root)!.Line,
                JsonPointer.Parse("/a").Evaluate(document.Root)!.Column
            )
        );
        Assert.Equal("RT1021", Error(new string('[', 300) + new string(']', 300)).Code);
    }
}
