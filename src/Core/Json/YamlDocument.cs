using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using ReleaseTrain.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ReleaseTrain.Core.Json;

/// <summary>
/// Reads a YAML file (an OpenAPI description, a workflow) as a <see cref="LocatedJsonDocument"/>, so that rules address
/// it by JSON Pointer like any JSON contract file and report its own lines and columns. The YAML is read with
/// YamlDotNet's parser (events only, no object mapping) and translated under the YAML 1.2 core schema: a plain
/// scalar is null (<c>null</c>, <c>~</c>, empty), a boolean (<c>true</c>, <c>false</c>), an integer (decimal,
/// <c>0o</c> octal, <c>0x</c> hex) or a float as YAML 1.2 spells them, and otherwise a string; a quoted or block
/// scalar is a string. Fail closed, RT1021 at the line and column: malformed YAML, more or fewer than one document,
/// an alias (<c>*name</c>: it would make the pointer ambiguous and can expand without bound), a tag outside the core
/// schema, a mapping or sequence as a key, <c>.inf</c> or <c>.nan</c> (no JSON number), nesting deeper than
/// <see cref="LocatedJsonDocument.MaxDepth"/>, invalid UTF-8. A duplicate key is RT1002, as in JSON. A byte order mark
/// is allowed, as YAML allows it.
/// </summary>
public static partial class YamlDocument
{
    private const string CoreTag = "tag:yaml.org,2002:";

    /// <summary>Whether a path names a YAML file (<c>.yaml</c> or <c>.yml</c>, any case).</summary>
    /// <param name="path">A file path.</param>
    /// <returns>True for a YAML file.</returns>
    public static bool IsYamlPath(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a YAML file's bytes.</summary>
    /// <param name="bytes">The file's bytes (UTF-8).</param>
    /// <param name="path">The path reported in diagnostics.</param>
    /// <returns>The document, its nodes at the YAML file's lines and columns.</returns>
    /// <exception cref="ReleaseTrainException">RT1021 (see the class), RT1002 a duplicate key.</exception>
    public static LocatedJsonDocument Parse(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        // YAML allows a byte order mark (YAML 1.2, 5.2); it is not counted in columns.
        var skip = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException ex)
        {
            throw Error(path, 0, 0, $"the file is not UTF-8 (an invalid byte at offset {ex.Index}).");
        }

        var writer = new Translation(path);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Current is StreamEnd)
            {
                throw Error(path, 1, 1, "the file holds no YAML document.");
            }

