using System.Text;
using System.Text.Json;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Json;

/// <summary>
/// A JSON file parsed strictly (RFC 8259: no comments, no trailing commas, unique member names) into
/// <see cref="LocatedJsonNode"/> values that know their line and column. A leading UTF-8 byte order mark
/// is skipped. Malformed input throws <see cref="ReleaseTrainException"/> with RT1001 (or RT1002 for a
/// duplicate key) at the offending line and column.
/// </summary>
public sealed class LocatedJsonDocument
{
    /// <summary>Deepest nesting accepted; deeper input is RT1001.</summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// Bytes between column checkpoints: a position costs a binary search and at most this many bytes.
    /// </summary>
    private const int CheckpointSpacing = 256;

    private readonly int[] _lineStarts;
    private readonly int[] _checkpointColumns;

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
    /// <param name="bytes">The UTF-8 bytes (a BOM is allowed).</param>
    /// <param name="path">The path to report in diagnostics.</param>
    /// <returns>The parsed document.</returns>
    /// <exception cref="ReleaseTrainException">RT1001 malformed JSON, RT1002 duplicate key.</exception>
    public static LocatedJsonDocument Parse(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var document = new LocatedJsonDocument(path, bytes);
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
    /// Parses JSON strictly (BOM skipped, duplicate keys refused) and returns it as a mutable
    /// <see cref="System.Text.Json.Nodes.JsonNode"/>, for code that edits or navigates JSON freely.
    /// </summary>
    /// <param name="bytes">The UTF-8 bytes.</param>
    /// <param name="path">The path for diagnostics.</param>
    /// <returns>The node (null for a JSON null).</returns>
    /// <exception cref="ReleaseTrainException">RT1001 or RT1002.</exception>
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

        var stack = new Stack<LocatedJsonNode>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal); // member names repeat: keep one copy each
        string? pendingName = null;
        var pendingNameStart = 0;
        LocatedJsonNode? root = null;
        try
        {
            while (reader.Read())
            {
                var offset = start + reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingNameStart = (int)offset;
                        pendingName = reader.GetString()!;
                        if (names.TryGetValue(pendingName, out var known))
                        {
                            pendingName = known;
                        }
                        else if (names.Count < 100_000)
                        {
                            names.Add(pendingName, pendingName);
                        }

                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        var closed = stack.Pop();
                        closed.EndOffset = start + reader.BytesConsumed;
                        (closed as LocatedJsonObject)?.Seal();
                        (closed as LocatedJsonArray)?.Seal();
                        continue;
                }

                var end = start + reader.BytesConsumed;
                var slot = reader.TokenType switch
                {
                    JsonTokenType.StartObject => Slot.Of(
                        new LocatedJsonObject(GetPosition(offset).Line, GetPosition(offset).Column, offset, this)
                    ),
                    JsonTokenType.StartArray => Slot.Of(
                        new LocatedJsonArray(GetPosition(offset).Line, GetPosition(offset).Column, offset, this)
                    ),

                    // Numbers, literals and strings without escapes stay inline in their container (kind, position and
                    // byte range); their nodes are made, and their text decoded from the file's bytes, when asked.
                    JsonTokenType.String
                        when !reader.ValueIsEscaped && System.Text.Unicode.Utf8.IsValid(reader.ValueSpan) => Inline(
                        JsonKind.String,
                        false
                    ),
                    JsonTokenType.String => Escaped(ref reader),
                    JsonTokenType.Number => Inline(JsonKind.Number, false),
                    JsonTokenType.True => Inline(JsonKind.Boolean, true),
                    JsonTokenType.False => Inline(JsonKind.Boolean, false),
                    _ => Inline(JsonKind.Null, false),
                };
                Slot Inline(JsonKind kind, bool boolean) =>
                    new()
                    {
                        Kind = kind,
                        Boolean = boolean,
                        Start = (int)offset,
                        End = (int)end,
                    };
                Slot Escaped(ref Utf8JsonReader reader)
                {
                    // Unescape once to check it (a lone surrogate or invalid UTF-8 throws, RT1001); keep only the
                    // range.
                    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
                    try
                    {
                        reader.CopyString(buffer);
                    }
                    finally
                    {
                        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    }

                    return new Slot
                    {
                        Kind = JsonKind.String,
                        Escaped = true,
                        Start = (int)offset,
                        End = (int)end,
                    };
                }

                slot.Node?.EndOffset = end;
                var node = slot.Node;

                if (stack.Count == 0)
                {
                    root = slot.Materialize(this);
                }
                else
                {
                    var parent = stack.Peek();
                    if (parent is LocatedJsonObject obj)
                    {
                        if (!obj.TryAdd(pendingName!, pendingNameStart, slot, out var existing))
                        {
                            throw new ReleaseTrainException(
                                DiagnosticCodes.DuplicateKey.Error(
                                    Path,
                                    GetPosition(pendingNameStart).Line,
                                    GetPosition(pendingNameStart).Column,
                                    pendingName,
                                    existing!.Line,
                                    existing.Column
                                )
                            );
                        }
                    }
                    else
                    {
                        ((LocatedJsonArray)parent).Add(slot);
                    }
                }

                if (node is LocatedJsonObject or LocatedJsonArray)
                {
                    stack.Push(node);
                }
            }
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0);
            var lineStart = line < _lineStarts.Length ? _lineStarts[line] : Bytes.Length;
            var bytePosition = lineStart + (line == 0 ? start : 0) + (ex.BytePositionInLine ?? 0);
            var position = GetPosition(bytePosition);
            throw new ReleaseTrainException(
                DiagnosticCodes.MalformedJson.Error(
                    Path,
                    position.Line,
                    position.Column,
                    TrimReaderMessage(ex.Message)
                ),
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

        if (root is null)
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

        return root;
    }

    private static string TrimReaderMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
