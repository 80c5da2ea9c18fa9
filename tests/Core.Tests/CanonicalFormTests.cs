using System.Text;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Tests;

/// <summary>RFC 8785 (JCS) and RFC 8949 (CBOR) against their published test vectors.</summary>
public sealed class CanonicalFormTests
{
    private static string Jcs(string json) =>
        Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(LocatedJsonDocument.Parse(json).Root));

    [Fact]
    public void Rfc8785_section_3_2_2_example()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        Assert.Equal(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":"
                + "\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
            Jcs(input)
        );
    }

    [Fact]
    public void Rfc8785_section_3_2_3_sorts_by_utf16_code_units()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        var values = LocatedJsonDocument.Parse(Jcs(input)).Root is LocatedJsonObject obj
            ? obj.Properties.Select(p => ((LocatedJsonScalar)p.Value).Text!).ToArray()
            : [];
        Assert.Equal(
            [
                "Carriage Return",
                "One",
                "Control",
                "Latin Small Letter O With Diaeresis",
                "Euro Sign",
                "Emoji: Grinning Face",
                "Hebrew Letter Dalet With Dagesh",
            ],
            values
        );
    }

    // RFC 8785 Appendix B: IEEE 754 bit patterns and their ECMAScript serialization.
    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void Rfc8785_appendix_b_numbers(ulong bits, string expected) =>
        Assert.Equal(expected, JsonCanonicalizer.FormatNumber(BitConverter.UInt64BitsToDouble(bits)));

    [Fact]
    public void Canonical_form_is_idempotent_and_ignores_formatting()
    {
        var a = Jcs("{ \"b\": [1.0, 2e0], \"a\": {\"y\": \"\\u0041\", \"x\": null} }\r\n");
        Assert.Equal("{\"a\":{\"x\":null,\"y\":\"A\"},\"b\":[1,2]}", a);
        Assert.Equal(a, Jcs(a));
    }

    [Fact]
    public void Numbers_beyond_double_range_are_rejected()
    {
        var ex = Assert.Throws<ReleaseTrain.Core.Diagnostics.ReleaseTrainException>(() => Jcs("[1e400]"));
        Assert.Equal("RT1001", ex.Diagnostic.Code);
    }

    // RFC 8949 Appendix A.
    [Theory]
    [InlineData("", "60")]
    [InlineData("a", "6161")]
    [InlineData("IETF", "6449455446")]
    [InlineData("\"\\", "62225c")]
    [InlineData("\u00fc", "62c3bc")]
    [InlineData("\u6c34", "63e6b0b4")]
    [InlineData("\ud800\udd51", "64f0908591")]
    public void Rfc8949_appendix_a_text_strings(string text, string hex) =>
        Assert.Equal(hex, Convert.ToHexString(CanonicalCbor.TextString(text)).ToLowerInvariant());

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(23UL, "17")]
    [InlineData(24UL, "1818")]
    [InlineData(100UL, "1864")]
    [InlineData(1000UL, "1903e8")]
    [InlineData(1000000UL, "1a000f4240")]
    [InlineData(1000000000000UL, "1b000000e8d4a51000")]
    [InlineData(18446744073709551615UL, "1bffffffffffffffff")]
    public void Rfc8949_appendix_a_unsigned_integers(ulong value, string hex) =>
        Assert.Equal(hex, Convert.ToHexString(CanonicalCbor.UnsignedInteger(value)).ToLowerInvariant());

    [Fact]
    public void Rfc8949_appendix_a_arrays()
    {
        static byte[] U(ulong v) => CanonicalCbor.UnsignedInteger(v);
        Assert.Equal("80", Hex(CanonicalCbor.Array()));
        Assert.Equal("83010203", Hex(CanonicalCbor.Array(U(1), U(2), U(3))));
        Assert.Equal(
            "8301820203820405",
            Hex(CanonicalCbor.Array(U(1), CanonicalCbor.Array(U(2), U(3)), CanonicalCbor.Array(U(4), U(5))))
        );
        var twentyFive = Enumerable.Range(1, 25).Select(i => U((ulong)i)).ToArray();
        Assert.Equal(
            "98190102030405060708090a0b0c0d0e0f101112131415161718181819",
            Hex(CanonicalCbor.Array(twentyFive))
        );
    }

    [Fact]
    public void Deps_lock_preimage_is_a_definite_array_of_four_text_strings()
    {
        var h = new string('a', 64);
        var bytes = CanonicalCbor.TextArray("deps_lock_v1", h, h, h);
        Assert.Equal(0x84, bytes[0]);
        Assert.Equal(0x6c, bytes[1]); // text(12) "deps_lock_v1"
        Assert.Equal([0x78, 0x40], bytes.Skip(14).Take(2).ToArray()); // text(64): one-byte length
        Assert.Equal(1 + 13 + (3 * 66), bytes.Length);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
