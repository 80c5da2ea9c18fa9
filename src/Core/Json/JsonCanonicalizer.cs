using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Json;

/// <summary>
/// The JSON Canonicalization Scheme, RFC 8785: object members sorted by the UTF-16 code units of their
/// names (section 3.2.3), no insignificant whitespace, strings escaped as ECMAScript's JSON.stringify does
/// (section 3.2.2.2), and numbers as IEEE 754 doubles serialized by ECMAScript's Number.prototype.toString
/// (section 3.2.2.3). Output is UTF-8. Inputs are parsed strictly (duplicate keys are RT1002).
/// </summary>
public static class JsonCanonicalizer
{
    /// <summary>Canonicalizes a located JSON value.</summary>
    /// <param name="node">The value.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="ReleaseTrainException">RT1001 for a number outside the IEEE 754 double range (RFC 8785 section
    /// 3.2.2.3) or a lone surrogate.</exception>
    public static byte[] Canonicalize(LocatedJsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var builder = new StringBuilder();
        Write(node, builder);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Parses JSON bytes and canonicalizes them.</summary>
    /// <param name="json">The JSON bytes.</param>
    /// <param name="path">The path for diagnostics.</param>
    /// <returns>The canonical UTF-8 bytes.</returns>
    /// <exception cref="ReleaseTrainException">RT1001 or RT1002.</exception>
    public static byte[] Canonicalize(byte[] json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        return StreamingCanonicalizer.TryCanonicalize(json, out var canonical)
            ? canonical
            : Canonicalize(LocatedJsonDocument.Parse(json, path).Root);
    }

    /// <summary>
    /// The digest of JSON bytes' canonical form, <c>sha256:&lt;64 lowercase hex&gt;</c>, streamed without building a
    /// document; input the streaming pass cannot take (malformed, duplicate names, lone surrogates, out-of-range
    /// numbers) goes through the located parser, which reports it at its line and column.
    /// </summary>
    /// <param name="json">The JSON bytes (a UTF-8 BOM is refused: RT1020).</param>
    /// <param name="path">The path for diagnostics.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ReleaseTrainException">RT1001 or RT1002.</exception>
    public static string Sha256(byte[] json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (StreamingCanonicalizer.TrySha256(json, out var digest))
        {
            return Digest.Prefix + Digest.Hex(digest);
        }

        var root = LocatedJsonDocument.Parse(json, path).Root;
        try
        {
            return Sha256(root);
        }
        catch (ReleaseTrainException ex) when (ex.Diagnostic.File is null)
        {
            // A number outside the double range is found at its line and column; name the file too.
            throw new ReleaseTrainException(ex.Diagnostic with { File = path }, ex);
        }
    }

    /// <summary>A number's text as a message quotes it: at most 40 characters (a file may hold megabytes of digits).
    /// </summary>
    private static string Abbreviated(string text) =>
        text.Length <= 40
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text[..20]}...{text[^12..]} ({text.Length} characters)");

    /// <summary>
    /// Compiles the streaming canonicalizer on a spare core, in the background, so that a process about to hash a
    /// large JSON file does not wait for it: its scanner is compiled fully optimized at once (AggressiveOptimization),
    /// about 15-25 ms of JIT time that otherwise falls on the first file. Does nothing on a single core. Never throws.
    /// </summary>
    public static void PrepareOnSpareCore()
    {
        if (Environment.ProcessorCount < 2)
        {
            return;
        }

        var thread = new Thread(static () =>
            StreamingCanonicalizer.TrySha256(WarmUpSample.ToArray(), 1, int.MaxValue, out _, out _)
        )
        {
            IsBackground = true,
            Name = "JCS warm-up",
        };
        thread.Start();
    }

    // Every path of the scanner: an unsorted object, escapes and non-ASCII text, an escaped name, integers, a short
    // decimal, doubles to format, literals, nesting.
    internal static ReadOnlySpan<byte> WarmUpSample =>
        """
        [{"id":1,"name":"pkg-1\u00e9","weight":248668.93078812542,"tags":["a","b",7],"ok":true,"z":null,
        """u8
        + """
        "\u0061":{"é":-0.5,"e":1e21}},false,[]]
        """u8;

