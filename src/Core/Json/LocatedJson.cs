using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ReleaseTrain.Core.Json;

/// <summary>The JSON value kinds of RFC 8259.</summary>
#pragma warning disable CA1028 // A byte keeps every node of a large document small (docs/performance.md).
public enum JsonKind : byte
#pragma warning restore CA1028
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
/// A value as its container stores it: a node (objects, arrays, strings with escapes), or a scalar kept inline
/// (kind, position and byte range) whose <see cref="LocatedJsonScalar"/> is made when asked.
/// </summary>
internal struct Slot
{
    public LocatedJsonNode? Node;
    public int Start;
    public int End;
    public JsonKind Kind;
    public bool Boolean;
    public bool Escaped;

    public static Slot Of(LocatedJsonNode node) => new() { Node = node };

    public readonly LocatedJsonNode Materialize(LocatedJsonDocument document)
    {
        if (Node is not null)
        {
            return Node;
        }

        var (line, column) = document.GetPosition(Start);
        if (Escaped)
        {
            // A string with escapes: unescaped again from its bytes (checked when the document was parsed).
            var reader = new Utf8JsonReader(document.Bytes.AsSpan(Start, End - Start));
            reader.Read();
            return new LocatedJsonScalar(JsonKind.String, line, column, Start, reader.GetString(), false)
            {
                EndOffset = End,
            };
        }

        return new LocatedJsonScalar(Kind, line, column, Start, End, document.Bytes, Boolean);
    }
}

/// <summary>An object member as stored: its name, the byte offset of the name's opening quote, and its value.</summary>
internal struct MemberSlot
{
    public string Name;
    public int NameStart;
    public Slot Value;
}

/// <summary>
/// A JSON value that remembers where it stands in its file: 1-based line and column (columns count
/// Unicode scalar values) and the byte range of its source text. Built by <see cref="LocatedJsonDocument"/>.
/// </summary>
/// <remarks>
/// Nodes are kept small (a 20 MB payload becomes some millions of them): int offsets (files are at most
/// <c>RepositoryFiles.MaxFileBytes</c>), a byte kind, no parent link; objects index their members by name
/// only beyond <see cref="LocatedJsonObject.IndexThreshold"/> members; scalars decode their text from the file's bytes
/// on demand (docs/performance.md).
/// </remarks>
public abstract class LocatedJsonNode
{
    private readonly int _start;
    private int _end;

    private protected LocatedJsonNode(JsonKind kind, int line, int column, long start)
    {
        Kind = kind;
        Line = line;
        Column = column;
        _start = (int)start;
    }

    /// <summary>The value's JSON kind.</summary>
    public JsonKind Kind { get; }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column of the value's first character, in Unicode scalar values.</summary>
    public int Column { get; }

    /// <summary>Byte offset of the value's first byte in the file.</summary>
    public long StartOffset => _start;

    /// <summary>Byte offset just past the value's last byte.</summary>
    public long EndOffset
    {
        get => _end;
        internal set => _end = (int)value;
    }

