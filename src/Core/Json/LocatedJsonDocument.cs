using System.Text;
using System.Text.Json;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Json;

/// <summary>
/// A JSON file parsed strictly (RFC 8259: no comments, no trailing commas, unique member names) into
/// <see cref="LocatedJsonNode"/> values that know their line and column. A leading UTF-8 byte order mark
/// is refused (RT1020 at line 1, column 1: RFC 8259 forbids it and the contracts' own parsers reject it). Malformed
/// input throws <see cref="ReleaseTrainException"/> with RT1001 (or RT1002 for a duplicate key) at the offending line
/// and column.
/// </summary>
public sealed class LocatedJsonDocument
{
    /// <summary>Deepest nesting accepted; deeper input is RT1001.</summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// Bytes between column checkpoints: a position costs a binary search and at most this many bytes.
    /// </summary>
    private const int CheckpointSpacing = 256;

    /// <summary>
    /// Objects and arrays of at least this many bytes are made once and kept; smaller ones on each ask.
    /// </summary>
    private const int KeptContainerBytes = 4096;

    private readonly int[] _lineStarts;
    private readonly int[] _checkpointColumns;

    // For a document translated from another format (YAML): ascending byte offsets of the translation's tokens and
    // the line and column each came from in the source file; null for a JSON file (positions are the bytes' own).
    private long[]? _sourceOffsets;
    private (int Line, int Column)[]? _sourcePositions;

    // Where each object and array starts (ascending) and ends, noted by the parse; the containers made so far; member
    // names, one copy each.
    private int[] _containerStarts = [];
    private int[] _containerEnds = [];
    private int _containerCount;
    private readonly Dictionary<int, LocatedJsonNode> _made = [];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    private LocatedJsonDocument(string path, byte[] bytes)
    {
        Path = path;
        Bytes = bytes;
        (_lineStarts, _checkpointColumns) = ComputePositions(bytes);
        Root = null!;
    }

    /// <summary>Full path of the file (used in diagnostics).</summary>
    public string Path { get; }

    /// <summary>The file's raw bytes, exactly as read.</summary>
    public byte[] Bytes { get; }

    /// <summary>The root value.</summary>
    public LocatedJsonNode Root { get; private set; }

    /// <summary>Parses JSON bytes.</summary>
    /// <param name="bytes">The UTF-8 bytes, without a byte order mark.</param>
    /// <param name="path">The path to report in diagnostics.</param>
    /// <returns>The parsed document.</returns>
    /// <exception cref="ReleaseTrainException">
    /// RT1020 a leading UTF-8 byte order mark, RT1001 malformed JSON, RT1002 duplicate key.
    /// </exception>
    public static LocatedJsonDocument Parse(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (HasBom(bytes))
        {
            throw new ReleaseTrainException(DiagnosticCodes.JsonByteOrderMark.Error(path, 1, 1));
        }

        var document = new LocatedJsonDocument(path, bytes);
        document.Root = document.Build();
        return document;
    }

    /// <summary>
    /// Parses JSON translated from another format (YAML: <see cref="YamlDocument"/>), so that its nodes report the
    /// source file's lines and columns: each token of <paramref name="json"/> at or after
    /// <c>offsets[i]</c> (and before the next) is at <c>positions[i]</c> in the source.
    /// </summary>
    /// <param name="json">The translation, UTF-8 JSON without a BOM.</param>
    /// <param name="path">The source file's path (reported in diagnostics).</param>
    /// <param name="offsets">Ascending byte offsets into <paramref name="json"/>.</param>
    /// <param name="positions">The 1-based source line and column of each offset.</param>
    /// <returns>The parsed document.</returns>
    /// <exception cref="ReleaseTrainException">RT1001 or RT1002, at the source's positions.</exception>
    internal static LocatedJsonDocument ParseTranslated(
        byte[] json,
        string path,
        long[] offsets,
        (int Line, int Column)[] positions
    )
    {
        var document = new LocatedJsonDocument(path, json) { _sourceOffsets = offsets, _sourcePositions = positions };
        document.Root = document.Build();
        return document;
    }