    /// <summary>
    /// The digest of a JSON value's canonical form, <c>sha256:&lt;64 lowercase hex&gt;</c> (DESIGN.md, "Digests").
    /// </summary>
    /// <param name="node">The value.</param>
    /// <returns>The digest.</returns>
    public static string Sha256(LocatedJsonNode node) => Digest.Sha256(Canonicalize(node));

    /// <summary>
    /// Serializes a double as ECMAScript's Number.prototype.toString does (ECMA-262 Number::toString, RFC 8785 section
    /// 3.2.2.3).
    /// </summary>
    /// <param name="value">A finite double.</param>
    /// <returns>The ECMAScript text, e.g. <c>1e+30</c>, <c>0.002</c>, <c>333333333.3333333</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">NaN or an infinity.</exception>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "NaN and infinities have no JSON form.");
        }

        Span<byte> text = stackalloc byte[32];
        return Encoding.ASCII.GetString(text[..FormatNumber(value, text)]);
    }

    /// <summary>
    /// Writes a finite double as ECMAScript's Number.prototype.toString does, as ASCII bytes, without allocating
    /// (the same rules as <see cref="FormatNumber(double)"/>).
    /// </summary>
    /// <param name="value">A finite double.</param>
    /// <param name="destination">At least 32 bytes.</param>
    /// <returns>The bytes written.</returns>
    [System.Runtime.CompilerServices.MethodImpl(
        System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization
    )]
    internal static int FormatNumber(double value, Span<byte> destination)
    {
        if (value == 0)
        {
            destination[0] = (byte)'0';
            return 1; // also -0
        }

        var at = 0;
        if (value < 0)
        {
            destination[at++] = (byte)'-';
            value = -value;
        }

        // The shortest digits that round-trip, closest to the value (ECMA-262 Number::toString steps 5-6), and n such
        // that value = 0.digits x 10^n.
        var digits = ShortestDouble.Digits(value, out var exponent);
        Span<byte> buffer = stackalloc byte[20];
        var start = buffer.Length;
        do
        {
            buffer[--start] = (byte)('0' + (int)(digits % 10));
            digits /= 10;
        } while (digits != 0);

        ReadOnlySpan<byte> d = buffer[start..];
        var k = d.Length;
        var n = k + exponent;
        if (k <= n && n <= 21)
        {
            d.CopyTo(destination[at..]);
            at += k;
            destination.Slice(at, n - k).Fill((byte)'0');
            at += n - k;
        }
        else if (0 < n && n <= 21)
        {
            d[..n].CopyTo(destination[at..]);
            at += n;
            destination[at++] = (byte)'.';
            d[n..].CopyTo(destination[at..]);
            at += k - n;
        }
        else if (-6 < n && n <= 0)
        {
            destination[at++] = (byte)'0';
            destination[at++] = (byte)'.';
            destination.Slice(at, -n).Fill((byte)'0');
            at += -n;
            d.CopyTo(destination[at..]);
            at += k;
        }
        else
        {
            var exp = n - 1;
            destination[at++] = d[0];
            if (k > 1)
            {
                destination[at++] = (byte)'.';
                d[1..].CopyTo(destination[at..]);
                at += k - 1;
            }

            destination[at++] = (byte)'e';
            destination[at++] = exp >= 0 ? (byte)'+' : (byte)'-';
            Math.Abs(exp).TryFormat(destination[at..], out var written, default, CultureInfo.InvariantCulture);
            at += written;
        }

        return at;
    }

    private static void Write(LocatedJsonNode node, StringBuilder builder)
    {
        switch (node)
        {
            case LocatedJsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var property in obj.Properties.OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteString(property.Name, builder, property.Value);
                    builder.Append(':');
                    Write(property.Value, builder);
                }

                builder.Append('}');
                break;
            case LocatedJsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(array.Items[i], builder);
                }

                builder.Append(']');
                break;
            case LocatedJsonScalar scalar:
                switch (scalar.Kind)
                {
                    case JsonKind.String:
                        WriteString(scalar.Text!, builder, scalar);
                        break;
                    case JsonKind.Number:
                        var number = double.Parse(scalar.Text!, NumberStyles.Float, CultureInfo.InvariantCulture);
                        if (double.IsInfinity(number))
                        {
                            throw new ReleaseTrainException(
                                DiagnosticCodes.MalformedJson.Error(
                                    null,
                                    scalar.Line,
                                    scalar.Column,
                                    $"the number {Abbreviated(scalar.Text!)} is outside the IEEE 754 double range "
                                        + $"(RFC 8785 section 3.2.2.3)."
                                )
                            );
                        }

                        builder.Append(FormatNumber(number));
                        break;
                    case JsonKind.Boolean:
                        builder.Append(scalar.Boolean ? "true" : "false");
                        break;
                    default:
                        builder.Append("null");
                        break;
                }

                break;
        }
    }

    private static void WriteString(string value, StringBuilder builder, LocatedJsonNode at)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (EscapeOf(c) is { IsEmpty: false } escape)
            {
                builder.Append(escape);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.MalformedJson.Error(
                        null,
                        at.Line,
                        at.Column,
                        "a string holds a lone surrogate, which has no canonical form (RFC 8785 section 3.2.2.2)."
                    )
                );
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append('"');
    }

    /// <summary>
    /// How RFC 8785 section 3.2.2.2 (ECMAScript's JSON.stringify) escapes a UTF-16 code unit in a string: <c>\"</c>,
    /// <c>\\</c>, the short forms <c>\b \f \n \r \t</c>, <c>\u00xx</c> (lowercase hex) for the other control
    /// characters; empty for every other code unit, which is written as itself. Both canonicalizers use it.
    /// </summary>
    /// <param name="codeUnit">A UTF-16 code unit.</param>
    /// <returns>The escape, ASCII, or empty.</returns>
    internal static ReadOnlySpan<char> EscapeOf(int codeUnit) =>
        codeUnit switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            < 0x20 => ControlEscapes.AsSpan(codeUnit * 6, 6),
            _ => default,
        };

    private const string ControlEscapes =
        "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\u0008\\u0009\\u000a\\u000b\\u000c\\u000d"
        + "\\u000e\\u000f"
        + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d"
        + "\\u001e\\u001f";
}

