using System.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Tests;

public sealed class LocatedJsonTests
{
    private static Diagnostic ParseError(string json)
    {
        var ex = Assert.Throws<ReleaseTrainException>(() => LocatedJsonDocument.Parse(json, "x.json"));
        Assert.Equal("x.json", ex.Diagnostic.File);
        return ex.Diagnostic;
    }

    [Fact]
    public void Positions_in_any_order_match_a_plain_count_on_long_lines_with_multibyte_text()
    {
        // One long line (as in minified files), then more lines; multibyte characters straddling checkpoints.
        var builder = new System.Text.StringBuilder("[");
        for (var i = 0; i < 3000; i++)
        {
            builder
                .Append(i == 0 ? "" : ",")
                .Append("{\"k\u00e9\":\"v\ud83d\ude00")
                .Append(i)
                .Append("\",\"n\":")
                .Append(i)
                .Append('}');
        }

        builder.Append("\n,\r\n 1,\r 2]");
        var bytes = System.Text.Encoding.UTF8.GetBytes(builder.ToString());
        var document = LocatedJsonDocument.Parse(bytes, "long.json");
        var random = new Random(7);
        for (var n = 0; n < 2000; n++)
        {
            var offset = random.Next(0, bytes.Length);
            var line = 1;
            var column = 1;
            for (var i = 0; i < offset; i++)
            {
                if (bytes[i] == '\n' || (bytes[i] == '\r' && bytes[i + 1] != '\n'))
                {
                    line++;
                    column = 1;
                }
                else if ((bytes[i] & 0xC0) != 0x80)
                {
                    column++;
                }
            }

            Assert.Equal((line, column), document.GetPosition(offset));
        }

        var last = (LocatedJsonArray)document.Root;
        Assert.Equal(3002, last.Items.Count);
        Assert.Equal((4, 2), (last.Items[^1].Line, last.Items[^1].Column));
        var member = ((LocatedJsonObject)last.Items[2999]).Properties[0];
        Assert.Equal("k\u00e9", member.Name);
        Assert.Equal("v\ud83d\ude002999", ((LocatedJsonScalar)member.Value).Text);
    }

    [Fact]
    public void Values_know_their_line_and_column()
    {
        var doc = LocatedJsonDocument.Parse("{\n  \"a\": [1, \"é\", {\"b\": null}],\n\t\"c\": true\n}");
        var root = Assert.IsType<LocatedJsonObject>(doc.Root);
        var a = (LocatedJsonArray)root.Properties[0].Value;
        Assert.Equal((2, 8), (a.Line, a.Column));
        Assert.Equal((2, 12), (a.Items[1].Line, a.Items[1].Column));
        Assert.Equal((2, 17), (a.Items[2].Line, a.Items[2].Column)); // 'é' is two bytes, one column
        var c = root.GetMember("c")!;
        Assert.Equal((3, 2), (c.Line, c.Column));
        Assert.Equal((3, 7), (c.Value.Line, c.Value.Column));
        Assert.Equal("[1,\"é\",{\"b\":null}]", a.ToJson());
    }

