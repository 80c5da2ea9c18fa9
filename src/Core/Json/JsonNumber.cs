using System.Numerics;

namespace ReleaseTrain.Core.Json;

/// <summary>
/// The exact value of a JSON number (RFC 8259 section 6) as written, never rounded to a double or a decimal: a sign,
/// the significant digits without leading or trailing zeros, and the decimal exponent of the first of them. So
/// <c>1.0</c> equals <c>1</c>, <c>1e2</c> equals <c>100</c> and <c>-0</c> equals <c>0</c>, while <c>1e400</c> is not
/// <c>2e999</c> and two 30-digit integers differing in their last digit differ. No power of ten is ever computed, so a
/// huge exponent costs only its own digits. This is the one number comparison of <see cref="JsonEquality"/> and so of
/// every rule kind.
/// </summary>
public readonly struct JsonNumber : IEquatable<JsonNumber>, IComparable<JsonNumber>
{
    /// <summary>
    /// Most significant digits an exponent may have (leading zeros not counted): parsing a longer one costs time
    /// quadratic in its length, so such a number is not parsed (<see cref="TryParse"/> is false) and compares equal
    /// only to the identical text.
    /// </summary>
    public const int MaxExponentDigits = 100_000;

    private readonly string? _digits;

    private JsonNumber(int sign, string digits, BigInteger exponent)
    {
        Sign = sign;
        _digits = digits;
        Exponent = exponent;
    }

    /// <summary>-1, 0 or 1.</summary>
    public int Sign { get; }

    /// <summary>The significant digits, without leading or trailing zeros; empty for zero.</summary>
    public string Digits => _digits ?? string.Empty;

    /// <summary>
    /// The exponent of the value written as <c>0.Digits × 10^Exponent</c> (so 1 has exponent 1, 0.5 has 0); 0 for
    /// zero.
    /// </summary>
    public BigInteger Exponent { get; }

    /// <summary>Reads a JSON number's text (RFC 8259 grammar; leading zeros and a leading '+' are tolerated).</summary>
    /// <param name="text">The number's source text, e.g. <c>-12.50e+3</c>.</param>
    /// <param name="value">The exact value when read.</param>
    /// <returns>False when the text is not a number or its exponent has more than
    /// <see cref="MaxExponentDigits"/> significant digits.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out JsonNumber value)
    {
        value = default;
        var i = 0;
        var negative = false;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        var integerStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var integer = text[integerStart..i];
        var fraction = ReadOnlySpan<char>.Empty;
        if (i < text.Length && text[i] == '.')
        {
            var fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fraction = text[fractionStart..i];
            if (fraction.IsEmpty)
            {
                return false;
            }
        }

        if (integer.IsEmpty)
        {
            return false;
        }

        var exponent = BigInteger.Zero;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            var exponentNegative = false;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                exponentNegative = text[i] == '-';
                i++;
            }

            var exponentStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            var exponentDigits = text[exponentStart..i];
            if (exponentDigits.IsEmpty)
            {
                return false;
            }

            exponentDigits = exponentDigits.TrimStart('0');
            if (exponentDigits.Length > MaxExponentDigits)
            {
                return false;
            }

            if (!exponentDigits.IsEmpty)
            {
                exponent = BigInteger.Parse(
                    exponentDigits,
                    provider: System.Globalization.CultureInfo.InvariantCulture
                );
            }

            if (exponentNegative)
            {
                exponent = -exponent;
            }
        }

        if (i != text.Length)
        {
            return false;
        }

        // All digits as one run: value = 0.(integer fraction) × 10^(exponent + integer.Length).
        var all = string.Concat(integer, fraction);
        var leading = all.Length - all.AsSpan().TrimStart('0').Length;
        var significant = all.AsSpan(leading).TrimEnd('0');
        if (significant.IsEmpty)
        {
            value = new JsonNumber(0, string.Empty, BigInteger.Zero);
            return true;
        }

        value = new JsonNumber(negative ? -1 : 1, significant.ToString(), exponent + integer.Length - leading);
        return true;
    }

    /// <summary>Reads a JSON number's text.</summary>
    /// <param name="text">The number's source text.</param>
    /// <returns>The exact value.</returns>
    /// <exception cref="FormatException">The text is not a JSON number, or its exponent is longer than
    /// <see cref="MaxExponentDigits"/> digits.</exception>
    public static JsonNumber Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a JSON number.");

    /// <summary>Whether two JSON number texts denote the same value (the identical text always does).</summary>
    /// <param name="a">The first number's text.</param>
    /// <param name="b">The second number's text.</param>
    /// <returns>True when equal in value.</returns>
    public static bool TextsEqual(string? a, string? b) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || (a is not null && b is not null && TryParse(a, out var x) && TryParse(b, out var y) && x.Equals(y));

    /// <inheritdoc />
    public bool Equals(JsonNumber other) =>
        Sign == other.Sign
        && Exponent == other.Exponent
        && string.Equals(Digits, other.Digits, StringComparison.Ordinal);

    /// <summary>Orders by value.</summary>
    /// <param name="other">The other number.</param>
    /// <returns>Negative, zero or positive as this value is less than, equal to or greater than the other.</returns>
    public int CompareTo(JsonNumber other)
    {
        if (Sign != other.Sign)
        {
            return Sign.CompareTo(other.Sign);
        }

        if (Sign == 0)
        {
            return 0;
        }

        // Same sign: compare magnitudes (the exponent of the first digit, then the digits), then flip for negatives.
        var magnitude = Exponent.CompareTo(other.Exponent);
        if (magnitude == 0)
        {
            magnitude = string.CompareOrdinal(Digits, other.Digits);
        }

        return Sign * Math.Sign(magnitude);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is JsonNumber other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Sign, Digits, Exponent);

    /// <summary>Equality by value.</summary>
    /// <param name="left">The first number.</param>
    /// <param name="right">The second number.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(JsonNumber left, JsonNumber right) => left.Equals(right);

    /// <summary>Inequality by value.</summary>
    /// <param name="left">The first number.</param>
    /// <param name="right">The second number.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(JsonNumber left, JsonNumber right) => !left.Equals(right);

    /// <summary>Order by value.</summary>
    /// <param name="left">The first number.</param>
    /// <param name="right">The second number.</param>
    /// <returns>True when less.</returns>
    public static bool operator <(JsonNumber left, JsonNumber right) => left.CompareTo(right) < 0;

    /// <summary>Order by value.</summary>
    /// <param name="left">The first number.</param>
    /// <param name="right">The second number.</param>
    /// <returns>True when less or equal.</returns>
    public static bool operator <=(JsonNumber left, JsonNumber right) => left.CompareTo(right) <= 0;

    /// <summary>Order by value.</summary>
    /// <param name="left">The first number.</param>
    /// <param name="right">The second number.</param>
    /// <returns>True when greater.</returns>
    public static bool operator >(JsonNumber left, JsonNumber right) => left.CompareTo(right) > 0;

    /// <summary>Order by value.</summary>
    /// <param name="left">The first number.</param>
    /// <param name="right">The second number.</param>
    /// <returns>True when greater or equal.</returns>
    public static bool operator >=(JsonNumber left, JsonNumber right) => left.CompareTo(right) >= 0;

    /// <summary>The value in normalised scientific form, e.g. <c>1.25e3</c>, <c>-5e-1</c>, <c>0</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Sign == 0
            ? "0"
            : (Sign < 0 ? "-" : string.Empty)
                + Digits[..1]
                + (Digits.Length > 1 ? "." + Digits[1..] : string.Empty)
                + "e"
                + (Exponent - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
