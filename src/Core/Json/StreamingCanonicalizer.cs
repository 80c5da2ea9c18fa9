using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace ReleaseTrain.Core.Json;

/// <summary>
/// RFC 8785 canonicalization straight from UTF-8 bytes to UTF-8 bytes (or to SHA-256), without building a document.
/// <para>
/// One pass of a strict RFC 8259 scanner writes the canonical bytes: whitespace goes; strings without escapes are
/// copied as they are (non-ASCII text is checked to be well-formed UTF-8); escaped strings are unescaped and written
/// with ECMAScript's escapes (RFC 8785 section 3.2.2.2); integers of at most 15 digits and plain decimals of at most 15
/// significant digits are copied as they are, since they are already ECMAScript's shortest form (any decimal of at
/// most 15 significant digits round-trips through a double, DBL_DIG), and other numbers are parsed as doubles and
/// written by <see cref="JsonCanonicalizer.FormatNumber(double, Span{byte})"/> (section 3.2.2.3); each open object
/// buffers its members' canonical bytes and sorts them by the UTF-16 code units of their names when it closes
/// (section 3.2.3). Everything outside objects streams straight into the sink (the hash or the output).
/// </para>
/// <para>
/// On a multi-core machine a large array is canonicalized in parallel: the input is cut at commas near its
/// 1/n points, and a worker canonicalizes the array elements from each cut to the closing bracket, speculatively.
/// The pass before it, when it reaches the cut in exactly the state the worker assumed (an array element expected),
/// splices the worker's bytes in and jumps to the bracket; from that state the grammar makes the worker's result the
/// one the pass itself would have written. A cut that turns out to lie anywhere else is simply never reached.
/// </para>
/// <para>
/// Anything unusual — malformed input, invalid UTF-8, a duplicate name, a lone surrogate, a number outside the double
/// range, nesting deeper than <see cref="LocatedJsonDocument.MaxDepth"/> — returns false, and the caller takes the
/// located path, which reports the precise RT1001/RT1002 diagnostic. When this pass succeeds its output is
/// byte-identical to <see cref="JsonCanonicalizer.Canonicalize(LocatedJsonNode)"/> (property and differential fuzz
/// tests hold them equal).
/// </para>
/// </summary>
internal sealed class StreamingCanonicalizer
{
    /// <summary>Below this many bytes per worker, splitting does not pay.</summary>
    internal const int DefaultMinSegmentBytes = 1 << 20;

    private const int FlushBytes = 1 << 16;
    private const int MaxWorkers = 8;

    private readonly byte[] _input;
    private readonly bool _isSegment;
    private byte[] _out;
    private int _length;
    private Member[] _members = new Member[32];
    private int _memberCount;
    private Frame[] _frames = new Frame[16];
    private int _depth;
    private int _objectDepth;
    private int _maxDepth;
    private byte[] _names = [];
    private int _namesLength;
    private byte[] _reorder = [];
    private IncrementalHash? _hash;
    private ArrayBufferWriter<byte>? _sink;
    private readonly List<(int Offset, StreamingCanonicalizer Worker)> _holes = [];
    private int _splicePosition = -1;
    private Segment? _next;
    private int _stop;
    private int _spliced;
    private volatile bool _cancelled;

    private StreamingCanonicalizer(byte[] input, bool isSegment, int capacity)
    {
        _input = input;
        _isSegment = isSegment;
        _out = GC.AllocateUninitializedArray<byte>(capacity);
    }

    private struct Member
    {
        public int NameStart; // in the input, or in _names when NameInArena
        public int NameLength;
        public bool NameInArena; // the name had escapes: its unescaped UTF-8 is in _names
        public int Start; // of the member's canonical bytes (its name's opening quote) in _out
        public int End; // after its value
        public ulong Key; // the name's first 8 bytes, big-endian, zero-padded
        public bool AsciiKey; // those bytes are ASCII: two different keys order their names
    }

    private struct Frame
    {
        public bool IsObject;
        public int Start; // of '{' in _out
        public int FirstMember; // index in _members
        public int NamesMark; // _namesLength when the object opened
    }

    private sealed class Segment(StreamingCanonicalizer worker, int position)
    {
        public StreamingCanonicalizer Worker { get; } = worker;

        public int Position { get; } = position;

        public Task<bool>? Run { get; set; }
    }

