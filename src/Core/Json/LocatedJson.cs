using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ReleaseTrain.Core.Json;

/// <summary>The JSON value kinds of RFC 8259.</summary>
public enum JsonKind
{
    /// <summary>An object.</summary>
    Object,

    /// <summary>An array.</summary>
    Array,

    /// <summary>A string.</summary>
    String,

    /// <summary>A number, kept as its source text.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary><c>null</c>.</summary>
    Null,
}

/// <summary>
/// A JSON value that remembers where it stands in its file: 1-based line and column (columns count
/// Unicode scalar values) and the byte range of its source text. Built by <see cref="LocatedJsonDocument"/>.
/// </summary>
public abstract class LocatedJsonNode
{
    private protected LocatedJsonNode(JsonKind kind, int line, int column, long start)
    {
        Kind = kind;
        Line = line;
        Column = column;
        StartOffset = start;
    }

    /// <summary>The value's JSON kind.</summary>
    public JsonKind Kind { get; }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column of the value's first character, in Unicode scalar values.</summary>
    public int Column { get; }

    /// <summary>Byte offset of the value's first byte in the file.</summary>
    public long StartOffset { get; }

    /// <summary>Byte offset just past the value's last byte.</summary>
    public long EndOffset { get; internal set; }

    /// <summary>The containing object or array, or null for the root.</summary>
    public LocatedJsonNode? Parent { get; internal set; }

    /// <summary>A short description of the kind, for messages ("object", "array", "string", ...).</summary>
    public string KindName => Kind switch
    {
        JsonKind.Object => "object",
        JsonKind.Array => "array",
        JsonKind.String => "string",
        JsonKind.Number => "number",
        JsonKind.Boolean => "boolean",
        _ => "null",
    };

    /// <summary>The value as compact JSON text (no insignificant whitespace, member order kept).</summary>
    /// <returns>The compact JSON.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false }))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the value to a JSON writer.</summary>
    /// <param name="writer">The writer.</param>
    public abstract void WriteTo(Utf8JsonWriter writer);
}

/// <summary>A located JSON object; member order is the file's.</summary>
public sealed class LocatedJsonObject : LocatedJsonNode
{
    private readonly List<LocatedJsonProperty> _properties = [];
    private readonly Dictionary<string, LocatedJsonProperty> _byName = new(StringComparer.Ordinal);

    internal LocatedJsonObject(int line, int column, long start)
        : base(JsonKind.Object, line, column, start)
    {
    }

    /// <summary>The members in file order.</summary>
    public IReadOnlyList<LocatedJsonProperty> Properties => _properties;

    /// <summary>Looks a member up by its exact (ordinal) name.</summary>
    /// <param name="name">The member name.</param>
    /// <param name="value">The member's value when found.</param>
    /// <returns>True when the object has the member.</returns>
    public bool TryGetProperty(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LocatedJsonNode? value)
    {
        if (_byName.TryGetValue(name, out var property))
        {
            value = property.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Looks a member up by name, returning the member with its key position.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The member, or null.</returns>
    public LocatedJsonProperty? GetMember(string name) => _byName.GetValueOrDefault(name);

    internal bool TryAdd(LocatedJsonProperty property, out LocatedJsonProperty? existing)
    {
        if (_byName.TryGetValue(property.Name, out existing))
        {
            return false;
        }

        _byName.Add(property.Name, property);
        _properties.Add(property);
        return true;
    }

    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var property in _properties)
        {
            writer.WritePropertyName(property.Name);
            property.Value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}

/// <summary>A member of a <see cref="LocatedJsonObject"/>: its name, the name's position, and its value.</summary>
/// <param name="Name">The unescaped member name.</param>
/// <param name="Line">1-based line of the name's opening quote.</param>
/// <param name="Column">1-based column of the name's opening quote.</param>
/// <param name="Value">The member's value.</param>
public sealed record LocatedJsonProperty(string Name, int Line, int Column, LocatedJsonNode Value);

/// <summary>A located JSON array.</summary>
public sealed class LocatedJsonArray : LocatedJsonNode
{
    private readonly List<LocatedJsonNode> _items = [];

    internal LocatedJsonArray(int line, int column, long start)
        : base(JsonKind.Array, line, column, start)
    {
    }

    /// <summary>The elements in order.</summary>
    public IReadOnlyList<LocatedJsonNode> Items => _items;

    internal void Add(LocatedJsonNode item) => _items.Add(item);

    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var item in _items)
        {
            item.WriteTo(writer);
        }

        writer.WriteEndArray();
    }
}

/// <summary>A located JSON string, number, boolean or null.</summary>
public sealed class LocatedJsonScalar : LocatedJsonNode
{
    internal LocatedJsonScalar(JsonKind kind, int line, int column, long start, string? text, bool boolean)
        : base(kind, line, column, start)
    {
        Text = text;
        Boolean = boolean;
    }

    /// <summary>The unescaped string for <see cref="JsonKind.String"/>, the source text for <see cref="JsonKind.Number"/>, otherwise null.</summary>
    public string? Text { get; }

    /// <summary>The value of a <see cref="JsonKind.Boolean"/>.</summary>
    public bool Boolean { get; }

    /// <summary>The number as a decimal, when it is a number that fits one.</summary>
    /// <param name="value">The parsed number.</param>
    /// <returns>True when parsed.</returns>
    public bool TryGetDecimal(out decimal value)
    {
        value = 0;
        return Kind == JsonKind.Number && decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case JsonKind.String:
                writer.WriteStringValue(Text);
                break;
            case JsonKind.Number:
                writer.WriteRawValue(Text!, skipInputValidation: true);
                break;
            case JsonKind.Boolean:
                writer.WriteBooleanValue(Boolean);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
