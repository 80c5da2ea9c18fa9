using System.Globalization;
using System.Numerics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Tests;

/// <summary>
/// Ryū's shortest digits against .NET's round-trip formatting, and its tables against big-integer arithmetic.
/// </summary>
public sealed class ShortestDoubleTests
{
    [Fact]
    public void The_tables_are_the_powers_of_five_they_claim_to_be()
    {
        var mask = (BigInteger.One << 64) - 1;
        var split = ShortestDouble.Pow5Split;
        var inverse = ShortestDouble.Pow5InverseSplit;
        Assert.Equal(2 * 326, split.Length);
        Assert.Equal(2 * 342, inverse.Length);
        var power = BigInteger.One;
        for (var i = 0; i < 342; i++, power *= 5)
        {
            var bits = (int)power.GetBitLength();
            if (i < 326)
            {
                var shift = bits - 125;
                var expected = shift >= 0 ? power >> shift : power << -shift;
                Assert.Equal(expected & mask, new BigInteger(split[2 * i]));
                Assert.Equal(expected >> 64, new BigInteger(split[(2 * i) + 1]));
            }

            var inv = (BigInteger.One << (bits - 1 + 125)) / power + 1;
            Assert.Equal(inv & mask, new BigInteger(inverse[2 * i]));
            Assert.Equal(inv >> 64, new BigInteger(inverse[(2 * i) + 1]));
        }
    }

    [Fact]
    public void The_digits_are_those_of_dotnets_round_trip_format_over_millions_of_doubles()
    {
        var random = new Random(2018);
        var checkedCount = 0;
        var dotnetWrong = new List<double>();
        foreach (var value in Doubles(random).Where(v => v > 0))
        {
            var digits = ShortestDouble.Digits(value, out var exponent);
            var text =
                digits.ToString(CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
            Assert.True(
                double.Parse(text, CultureInfo.InvariantCulture) == value,
                $"Ryū's {text} does not round-trip to {value:R}"
            );
            if (double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) != value)
            {
                // .NET's "R" itself does not round-trip for a few powers of two (2^-25, 2^-958): it takes the
                // interval as symmetric where the gap below a power of two is half the gap above. Ryū is right there
                // (V8 agrees: see the ECMAScript test below).
                dotnetWrong.Add(value);
                continue;
            }

            var (expectedDigits, expectedExponent) = Oracle(value);
            if (digits != expectedDigits || exponent != expectedExponent)
            {
                Assert.Fail(
                    $"{value:R} (0x{BitConverter.DoubleToUInt64Bits(value):X16}): Ryū {digits}e{exponent}, .NET "
                        + $"{expectedDigits}e{expectedExponent}"
                );
            }

            checkedCount++;
        }

        Assert.True(checkedCount > 2_000_000);
        Assert.Contains(Math.ScaleB(1, -25), dotnetWrong);
        Assert.True(dotnetWrong.Count < 10, $"{dotnetWrong.Count} values where .NET's R does not round-trip");
    }

    [SkippableFact]
    public void Formatting_is_what_an_ecmascript_engine_prints()
    {
        // Node's V8 is the reference ECMAScript engine here: String(x) is Number::toString, the form RFC 8785 takes.
        var node = FindOnPath("node");
        if (node is null)
        {
            Assert.False(
                string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                "CI=true but node is not on PATH."
            );
            Skip.If(true, "node is not on PATH.");
        }

        using var temp = new TempDirectory("rt-ecmascript");
        var values = Doubles(new Random(262))
            .Where(v => v > 0)
            .Take(150_000)
            .SelectMany(v => new[] { v, -v })
            .Append(0d)
            .ToList();
        File.WriteAllLines(
            temp.Combine("bits.txt"),
            values.Select(v => BitConverter.DoubleToUInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture))
        );
        File.WriteAllText(
            temp.Combine("print.js"),
            """
            const fs = require('fs');
            const view = new DataView(new ArrayBuffer(8));
            const out = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map(hex => {
              view.setBigUint64(0, BigInt('0x' + hex));
              return String(view.getFloat64(0));
            });
            fs.writeFileSync(process.argv[3], out.join('\n') + '\n');
            """
        );
        using (
            var process = System.Diagnostics.Process.Start(
                node!,
                [temp.Combine("print.js"), temp.Combine("bits.txt"), temp.Combine("strings.txt")]
            )
        )
        {
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }

        var expected = File.ReadAllLines(temp.Combine("strings.txt"));
        Assert.Equal(values.Count, expected.Length);
        for (var i = 0; i < values.Count; i++)
        {
            if (JsonCanonicalizer.FormatNumber(values[i]) != expected[i])
            {
                Assert.Fail(
                    $"0x{BitConverter.DoubleToUInt64Bits(values[i]):X16}: we write "
                        + $"{JsonCanonicalizer.FormatNumber(values[i])}, V8 {expected[i]}"
                );
            }
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    [Fact]
    public void Formatting_follows_ecmascript_number_to_string_over_random_doubles()
    {
        var random = new Random(8785);
        Span<byte> buffer = stackalloc byte[32];
        for (var i = 0; i < 300_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (!double.IsFinite(value))
            {
                continue;
            }

            var text = JsonCanonicalizer.FormatNumber(value);
            if (double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) == value)
            {
                Assert.Equal(EcmaScript(value), text);
            }

            Assert.Equal(value == 0 ? 0d : value, double.Parse(text, CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(2.2250738585072014e-308, "2.2250738585072014e-308")]
    [InlineData(2.225073858507201e-308, "2.225073858507201e-308")]
    [InlineData(9007199254740992d, "9007199254740992")]
    [InlineData(9007199254740994d, "9007199254740994")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000d, "123456789012345680000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(4.35, "4.35")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(333333333.3333333, "333333333.3333333")]
    [InlineData(2e-3, "0.002")]
    [InlineData(1e30, "1e+30")]
    // 2^-25: .NET's "R" writes 2.980232238769531E-08, which does not round-trip
    [InlineData(2.9802322387695312e-8, "2.98023223876" + "95312e-8")]
    [InlineData(4.1045368012983762e-289, "4.1045368012983762e-289")] // 2^-958, likewise
    public void Rfc_8785_and_boundary_values(double value, string expected) =>
        Assert.Equal(expected, JsonCanonicalizer.FormatNumber(value));

    private static IEnumerable<double> Doubles(Random random)
    {
        // Every power of two, every power of ten, their neighbours, and the ends of the subnormal and normal ranges.
        for (var e = -1074; e <= 1023; e++)
        {
            var power = Math.ScaleB(1, e);
            yield return power;
            yield return Math.BitIncrement(power);
            yield return Math.BitDecrement(power);
        }

        for (var e = -323; e <= 308; e++)
        {
            var power = double.Parse("1e" + e.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            yield return power;
            yield return Math.BitIncrement(power);
            yield return Math.BitDecrement(power);
        }

        yield return double.Epsilon;
        yield return double.MaxValue;

        // Random bit patterns (every exponent alike), then random short decimals (the numbers people write).
        for (var i = 0; i < 1_500_000; i++)
        {
            var value = Math.Abs(BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)));
            if (double.IsFinite(value) && value != 0)
            {
                yield return value;
            }
        }

        for (var i = 0; i < 600_000; i++)
        {
            var mantissa = random.NextInt64(1, 100_000_000_000_000_000) / (long)Math.Pow(10, random.Next(0, 17));
            var value = double.Parse($"{Math.Max(1, mantissa)}e{random.Next(-30, 30)}", CultureInfo.InvariantCulture);
            yield return value;
        }

        for (var i = 0; i < 100_000; i++)
        {
            yield return i + 1;
            yield return random.NextDouble() * Math.Pow(10, random.Next(-8, 22));
        }
    }

    /// <summary>
    /// .NET's shortest round-trip digits ("R", .NET Core 3.0 and later) and the power of ten, without trailing zeros.
    /// </summary>
    private static (ulong Digits, int Exponent) Oracle(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var exponent =
            e < 0 ? 0 : int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            exponent -= mantissa.Length - dot - 1;
            mantissa = mantissa.Remove(dot, 1);
        }

        var digits = ulong.Parse(mantissa, CultureInfo.InvariantCulture);
        while (digits % 10 == 0)
        {
            digits /= 10;
            exponent++;
        }

        return (digits, exponent);
    }

    /// <summary>ECMA-262 Number::toString (section 6.1.6.1.20) over the oracle's digits.</summary>
    private static string EcmaScript(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var (digits, exponent) = Oracle(Math.Abs(value));
        var s = digits.ToString(CultureInfo.InvariantCulture);
        var k = s.Length;
        var n = k + exponent;
        var body =
            k <= n && n <= 21 ? s + new string('0', n - k)
            : 0 < n && n <= 21 ? s[..n] + "." + s[n..]
            : -6 < n && n <= 0 ? "0." + new string('0', -n) + s
            : (k == 1 ? s : s[..1] + "." + s[1..])
                + "e"
                + (n - 1 >= 0 ? "+" : "-")
                + Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture);
        return value < 0 ? "-" + body : body;
    }
}