    /// <summary>SHA-256 of the canonical form, or false to take the located path.</summary>
    /// <param name="json">The JSON bytes (a UTF-8 BOM is refused: false).</param>
    /// <param name="digest">The 32-byte digest.</param>
    /// <returns>False for input this pass does not take.</returns>
    public static bool TrySha256(byte[] json, out byte[] digest) =>
        TrySha256(json, Environment.ProcessorCount, DefaultMinSegmentBytes, out digest, out _);

    /// <summary>SHA-256 of the canonical form with at most <paramref name="workers"/> workers.</summary>
    internal static bool TrySha256(byte[] json, int workers, int minSegmentBytes, out byte[] digest, out int spliced)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (!Run(json, workers, minSegmentBytes, hash, null, out spliced))
        {
            digest = [];
            return false;
        }

        digest = hash.GetHashAndReset();
        return true;
    }

    /// <summary>The canonical bytes, or false to take the located path.</summary>
    /// <param name="json">The JSON bytes (a UTF-8 BOM is refused: false).</param>
    /// <param name="canonical">The canonical UTF-8 bytes.</param>
    /// <returns>False for input this pass does not take.</returns>
    public static bool TryCanonicalize(byte[] json, out byte[] canonical) =>
        TryCanonicalize(json, Environment.ProcessorCount, DefaultMinSegmentBytes, out canonical, out _);

    /// <summary>The canonical bytes with at most <paramref name="workers"/> workers.</summary>
    internal static bool TryCanonicalize(
        byte[] json,
        int workers,
        int minSegmentBytes,
        out byte[] canonical,
        out int spliced
    )
    {
        var sink = new ArrayBufferWriter<byte>(Math.Max(256, json.Length));
        if (!Run(json, workers, minSegmentBytes, null, sink, out spliced))
        {
            canonical = [];
            return false;
        }

        canonical = sink.WrittenSpan.ToArray();
        return true;
    }

    private static bool Run(
        byte[] json,
        int workers,
        int minSegmentBytes,
        IncrementalHash? hash,
        ArrayBufferWriter<byte>? sink,
        out int spliced
    )
    {
        // A byte order mark is not JSON (RFC 8259): the located parser reports it (RT1020).
        if (json.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            spliced = 0;
            return false;
        }

        const int start = 0;
        // Everything inside an object waits for the object to close: a document that is one object needs a buffer of
        // its size.
        var rootIsObject =
            SkipWhitespace(json, start, json.Length) is var first && first < json.Length && json[first] == '{';
        var main = new StreamingCanonicalizer(
            json,
            isSegment: false,
            rootIsObject ? json.Length - start + 256 : Math.Min(FlushBytes * 2, json.Length + 256)
        )
        {
            _hash = hash,
            _sink = sink,
        };
        var segments = Cut(json, start, Math.Min(workers, MaxWorkers), minSegmentBytes);
        var previous = main;
        foreach (var segment in segments)
        {
            previous._splicePosition = segment.Position;
            previous._next = segment;
            previous = segment.Worker;
        }

        // Every task exists before any starts: a worker may reach its own cut, and wait for the next, at once.
        foreach (var segment in segments)
        {
            segment.Run = new Task<bool>(
                () => segment.Worker.ParseSegment(segment.Position),
                TaskCreationOptions.LongRunning
            );
        }

        foreach (var segment in segments)
        {
            segment.Run!.Start(TaskScheduler.Default);
        }

        try
        {
            var ok = main.ParseGuarded(start);
            if (ok)
            {
                main.Flush();
            }

            spliced = main._spliced;
            return ok;
        }
        finally
        {
            foreach (var segment in segments)
            {
                segment.Worker._cancelled = true;
            }

            foreach (var segment in segments)
            {
                segment.Run!.Wait();
            }
        }
    }

    /// <summary>
    /// The cuts: value starts just after a comma near each 1/n point of the input, preferring an object or array
    /// element.
    /// </summary>
    private static List<Segment> Cut(byte[] json, int start, int workers, int minSegmentBytes)
    {
        var segments = new List<Segment>();
        var length = json.Length - start;
        var count = Math.Min(workers, length / Math.Max(1, minSegmentBytes));

        // The first pass also hashes every byte (about a tenth of the work of canonicalizing them), so it takes a
        // smaller share: each worker (1 + h) / n of the input, the first pass h less.
        const double h = 0.1;
        var share = (1 + h) / Math.Max(1, count);
        var previous = start;
        for (var i = 1; i < count; i++)
        {
            var from = start + (int)(length * Math.Min(1, (i * share) - h));
            var to = Math.Min(json.Length, start + (int)(length * Math.Min(1, ((i + 1) * share) - h)));
            var position = Candidate(json, Math.Max(from, previous + 1), to);
            if (position < 0)
            {
                continue;
            }

            var capacity = Math.Max(FlushBytes, (to - position) + (to - position) / 8);
            segments.Add(new Segment(new StreamingCanonicalizer(json, isSegment: true, capacity), position));
            previous = position;
        }

        return segments;
    }

    private static int Candidate(byte[] json, int from, int to)
    {
        var window = json.AsSpan(0, Math.Min(to, from + FlushBytes));
        var fallback = -1;
        for (var at = from; at < window.Length; )
        {
            var comma = window[at..].IndexOf((byte)',');
            if (comma < 0)
            {
                break;
            }

            var value = SkipWhitespace(json, at + comma + 1, json.Length);
            if (value < json.Length && json[value] is (byte)'{' or (byte)'[')
            {
                return value;
            }

            if (fallback < 0 && value < json.Length && json[value] != '"')
            {
                fallback = value;
            }

            at += comma + 1;
        }

        return fallback;
    }

    /// <summary>
    /// A worker: array elements from <paramref name="position"/> to the bracket that closes their array.
    /// </summary>
    private bool ParseSegment(int position)
    {
        Push(isObject: false); // the array the elements belong to; its brackets are the splicing pass's
        return ParseGuarded(position);
    }

    /// <summary>
    /// The scanner to the end of the input. Should it ever index outside a buffer, the input is left to the located
    /// parser (which decides it correctly, only slower) instead of failing the command.
    /// </summary>
    private bool ParseGuarded(int position)
    {
        try
        {
            return Parse(position, _input.Length);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>
    /// The scanner. A document from <paramref name="position"/> to <paramref name="end"/>, or a segment's elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Parse(int position, int end)
    {
        ReadOnlySpan<byte> s = _input;
        var pos = position;
        var expectValue = true;
        while (true)
        {
            pos = SkipWhitespace(s, pos, end);
            if (expectValue)
            {
                if (pos >= end)
                {
                    return false;
                }

                switch (s[pos])
                {
                    case (byte)'"':
                        if (!String(s, ref pos, end))
                        {
                            return false;
                        }

                        break;
                    case (byte)'{':
                        if (!Push(isObject: true))
                        {
                            return false;
                        }

                        Append((byte)'{');
                        pos = SkipWhitespace(s, pos + 1, end);
                        if (pos < end && s[pos] == '}')
                        {
                            pos++;
                            CloseObject();
                            break;
                        }

                        if (!MemberName(s, ref pos, end))
                        {
                            return false;
                        }

                        continue;
                    case (byte)'[':
                        if (!Push(isObject: false))
                        {
                            return false;
                        }

                        Append((byte)'[');
                        pos = SkipWhitespace(s, pos + 1, end);
                        if (pos < end && s[pos] == ']')
                        {
                            pos++;
                            Append((byte)']');
                            Pop();
                            break;
                        }

                        if (pos == _splicePosition && Splice(ref pos))
                        {
                            break;
                        }

                        continue;
                    case (byte)'t':
                        if (!Literal(s, ref pos, end, "true"u8))
                        {
                            return false;
                        }

                        break;
                    case (byte)'f':
                        if (!Literal(s, ref pos, end, "false"u8))
                        {
                            return false;
                        }

                        break;
                    case (byte)'n':
                        if (!Literal(s, ref pos, end, "null"u8))
                        {
                            return false;
                        }

                        break;
                    default:
                        if (!Number(s, ref pos, end))
                        {
                            return false;
                        }

                        break;
                }

                expectValue = false;
                continue;
            }

            // After a value.
            if (_depth == 0)
            {
                return pos == end; // only whitespace may follow the document
            }

            if (pos >= end)
            {
                return false;
            }

            var c = s[pos];
            if (_frames[_depth - 1].IsObject)
            {
                _members[_memberCount - 1].End = _length;
                if (c == ',')
                {
                    if (_isSegment && _cancelled)
                    {
                        return false;
                    }

                    Append((byte)',');
                    pos = SkipWhitespace(s, pos + 1, end);
                    if (!MemberName(s, ref pos, end))
                    {
                        return false;
                    }

                    expectValue = true;
                }
                else if (c == '}')
                {
                    pos++;
                    if (!CloseObject())
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }
            }
            else if (c == ',')
            {
                if (_isSegment && _cancelled)
                {
                    return false;
                }

                Append((byte)',');
                if (_objectDepth == 0 && _length >= FlushBytes)
                {
                    Flush();
                }

                pos = SkipWhitespace(s, pos + 1, end);
                if (pos == _splicePosition && Splice(ref pos))
                {
                    continue; // after the spliced elements, at the closing bracket
                }

                expectValue = true;
            }
            else if (c == ']')
            {
                if (_isSegment && _depth == 1)
                {
                    _stop = pos; // the bracket closes the array the segment's elements belong to
                    return true;
                }

                pos++;
                Append((byte)']');
                Pop();
            }
            else
            {
                return false;
            }
        }
    }

    /// <summary>At the cut, in an array with an element expected: take the worker's elements if it succeeded.</summary>
    private bool Splice(ref int pos)
    {
        var next = _next!;
        _next = null;
        _splicePosition = -1;
        var worker = next.Worker;
        if (!next.Run!.GetAwaiter().GetResult() || _depth - 1 + worker._maxDepth > LocatedJsonDocument.MaxDepth)
        {
            // The cut was not an element boundary of this array, or the input is bad there: go on alone, and take over
            // the worker's own cut when it never reached it.
            if (worker._next is { } later)
            {
                _next = later;
                _splicePosition = later.Position;
            }

            return false;
        }

        if (_objectDepth == 0 && !_isSegment)
        {
            Flush();
            Write(worker._out.AsSpan(0, worker._length));
        }
        else if (_objectDepth == 1 && !_isSegment)
        {
            // Inside the outermost object, which waits for its end: the worker's bytes stay in the worker's buffer,
            // a hole at this offset that every write of the buffer fills in.
            _holes.Add((_length, worker));
        }
        else
        {
            Append(worker._out.AsSpan(0, worker._length));
        }

        pos = worker._stop;
        _spliced += 1 + worker._spliced;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> s, int pos, int end)
    {
        while (pos < end)
        {
            var b = s[pos];
            if (b > (byte)' ' || (b != (byte)' ' && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t'))
            {
                break;
            }

            pos++;
        }

        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Push(bool isObject)
    {
        if (_depth >= LocatedJsonDocument.MaxDepth)
        {
            return false; // the located path reports the depth
        }

        if (_depth == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        ref var frame = ref _frames[_depth++];
        frame.IsObject = isObject;
        if (isObject)
        {
            frame.Start = _length;
            frame.FirstMember = _memberCount;
            frame.NamesMark = _namesLength;
            _objectDepth++;
        }

        _maxDepth = Math.Max(_maxDepth, _depth);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Pop() => _depth--;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool MemberName(ReadOnlySpan<byte> s, ref int pos, int end)
    {
        if (pos >= end || s[pos] != '"')
        {
            return false;
        }

        if (_memberCount == _members.Length)
        {
            Array.Resize(ref _members, _members.Length * 2);
        }

        ref var member = ref _members[_memberCount++];
        member.Start = _length;
        var nameStart = pos + 1;
        var run = IndexOfStop(s[nameStart..end], nonAscii: true);
        if (run >= 0 && s[nameStart + run] == '"')
        {
            member.NameStart = nameStart;
            member.NameLength = run;
            member.NameInArena = false;
            AppendInput(s, pos, run + 2);
            pos = nameStart + run + 1;
        }
        else
        {
            var hadEscape =
                s[nameStart..end].IndexOfAny((byte)'\\', (byte)'"') is var stop
                && stop >= 0
                && s[nameStart + stop] == '\\';
            var canonicalStart = _length;
            if (!StringSlow(s, ref pos, end))
            {
                return false;
            }

            if (hadEscape)
            {
                member.NameStart = _namesLength;
                member.NameLength = Unescape(_out.AsSpan(canonicalStart + 1, _length - canonicalStart - 2));
                member.NameInArena = true;
            }
            else
            {
                member.NameStart = nameStart;
                member.NameLength = pos - nameStart - 1;
                member.NameInArena = false;
            }
        }

        var name = member.NameInArena
            ? _names.AsSpan(member.NameStart, member.NameLength)
            : _input.AsSpan(member.NameStart, member.NameLength);
        member.Key = KeyOf(name);
        member.AsciiKey = (member.Key & 0x8080808080808080UL) == 0;
        pos = SkipWhitespace(s, pos, end);
        if (pos >= end || s[pos] != ':')
        {
            return false;
        }

        Append((byte)':');
        pos++;
        return true;
    }

    /// <summary>
    /// Appends a name's unescaped UTF-8 to the names arena, from its canonical text (whose only escapes are
    /// <c>\" \\ \b \f \n \r \t \u00xx</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Unescape(ReadOnlySpan<byte> canonical)
    {
        if (_namesLength + canonical.Length > _names.Length)
        {
            Array.Resize(ref _names, Math.Max(256, (_names.Length + canonical.Length) * 2));
        }

        var start = _namesLength;
        for (var i = 0; i < canonical.Length; i++)
        {
            var b = canonical[i];
            if (b == '\\')
            {
                b = canonical[++i] switch
                {
                    (byte)'b' => 0x08,
                    (byte)'f' => 0x0C,
                    (byte)'n' => 0x0A,
                    (byte)'r' => 0x0D,
                    (byte)'t' => 0x09,
                    (byte)'u' => (byte)((HexValue(canonical[i + 3]) << 4) | HexValue(canonical[i + 4])),
                    var other => other, // \" and \\
                };
                if (canonical[i] == 'u')
                {
                    i += 4;
                }
            }

            _names[_namesLength++] = b;
        }

        return _namesLength - start;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool String(ReadOnlySpan<byte> s, ref int pos, int end)
    {
        var start = pos + 1;
        var run = IndexOfStop(s[start..end], nonAscii: true);
        if (run >= 0 && s[start + run] == '"')
        {
            // Plain ASCII without escapes is already canonical.
            AppendInput(s, pos, run + 2);
            pos = start + run + 1;
            return true;
        }

        return StringSlow(s, ref pos, end);
    }

    /// <summary>A string with escapes or non-ASCII text: unescaped, and written with ECMAScript's escapes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool StringSlow(ReadOnlySpan<byte> s, ref int pos, int end)
    {
        var i = pos + 1;
        Append((byte)'"');
        while (true)
        {
            var run = IndexOfStop(s[i..end], nonAscii: true);
            if (run < 0)
            {
                return false;
            }

            AppendInput(s, i, run);
            i += run;
            var b = s[i];
            if (b == '"')
            {
                Append((byte)'"');
                pos = i + 1;
                return true;
            }

            if (b >= 0x80)
            {
                // Non-ASCII text up to the next quote, backslash or control character must be well-formed UTF-8.
                var text = IndexOfStop(s[i..end], nonAscii: false);
                if (text < 0 || !System.Text.Unicode.Utf8.IsValid(s.Slice(i, text)))
                {
                    return false;
                }

                Append(s.Slice(i, text));
                i += text;
                continue;
            }

            if (b != '\\' || !Escape(s, ref i, end))
            {
                return false; // a raw control character, or a bad escape
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Escape(ReadOnlySpan<byte> s, ref int i, int end)
    {
        if (i + 1 >= end)
        {
            return false;
        }

        switch (s[i + 1])
        {
            case (byte)'"':
                WriteCodeUnit('"');
                break;
            case (byte)'\\':
                WriteCodeUnit('\\');
                break;
            case (byte)'/':
                WriteCodeUnit('/');
                break;
            case (byte)'b':
                WriteCodeUnit('\b');
                break;
            case (byte)'f':
                WriteCodeUnit('\f');
                break;
            case (byte)'n':
                WriteCodeUnit('\n');
                break;
            case (byte)'r':
                WriteCodeUnit('\r');
                break;
            case (byte)'t':
                WriteCodeUnit('\t');
                break;
            case (byte)'u':
                if (!Hex4(s, i + 2, end, out var unit))
                {
                    return false;
                }

                i += 6;
                if (unit is >= 0xDC00 and <= 0xDFFF)
                {
                    return false; // a lone low surrogate
                }

                if (unit is >= 0xD800 and <= 0xDBFF)
                {
                    if (
                        i + 1 >= end
                        || s[i] != '\\'
                        || s[i + 1] != 'u'
                        || !Hex4(s, i + 2, end, out var low)
                        || low is < 0xDC00 or > 0xDFFF
                    )
                    {
                        return false; // a lone high surrogate
                    }

                    i += 6;
                    var codePoint = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    var four = Reserve(4);
                    four[0] = (byte)(0xF0 | (codePoint >> 18));
                    four[1] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                    four[2] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                    four[3] = (byte)(0x80 | (codePoint & 0x3F));
                    _length += 4;
                    return true;
                }

                WriteCodeUnit(unit);
                return true;
            default:
                return false;
        }

        i += 2;
        return true;
    }

    /// <summary>
    /// An unescaped BMP character, as RFC 8785 section 3.2.2.2 writes it (<see cref="JsonCanonicalizer.EscapeOf"/>,
    /// else UTF-8).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteCodeUnit(int unit)
    {
        var escape = JsonCanonicalizer.EscapeOf(unit);
        if (!escape.IsEmpty)
        {
            foreach (var c in escape)
            {
                Append((byte)c);
            }
        }
        else if (unit < 0x80)
        {
            Append((byte)unit);
        }
        else if (unit < 0x800)
        {
            Append((byte)(0xC0 | (unit >> 6)));
            Append((byte)(0x80 | (unit & 0x3F)));
        }
        else
        {
            Append((byte)(0xE0 | (unit >> 12)));
            Append((byte)(0x80 | ((unit >> 6) & 0x3F)));
            Append((byte)(0x80 | (unit & 0x3F)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Hex4(ReadOnlySpan<byte> s, int at, int end, out int value)
    {
        value = 0;
        if (at + 4 > end)
        {
            return false;
        }

        for (var i = at; i < at + 4; i++)
        {
            var digit = HexValue(s[i]);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HexValue(byte b) =>
        b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Literal(ReadOnlySpan<byte> s, ref int pos, int end, ReadOnlySpan<byte> literal)
    {
        if (!s[pos..end].StartsWith(literal))
        {
            return false;
        }

        Append(literal);
        pos += literal.Length;
        return true;
    }

    /// <summary>
    /// A number (RFC 8259 section 6), written as ECMAScript's Number::toString writes its double (RFC 8785 section
    /// 3.2.2.3).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Number(ReadOnlySpan<byte> s, ref int pos, int end)
    {
        var start = pos;
        var i = pos;
        var negative = s[i] == '-';
        if (negative)
        {
            i++;
        }

        if (i >= end || !IsDigit(s[i]))
        {
            return false;
        }

        var integerStart = i;
        if (s[i++] != '0')
        {
            while (i < end && IsDigit(s[i]))
            {
                i++;
            }
        }

        var integerLength = i - integerStart;
        var fractionStart = -1;
        var fractionLength = 0;
        if (i < end && s[i] == '.')
        {
            fractionStart = ++i;
            while (i < end && IsDigit(s[i]))
            {
                i++;
            }

            fractionLength = i - fractionStart;
            if (fractionLength == 0)
            {
                return false;
            }
        }

        var hasExponent = false;
        if (i < end && (s[i] | 0x20) == 'e')
        {
            hasExponent = true;
            i++;
            if (i < end && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var exponentStart = i;
            while (i < end && IsDigit(s[i]))
            {
                i++;
            }

            if (i == exponentStart)
            {
                return false;
            }
        }

        var token = s[start..i];
        pos = i;
        if (!hasExponent)
        {
            var zeroInteger = integerLength == 1 && s[integerStart] == '0';
            if (fractionStart < 0)
            {
                if (integerLength <= 15)
                {
                    // Exact in a double, and written as it is (JSON has no leading zeros); -0 is 0.
                    Append(negative && zeroInteger ? "0"u8 : token);
                    return true;
                }
            }
            else if (s[i - 1] != '0')
            {
                // A decimal of at most 15 significant digits without trailing zeros is the shortest form of its double,
                // and ECMAScript writes it without an exponent when 1e-6 <= |x| < 1e21: as it is.
                var leadingZeros = zeroInteger ? s.Slice(fractionStart, fractionLength).IndexOfAnyExcept((byte)'0') : 0;
                var significant = zeroInteger ? fractionLength - leadingZeros : integerLength + fractionLength;
                if (significant <= 15 && leadingZeros <= 5)
                {
                    Append(token);
                    return true;
                }
            }
        }

        if (!Utf8Parser.TryParse(token, out double value, out var consumed) || consumed != token.Length)
        {
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }
        }

        if (!double.IsFinite(value))
        {
            return false; // beyond the double range: RT1001 from the located path
        }

        _length += JsonCanonicalizer.FormatNumber(value, Reserve(32));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool CloseObject()
    {
        ref var frame = ref _frames[_depth - 1];
        var first = frame.FirstMember;
        var members = _members.AsSpan(first, _memberCount - first);
        var sorted = true;
        for (var i = 1; i < members.Length; i++)
        {
            var order = Compare(members[i - 1], members[i]);
            if (order == 0)
            {
                return false; // a duplicate name: RT1002 from the located path
            }

            if (order > 0)
            {
                sorted = false;
                break;
            }
        }

        if (!sorted)
        {
            if (!SortMembers(members))
            {
                return false;
            }

            var bodyStart = frame.Start + 1; // after '{'
            var size = _length - bodyStart;
            if (_objectDepth == 1 && !_isSegment && (size >= FlushBytes || _holes.Count > 0))
            {
                // The outermost open object, and a large one (a document's root): its members go to the sink in
                // order straight from the buffer and the holes, without a copy.
                WriteRange(0, bodyStart);
                for (var i = 0; i < members.Length; i++)
                {
                    if (i > 0)
                    {
                        Write(","u8);
                    }

                    WriteRange(members[i].Start, members[i].End);
                }

                _length = 0;
                _holes.Clear();
                Append((byte)'}');
                _memberCount = first;
                _namesLength = frame.NamesMark;
                _objectDepth--;
                Pop();
                return true;
            }

            if (_reorder.Length < size)
            {
                _reorder = new byte[Math.Max(size, _reorder.Length * 2)];
            }

            _out.AsSpan(bodyStart, size).CopyTo(_reorder);
            _length = bodyStart;
            for (var i = 0; i < members.Length; i++)
            {
                if (i > 0)
                {
                    _out[_length++] = (byte)',';
                }

                var member = _reorder.AsSpan(members[i].Start - bodyStart, members[i].End - members[i].Start);
                member.CopyTo(_out.AsSpan(_length));
                _length += member.Length;
            }
        }

        Append((byte)'}');
        _memberCount = first;
        _namesLength = frame.NamesMark;
        _objectDepth--;
        Pop();
        return true;
    }

    /// <summary>Sorts members by name (insertion sort for small objects); false on a duplicate name.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SortMembers(Span<Member> members)
    {
        if (members.Length <= 16)
        {
            for (var i = 1; i < members.Length; i++)
            {
                var current = members[i];
                var j = i - 1;
                while (j >= 0 && Compare(members[j], current) > 0)
                {
                    members[j + 1] = members[j];
                    j--;
                }

                members[j + 1] = current;
            }
        }
        else
        {
            members.Sort((a, b) => Compare(a, b));
        }

        for (var i = 1; i < members.Length; i++)
        {
            if (Compare(members[i - 1], members[i]) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Orders names by their UTF-16 code units (RFC 8785 section 3.2.3) from their UTF-8: byte order is code point
    /// order, which is UTF-16 order except that a supplementary character (a surrogate pair, 0xD800-0xDFFF) sorts
    /// before U+E000-U+FFFF (UTF-8 lead bytes 0xEE and 0xEF).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Compare(in Member a, in Member b)
    {
        if (a.Key != b.Key && a.AsciiKey && b.AsciiKey)
        {
            // The first difference lies in the first 8 bytes, both ASCII there (or one name ends there: a prefix).
            return a.Key < b.Key ? -1 : 1;
        }

        return CompareNames(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong KeyOf(ReadOnlySpan<byte> name)
    {
        if (name.Length >= 8)
        {
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(name);
        }

        ulong key = 0;
        for (var i = 0; i < name.Length; i++)
        {
            key = (key << 8) | name[i];
        }

        return name.Length == 0 ? 0 : key << (8 * (8 - name.Length));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int CompareNames(in Member a, in Member b)
    {
        var x = a.NameInArena ? _names.AsSpan(a.NameStart, a.NameLength) : _input.AsSpan(a.NameStart, a.NameLength);
        var y = b.NameInArena ? _names.AsSpan(b.NameStart, b.NameLength) : _input.AsSpan(b.NameStart, b.NameLength);
        var common = x.CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length - y.Length;
        }

        int p = x[common],
            q = y[common];
        if (p >= 0xF0 && q is 0xEE or 0xEF)
        {
            return -1;
        }

        if (q >= 0xF0 && p is 0xEE or 0xEF)
        {
            return 1;
        }

        return p - q;
    }

    private void Flush()
    {
        if (_isSegment || (_length == 0 && _holes.Count == 0))
        {
            return;
        }

        WriteRange(0, _length);
        _length = 0;
        _holes.Clear();
    }

    /// <summary>
    /// Writes the buffer's bytes from <paramref name="from"/> to <paramref name="to"/>, with the spliced workers' bytes
    /// in their holes.
    /// </summary>
    private void WriteRange(int from, int to)
    {
        foreach (var (offset, worker) in _holes)
        {
            if (offset >= from && offset < to)
            {
                Write(_out.AsSpan(from, offset - from));
                Write(worker._out.AsSpan(0, worker._length));
                from = offset;
            }
        }

        Write(_out.AsSpan(from, to - from));
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (_hash is not null)
        {
            _hash.AppendData(bytes);
        }
        else
        {
            _sink!.Write(bytes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(byte value)
    {
        if (_length == _out.Length)
        {
            Grow(1);
        }

        _out[_length++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    /// <summary>
    /// Appends input bytes; a short run is copied as one 32-byte vector (the buffer has room; only
    /// <paramref name="count"/> bytes count).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AppendInput(ReadOnlySpan<byte> s, int from, int count)
    {
        if (Vector256.IsHardwareAccelerated && count <= 32 && from + 32 <= s.Length)
        {
            if (_length + 32 > _out.Length)
            {
                Grow(32);
            }

            Vector256
                .LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)from)
                .StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(_out), (nuint)_length);
            _length += count;
            return;
        }

        Append(s.Slice(from, count));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        if (_length + count > _out.Length)
        {
            Grow(count);
        }

        return _out.AsSpan(_length, count);
    }

    private void Grow(int count)
    {
        var bigger = GC.AllocateUninitializedArray<byte>(
            (int)Math.Min(Array.MaxLength, Math.Max(2L * _out.Length, (long)_length + count))
        );
        _out.AsSpan(0, _length).CopyTo(bigger);
        _out = bigger;
    }

    /// <summary>
    /// The index of the first quote, backslash or control character — and, when <paramref name="nonAscii"/>, byte of
    /// 0x80 or above — in the span, or -1: 32 or 16 bytes at a time where the hardware allows. (The scanner's methods
    /// are compiled fully optimized at once, AggressiveOptimization, so no virtual call may stand in the hot path:
    /// a SearchValues would be one.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfStop(ReadOnlySpan<byte> span, bool nonAscii)
    {
        ref var start = ref MemoryMarshal.GetReference(span);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var quote = Vector256.Create((byte)'"');
            var backslash = Vector256.Create((byte)'\\');
            var space = Vector256.Create((byte)' ');
            var signedSpace = Vector256.Create((sbyte)' ');
            for (; i + 32 <= span.Length; i += 32)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                var control = nonAscii
                    ? Vector256.LessThan(v.AsSByte(), signedSpace).AsByte()
                    : Vector256.LessThan(v, space);
                var mask = (
                    Vector256.Equals(v, quote) | Vector256.Equals(v, backslash) | control
                ).ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return i + BitOperations.TrailingZeroCount(mask);
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)' ');
            var signedSpace = Vector128.Create((sbyte)' ');
            for (; i + 16 <= span.Length; i += 16)
            {
                var v = Vector128.LoadUnsafe(ref start, (nuint)i);
                var control = nonAscii
                    ? Vector128.LessThan(v.AsSByte(), signedSpace).AsByte()
                    : Vector128.LessThan(v, space);
                var mask = (
                    Vector128.Equals(v, quote) | Vector128.Equals(v, backslash) | control
                ).ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return i + BitOperations.TrailingZeroCount(mask);
                }
            }
        }

        for (; i < span.Length; i++)
        {
            var b = span[i];
            if (b is (byte)'"' or (byte)'\\' || (nonAscii ? (sbyte)b < ' ' : b < ' '))
            {
                return i;
            }
        }

        return -1;
    }
}
