using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ReleaseTrain.Core.Json;

/// <summary>
/// RFC 8785 canonicalization straight from UTF-8 bytes to UTF-8 bytes (or to SHA-256), without building a document:
/// one <see cref="Utf8JsonReader"/> pass; each open object buffers its members' canonical bytes and sorts them (by the
/// UTF-16 code units of their names, RFC 8785 section 3.2.3) when it closes; everything outside objects streams
/// straight into the hash. Strings without escapes and integers of at most 15 digits are copied as they are (they are
/// already canonical); other strings and numbers take the ECMAScript rules of <see cref="JsonCanonicalizer"/>.
/// Anything unusual — malformed input, a duplicate name, a lone surrogate, a number outside the double range, nesting
/// deeper than <see cref="LocatedJsonDocument.MaxDepth"/> — returns false, and the caller takes the located path, which
/// reports the precise RT1001/RT1002 diagnostic. The output is byte-identical to <see cref="JsonCanonicalizer.Canonicalize(LocatedJsonNode)"/>
/// (a property test holds them equal).
/// </summary>
internal sealed class StreamingCanonicalizer
{
    private readonly List<Frame> _frames = [];
    private byte[] _scratch = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _length;
    private IncrementalHash? _hash;
    private ArrayBufferWriter<byte>? _output;
    private int _objectDepth;

    private struct Member
    {
        public int Start;      // of the name's opening quote in the scratch buffer
        public int NameEnd;    // after the name's closing quote
        public int End;        // after the value
        public string? Name;   // the decoded name when it is not plain ASCII without escapes
    }

    private sealed class Frame
    {
        public bool IsObject;
        public int Start;
        public int Count;
        public List<Member> Members { get; } = [];
    }

