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
/// An object member as an indexed object stores it: its (interned) name, the byte offset of the name's opening quote,
/// and the byte offset of its value's first byte (the value's node is made from the file's bytes when asked).
/// </summary>
internal struct MemberSlot
{
    public string Name;
    public int NameStart;
    public int ValueStart;
}

/// <summary>
/// A JSON value that remembers where it stands in its file: 1-based line and column (columns count
/// Unicode scalar values) and the byte range of its source text. Built by <see cref="LocatedJsonDocument"/>.
/// </summary>
/// <remarks>
/// Nothing is built for a value until it is asked for (docs/performance.md): parsing only checks the file and notes
/// where each object and array ends. A container lists its members or elements (their byte offsets) the first time
/// they are asked for and keeps that list; a value's node is made from the file's bytes each time it is asked for
/// (containers once, then reused). So memory follows what a run reads, not the size or count of values in the file.
/// Int offsets (files are at most <c>RepositoryFiles.MaxFileBytes</c>), a byte kind, no parent link; objects index
/// their members by name only beyond <see cref="LocatedJsonObject.IndexThreshold"/> members.
/// </remarks>
public abstract class LocatedJsonNode
{
    private readonly int _start;
    private int _end;

    // Line and column, or 0 and the document to compute them from when first asked (a scalar made on demand).
    private int _line;
    private int _column;
    private readonly LocatedJsonDocument? _document;

    private protected LocatedJsonNode(JsonKind kind, int line, int column, long start)
    {
        Kind = kind;
        _line = line;
        _column = column;
        _start = (int)start;
    }

    private protected LocatedJsonNode(JsonKind kind, LocatedJsonDocument document, long start)
    {
        Kind = kind;
        _document = document;
        _start = (int)start;
    }

    /// <summary>The value's JSON kind.</summary>
    public JsonKind Kind { get; }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line
    {
        get
        {
            EnsurePosition();
            return _line;
        }
    }

    /// <summary>1-based column of the value's first character, in Unicode scalar values.</summary>
    public int Column
    {
        get
        {
            EnsurePosition();
            return _column;
        }
    }

    private void EnsurePosition()
    {
        if (_line == 0 && _document is not null)
        {
            (_line, _column) = _document.GetPosition(_start);
        }
    }

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

    private readonly LocatedJsonDocument _document;

    // The members (name, name position, value position), listed from the file's bytes when first asked for.
    private MemberSlot[]? _members;
    private Dictionary<string, int>? _index;

    internal LocatedJsonObject(int line, int column, long start, long end, LocatedJsonDocument document)
        : base(JsonKind.Object, line, column, start)
    {
        EndOffset = end;
        _document = document;
    }

    /// <summary>The members in file order.</summary>
    public IReadOnlyList<LocatedJsonProperty> Properties => new MemberList(this);

    /// <summary>How many members the object has.</summary>
    public int Count => Members.Length;

    private MemberSlot[] Members
    {
        get
        {
            if (Volatile.Read(ref _members) is { } members)
            {
                return members;
            }

            lock (_document.Sync)
            {
                if (_members is null)
                {
                    var listed = _document.ListMembers((int)StartOffset);
                    if (listed.Length > IndexThreshold)
                    {
                        var index = new Dictionary<string, int>(listed.Length, StringComparer.Ordinal);
                        for (var i = 0; i < listed.Length; i++)
                        {
                            index.Add(listed[i].Name, i);
                        }

                        _index = index;
                    }

                    Volatile.Write(ref _members, listed);
                }

                return _members;
            }
        }
    }

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
        value = index >= 0 ? _document.ValueAt(Members[index].ValueStart) : null;
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
        var member = Members[index];
        var (line, column) = _document.GetPosition(member.NameStart);
        return new(member.Name, line, column, _document.ValueAt(member.ValueStart));
    }

    private int IndexOf(string name)
    {
        var members = Members;
        if (_index is not null)
        {
            return _index.TryGetValue(name, out var found) ? found : -1;
        }

        for (var i = 0; i < members.Length; i++)
        {
            if (string.Equals(members[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        foreach (var member in Members)
        {
            writer.WritePropertyName(member.Name);
            _document.ValueAt(member.ValueStart).WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private sealed class MemberList(LocatedJsonObject owner) : IReadOnlyList<LocatedJsonProperty>
    {
        public int Count => owner.Members.Length;

        public LocatedJsonProperty this[int index] =>
            (uint)index < (uint)owner.Members.Length
                ? owner.Member(index)
                : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<LocatedJsonProperty> GetEnumerator()
        {
            for (var i = 0; i < owner.Members.Length; i++)
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

    // The byte offset of each element's first byte, listed from the file's bytes when first asked for.
    private int[]? _items;

    internal LocatedJsonArray(int line, int column, long start, long end, LocatedJsonDocument document)
        : base(JsonKind.Array, line, column, start)
    {
        EndOffset = end;
        _document = document;
    }

    /// <summary>The elements in order.</summary>
    public IReadOnlyList<LocatedJsonNode> Items => new ItemList(this);

    private int[] Starts
    {
        get
        {
            if (Volatile.Read(ref _items) is { } items)
            {
                return items;
            }

            lock (_document.Sync)
            {
                if (_items is null)
                {
                    Volatile.Write(ref _items, _document.ListItems((int)StartOffset));
                }

                return _items;
            }
        }
    }

    private sealed class ItemList(LocatedJsonArray owner) : IReadOnlyList<LocatedJsonNode>
    {
        public int Count => owner.Starts.Length;

        public LocatedJsonNode this[int index] =>
            (uint)index < (uint)owner.Starts.Length
                ? owner._document.ValueAt(owner.Starts[index])
                : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<LocatedJsonNode> GetEnumerator()
        {
            var starts = owner.Starts;
            for (var i = 0; i < starts.Length; i++)
            {
                yield return owner._document.ValueAt(starts[i]);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <inheritdoc />
    public override void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
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

    internal LocatedJsonScalar(JsonKind kind, LocatedJsonDocument document, long start, string? text, bool boolean)
        : base(kind, document, start)
    {
        _text = text;
        Boolean = boolean;
    }

    internal LocatedJsonScalar(
        JsonKind kind,
        LocatedJsonDocument document,
        long start,
        long end,
        byte[] source,
        bool boolean = false
    )
        : base(kind, document, start)
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