    /// <summary>A short description of the kind, for messages ("object", "array", "string", ...).</summary>
    public string KindName =>
        Kind switch
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
        using (
            var writer = new Utf8JsonWriter(
                buffer,
                new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false }
            )
        )
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
    /// <summary>Objects with more members than this index them by name; smaller ones are searched in order.</summary>
    public const int IndexThreshold = 8;

    // Members in parallel arrays (name, packed name position, value): the LocatedJsonProperty records are made when
    // asked.
    private readonly LocatedJsonDocument _document;
    private MemberSlot[] _members = [];
    private int _count;
    private Dictionary<string, int>? _index;

    internal LocatedJsonObject(int line, int column, long start, LocatedJsonDocument document)
        : base(JsonKind.Object, line, column, start)
    {
        _document = document;
    }

    /// <summary>The members in file order.</summary>
    public IReadOnlyList<LocatedJsonProperty> Properties => new MemberList(this);

    /// <summary>How many members the object has.</summary>
    public int Count => _count;

    /// <summary>Looks a member up by its exact (ordinal) name.</summary>
    /// <param name="name">The member name.</param>
    /// <param name="value">The member's value when found.</param>
    /// <returns>True when the object has the member.</returns>
    public bool TryGetProperty(
        string name,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LocatedJsonNode? value
    )
    {
        var index = IndexOf(name);
        value = index >= 0 ? _members[index].Value.Materialize(_document) : null;
        return value is not null;
    }

    /// <summary>Looks a member up by name, returning the member with its key position.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The member, or null.</returns>
    public LocatedJsonProperty? GetMember(string name)
    {
        var index = IndexOf(name);
        return index >= 0 ? Member(index) : null;
    }

    private LocatedJsonProperty Member(int index)
    {
        var (line, column) = _document.GetPosition(_members[index].NameStart);
        return new(_members[index].Name, line, column, _members[index].Value.Materialize(_document));
    }

    private int IndexOf(string name)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(name, out var found) ? found : -1;
        }

        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_members[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    internal bool TryAdd(string name, int nameStart, in Slot value, out LocatedJsonProperty? existing)
    {
        var found = IndexOf(name);
        if (found >= 0)
        {
            existing = Member(found);
            return false;
        }

        existing = null;
        if (_count == _members.Length)
        {
            Array.Resize(ref _members, Math.Max(4, _count * 2));
        }

        _members[_count++] = new MemberSlot
        {
            Name = name,
            NameStart = nameStart,
            Value = value,
        };
        if (_index is not null)
        {
            _index.Add(name, _count - 1);
        }
        else if (_count > IndexThreshold)
        {
            _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
            for (var i = 0; i < _count; i++)
            {
                _index.Add(_members[i].Name, i);
            }
        }

        return true;
    }

    /// <summary>Drops the spare capacity once every member is known.</summary>
    internal void Seal()
    {
        if (_count != _members.Length)
        {
            Array.Resize(ref _members, _count);
        }
    }

    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        for (var i = 0; i < _count; i++)
        {
            writer.WritePropertyName(_members[i].Name);
            _members[i].Value.Materialize(_document).WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private sealed class MemberList(LocatedJsonObject owner) : IReadOnlyList<LocatedJsonProperty>
    {
        public int Count => owner._count;

        public LocatedJsonProperty this[int index] =>
            (uint)index < (uint)owner._count
                ? owner.Member(index)
                : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<LocatedJsonProperty> GetEnumerator()
        {
            for (var i = 0; i < owner._count; i++)
            {
                yield return owner.Member(i);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
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
    private readonly LocatedJsonDocument _document;
    private Slot[] _items = [];
    private int _count;

    internal LocatedJsonArray(int line, int column, long start, LocatedJsonDocument document)
        : base(JsonKind.Array, line, column, start)
    {
        _document = document;
    }

    /// <summary>The elements in order.</summary>
    public IReadOnlyList<LocatedJsonNode> Items => new ItemList(this);

    private sealed class ItemList(LocatedJsonArray owner) : IReadOnlyList<LocatedJsonNode>
    {
        public int Count => owner._count;

        public LocatedJsonNode this[int index] =>
            (uint)index < (uint)owner._count
                ? owner._items[index].Materialize(owner._document)
                : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<LocatedJsonNode> GetEnumerator()
        {
            for (var i = 0; i < owner._count; i++)
            {
                yield return owner._items[i].Materialize(owner._document);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    internal void Add(in Slot item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(4, _count * 2));
        }

        _items[_count++] = item;
    }

    /// <summary>Drops the spare capacity once every element is known.</summary>
    internal void Seal()
    {
        if (_count != _items.Length)
        {
            Array.Resize(ref _items, _count);
        }
    }

    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var item in Items)
        {
            item.WriteTo(writer);
        }

        writer.WriteEndArray();
    }
}

/// <summary>A located JSON string, number, boolean or null.</summary>
public sealed class LocatedJsonScalar : LocatedJsonNode
{
    // The text itself, or (for numbers and strings without escapes) the file's bytes to decode it from on demand.
    private readonly object? _text;

    internal LocatedJsonScalar(JsonKind kind, int line, int column, long start, string? text, bool boolean)
        : base(kind, line, column, start)
    {
        _text = text;
        Boolean = boolean;
    }

    internal LocatedJsonScalar(
        JsonKind kind,
        int line,
        int column,
        long start,
        long end,
        byte[] source,
        bool boolean = false
    )
        : base(kind, line, column, start)
    {
        EndOffset = end;
        _text = kind is JsonKind.String or JsonKind.Number ? source : null;
        Boolean = boolean;
    }

    /// <summary>
    /// The unescaped string for <see cref="JsonKind.String"/>, the source text for <see cref="JsonKind.Number"/>,
    /// otherwise null.
    /// </summary>
    public string? Text =>
        _text switch
        {
            string text => text,
            byte[] source when Kind == JsonKind.String => Encoding.UTF8.GetString(
                source,
                (int)StartOffset + 1,
                (int)(EndOffset - StartOffset) - 2
            ),
            byte[] source => Encoding.UTF8.GetString(source, (int)StartOffset, (int)(EndOffset - StartOffset)),
            _ => null,
        };

    /// <summary>The value of a <see cref="JsonKind.Boolean"/>.</summary>
    public bool Boolean { get; }

    /// <summary>The number as a decimal, when it is a number that fits one.</summary>
    /// <param name="value">The parsed number.</param>
    /// <returns>True when parsed.</returns>
    public bool TryGetDecimal(out decimal value)
    {
        value = 0;
        return Kind == JsonKind.Number
            && decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
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
