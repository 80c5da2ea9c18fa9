using System.Text;
using System.Text.Json;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Tests;

/// <summary>
/// The located parser builds nothing until asked (issue 14: 50 MB of small values took 2.1 GB): parsing checks the
/// file and notes container ends; containers list their members and elements from the bytes on demand. These tests
/// hold the on-demand DOM equal, value for value and position for position, to System.Text.Json's reading of the same
/// bytes, over random documents with every kind of value, escapes in names and strings, odd whitespace and a BOM.
/// </summary>
public sealed class LocatedJsonLazyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_documents_read_as_System_Text_Json_reads_them_with_every_position_exact(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < 150; n++)
        {
            var text = new StringBuilder();
            Space(random, text);
            Value(random, text, depth: 0);
            Space(random, text);
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            var document = LocatedJsonDocument.Parse(bytes, "random.json");
            var skip = bytes.Length >= 3 && bytes[0] == 0xEF ? 3 : 0;
            using var expected = JsonDocument.Parse(bytes.AsMemory(skip));
            Same(bytes, skip, expected.RootElement, document.Root);

            // A second walk (containers made again or reused) gives the same values and positions.
            Same(bytes, skip, expected.RootElement, document.Root);
        }
    }

    [Fact]
    public void Values_asked_in_any_order_are_right()
    {
        var json = """{ "a" : [ 1 , {"x\u0041": "y\n"}, [ ], { } ] , "b\"": -2.5e-3, "c": "\u00e9\ud83d\ude00" }""";
        var document = LocatedJsonDocument.Parse(json);
        var root = (LocatedJsonObject)document.Root;
        Assert.True(root.TryGetProperty("c", out var c));
        Assert.Equal("\u00e9\ud83d\ude00", ((LocatedJsonScalar)c).Text);
        Assert.Equal("-2.5e-3", ((LocatedJsonScalar)root.GetMember("b\"")!.Value).Text);
        var a = (LocatedJsonArray)root.GetMember("a")!.Value;
        Assert.Equal(a.StartOffset, root.GetMember("a")!.Value.StartOffset);
        Assert.Equal("y\n", ((LocatedJsonScalar)((LocatedJsonObject)a.Items[1]).GetMember("xA")!.Value).Text);
        Assert.Empty(((LocatedJsonArray)a.Items[2]).Items);
        Assert.Equal(0, ((LocatedJsonObject)a.Items[3]).Count);
        Assert.Equal("""{"a":[1,{"xA":"y\n"},[],{}],"b\"":-2.5e-3,"c":"é\uD83D\uDE00"}""", document.Root.ToJson());
    }

    [Fact]
    public void Parsing_a_million_small_values_allocates_a_small_fraction_of_the_file_not_a_node_per_value()
    {
        // Issue 14: 50 MB of `0,` took 2.1 GB (a 24-byte slot per value, doubled while growing). Counted in bytes
        // allocated by this thread (the parse runs on it), not in time.
        var bytes = Encoding.UTF8.GetBytes(
            "{\"items\":[" + string.Concat(Enumerable.Repeat("0,", 1_000_000)) + "0],\"v\":1}"
        );
        var before = GC.GetAllocatedBytesForCurrentThread();
        var document = LocatedJsonDocument.Parse(bytes, "zeros.json");
        Assert.True(((LocatedJsonObject)document.Root).TryGetProperty("v", out var v));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("1", ((LocatedJsonScalar)v).Text);
        Assert.True(allocated < bytes.Length / 8, $"parsing {bytes.Length} bytes allocated {allocated} bytes");

        // Reading the whole array costs one int per element, once.
        before = GC.GetAllocatedBytesForCurrentThread();
        var items = (LocatedJsonArray)((LocatedJsonObject)document.Root).GetMember("items")!.Value;
        Assert.Equal(1_000_001, items.Items.Count);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < (4 * 1_000_001) + 4096, $"listing 1,000,001 elements allocated {allocated} bytes");
    }

    [Fact]
    public void A_large_container_is_made_once_and_a_small_one_on_each_ask()
    {
        var json = "{\"big\": [" + string.Join(",", Enumerable.Range(0, 2000)) + "], \"small\": [1, 2]}";
        var root = (LocatedJsonObject)LocatedJsonDocument.Parse(json).Root;
        Assert.Same(root.GetMember("big")!.Value, root.GetMember("big")!.Value);
        var small = root.GetMember("small")!.Value;
        Assert.NotSame(small, root.GetMember("small")!.Value);
        Assert.True(JsonEquality.DeepEquals(small, root.GetMember("small")!.Value));
        Assert.Equal("1999", ((LocatedJsonScalar)((LocatedJsonArray)root.GetMember("big")!.Value).Items[1999]).Text);
    }

    [Fact]
    public void An_object_with_many_members_is_indexed_and_keeps_file_order()
    {
        var names = Enumerable.Range(0, 50).Select(i => $"k{(i * 37) % 50}").ToList();
        var json = "{" + string.Join(",", names.Select((k, i) => $"\"{k}\":{i}")) + "}";
        var root = (LocatedJsonObject)LocatedJsonDocument.Parse(json).Root;
        Assert.Equal(names, root.Properties.Select(p => p.Name));
        for (var i = 0; i < names.Count; i++)
        {
            Assert.True(root.TryGetProperty(names[i], out var value));
            Assert.Equal(
                i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ((LocatedJsonScalar)value).Text
            );
        }

        Assert.False(root.TryGetProperty("missing", out _));
    }

    [Fact]
    public void A_duplicate_name_in_a_nested_object_beyond_the_index_threshold_is_RT1002()
    {
        var members = string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"m{i}\":{i}"));
        var json = "[{\"a\":{" + members + "}},\n {" + members + ",\n  \"m7\":0}]";
        var ex = Assert.Throws<ReleaseTrain.Core.Diagnostics.ReleaseTrainException>(() =>
            LocatedJsonDocument.Parse(json, "d.json")
        );
        Assert.Equal("RT1002", ex.Diagnostic.Code);
        Assert.Equal((3, 3), (ex.Diagnostic.Line, ex.Diagnostic.Column));
    }

    private static void Same(byte[] bytes, int skip, JsonElement expected, LocatedJsonNode actual)
    {
        // The node starts where its text starts, and its line and column are a plain count to there.
        var start = (int)actual.StartOffset;
        var (line, column) = (1, 1);
        for (var i = skip; i < start; i++)
        {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && bytes[i + 1] != '\n'))
            {
                (line, column) = (line + 1, 1);
            }
            else if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        Assert.Equal((line, column), (actual.Line, actual.Column));
        using var slice = JsonDocument.Parse(bytes.AsMemory(start, (int)(actual.EndOffset - start)));
        Assert.True(JsonElement.DeepEquals(expected, slice.RootElement), expected.GetRawText());
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = Assert.IsType<LocatedJsonObject>(actual);
                var properties = expected.EnumerateObject().ToList();
                Assert.Equal(properties.Count, obj.Count);
                Assert.Equal(properties.Select(p => p.Name), obj.Properties.Select(p => p.Name));
                foreach (var (property, member) in properties.Zip(obj.Properties))
                {
                    Same(bytes, skip, property.Value, member.Value);
                    Assert.Equal('"', (char)bytes[NameStart(bytes, skip, member)]);
                    Assert.True(obj.TryGetProperty(property.Name, out var byName));
                    Assert.Equal(member.Value.StartOffset, byName.StartOffset);
                }

                break;
            case JsonValueKind.Array:
                var array = Assert.IsType<LocatedJsonArray>(actual);
                var items = expected.EnumerateArray().ToList();
                Assert.Equal(items.Count, array.Items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    Same(bytes, skip, items[i], array.Items[i]);
                }

                break;
            case JsonValueKind.String:
                Assert.Equal((JsonKind.String, expected.GetString()), (actual.Kind, ((LocatedJsonScalar)actual).Text));
                break;
            case JsonValueKind.Number:
                Assert.Equal((JsonKind.Number, expected.GetRawText()), (actual.Kind, ((LocatedJsonScalar)actual).Text));
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                Assert.Equal(
                    (JsonKind.Boolean, expected.GetBoolean()),
                    (actual.Kind, ((LocatedJsonScalar)actual).Boolean)
                );
                break;
            default:
                Assert.Equal(JsonKind.Null, actual.Kind);
                break;
        }
    }

    // The byte offset of a member's name, from the line and column the member reports.
    private static int NameStart(byte[] bytes, int skip, LocatedJsonProperty member)
    {
        var (line, column, i) = (1, 1, skip);
        while (line < member.Line || column < member.Column)
        {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && bytes[i + 1] != '\n'))
            {
                (line, column) = (line + 1, 1);
            }
            else if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }

            i++;
            while (i < bytes.Length && (bytes[i] & 0xC0) == 0x80)
            {
                i++;
            }
        }

        return i;
    }

    private static readonly string[] Spaces = ["", " ", "\n", "\r\n", "\t", "  \r ", "\r"];

    private static readonly string[] Numbers =
    [
        "0",
        "-0",
        "7",
        "-12",
        "3.25",
        "1e5",
        "-2.5E-3",
        "1E+400",
        "123456789012345678901234567890",
        "0.000001",
    ];

    private static readonly string[] Strings =
    [
        "",
        "a",
        "\\\"",
        "\\\\",
        "\\n\\t",
        "\\u0041\\u00e9",
        "\\ud83d\\ude00",
        "\u00e9\u20ac\ud83d\ude00",
        "a\\/b",
        "}],:{[",
        "long string with spaces and \\\\ a backslash",
    ];

    private static void Space(Random random, StringBuilder text) => text.Append(Spaces[random.Next(Spaces.Length)]);

    private static void Value(Random random, StringBuilder text, int depth)
    {
        switch (random.Next(depth > 4 ? 5 : 8))
        {
            case 0:
                text.Append(Numbers[random.Next(Numbers.Length)]);
                break;
            case 1:
                text.Append('"').Append(Strings[random.Next(Strings.Length)]).Append('"');
                break;
            case 2:
                text.Append(random.Next(2) == 0 ? "true" : "false");
                break;
            case 3:
                text.Append("null");
                break;
            case 4:
                text.Append('"').Append(Strings[random.Next(Strings.Length)]).Append(random.Next(100)).Append('"');
                break;
            case 5:
            case 6:
                text.Append('{');
                var members = random.Next(12);
                for (var i = 0; i < members; i++)
                {
                    Space(random, text);
                    text.Append('"').Append(Strings[random.Next(Strings.Length)]).Append(i).Append('"');
                    Space(random, text);
                    text.Append(':');
                    Space(random, text);
                    Value(random, text, depth + 1);
                    Space(random, text);
                    if (i < members - 1)
                    {
                        text.Append(',');
                    }
                }

                Space(random, text);
                text.Append('}');
                break;
            default:
                text.Append('[');
                var count = random.Next(10);
                for (var i = 0; i < count; i++)
                {
                    Space(random, text);
                    Value(random, text, depth + 1);
                    Space(random, text);
                    if (i < count - 1)
                    {
                        text.Append(',');
                    }
                }

                Space(random, text);
                text.Append(']');
                break;
        }
    }
}
