using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Tests;

/// <summary>
/// The streaming canonicalizer against the located one: split across workers, on corrupted input, on numbers it copies
/// as they are, and at the nesting limit.
/// </summary>
public sealed class StreamingCanonicalizerTests
{
    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    /// <summary>The located path's canonical bytes, or null when it refuses the input.</summary>
    private static byte[]? Located(byte[] json)
    {
        try
        {
            return JsonCanonicalizer.Canonicalize(LocatedJsonDocument.Parse(json, "x").Root);
        }
        catch (ReleaseTrainException)
        {
            return null;
        }
    }

    [Fact]
    public void Split_across_workers_it_writes_the_located_canonical_form()
    {
        var spliced = 0;
        Prop.ForAll(
                PropertyTests.Json(3).ListOf().ToArbitrary(),
                Gen.Choose(2, 5).ToArbitrary(),
                Gen.Elements(false, true).ToArbitrary(),
                (items, workers, indented) =>
                {
                    // An array of values, possibly nested in an object member, so cuts land at every depth and in every
                    // kind of token.
                    var array = new JsonArray([.. items.Take(40).Select(i => i?.DeepClone())]);
                    JsonNode root = indented
                        ? new JsonObject
                        {
                            ["z"] = 1,
                            ["items"] = array,
                            ["a"] = new JsonArray(2, 3),
                        }
                        : array;
                    var text = indented ? PropertyTests.Rewrite(root) : PropertyTests.Text(root);
                    var bytes = Encoding.UTF8.GetBytes(text);
                    var expected = Located(bytes)!;
                    if (
                        !StreamingCanonicalizer.TryCanonicalize(bytes, workers, 8, out var canonical, out var count)
                        || !StreamingCanonicalizer.TrySha256(bytes, workers, 8, out var digest, out _)
                    )
                    {
                        return false;
                    }

                    spliced += count;
                    return canonical.AsSpan().SequenceEqual(expected)
                        && Digest.Sha256(expected) == Digest.Prefix + Digest.Hex(digest);
                }
            )
            .Check(Checks);

        Assert.True(spliced > 100, $"only {spliced} segments were spliced: the parallel path was hardly exercised");
    }

    [Fact]
    public void Corrupted_input_is_taken_only_when_the_located_parser_takes_it_and_then_gives_the_same_bytes()
    {
        var random = new Random(8785);
        var seeds = PropertyTests
            .Json(4)
            .Sample(400)
            .Select(n => Encoding.UTF8.GetBytes(PropertyTests.Rewrite(n)))
            .ToList();
        seeds.Add("{\"a\":[1,2.5,-0,1e400,\"\\ud83d\\ude00\"],\"b\":{\"c\":\"\\u0000\"}}"u8.ToArray());
        byte[] alphabet =
        [
            .. "{}[]\",:\\-+.eE0159 \t\nuatrfnl"u8,
            0x00,
            0x1F,
            0x7F,
            0x80,
            0xBF,
            0xC3,
            0xED,
            0xEF,
            0xF0,
            0xFF,
        ];
        var taken = 0;
        var refused = 0;
        for (var round = 0; round < 6000; round++)
        {
            var bytes = seeds[random.Next(seeds.Count)].ToList();
            for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(5))
                {
                    case 0:
                        bytes.RemoveAt(at);
                        break;
                    case 1:
                        bytes.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    case 2:
                        bytes[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                    case 3:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                    default:
                        bytes.InsertRange(at, bytes.GetRange(at, Math.Min(8, bytes.Count - at)));
                        break;
                }
            }

            var input = bytes.ToArray();
            var expected = Located(input);
            foreach (var workers in new[] { 1, 3 })
            {
                var ok = StreamingCanonicalizer.TryCanonicalize(input, workers, 4, out var canonical, out _);
                if (ok)
                {
                    Assert.True(
                        expected is not null,
                        $"the streaming pass took input the located parser refuses: {Convert.ToHexString(input)}"
                    );
                    Assert.True(
                        canonical.AsSpan().SequenceEqual(expected),
                        $"different canonical bytes for {Convert.ToHexString(input)}"
                    );
                }
            }

            if (expected is null)
            {
                refused++;
                Assert.False(StreamingCanonicalizer.TrySha256(input, 2, 4, out _, out _));
            }
            else
            {
                taken++;
                Assert.Equal(Digest.Sha256(expected), JsonCanonicalizer.Sha256(input, "x"));
            }
        }