/// <summary>
/// Digests in ReleaseTrain's one form: <c>sha256:&lt;64 lowercase hex&gt;</c> (DESIGN.md, "Digests").
/// </summary>
public static class Digest
{
    /// <summary>The prefix of every digest.</summary>
    public const string Prefix = "sha256:";

    /// <summary>SHA-256 of bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns><c>sha256:</c> and 64 lowercase hex characters.</returns>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Prefix + Hex(SHA256.HashData(bytes));

    /// <summary>SHA-256 of a stream, read to its end.</summary>
    /// <param name="stream">The stream.</param>
    /// <returns><c>sha256:</c> and 64 lowercase hex characters.</returns>
    public static string Sha256(Stream stream) => Prefix + Hex(SHA256.HashData(stream));

    /// <summary>Lowercase hex of bytes.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The hex text.</returns>
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>The 64 hex characters of a <c>sha256:</c> digest (or of bare hex), validated.</summary>
    /// <param name="digest">A digest.</param>
    /// <returns>The hex part.</returns>
    /// <exception cref="FormatException">Not 64 lowercase hex characters, with or without the prefix.</exception>
    public static string HexOf(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var hex = digest.StartsWith(Prefix, StringComparison.Ordinal) ? digest[Prefix.Length..] : digest;
        if (hex.Length != 64 || !hex.All(ch => ch is >= '0' and <= '9' or >= 'a' and <= 'f'))
        {
            throw new FormatException(
                $"'{digest}' is not a sha256 digest (sha256: followed by 64 lowercase hex characters)."
            );
        }

        return hex;
    }
}
