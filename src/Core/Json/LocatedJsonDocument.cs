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

    private readonly int[] _lineStarts;
    private int _cursorLine = -1;
    private long _cursorOffset;
    private int _cursorColumn;

    private LocatedJsonDocument(string path, byte[] bytes, int[] lineStarts)
    {
        Path = path;
        Bytes = bytes;
        _lineStarts = lineStarts;
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
        var document = new LocatedJsonDocument(path, bytes, ComputeLineStarts(bytes));
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
        System.Text.Json.Nodes.JsonNode.Parse(Parse(bytes, path).Root.ToJson(), documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });

    /// <summary>Converts a byte offset into a 1-based line and column (columns in Unicode scalar values).</summary>
    /// <param name="offset">Byte offset into <see cref="Bytes"/>.</param>
    /// <returns>The line and column.</returns>
    public (int Line, int Column) GetPosition(long offset)
    {
        offset = Math.Clamp(offset, 0, Bytes.LongLength);
        var index = Array.BinarySearch(_lineStarts, (int)offset);
        var line = index >= 0 ? index : ~index - 1;
        var column = 1;
        long from = line == 0 && HasBom(Bytes) ? 3 : _lineStarts[line];

        // Tokens arrive in increasing offset order: continue from the previous position on the same line, so that
        // a minified (single-line) file costs O(n), not O(n^2).
        if (line == _cursorLine && offset >= _cursorOffset && _cursorOffset >= from)
        {
            from = _cursorOffset;
            column = _cursorColumn;
        }

        for (var i = from; i < offset; i++)
        {
            if ((Bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        (_cursorLine, _cursorOffset, _cursorColumn) = (line, offset, column);
        return (line + 1, column);
    }

    private static bool HasBom(byte[] bytes) => bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;

    private static int[] ComputeLineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
            else if (bytes[i] == (byte)'\r' && (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n'))
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private LocatedJsonNode Build()
    {
        var start = HasBom(Bytes) ? 3 : 0;
        var span = new ReadOnlySpan<byte>(Bytes, start, Bytes.Length - start);
        var reader = new Utf8JsonReader(span, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = MaxDepth,
        });

        var stack = new Stack<LocatedJsonNode>();
        string? pendingName = null;
        (int Line, int Column) pendingNamePosition = default;
        LocatedJsonNode? root = null;
        try
        {
            while (reader.Read())
            {
                var offset = start + reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingName = reader.GetString()!;
                        pendingNamePosition = GetPosition(offset);
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.Pop().EndOffset = start + reader.BytesConsumed;
                        continue;
                }

                var (line, column) = GetPosition(offset);
                LocatedJsonNode node = reader.TokenType switch
                {
                    JsonTokenType.StartObject => new LocatedJsonObject(line, column, offset),
                    JsonTokenType.StartArray => new LocatedJsonArray(line, column, offset),
                    JsonTokenType.String => new LocatedJsonScalar(JsonKind.String, line, column, offset, reader.GetString(), false),
                    JsonTokenType.Number => new LocatedJsonScalar(JsonKind.Number, line, column, offset, Encoding.UTF8.GetString(reader.ValueSpan), false),
                    JsonTokenType.True => new LocatedJsonScalar(JsonKind.Boolean, line, column, offset, null, true),
                    JsonTokenType.False => new LocatedJsonScalar(JsonKind.Boolean, line, column, offset, null, false),
                    _ => new LocatedJsonScalar(JsonKind.Null, line, column, offset, null, false),
                };
                node.EndOffset = start + reader.BytesConsumed;

                if (stack.Count == 0)
                {
                    root = node;
                }
                else
                {
                    var parent = stack.Peek();
                    node.Parent = parent;
                    if (parent is LocatedJsonObject obj)
                    {
                        var property = new LocatedJsonProperty(pendingName!, pendingNamePosition.Line, pendingNamePosition.Column, node);
                        if (!obj.TryAdd(property, out var existing))
                        {
                            throw new ReleaseTrainException(DiagnosticCodes.DuplicateKey.Error(
                                Path, property.Line, property.Column, property.Name, existing!.Line, existing.Column));
                        }
                    }
                    else
                    {
                        ((LocatedJsonArray)parent).Add(node);
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
            throw new ReleaseTrainException(DiagnosticCodes.MalformedJson.Error(Path, position.Line, position.Column, TrimReaderMessage(ex.Message)), ex);
        }
        catch (InvalidOperationException ex)
        {
            // Invalid UTF-8 or an invalid escape inside a string token.
            var position = GetPosition(start + reader.TokenStartIndex);
            throw new ReleaseTrainException(DiagnosticCodes.MalformedJson.Error(Path, position.Line, position.Column, ex.Message), ex);
        }

        if (root is null)
        {
            var position = GetPosition(Bytes.Length);
            throw new ReleaseTrainException(DiagnosticCodes.MalformedJson.Error(Path, position.Line, position.Column, "the file holds no JSON value."));
        }

        return root;
    }

    private static string TrimReaderMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