        Assert.True(
            taken > 300 && refused > 3000,
            $"{taken} taken, {refused} refused: the corruption is not mixed enough to test both ways"
        );
    }

    [Fact]
    public void Decimals_it_copies_as_they_are_are_ecmascript_shortest_form()
    {
        // Plain decimals of 0 to 17 integer and fraction digits, with up to 8 zeros after "0.", either sign.
        var decimals = Gen.Zip(
                Gen.Zip(Gen.Choose(0, 17), Gen.Choose(0, 17)),
                Gen.Zip(Gen.Choose(0, 8), Gen.Choose(0, int.MaxValue))
            )
            .Select(t =>
            {
                var ((integerDigits, fractionDigits), (leadingZeros, seed)) = t;
                var random = new Random(seed);
                var integer =
                    integerDigits == 0
                        ? "0"
                        : random.Next(1, 10).ToString(CultureInfo.InvariantCulture) + Digits(random, integerDigits - 1);
                var fraction =
                    fractionDigits == 0
                        ? string.Empty
                        : "."
                            + (integer == "0" ? new string('0', leadingZeros) : string.Empty)
                            + Digits(random, fractionDigits);
                return (random.Next(2) == 0 ? "-" : string.Empty) + integer + fraction;
            });
        Prop.ForAll(decimals.ToArbitrary(), text =>
            {
                var expected = JsonCanonicalizer.FormatNumber(double.Parse(text, CultureInfo.InvariantCulture));
                return StreamingCanonicalizer.TryCanonicalize(
                        Encoding.ASCII.GetBytes("[" + text + "]"),
                        1,
                        int.MaxValue,
                        out var canonical,
                        out _
                    )
                    && Encoding.ASCII.GetString(canonical) == "[" + expected + "]";
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true));
    }

    private static string Digits(Random random, int count) =>
        new([.. Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10)))]);

    [Theory]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("123456789012345.5", "123456789012345.5")]
    [InlineData("12345678901234.5", "12345678901234.5")]
    [InlineData("1234567890123456", "1234567890123456")]
    [InlineData("12345678901234567", "12345678901234568")]
    [InlineData("0.10", "0.1")]
    [InlineData("-0.0", "0")]
    [InlineData("100.0", "100")]
    [InlineData("1E2", "100")]
    [InlineData("1e-400", "0")]
    public void Numbers_take_the_ecmascript_form(string number, string expected)
    {
        Assert.True(
            StreamingCanonicalizer.TryCanonicalize(
                Encoding.ASCII.GetBytes(number),
                1,
                int.MaxValue,
                out var canonical,
                out _
            )
        );
        Assert.Equal(expected, Encoding.ASCII.GetString(canonical));
        Assert.Equal(expected, Encoding.ASCII.GetString(Located(Encoding.ASCII.GetBytes(number))!));
    }

    [Theory]
    [InlineData(LocatedJsonDocument.MaxDepth - 1)]
    [InlineData(LocatedJsonDocument.MaxDepth)]
    [InlineData(LocatedJsonDocument.MaxDepth + 1)]
    public void At_the_nesting_limit_both_paths_agree(int depth)
    {
        foreach (var open in new[] { "[", "{\"a\":" })
        {
            var close = open == "[" ? "]" : "}";
            var json = Encoding.ASCII.GetBytes(
                string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth))
            );
            var expected = Located(json);
            var ok = StreamingCanonicalizer.TryCanonicalize(json, 1, int.MaxValue, out var canonical, out _);
            Assert.Equal(expected is not null, ok);
            if (ok)
            {
                Assert.Equal(expected, canonical);
            }
        }

        // Split: the worker's nesting counts from the depth of the array it was cut into.
        var nested = Encoding.ASCII.GetBytes(
            string.Concat(Enumerable.Repeat("[", depth - 2))
                + "[0,"
                + string.Join(",", Enumerable.Repeat("[[1]]", 64))
                + "]"
                + string.Concat(Enumerable.Repeat("]", depth - 2))
        );
        var located = Located(nested);
        Assert.Equal(located is not null, StreamingCanonicalizer.TryCanonicalize(nested, 2, 16, out var split, out _));
        if (located is not null)
        {
            Assert.Equal(located, split);
        }
    }

    [Fact]
    public void A_large_document_with_an_object_at_its_root_is_split_and_written_in_order()
    {
        // Members out of order around a large array: the root object's members go to the sink straight from the
        // buffer, and the array inside it is cut across workers.
        var items = new JsonArray();
        for (var i = 0; i < 20_000; i++)
        {
            items.Add(
                new JsonObject
                {
                    ["z"] = i,
                    ["name"] = "n\u00e9" + i,
                    ["a"] = i * 0.1,
                    ["m"] = new JsonArray(i, "x"),
                }
            );
        }

        var root = new JsonObject
        {
            ["zeta"] = "last",
            ["items"] = items,
            ["alpha"] = new JsonObject { ["b"] = 1, ["a"] = 2 },
        };
        foreach (var text in new[] { PropertyTests.Text(root), PropertyTests.Rewrite(root) })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var expected = Located(bytes)!;
            Assert.True(
                StreamingCanonicalizer.TryCanonicalize(bytes, 3, 64 * 1024, out var canonical, out var spliced)
            );
            Assert.True(spliced > 0);
            Assert.Equal(expected, canonical);
            Assert.True(StreamingCanonicalizer.TrySha256(bytes, 1, int.MaxValue, out var digest, out _));
            Assert.Equal(Digest.Sha256(expected), Digest.Prefix + Digest.Hex(digest));
        }
    }

    [Fact]
    public void The_warm_up_sample_takes_the_streaming_path_through_every_kind_of_token()
    {
        // PrepareOnSpareCore compiles the scanner by running it on this sample: refused, it would compile nothing
        // useful.
        var sample = JsonCanonicalizer.WarmUpSample.ToArray();
        Assert.True(StreamingCanonicalizer.TryCanonicalize(sample, 1, int.MaxValue, out var canonical, out _));
        Assert.Equal(Located(sample), canonical);
        Assert.Contains(
            "\"weight\":248668.9307881254,\"z\":null",
            Encoding.UTF8.GetString(canonical),
            StringComparison.Ordinal
        ); // the double was formatted, not copied
        JsonCanonicalizer.PrepareOnSpareCore();
    }

    [Fact]
    public void A_large_file_is_read_in_parallel_ranges_to_the_same_bytes()
    {
        var path = Path.Combine(Path.GetTempPath(), "rt-parallel-read-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var bytes = new byte[RepositoryFiles.ParallelReadBytes + 12_345];
            new Random(1).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            Assert.Equal(bytes, RepositoryFiles.ReadInParallel(path));
            Assert.Equal(bytes, RepositoryFiles.ReadFile(path));

            // A file that shrank after its length was taken: the range that runs past its end is an error, not zeros.
            using var handle = File.OpenHandle(path);
            var longer = new byte[bytes.Length + 4096];
            RepositoryFiles.ReadRange(handle, longer, 0, 2);
            Assert.Equal(bytes.AsSpan(0, longer.Length / 2).ToArray(), longer.AsSpan(0, longer.Length / 2).ToArray());
            Assert.Contains(
                "shrank",
                Assert.Throws<IOException>(() => RepositoryFiles.ReadRange(handle, longer, 1, 2)).Message,
                StringComparison.Ordinal
            );
        }
        finally
        {
            File.Delete(path);
        }
    }
}