            parser.Consume<DocumentStart>();
            writer.Value(parser, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Current is not StreamEnd)
            {
                var mark = parser.Current!.Start;
                throw Error(path, (int)mark.Line, (int)mark.Column, "the file holds more than one YAML document.");
            }
        }
        catch (YamlException ex)
        {
            throw Error(path, (int)ex.Start.Line, (int)ex.Start.Column, ex.Message);
        }

        return LocatedJsonDocument.ParseTranslated(
            writer.Bytes.ToArray(),
            path,
            [.. writer.Offsets],
            [.. writer.Positions]
        );
    }

    private static ReleaseTrainException Error(string path, int line, int column, string message) =>
        new(DiagnosticCodes.MalformedYaml.Error(path, line, column, message));

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalInteger();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexInteger();

    [GeneratedRegex(@"^([-+]?)(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();

    [GeneratedRegex(@"^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$", RegexOptions.CultureInvariant)]
    private static partial Regex NotANumber();

    /// <summary>The JSON translation being written, with the source position of each token.</summary>
    private sealed class Translation(string path)
    {
        public List<byte> Bytes { get; } = [];

        public List<long> Offsets { get; } = [];

        public List<(int Line, int Column)> Positions { get; } = [];

        public void Value(IParser parser, int depth)
        {
            var current = parser.Current!;
            if (depth > LocatedJsonDocument.MaxDepth)
            {
                throw At(current.Start, $"nesting deeper than {LocatedJsonDocument.MaxDepth} levels.");
            }

            switch (current)
            {
                case AnchorAlias alias:
                    throw At(alias.Start, $"alias '*{alias.Value}': aliases are not read; write the value out.");
                case Scalar scalar:
                    parser.MoveNext();
                    Mark(scalar.Start);
                    Write(Resolve(scalar));
                    break;
                case SequenceStart sequence:
                    CheckTag(sequence.Tag, "seq", sequence.Start);
                    parser.MoveNext();
                    Mark(sequence.Start);
                    Write("[");
                    var first = true;
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        Write(first ? string.Empty : ",");
                        first = false;
                        Value(parser, depth + 1);
                    }

                    Write("]");
                    break;
                case MappingStart mapping:
                    CheckTag(mapping.Tag, "map", mapping.Start);
                    parser.MoveNext();
                    Mark(mapping.Start);
                    Write("{");
                    var firstMember = true;
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        if (parser.Current is not Scalar key)
                        {
                            throw At(
                                parser.Current!.Start,
                                parser.Current is AnchorAlias
                                    ? "an alias as a key: aliases are not read."
                                    : "a mapping or sequence as a key: a JSON Pointer cannot name it."
                            );
                        }

                        parser.MoveNext();
                        Write(firstMember ? string.Empty : ",");
                        firstMember = false;
                        Mark(key.Start);
                        Write(Quote(key.Value));
                        Write(":");
                        Value(parser, depth + 1);
                    }

                    Write("}");
                    break;
                default:
                    throw At(current.Start, "unexpected " + current.GetType().Name + ".");
            }
        }

        private void Mark(Mark mark)
        {
            Offsets.Add(Bytes.Count);
            Positions.Add(((int)mark.Line, (int)mark.Column));
        }

        private void Write(string json) => Bytes.AddRange(Encoding.UTF8.GetBytes(json));

        private ReleaseTrainException At(Mark mark, string message) =>
            Error(path, (int)mark.Line, (int)mark.Column, message);

        private void CheckTag(TagName tag, string core, Mark mark)
        {
            if (Text(tag) is { } text && text != "!" && text != CoreTag + core)
            {
                throw At(mark, $"tag '{text}' is outside the YAML core schema.");
            }
        }

        /// <summary>A tag's text: null when there is none, <c>!</c> for the non-specific tag.</summary>
        private static string? Text(TagName tag) =>
            tag.IsEmpty ? null
            : tag.IsNonSpecific ? "!"
            : tag.Value;

        private string Resolve(Scalar scalar)
        {
            var value = scalar.Value;
            var tag = Text(scalar.Tag);
            if (tag == "!" || (tag is null && scalar.Style != ScalarStyle.Plain) || tag == CoreTag + "str")
            {
                return Quote(value);
            }

            if (tag is not (null or CoreTag + "int" or CoreTag + "float" or CoreTag + "bool" or CoreTag + "null"))
            {
                throw At(scalar.Start, $"tag '{tag}' is outside the YAML core schema.");
            }

            if (value is "" or "~" or "null" or "Null" or "NULL")
            {
                return "null";
            }

            if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
            {
                return value.ToLowerInvariant();
            }

            if (NotANumber().IsMatch(value))
            {
                throw At(scalar.Start, $"'{value}' is not a number JSON can hold; quote it to make it a string.");
            }

            if (DecimalInteger().IsMatch(value))
            {
                return BigInteger
                    .Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                    .ToString(CultureInfo.InvariantCulture);
            }

            if (OctalInteger().IsMatch(value) || HexInteger().IsMatch(value))
            {
                var radix = value[1] == 'o' ? 8 : 16;
                var number = BigInteger.Zero;
                foreach (var c in value.AsSpan(2))
                {
                    number = (number * radix) + Convert.ToInt32(c.ToString(), 16);
                }

                return number.ToString(CultureInfo.InvariantCulture);
            }

            if (Float().Match(value) is { Success: true } match)
            {
                var body = match.Groups[2].Value;
                var dot = body.IndexOf('.', StringComparison.Ordinal);
                var integer = dot < 0 ? body : body[..dot];
                var fraction = dot < 0 ? string.Empty : body[(dot + 1)..];
                var whole = integer.TrimStart('0');
                return (match.Groups[1].Value == "-" ? "-" : string.Empty)
                    + (whole.Length == 0 ? "0" : whole)
                    + (fraction.Length == 0 ? string.Empty : "." + fraction)
                    + match.Groups[4].Value;
            }

            if (tag is not null)
            {
                throw At(scalar.Start, $"'{value}' is not of its tag '{tag}'.");
            }

            return Quote(value);
        }

        private static string Quote(string value) =>
            "\"" + JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(value) + "\"";
    }
}