    [Fact]
    public void Duplicate_key_is_RT1002_at_the_second_occurrence()
    {
        var d = ParseError("{\n  \"a\": 1,\n  \"b\": {\"x\": 1, \"x\": 2}\n}");
        Assert.Equal("RT1002", d.Code);
        Assert.Equal((3, 17), (d.Line, d.Column));
        Assert.Contains("'x'", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\": 1,}", 1, 8)] // at the comma
    [InlineData("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3)]
    [InlineData("{\"a\": tru}", 1, 10)]
    [InlineData("// comment\n{}", 1, 1)]
    [InlineData("{} {}", 1, 4)]
    [InlineData("", 1, 1)]
    [InlineData("   ", 1, 1)] // nothing but white space: where the file starts
    public void Malformed_json_is_RT1001_at_the_bad_token(string json, int line, int column)
    {
        var d = ParseError(json);
        Assert.Equal("RT1001", d.Code);
        Assert.Equal((line, column), (d.Line, d.Column));
        Assert.DoesNotContain("LineNumber", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_RT1001()
    {
        var bytes = "{\"a\": \"x\"}"u8.ToArray();
        bytes[8] = 0xFF;
        var ex = Assert.Throws<ReleaseTrainException>(() => LocatedJsonDocument.Parse(bytes, "x.json"));
        Assert.Equal("RT1001", ex.Diagnostic.Code);
    }

    [Fact]
    public void A_utf8_bom_is_RT1020_at_line_1_column_1_as_the_contracts_own_parsers_reject_it()
    {
        // Python's json.load(open(p, encoding="utf-8")) raises "Unexpected UTF-8 BOM"; node's JSON.parse fails on
        // U+FEFF: a file with a BOM fails every peer's check, so it cannot pass here (issue 16).
        foreach (var json in new[] { "{\"a\": 1}", "{\"a\" 1}", "", "[]" })
        {
            var bytes = new byte[] { 0xEF, 0xBB, 0xBF }
                .Concat(Encoding.UTF8.GetBytes(json))
                .ToArray();
            var ex = Assert.Throws<ReleaseTrainException>(() => LocatedJsonDocument.Parse(bytes, "x.json"));
            Assert.Equal(
                ("RT1020", "x.json", 1, 1),
                (ex.Diagnostic.Code, ex.Diagnostic.File, ex.Diagnostic.Line, ex.Diagnostic.Column)
            );
            Assert.Contains("without a BOM", ex.Diagnostic.Message, StringComparison.Ordinal);

            // The streaming canonicalizer (evidence hashes) does not take it either: the same coded error.
            var hash = Assert.Throws<ReleaseTrainException>(() => JsonCanonicalizer.Sha256(bytes, "x.json"));
            Assert.Equal("RT1020", hash.Diagnostic.Code);
        }

        // A U+FEFF after the first byte is malformed JSON, as before.
        Assert.Equal("RT1001", ParseError(" \uFEFF{}").Code);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_RT1001_not_a_crash()
    {
        var json =
            new string('[', LocatedJsonDocument.MaxDepth + 1) + new string(']', LocatedJsonDocument.MaxDepth + 1);
        Assert.Equal("RT1001", ParseError(json).Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Positions_equal_a_count_from_scratch_on_long_and_short_lines(bool singleLine)
    {
        var items = Enumerable.Range(0, 400).Select(i => $"{{\"k\u00e9{i}\": [\"\u20ac{i}\", {i}.5, true, null]}}");
        var json = "[" + string.Join(singleLine ? "," : ",\n ", items) + "]";
        var document = LocatedJsonDocument.Parse(json);
        var lines = json.Split('\n');
        foreach (var obj in ((LocatedJsonArray)document.Root).Items.Cast<LocatedJsonObject>())
        {
            foreach (var node in ((LocatedJsonArray)obj.Properties[0].Value).Items.Prepend(obj))
            {
                var text = lines[node.Line - 1];
                var prefix = Encoding.UTF8.GetByteCount(text[..(node.Column - 1)]);
                var expectedOffset = lines.Take(node.Line - 1).Sum(l => Encoding.UTF8.GetByteCount(l) + 1) + prefix;
                Assert.Equal(expectedOffset, node.StartOffset);
            }
        }
    }

    [Fact]
    public void Json_equality_is_semantic()
    {
        static LocatedJsonNode P(string s) => LocatedJsonDocument.Parse(s).Root;
        Assert.True(JsonEquality.DeepEquals(P("{\"a\":1,\"b\":[1,2]}"), P("{\"b\":[1,2],\"a\":1.0}")));
        Assert.False(JsonEquality.DeepEquals(P("[1,2]"), P("[2,1]")));
        Assert.False(JsonEquality.DeepEquals(P("false"), P("0")));
        Assert.False(JsonEquality.DeepEquals(P("false"), P("\"false\"")));
        Assert.False(JsonEquality.DeepEquals(P("{\"a\":1}"), P("{\"a\":1,\"b\":2}")));
        Assert.True(JsonEquality.DeepEquals(P("1e400"), P("1e400")));
    }
}

public sealed class JsonPointerTests
{
    // RFC 6901, section 5.
    private const string Rfc6901Document = """
        {
          "foo": ["bar", "baz"],
          "": 0,
          "a/b": 1,
          "c%d": 2,
          "e^f": 3,
          "g|h": 4,
          "i\\j": 5,
          "k\"l": 6,
          " ": 7,
          "m~n": 8
        }
        """;

    [Theory]
    [InlineData("", "{")]
    [InlineData("/foo", "[\"bar\",\"baz\"]")]
    [InlineData("/foo/0", "\"bar\"")]
    [InlineData("/", "0")]
    [InlineData("/a~1b", "1")]
    [InlineData("/c%d", "2")]
    [InlineData("/e^f", "3")]
    [InlineData("/g|h", "4")]
    [InlineData("/i\\j", "5")]
    [InlineData("/k\"l", "6")]
    [InlineData("/ ", "7")]
    [InlineData("/m~0n", "8")]
    public void Rfc6901_section5_examples(string pointer, string expected)
    {
        var root = LocatedJsonDocument.Parse(Rfc6901Document).Root;
        var value = JsonPointer.Parse(pointer).Evaluate(root);
        Assert.NotNull(value);
        Assert.StartsWith(expected, value.ToJson(), StringComparison.Ordinal);
        Assert.Equal(pointer, JsonPointer.Parse(pointer).ToString());
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("/a~2")]
    [InlineData("/a~")]
    public void Invalid_pointers_are_rejected(string pointer) =>
        Assert.False(JsonPointer.TryParse(pointer, out _, out _));

    [Theory]
    [InlineData("/foo/01")]
    [InlineData("/foo/-")]
    [InlineData("/foo/2")]
    [InlineData("/nope/x")]
    public void Nonexistent_values_resolve_to_null_with_the_deepest_ancestor(string pointer)
    {
        var root = LocatedJsonDocument.Parse(Rfc6901Document).Root;
        var (value, deepest) = JsonPointer.Parse(pointer).Resolve(root);
        Assert.Null(value);
        Assert.True(deepest.Kind is JsonKind.Array or JsonKind.Object);
    }
}