    /// <summary>SHA-256 of the canonical form, or false to take the located path.</summary>
    public static bool TrySha256(ReadOnlySpan<byte> json, out byte[] digest)
    {
        var canonicalizer = new StreamingCanonicalizer { _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256) };
        try
        {
            if (!canonicalizer.Run(json))
            {
                digest = [];
                return false;
            }

            canonicalizer.Flush();
            digest = canonicalizer._hash.GetHashAndReset();
            return true;
        }
        finally
        {
            canonicalizer._hash.Dispose();
            canonicalizer.Release();
        }
    }

    /// <summary>The canonical bytes, or false to take the located path.</summary>
    public static bool TryCanonicalize(ReadOnlySpan<byte> json, out byte[] canonical)
    {
        var canonicalizer = new StreamingCanonicalizer { _output = new ArrayBufferWriter<byte>(Math.Max(256, json.Length)) };
        try
        {
            if (!canonicalizer.Run(json))
            {
                canonical = [];
                return false;
            }

            canonicalizer.Flush();
            canonical = canonicalizer._output.WrittenSpan.ToArray();
            return true;
        }
        finally
        {
            canonicalizer.Release();
        }
    }

    private void Release()
    {
        ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = [];
    }

    private bool Run(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        // Invalid UTF-8 anywhere, or a lone surrogate escape, is for the located path to report.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return false;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = LocatedJsonDocument.MaxDepth, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        BeforeValue();
                        Push(isObject: true);
                        Append((byte)'{');
                        break;
                    case JsonTokenType.StartArray:
                        BeforeValue();
                        Push(isObject: false);
                        Append((byte)'[');
                        break;
                    case JsonTokenType.EndObject:
                        if (!CloseObject())
                        {
                            return false;
                        }

                        break;
                    case JsonTokenType.EndArray:
                        Append((byte)']');
                        Pop();
                        AfterValue();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!PropertyName(ref reader))
                        {
                            return false;
                        }

                        break;
                    case JsonTokenType.String:
                        BeforeValue();
                        if (!StringValue(ref reader))
                        {
                            return false;
                        }

                        AfterValue();
                        break;
                    case JsonTokenType.Number:
                        BeforeValue();
                        if (!Number(ref reader))
                        {
                            return false;
                        }

                        AfterValue();
                        break;
                    case JsonTokenType.True:
                        BeforeValue();
                        Append("true"u8);
                        AfterValue();
                        break;
                    case JsonTokenType.False:
                        BeforeValue();
                        Append("false"u8);
                        AfterValue();
                        break;
                    case JsonTokenType.Null:
                        BeforeValue();
                        Append("null"u8);
                        AfterValue();
                        break;
                    default:
                        return false;
                }
            }

            return reader.BytesConsumed == json.Length || json[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    private int _depth;

    private void Push(bool isObject)
    {
        _depth++;
        if (_frames.Count < _depth)
        {
            _frames.Add(new Frame());
        }

        var frame = _frames[_depth - 1];
        frame.IsObject = isObject;
        frame.Start = _length;
        frame.Count = 0;
        frame.Members.Clear();
        if (isObject)
        {
            _objectDepth++;
        }
    }

    private void Pop()
    {
        if (_frames[_depth - 1].IsObject)
        {
            _objectDepth--;
        }

        _depth--;
    }

    /// <summary>A value starts: in an array, a comma before all but the first element.</summary>
    private void BeforeValue()
    {
        if (_depth > 0 && !_frames[_depth - 1].IsObject)
        {
            var frame = _frames[_depth - 1];
            if (frame.Count++ > 0)
            {
                Append((byte)',');
            }
        }
    }

    /// <summary>A value ended: in an object, it closes the current member; outside every object, the bytes can go.</summary>
    private void AfterValue()
    {
        if (_depth > 0 && _frames[_depth - 1].IsObject)
        {
            var members = _frames[_depth - 1].Members;
            var member = members[^1];
            member.End = _length;
            members[^1] = member;
        }
        else if (_objectDepth == 0 && _length >= 1 << 15)
        {
            Flush();
        }
    }

    private bool PropertyName(ref Utf8JsonReader reader)
    {
        if (_frames[_depth - 1].Members.Count > 0)
        {
            Append((byte)',');
        }

        var member = new Member { Start = _length };
        if (!reader.ValueIsEscaped && IsAscii(reader.ValueSpan))
        {
            Append((byte)'"');
            Append(reader.ValueSpan);
            Append((byte)'"');
        }
        else
        {
            var name = reader.GetString()!;
            if (!WriteString(name))
            {
                return false;
            }

            member.Name = name;
        }

        member.NameEnd = _length;
        Append((byte)':');
        _frames[_depth - 1].Members.Add(member);
        return true;
    }

    private bool StringValue(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            // Unescaped JSON strings hold no quote, backslash or control character: already canonical.
            Append((byte)'"');
            Append(reader.ValueSpan);
            Append((byte)'"');
            return true;
        }

        return Unescaped(ref reader);
    }

    /// <summary>
    /// An escaped string: unescaped to UTF-8 right into the buffer (a lone surrogate escape throws, and the located
    /// path reports it); when it then holds a quote, a backslash or a control character, it is written again with
    /// ECMAScript's escapes.
    /// </summary>
    private bool Unescaped(ref Utf8JsonReader reader)
    {
        var start = _length;
        Append((byte)'"');
        var room = Reserve(reader.ValueSpan.Length);
        var written = reader.CopyString(room);
        if (room[..written].IndexOfAnyInRange((byte)0, (byte)0x1F) < 0 && room[..written].IndexOfAny((byte)'"', (byte)'\\') < 0)
        {
            _length += written;
            Append((byte)'"');
            return true;
        }

        _length = start;
        return WriteString(reader.GetString()!);
    }

    private bool Number(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        var digits = raw.Length > 0 && raw[0] == '-' ? raw[1..] : raw;
        if (digits.Length is > 0 and <= 15 && digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 && !(raw[0] == '-' && digits is [(byte)'0']))
        {
            // An integer of at most 15 digits is exact in a double, and ECMAScript prints it as written (JSON has no leading zeros).
            Append(raw);
            return true;
        }

        if (!Utf8Parser.TryParse(raw, out double value, out var consumed) || consumed != raw.Length)
        {
            if (!double.TryParse(Encoding.ASCII.GetString(raw), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }
        }

        if (double.IsInfinity(value) || double.IsNaN(value))
        {
            return false;
        }

        _length += JsonCanonicalizer.FormatNumber(value, Reserve(32));
        return true;
    }

    private bool CloseObject()
    {
        var frame = _frames[_depth - 1];
        var members = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(frame.Members);
        var bodyStart = frame.Start + 1; // after '{'
        if (members.Length > 1)
        {
            var sorted = true;
            for (var i = 1; i < members.Length; i++)
            {
                var order = Compare(_scratch, members[i - 1], members[i]);
                if (order == 0)
                {
                    return false; // a duplicate name: RT1002 from the located path
                }

                sorted &= order < 0;
            }

            if (!sorted)
            {
                // Insertion sort: objects are small. The member offsets stay those of the written (unsorted) bytes.
                for (var i = 1; i < members.Length; i++)
                {
                    var current = members[i];
                    var j = i - 1;
                    while (j >= 0 && Compare(_scratch, members[j], current) > 0)
                    {
                        members[j + 1] = members[j];
                        j--;
                    }

                    if (j >= 0 && Compare(_scratch, members[j], current) == 0)
                    {
                        return false;
                    }

                    members[j + 1] = current;
                }

                var size = _length - bodyStart;
                var copy = ArrayPool<byte>.Shared.Rent(size);
                _scratch.AsSpan(bodyStart, size).CopyTo(copy);
                _length = bodyStart;
                for (var i = 0; i < members.Length; i++)
                {
                    if (i > 0)
                    {
                        Append((byte)',');
                    }

                    Append(copy.AsSpan(members[i].Start - bodyStart, members[i].End - members[i].Start));
                }

                ArrayPool<byte>.Shared.Return(copy);
            }
        }

        Append((byte)'}');
        Pop();
        AfterValue();
        return true;
    }

    private static int Compare(byte[] scratch, Member a, Member b)
    {
        if (a.Name is null && b.Name is null)
        {
            // Plain ASCII names: byte order is UTF-16 code unit order.
            return scratch.AsSpan(a.Start + 1, a.NameEnd - a.Start - 2).SequenceCompareTo(scratch.AsSpan(b.Start + 1, b.NameEnd - b.Start - 2));
        }

        var left = a.Name ?? Encoding.ASCII.GetString(scratch, a.Start + 1, a.NameEnd - a.Start - 2);
        var right = b.Name ?? Encoding.ASCII.GetString(scratch, b.Start + 1, b.NameEnd - b.Start - 2);
        return string.CompareOrdinal(left, right);
    }

    /// <summary>A string as ECMAScript's JSON.stringify writes it (RFC 8785 section 3.2.2.2); false for a lone surrogate.</summary>
    private bool WriteString(string value)
    {
        Append((byte)'"');
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': Append("\\\""u8); break;
                case '\\': Append("\\\\"u8); break;
                case '\b': Append("\\b"u8); break;
                case '\f': Append("\\f"u8); break;
                case '\n': Append("\\n"u8); break;
                case '\r': Append("\\r"u8); break;
                case '\t': Append("\\t"u8); break;
                default:
                    if (c < 0x20)
                    {
                        Append("\\u00"u8);
                        Append((byte)"0123456789abcdef"[c >> 4]);
                        Append((byte)"0123456789abcdef"[c & 0xF]);
                    }
                    else if (c < 0x80)
                    {
                        Append((byte)c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        var written = Encoding.UTF8.GetBytes(value.AsSpan(i, 2), utf8);
                        Append(utf8[..written]);
                        i++;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        return false;
                    }
                    else
                    {
                        var written = Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
                        Append(utf8[..written]);
                    }

                    break;
            }
        }

        Append((byte)'"');
        return true;
    }

    private static bool IsAscii(ReadOnlySpan<byte> span) => Ascii.IsValid(span);

    private void Flush()
    {
        if (_length == 0)
        {
            return;
        }

        if (_hash is not null)
        {
            _hash.AppendData(_scratch, 0, _length);
        }
        else
        {
            _output!.Write(_scratch.AsSpan(0, _length));
        }

        // Open arrays outside every object keep their element counts; their start offsets are no longer needed.
        _length = 0;
    }

    private void Append(byte value)
    {
        if (_length == _scratch.Length)
        {
            Grow(1);
        }

        _scratch[_length++] = value;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _scratch.Length)
        {
            Grow(count);
        }

        return _scratch.AsSpan(_length, count);
    }

    private void Grow(int count)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_scratch.Length * 2, _length + count));
        _scratch.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = bigger;
    }
}
