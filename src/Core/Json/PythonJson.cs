using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReleaseTrain.Core.Json;

/// <summary>
/// The text Python's <c>json.dumps(value, sort_keys=True, separators=(",", ":"))</c> writes (CPython 3, default
/// <c>ensure_ascii=True</c>), and the bare lowercase hex SHA-256 of its UTF-8 bytes: the form torghut
/// (proompteng/lab services/torghut, <c>lane.py::_stable_hash</c> and the scheduler's
/// <c>_append_runtime_governance_to_phase_manifest</c>) hashes a phase manifest in. Rules: object members sorted by
/// code point; strings escaped as Python does (<c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\b</c>,
/// <c>\f</c>, every other character outside space..tilde as <c>\uXXXX</c> in lowercase hex, astral characters as a
/// surrogate pair); integers (a JSON number without fraction or exponent) as their decimal value; other numbers as
/// Python's <c>repr(float)</c> (the shortest round-trip digits; exponent form below 1e-4 and from 1e16, with a sign
/// and at least two exponent digits; <c>.0</c> on an integral fixed form).
/// </summary>
public static class PythonJson
{
    /// <summary>The compact, key-sorted Python text of a JSON value.</summary>
    /// <param name="node">The value (null is JSON null).</param>
    /// <returns>The text.</returns>
    public static string Dumps(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    /// <summary>
    /// The bare lowercase hex SHA-256 of <see cref="Dumps"/>'s UTF-8 bytes (torghut's <c>_stable_hash</c>).
    /// </summary>
    /// <param name="node">The value.</param>
    /// <returns>64 lowercase hex digits, no prefix.</returns>
    public static string StableHash(JsonNode? node) => Digest.Hex(SHA256.HashData(Encoding.UTF8.GetBytes(Dumps(node))));

    /// <summary>Python's <c>repr</c> of a double (what <c>json.dumps</c> writes for a float).</summary>
    /// <param name="value">The value.</param>
    /// <returns>E.g. <c>0.0001</c>, <c>1e-05</c>, <c>1.2345678901234568e+16</c>, <c>250.0</c>, <c>-0.0</c>,
    /// <c>Infinity</c>.</returns>
    public static string FloatRepr(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        var sign = double.IsNegative(value) ? "-" : "";
        if (value == 0)
        {
            return sign + "0.0";
        }

        var digits = ShortestDouble.Digits(Math.Abs(value), out var exponent).ToString(CultureInfo.InvariantCulture);
        var point = digits.Length + exponent; // value = 0.digits x 10^point
        if (point is > -4 and <= 16)
        {
            if (point <= 0)
            {
                return sign + "0." + new string('0', -point) + digits;
            }

            return point >= digits.Length
                ? sign + digits + new string('0', point - digits.Length) + ".0"
                : sign + digits[..point] + "." + digits[point..];
        }

        var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        var power = point - 1;
        return sign
            + mantissa
            + "e"
            + (power < 0 ? "-" : "+")
            + Math.Abs(power).ToString("00", CultureInfo.InvariantCulture);
    }

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(m => m.Key, CodePointComparer.Instance))
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    WriteString(key, text);
                    text.Append(':');
                    Write(value, text);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    Write(array[i], text);
                }

                text.Append(']');
                break;
            default:
                WriteValue((JsonValue)node, text);
                break;
        }
    }

    private static void WriteValue(JsonValue value, StringBuilder text)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(value.GetValue<string>(), text);
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Number:
                var raw = value.ToJsonString();
                if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
                {
                    text.Append(BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append(FloatRepr(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture)));
                }

                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void WriteString(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case >= ' ' and <= '~':
                    text.Append(c);
                    break;
                default:
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
        }

        text.Append('"');
    }

    /// <summary>Orders strings by Unicode code point, as Python's <c>sorted</c> does for <c>str</c>.</summary>
    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").EnumerateRunes().GetEnumerator();
            var b = (y ?? "").EnumerateRunes().GetEnumerator();
            while (true)
            {
                var hasA = a.MoveNext();
                var hasB = b.MoveNext();
                if (!hasA || !hasB)
                {
                    return hasA.CompareTo(hasB);
                }

                var order = a.Current.Value.CompareTo(b.Current.Value);
                if (order != 0)
                {
                    return order;
                }
            }
        }
    }
}
