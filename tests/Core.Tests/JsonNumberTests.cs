using System.Numerics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Tests;

/// <summary>
/// Exact JSON number comparison (src/Core/Json/JsonNumber.cs), the one JsonEquality and every rule use.
/// </summary>
public sealed class JsonNumberTests
{
    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("1e2", "100")]
    [InlineData("100", "1E+2")]
    [InlineData("0.5", "5e-1")]
    [InlineData("-0", "0")]
    [InlineData("0.0e-7", "0")]
    [InlineData("-12.500", "-1.25e1")]
    [InlineData("1e400", "0.01e402")]
    [InlineData("123456789012345678901234567890", "12345678901234567890123456789e1")]
    public void Equal_values(string a, string b)
    {
        Assert.True(JsonNumber.TextsEqual(a, b));
        Assert.Equal(0, JsonNumber.Parse(a).CompareTo(JsonNumber.Parse(b)));
        Assert.Equal(JsonNumber.Parse(a).GetHashCode(), JsonNumber.Parse(b).GetHashCode());
    }

    [Theory]
    [InlineData("1e400", "2e999")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567891")]
    [InlineData("0.1", "0.1000000000000000000000000000001")]
    [InlineData("0", "1e-400")]
    [InlineData("-1", "1")]
    [InlineData("-2", "-1")]
    [InlineData("9.99", "10")]
    [InlineData("1e-99999999999999999999999", "1e99999999999999999999999")]
    public void Different_values_in_order(string smaller, string larger)
    {
        Assert.False(JsonNumber.TextsEqual(smaller, larger));
        Assert.True(JsonNumber.Parse(smaller) < JsonNumber.Parse(larger));
        Assert.True(JsonNumber.Parse(larger) > JsonNumber.Parse(smaller));
    }

    [Fact]
    public void A_huge_exponent_is_kept_as_digits_not_a_power_of_ten()
    {
        var number = JsonNumber.Parse("25e" + new string('9', 5000));
        Assert.Equal("25", number.Digits);
        Assert.Equal(
            BigInteger.Parse(new string('9', 5000), System.Globalization.CultureInfo.InvariantCulture) + 2,
            number.Exponent
        );
        Assert.Equal(1, number.Sign);
    }

    [Fact]
    public void An_exponent_beyond_the_limit_is_not_parsed_and_equals_only_its_own_text()
    {
        var text = "1e" + new string('7', JsonNumber.MaxExponentDigits + 1);
        Assert.False(JsonNumber.TryParse(text, out _));
        Assert.True(JsonNumber.TextsEqual(text, text));
        Assert.False(JsonNumber.TextsEqual(text, "1e" + new string('7', JsonNumber.MaxExponentDigits)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e")]
    [InlineData("1x")]
    public void Not_numbers(string text) => Assert.False(JsonNumber.TryParse(text, out _));

    [Fact]
    public void Json_equality_compares_numbers_exactly_inside_containers()
    {
        static LocatedJsonNode P(string s) => LocatedJsonDocument.Parse(s).Root;
        Assert.False(JsonEquality.DeepEquals(P("[1e400]"), P("[2e999]")));
        Assert.False(
            JsonEquality.DeepEquals(
                P("{\"a\":123456789012345678901234567890}"),
                P("{\"a\":123456789012345678901234567891}")
            )
        );
        Assert.True(JsonEquality.DeepEquals(P("{\"a\":[1e2, 0.50]}"), P("{\"a\":[100, 5e-1]}")));
    }
}
