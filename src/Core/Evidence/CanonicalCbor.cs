using System.Text;

namespace ReleaseTrain.Core.Evidence;

/// <summary>
/// The few CBOR items ReleaseTrain encodes, in the core deterministic encoding of RFC 8949 section 4.2.1:
/// definite lengths, and every length and integer in its shortest form (section 4.2.1, "preferred
/// serialization"). Used for <c>dependencies_lock_hash</c> (DESIGN.md, "Evidence hashes").
/// </summary>
public static class CanonicalCbor
{
    /// <summary>Encodes an unsigned integer (major type 0).</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The encoding.</returns>
    public static byte[] UnsignedInteger(ulong value) => Head(0, value);

    /// <summary>Encodes a UTF-8 text string (major type 3) with a definite length.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The encoding.</returns>
    public static byte[] TextString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text);
        return [.. Head(3, (ulong)bytes.Length), .. bytes];
    }

    /// <summary>Encodes a definite-length array (major type 4) of already-encoded items.</summary>
    /// <param name="items">The encoded items.</param>
    /// <returns>The encoding.</returns>
    public static byte[] Array(params byte[][] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var output = new List<byte>(Head(4, (ulong)items.Length));
        foreach (var item in items)
        {
            output.AddRange(item);
        }

        return [.. output];
    }

    /// <summary>Encodes an array of text strings, as in <c>["deps_lock_v1", ...]</c>.</summary>
    /// <param name="texts">The strings.</param>
    /// <returns>The encoding.</returns>
    public static byte[] TextArray(params string[] texts) => Array([.. texts.Select(TextString)]);

    private static byte[] Head(int majorType, ulong argument)
    {
        var major = (byte)(majorType << 5);
        return argument switch
        {
            < 24 => [(byte)(major | (byte)argument)],
            <= byte.MaxValue => [(byte)(major | 24), (byte)argument],
            <= ushort.MaxValue => [(byte)(major | 25), (byte)(argument >> 8), (byte)argument],
            <= uint.MaxValue =>
            [
                (byte)(major | 26),
                (byte)(argument >> 24),
                (byte)(argument >> 16),
                (byte)(argument >> 8),
                (byte)argument,
            ],
            _ =>
            [
                (byte)(major | 27),
                (byte)(argument >> 56),
                (byte)(argument >> 48),
                (byte)(argument >> 40),
                (byte)(argument >> 32),
                (byte)(argument >> 24),
                (byte)(argument >> 16),
                (byte)(argument >> 8),
                (byte)argument,
            ],
        };
    }
}
