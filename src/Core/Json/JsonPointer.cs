using System.Globalization;
using System.Text;

namespace ReleaseTrain.Core.Json;

/// <summary>
/// A JSON Pointer (RFC 6901): <c>""</c> is the whole document, <c>/a/0/b~1c</c> the member <c>b/c</c> of
/// the first element of <c>a</c>. <c>~0</c> escapes <c>~</c> and <c>~1</c> escapes <c>/</c> (section 3);
/// array indexes are <c>0</c> or a number without leading zeros (section 4).
/// </summary>
public sealed class JsonPointer : IEquatable<JsonPointer>
{
    private readonly string[] _tokens;

    private JsonPointer(string[] tokens) => _tokens = tokens;

    /// <summary>The pointer to the whole document (<c>""</c>).</summary>
    public static JsonPointer Root { get; } = new([]);

    /// <summary>The unescaped reference tokens.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>Parses a pointer.</summary>
    /// <param name="text">The pointer text, e.g. <c>/error_code_enum</c>.</param>
    /// <param name="pointer">The parsed pointer.</param>
    /// <param name="error">Why the text is not a pointer.</param>
    /// <returns>True when the text is a valid RFC 6901 pointer.</returns>
    public static bool TryParse(string text, out JsonPointer pointer, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pointer = Root;
        error = string.Empty;
        if (text.Length == 0)
        {
            return true;
        }

        if (text[0] != '/')
        {
            error = "a non-empty pointer starts with '/'.";
            return false;
        }

        var tokens = new List<string>();
        foreach (var raw in text[1..].Split('/'))
        {
            var token = new StringBuilder(raw.Length);
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i] != '~')
                {
                    token.Append(raw[i]);
                    continue;
                }

                if (i + 1 < raw.Length && raw[i + 1] is '0' or '1')
                {
                    token.Append(raw[i + 1] == '0' ? '~' : '/');
                    i++;
                    continue;
                }

                error = "'~' must be followed by '0' or '1'.";
                return false;
            }

            tokens.Add(token.ToString());
        }

        pointer = new JsonPointer([.. tokens]);
        return true;
    }

    /// <summary>Parses a pointer, throwing on invalid syntax.</summary>
    /// <param name="text">The pointer text.</param>
    /// <returns>The pointer.</returns>
    /// <exception cref="FormatException">The text is not an RFC 6901 pointer.</exception>
    public static JsonPointer Parse(string text) =>
        TryParse(text, out var pointer, out var error)
            ? pointer
            : throw new FormatException($"Invalid JSON Pointer '{text}': {error}");

    /// <summary>Returns this pointer with one more token.</summary>
    /// <param name="token">The unescaped token.</param>
    /// <returns>The longer pointer.</returns>
    public JsonPointer Append(string token) => new([.. _tokens, token]);

    /// <summary>Returns this pointer followed by another's tokens.</summary>
    /// <param name="other">The relative pointer.</param>
    /// <returns>The combined pointer.</returns>
    public JsonPointer Append(JsonPointer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other._tokens.Length == 0 ? this : new([.. _tokens, .. other._tokens]);
    }

    /// <summary>Evaluates the pointer (RFC 6901 section 4).</summary>
    /// <param name="root">The document root.</param>
    /// <returns>The value, or null when the pointer references a nonexistent value.</returns>
    public LocatedJsonNode? Evaluate(LocatedJsonNode root) => Resolve(root).Value;

    /// <summary>
    /// Evaluates the pointer and also returns the deepest value that exists on its path, so that a
    /// missing key can be reported at its parent object's position.
    /// </summary>
    /// <param name="root">The document root.</param>
    /// <returns>The value (or null) and the deepest existing ancestor.</returns>
    public (LocatedJsonNode? Value, LocatedJsonNode Deepest) Resolve(LocatedJsonNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var current = root;
        foreach (var token in _tokens)
        {
            LocatedJsonNode? next = null;
            if (current is LocatedJsonObject obj)
            {
                obj.TryGetProperty(token, out next);
            }
            else if (
                current is LocatedJsonArray array
                && TryParseIndex(token, out var index)
                && index < array.Items.Count
            )
            {
                next = array.Items[index];
            }

            if (next is null)
            {
                return (null, current);
            }

            current = next;
        }

        return (current, current);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var token in _tokens)
        {
            builder
                .Append('/')
                .Append(
                    token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)
                );
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public bool Equals(JsonPointer? other) => other is not null && _tokens.AsSpan().SequenceEqual(other._tokens);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as JsonPointer);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static bool TryParseIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