    /// <summary>Parses a JSON string (for tests and literals).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="path">The path to report in diagnostics.</param>
    /// <returns>The parsed document.</returns>
    /// <exception cref="ReleaseTrainException">RT1001 or RT1002.</exception>
    public static LocatedJsonDocument Parse(string json, string path = "<inline>") =>
        Parse(Encoding.UTF8.GetBytes(json), path);

    /// <summary>
    /// Parses JSON strictly (BOM refused, duplicate keys refused) and returns it as a mutable
    /// <see cref="System.Text.Json.Nodes.JsonNode"/>, for code that edits or navigates JSON freely.
    /// </summary>
    /// <param name="bytes">The UTF-8 bytes.</param>
    /// <param name="path">The path for diagnostics.</param>
    /// <returns>The node (null for a JSON null).</returns>
    /// <exception cref="ReleaseTrainException">RT1020, RT1001 or RT1002.</exception>
    public static System.Text.Json.Nodes.JsonNode? ParseNode(byte[] bytes, string path) =>
        System.Text.Json.Nodes.JsonNode.Parse(
            Parse(bytes, path).Root.ToJson(),
            documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth + 1 }
        );

    /// <summary>Converts a byte offset into a 1-based line and column (columns in Unicode scalar values).</summary>
    /// <param name="offset">Byte offset into <see cref="Bytes"/>.</param>
    /// <returns>The line and column.</returns>
    public (int Line, int Column) GetPosition(long offset)
    {
        offset = Math.Clamp(offset, 0, Bytes.LongLength);
        if (_sourceOffsets is { Length: > 0 } sourceOffsets)
        {
            var at = Array.BinarySearch(sourceOffsets, offset);
            return _sourcePositions![Math.Max(0, at >= 0 ? at : ~at - 1)];
        }

        var index = Array.BinarySearch(_lineStarts, (int)offset);
        var line = index >= 0 ? index : ~index - 1;
        var column = 1;
        long from = line == 0 && HasBom(Bytes) ? Math.Min(3, offset) : _lineStarts[line];

        // Continue from the nearest column checkpoint on the same line, so that a position in a minified
        // (single-line) file costs at most CheckpointSpacing bytes, in any order.
        var checkpoint = offset / CheckpointSpacing * CheckpointSpacing;
        if (checkpoint > from)
        {
            from = checkpoint;
            column = _checkpointColumns[checkpoint / CheckpointSpacing];
        }

        for (var i = from; i < offset; i++)
        {
            if ((Bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line + 1, column);
    }

    private static bool HasBom(byte[] bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;

    /// <summary>
    /// Line starts, and the column at every CheckpointSpacing-th byte (the column GetPosition gives there).
    /// </summary>
    private static (int[] LineStarts, int[] Checkpoints) ComputePositions(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        var checkpoints = new int[(bytes.Length / CheckpointSpacing) + 1];
        var column = 1;
        var skip = HasBom(bytes) ? 3 : 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i % CheckpointSpacing == 0)
            {
                checkpoints[i / CheckpointSpacing] = column;
            }

            var b = bytes[i];
            if (b == (byte)'\n' || (b == (byte)'\r' && (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n')))
            {
                starts.Add(i + 1);
                column = 1;
            }
            else if (i >= skip && (b & 0xC0) != 0x80)
            {
                column++;
            }
        }

        if (bytes.Length % CheckpointSpacing == 0)
        {
            checkpoints[bytes.Length / CheckpointSpacing] = column;
        }

        return ([.. starts], checkpoints);
    }

    /// <summary>The lock under which containers list their members and elements and are made (once each).</summary>
    internal object Sync { get; } = new();

    /// <summary>
    /// The value whose first byte is at <paramref name="offset"/>: an object or array of at least
    /// <see cref="KeptContainerBytes"/> is made once and reused; anything smaller is made anew from the file's bytes
    /// (a scalar's text decoded when asked).
    /// </summary>
    /// <param name="offset">The offset of a value's first byte, as listed by <see cref="ListItems"/> or
    /// <see cref="ListMembers"/>.</param>
    internal LocatedJsonNode ValueAt(int offset)
    {
        var first = Bytes[offset];
        if (first is (byte)'{' or (byte)'[')
        {
            lock (Sync)
            {
                if (_made.TryGetValue(offset, out var made))
                {
                    return made;
                }

                var (containerLine, containerColumn) = GetPosition(offset);
                var end = ContainerEnd(offset);
                made =
                    first == (byte)'{'
                        ? new LocatedJsonObject(containerLine, containerColumn, offset, end, this)
                        : new LocatedJsonArray(containerLine, containerColumn, offset, end, this);

                // A large container is kept, so its list of members or elements is made once; a small one is made
                // anew when asked again (listing it costs at most its own bytes), so walking millions of small
                // objects keeps none of them.
                if (end - offset >= KeptContainerBytes)
                {
                    _made.Add(offset, made);
                }

                return made;
            }
        }

        switch (first)
        {
            case (byte)'"':
                var stringEnd = StringEnd(offset, out var escaped);
                if (escaped)
                {
                    return new LocatedJsonScalar(JsonKind.String, this, offset, Unescape(offset, stringEnd), false)
                    {
                        EndOffset = stringEnd,
                    };
                }

                return new LocatedJsonScalar(JsonKind.String, this, offset, stringEnd, Bytes);
            case (byte)'t':
                return new LocatedJsonScalar(JsonKind.Boolean, this, offset, offset + 4, Bytes, true);
            case (byte)'f':
                return new LocatedJsonScalar(JsonKind.Boolean, this, offset, offset + 5, Bytes, false);
            case (byte)'n':
                return new LocatedJsonScalar(JsonKind.Null, this, offset, offset + 4, Bytes);
            default:
                return new LocatedJsonScalar(JsonKind.Number, this, offset, NumberEnd(offset), Bytes);
        }
    }

    /// <summary>The offsets of the elements of the array at <paramref name="start"/> (counted first, so the list is
    /// allocated once at its size).</summary>
    internal int[] ListItems(int start)
    {
        var count = 0;
        ForEachValue(start, isObject: false, (_, _, _) => count++);
        var items = new int[count];
        var i = 0;
        ForEachValue(start, isObject: false, (_, _, valueStart) => items[i++] = valueStart);
        return items;
    }

    /// <summary>The members of the object at <paramref name="start"/>: names (interned), name and value
    /// offsets.</summary>
    internal MemberSlot[] ListMembers(int start)
    {
        var members = new List<MemberSlot>();
        ForEachValue(start, isObject: true, (name, nameStart, valueStart) => members.Add(
                new MemberSlot
                {
                    Name = name!,
                    NameStart = nameStart,
                    ValueStart = valueStart,
                }
            ));
        return [.. members];
    }

    /// <summary>
    /// Walks the direct members or elements of a container of this (already checked) document: each value's first
    /// byte, and for members the name and its offset. A nested container is stepped over by its end offset noted at
    /// parse time, so listing costs the container's own bytes, not its descendants'.
    /// </summary>
    private void ForEachValue(int start, bool isObject, Action<string?, int, int> visit)
    {
        var bytes = Bytes;
        var p = SkipWhitespace(start + 1);
        var close = isObject ? (byte)'}' : (byte)']';
        if (bytes[p] == close)
        {
            return;
        }

        while (true)
        {
            string? name = null;
            var nameStart = 0;
            if (isObject)
            {
                nameStart = p;
                var nameEnd = StringEnd(p, out var escaped);
                name = Intern(escaped ? Unescape(p, nameEnd) : Encoding.UTF8.GetString(bytes, p + 1, nameEnd - p - 2));
                p = SkipWhitespace(SkipWhitespace(nameEnd) + 1); // past the ':'
            }

            visit(name, nameStart, p);
            p = SkipWhitespace(ValueEnd(p));
            if (bytes[p] != (byte)',')
            {
                return;
            }

            p = SkipWhitespace(p + 1);
        }
    }

    /// <summary>A string token with escapes, unescaped again from its bytes (checked when the document was
    /// parsed).</summary>
    private string Unescape(int start, int end)
    {
        var reader = new Utf8JsonReader(Bytes.AsSpan(start, end - start));
        reader.Read();
        return reader.GetString()!;
    }

    private string Intern(string name)
    {
        if (_names.TryGetValue(name, out var known))
        {
            return known;
        }

        if (_names.Count < 100_000)
        {
            _names.Add(name, name);
        }

        return name;
    }

    private int SkipWhitespace(int p)
    {
        var bytes = Bytes;
        while (p < bytes.Length && bytes[p] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            p++;
        }

        return p;
    }

    private int ValueEnd(int p) =>
        Bytes[p] switch
        {
            (byte)'{' or (byte)'[' => ContainerEnd(p),
            (byte)'"' => StringEnd(p, out _),
            (byte)'t' or (byte)'n' => p + 4,
            (byte)'f' => p + 5,
            _ => NumberEnd(p),
        };

    /// <summary>Just past the closing quote of the string whose opening quote is at <paramref name="p"/>.</summary>
    private int StringEnd(int p, out bool escaped)
    {
        escaped = false;
        var i = p + 1;
        while (true)
        {
            var next = Bytes.AsSpan(i).IndexOfAny((byte)'"', (byte)'\\');
            if (Bytes[i + next] == (byte)'"')
            {
                return i + next + 1;
            }

            escaped = true;
            i += next + 2;
        }
    }

    private int NumberEnd(int p)
    {
        var bytes = Bytes;
        while (
            p < bytes.Length
            && (
                char.IsAsciiDigit((char)bytes[p])
                || bytes[p] is (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E'
            )
        )
        {
            p++;
        }

        return p;
    }

    /// <summary>The end offset, noted at parse time, of the container starting at <paramref name="start"/>.</summary>
    private int ContainerEnd(int start)
    {
        var index = Array.BinarySearch(_containerStarts, 0, _containerCount, start);
        return index >= 0
            ? _containerEnds[index]
            : throw new InvalidOperationException($"No object or array starts at byte {start}.");
    }

    /// <summary>
    /// Checks the whole file strictly (one <see cref="Utf8JsonReader"/> pass: RFC 8259, depth, UTF-8 and escapes in
    /// strings, duplicate member names) and notes only where each object and array starts and ends; the root's node is
    /// made from there. Memory: the start and end of each container (8 bytes), and the member names of the objects
    /// open at the moment.
    /// </summary>
    private LocatedJsonNode Build()
    {
        var start = HasBom(Bytes) ? 3 : 0;
        var span = new ReadOnlySpan<byte>(Bytes, start, Bytes.Length - start);
        var reader = new Utf8JsonReader(
            span,
            new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
                MaxDepth = MaxDepth,
            }
        );

        var open = new Stack<(int Container, NameSet? Names)>();
        var spare = new Stack<NameSet>();
        var rootStart = -1;
        try
        {
            while (reader.Read())
            {
                var offset = start + (int)reader.TokenStartIndex;
                if (rootStart < 0)
                {
                    rootStart = offset;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = Intern(reader.GetString()!);
                        var names = open.Peek().Names!;
                        if (!names.TryAdd(name, offset, out var existing))
                        {
                            var (line, column) = GetPosition(offset);
                            var (existingLine, existingColumn) = GetPosition(existing);
                            throw new ReleaseTrainException(
                                DiagnosticCodes.DuplicateKey.Error(
                                    Path,
                                    line,
                                    column,
                                    name,
                                    existingLine,
                                    existingColumn
                                )
                            );
                        }

                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (_containerCount == _containerStarts.Length)
                        {
                            var size = Math.Max(16, _containerCount * 2);
                            Array.Resize(ref _containerStarts, size);
                            Array.Resize(ref _containerEnds, size);
                        }

                        _containerStarts[_containerCount] = offset;
                        NameSet? set = null;
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            set = spare.Count > 0 ? spare.Pop() : new NameSet();
                        }

                        open.Push((_containerCount++, set));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        var closed = open.Pop();
                        _containerEnds[closed.Container] = start + (int)reader.BytesConsumed;
                        if (closed.Names is { } done)
                        {
                            done.Clear();
                            spare.Push(done);
                        }

                        break;
                    case JsonTokenType.String
                        when reader.ValueIsEscaped || !System.Text.Unicode.Utf8.IsValid(reader.ValueSpan):
                        // Unescape once to check it (a lone surrogate or invalid UTF-8 throws, RT1001).
                        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
                        try
                        {
                            reader.CopyString(buffer);
                        }
                        finally
                        {
                            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                        }

                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0);
            var lineStart = line < _lineStarts.Length ? _lineStarts[line] : Bytes.Length;
            var bytePosition = lineStart + (line == 0 ? start : 0) + (ex.BytePositionInLine ?? 0);
            var (at, message) = ForPerson(
                start,
                (int)Math.Min(bytePosition, Bytes.Length),
                rootStart >= 0 && open.Count == 0,
                open.Count,
                open.Count > 0 && open.Peek().Names is not null,
                ex.Message
            );
            var position = GetPosition(at);
            throw new ReleaseTrainException(
                DiagnosticCodes.MalformedJson.Error(Path, position.Line, position.Column, message),
                ex
            );
        }
        catch (InvalidOperationException ex)
        {
            // Invalid UTF-8 or an invalid escape inside a string token.
            var position = GetPosition(start + reader.TokenStartIndex);
            throw new ReleaseTrainException(
                DiagnosticCodes.MalformedJson.Error(Path, position.Line, position.Column, ex.Message),
                ex
            );
        }

        if (rootStart < 0)
        {
            var position = GetPosition(Bytes.Length);
            throw new ReleaseTrainException(
                DiagnosticCodes.MalformedJson.Error(
                    Path,
                    position.Line,
                    position.Column,
                    "the file holds no JSON value."
                )
            );
        }

        Array.Resize(ref _containerStarts, _containerCount);
        Array.Resize(ref _containerEnds, _containerCount);
        return ValueAt(rootStart);
    }

    /// <summary>
    /// The member names seen so far in one open object, with the offset of each: searched in order up to
    /// <see cref="LocatedJsonObject.IndexThreshold"/> names, hashed beyond. Reused across objects.
    /// </summary>
    private sealed class NameSet
    {
        private readonly List<(string Name, int Offset)> _list = [];
        private Dictionary<string, int>? _hashed;

        public bool TryAdd(string name, int offset, out int existing)
        {
            if (_hashed is not null)
            {
                if (_hashed.TryGetValue(name, out existing))
                {
                    return false;
                }

                _hashed.Add(name, offset);
                return true;
            }

            foreach (var (known, at) in _list)
            {
                if (string.Equals(known, name, StringComparison.Ordinal))
                {
                    existing = at;
                    return false;
                }
            }

            existing = 0;
            _list.Add((name, offset));
            if (_list.Count > LocatedJsonObject.IndexThreshold)
            {
                _hashed = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var (known, at) in _list)
                {
                    _hashed.Add(known, at);
                }
            }

            return true;
        }

        public void Clear()
        {
            _list.Clear();
            _hashed = null;
        }
    }

    /// <summary>
    /// What the reader stopped at, said for a person (what is wrong, how to fix it), told from the bytes rather than
    /// the reader's wording (which speaks of reader options and final blocks): a comment, a trailing comma (reported at
    /// the comma), an empty file, an unclosed object or array, a second top-level value. Anything else keeps the
    /// reader's sentence without its position suffix.
    /// </summary>
    /// <param name="start">The offset of the first byte after a BOM.</param>
    /// <param name="at">The byte offset the reader stopped at.</param>
    /// <param name="rootDone">Whether a whole top-level value was read before.</param>
    /// <param name="depth">How many objects and arrays are open.</param>
    /// <param name="inObject">Whether the innermost open container is an object.</param>
    /// <param name="readerMessage">The reader's message.</param>
    /// <returns>The byte offset to report and the message.</returns>
    private (long At, string Message) ForPerson(
        int start,
        int at,
        bool rootDone,
        int depth,
        bool inObject,
        string readerMessage
    )
    {
        var bytes = Bytes;
        var first = start;
        while (first < bytes.Length && IsJsonWhiteSpace(bytes[first]))
        {
            first++;
        }

        if (first == bytes.Length)
        {
            return (
                start,
                bytes.Length == start
                    ? "the file is empty. It must hold one JSON value, e.g. {} for an empty object."
                    : "the file holds only white space. It must hold one JSON value, e.g. {} for an empty object."
            );
        }

        var next = at;
        while (next < bytes.Length && IsJsonWhiteSpace(bytes[next]))
        {
            next++;
        }

        if (
            next < bytes.Length
            && bytes[next] == (byte)'/'
            && next + 1 < bytes.Length
            && bytes[next + 1] is (byte)'/' or (byte)'*'
        )
        {
            return (
                next,
                "a comment. JSON has no comments (neither // nor /* */): remove it, or keep the note in another file."
            );
        }

        if (next < bytes.Length && bytes[next] is (byte)'}' or (byte)']')
        {
            var before = next - 1;
            while (before >= start && IsJsonWhiteSpace(bytes[before]))
            {
                before--;
            }

            if (before >= start && bytes[before] == (byte)',')
            {
                var kind = bytes[next] == (byte)'}' ? "member of the object" : "element of the array";
                return (before, $"a trailing comma: JSON allows no comma after the last {kind}. Remove this comma.");
            }
        }

        if (next >= bytes.Length && depth > 0)
        {
            return (
                bytes.Length,
                $"the file ends with {depth} object(s) or array(s) still open. Close each '{{' with '}}' and each '[' "
                    + "with ']' (or the file was cut short: write it again)."
            );
        }

        if (rootDone && depth == 0 && next < bytes.Length)
        {
            return (
                next,
                "more text after the JSON value, which ended before this point. A file holds exactly one JSON value: "
                    + "remove what follows, or put the values in one array."
            );
        }

        var startsValue =
            next < bytes.Length
            && (
                bytes[next] is (byte)'"' or (byte)'{' or (byte)'[' or (byte)'-' or (byte)'t' or (byte)'f' or (byte)'n'
                || char.IsAsciiDigit((char)bytes[next])
            );
        var previous = Previous(bytes, start, next - 1);
        if (depth > 0 && startsValue && previous >= start && bytes[previous] == (byte)'"')
        {
            // In an object, a string after '{' or ',' is a member's name.
            var open = previous - 1;
            while (open >= start && !(bytes[open] == (byte)'"' && !IsEscaped(bytes, start, open)))
            {
                open--;
            }

            var before = Previous(bytes, start, open - 1);
            if (inObject && before >= start && bytes[before] is (byte)'{' or (byte)',')
            {
                return (next, "a ':' is missing between the member's name and its value. Write \"name\": value.");
            }
        }

        if (
            depth > 0
            && startsValue
            && previous >= start
            && (
                bytes[previous] is (byte)'"' or (byte)'}' or (byte)']' or (byte)'e' or (byte)'l'
                || char.IsAsciiDigit((char)bytes[previous])
            )
        )
        {
            return (
                next,
                "a ',' is missing before this: separate the members of an object, and the elements of an array, "
                    + "with a comma."
            );
        }

        var cut = readerMessage.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at, (cut > 0 ? readerMessage[..cut] : readerMessage).Trim());
    }

    /// <summary>The offset of the last non-white-space byte at or before <paramref name="from"/>.</summary>
    private static int Previous(byte[] bytes, int start, int from)
    {
        while (from >= start && IsJsonWhiteSpace(bytes[from]))
        {
            from--;
        }

        return from;
    }

    /// <summary>
    /// Whether the quote at <paramref name="quote"/> is escaped (an odd run of backslashes before it).
    /// </summary>
    private static bool IsEscaped(byte[] bytes, int start, int quote)
    {
        var backslashes = 0;
        while (quote - 1 - backslashes >= start && bytes[quote - 1 - backslashes] == (byte)'\\')
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static bool IsJsonWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
