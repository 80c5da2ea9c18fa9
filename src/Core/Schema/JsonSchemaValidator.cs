using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Json.Schema.Keywords;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using DefinitionsKeyword = Json.Schema.Keywords.Draft06.DefinitionsKeyword;
using LibraryPointer = Json.Pointer.JsonPointer;

namespace ReleaseTrain.Core.Schema;

/// <summary>One schema violation: where in the instance, and why.</summary>
/// <param name="Pointer">JSON Pointer (RFC 6901) of the offending instance value.</param>
/// <param name="Line">1-based line of the offending value (of the member name for an unexpected member).</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong.</param>
public sealed record SchemaViolation(string Pointer, int Line, int Column, string Message);

/// <summary>
/// Validates located JSON against a JSON Schema with JsonSchema.Net 8.0.5 (drafts 06, 07, 2019-09 and 2020-12,
/// chosen by the schema's <c>$schema</c>; 2020-12 when it has none), and reports each violation at the JSON Pointer,
/// line and column of the offending value of the instance (of the member name for an unknown member).
/// </summary>
/// <remarks>
/// <para>
/// JsonSchema.Net decides whether an instance is valid. Its hierarchical output is then walked as the schema is
/// written: a failed <c>type</c> is the only error of its subschema, a failed <c>anyOf</c>, <c>oneOf</c> or
/// <c>not</c> is one error at the value (not the failures of each alternative), <c>additionalProperties: false</c>
/// names the unknown member and the allowed ones, and <c>required</c> names each missing member.
/// </para>
/// <para>
/// Unknown keywords are refused when the schema is loaded (a dialect with <c>AllowUnknownKeywords = false</c>), so
/// that nothing is silently unchecked. Three annotations beyond their dialect are accepted because official schemas
/// we validate against use them: <c>definitions</c> in 2020-12 (the SARIF 2.1.0 schema), <c>deprecated</c> and
/// <c>meta:enum</c> in draft-07 (the CycloneDX 1.6 schema). <c>format</c> is an annotation, as JsonSchema.Net's
/// default (and the specifications') has it.
/// </para>
/// <para>
/// Two keywords follow the specification (draft 2020-12 validation, sections 6.1.1 and 6.3) where JsonSchema.Net
/// 8.0.5 does not: <c>"type": "integer"</c> is decided on the number's digits (JsonSchema.Net rounds to a double, so
/// that <c>12345678901234567890.5</c> passed), and <c>minLength</c>/<c>maxLength</c> count Unicode code points
/// (JsonSchema.Net counts text elements, so that <c>"e\u0301"</c> had length 1). A number outside the range of a
/// double, which JsonSchema.Net cannot compare, is a violation at that number.
/// </para>
/// </remarks>
public sealed partial class JsonSchemaValidator
{
    /// <summary>The strict dialects, by meta-schema URI without a trailing '#'.</summary>
    private static readonly Dictionary<string, Dialect> Dialects = new(StringComparer.Ordinal)
    {
        [Key(Dialect.Draft06.Id!)] = Strict(Dialect.Draft06),
        [Key(Dialect.Draft07.Id!)] = Strict(Dialect.Draft07, DeprecatedKeyword.Instance, MetaEnumKeyword.Instance),
        [Key(Dialect.Draft201909.Id!)] = Strict(Dialect.Draft201909),
        [Key(Dialect.Draft202012.Id!)] = Strict(Dialect.Draft202012, DefinitionsKeyword.Instance),
    };

    private static readonly EvaluationOptions Flag = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Hierarchical = new() { OutputFormat = OutputFormat.Hierarchical };

    private readonly JsonSchema _schema;
    private readonly string _path;

    /// <summary>Creates a validator for a schema document.</summary>
    /// <param name="schema">The parsed schema.</param>
    /// <param name="loadReference">
    /// Loads a schema that a <c>$ref</c> names by relative file name (e.g. <c>spdx.schema.json</c>), or null when
    /// the schema only refers to itself (and to the JSON Schema meta-schemas). Each loaded schema is registered
    /// with JsonSchema.Net under the URI its <c>$ref</c> resolves to and under its own <c>$id</c>.
    /// </param>
    /// <exception cref="ReleaseTrainException">
    /// RT1004 at the schema's own line and column when it cannot be loaded: an unknown keyword, a <c>$schema</c>
    /// other than drafts 06, 07, 2019-09 and 2020-12, an invalid keyword value, a <c>$ref</c> that does not resolve;
    /// or the error of <paramref name="loadReference"/> (RT1001, RT1003, ...) at the <c>$ref</c> naming the file.
    /// </exception>
    public JsonSchemaValidator(LocatedJsonDocument schema, Func<string, LocatedJsonDocument>? loadReference = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _path = schema.Path;
        _schema = new Loader(loadReference).Load(schema);
    }

    /// <summary>Loads a schema file and the schema files beside it that its <c>$ref</c>s name.</summary>
    /// <param name="path">The schema file.</param>
    /// <returns>The validator.</returns>
    /// <exception cref="ReleaseTrainException">
    /// A schema file is missing (RT1003), unreadable (RT1011), too large (RT1014), malformed (RT1001, RT1002) or
    /// not a schema that can be loaded (RT1004, see the constructor).
    /// </exception>
    public static JsonSchemaValidator FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        return new JsonSchemaValidator(Read(fullPath), name =>
            Read(Path.GetFullPath(Path.Combine(directory, Uri.UnescapeDataString(name))))
        );

        static LocatedJsonDocument Read(string file) => LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(file), file);
    }

    /// <summary>Validates an instance.</summary>
    /// <param name="instance">The instance root.</param>
    /// <returns>The violations, ordered by line and column; empty when valid.</returns>
    /// <exception cref="ReleaseTrainException">RT1004 when the schema cannot be evaluated (for example a pattern
    /// that takes longer than JsonSchema.Net allows).</exception>
    public IReadOnlyList<SchemaViolation> Validate(LocatedJsonNode instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        using var json = JsonDocument.Parse(
            Comparable(instance),
            new JsonDocumentOptions { MaxDepth = LocatedJsonDocument.MaxDepth + 1 }
        );
        try
        {
            if (_schema.Evaluate(json.RootElement, Flag).IsValid)
            {
                return [];
            }

            var errors = new List<SchemaViolation>();
            new Reporter(instance, errors).Report(_schema.Evaluate(json.RootElement, Hierarchical), _schema.Root);
            return [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
        }
        catch (Exception ex) when (ex is FormatException or OverflowException && OutOfRange(instance).Count > 0)
        {
            // JsonSchema.Net compares numbers as doubles (uniqueItems, enum, const) and throws beyond their range.
            return OutOfRange(instance);
        }
        catch (Exception ex)
            when (ex is JsonSchemaException or RegexMatchTimeoutException or FormatException or OverflowException)
        {
            var message = "the schema cannot be evaluated: " + ex.Message;
            throw new ReleaseTrainException(
                DiagnosticCodes.SchemaViolation.Error(_path, 0, 0, string.Empty, message),
                ex
            );
        }
    }

    /// <summary>
    /// The instance as JSON text for JsonSchema.Net, which compares numbers as <see cref="decimal"/> in
    /// <c>uniqueItems</c>, <c>enum</c> and <c>const</c> and throws on a finite double beyond decimal's range (about
    /// 7.9e28). Such a number is written as decimal's largest (or smallest) value, which keeps its type, sign and
    /// order against every bound our schemas use; a number beyond a finite double is left alone and reported by
    /// <see cref="OutOfRange"/>.
    /// </summary>
    private static string Comparable(LocatedJsonNode instance)
    {
        var text = instance.ToJson();
        if (!BeyondDecimal(instance))
        {
            return text;
        }

        var node = System.Text.Json.Nodes.JsonNode.Parse(text);
        return Clamp(node)?.ToJsonString() ?? "null";

        static System.Text.Json.Nodes.JsonNode? Clamp(System.Text.Json.Nodes.JsonNode? node)
        {
            switch (node)
            {
                case System.Text.Json.Nodes.JsonObject obj:
                    foreach (var name in obj.Select(p => p.Key).ToList())
                    {
                        obj[name] = Clamp(obj[name]?.DeepClone());
                    }

                    return obj;
                case System.Text.Json.Nodes.JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        array[i] = Clamp(array[i]?.DeepClone());
                    }

                    return array;
                case System.Text.Json.Nodes.JsonValue value
                    when value.GetValueKind() == JsonValueKind.Number
                        && IsBeyondDecimal(value.ToJsonString()):
                    return value.ToJsonString().StartsWith('-')
                        ? System.Text.Json.Nodes.JsonValue.Create(decimal.MinValue)
                        : System.Text.Json.Nodes.JsonValue.Create(decimal.MaxValue);
                default:
                    return node;
            }
        }
    }

    private static bool BeyondDecimal(LocatedJsonNode node) =>
        node switch
        {
            LocatedJsonObject obj => obj.Properties.Any(p => BeyondDecimal(p.Value)),
            LocatedJsonArray array => array.Items.Any(BeyondDecimal),
            LocatedJsonScalar { Kind: JsonKind.Number, Text: { } text } => IsBeyondDecimal(text),
            _ => false,
        };

    /// <summary>A finite double that <see cref="decimal"/> cannot hold.</summary>
    private static bool IsBeyondDecimal(string number) =>
        !decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        && double.IsFinite(double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture));

    private static string Key(Uri dialect) => dialect.OriginalString.TrimEnd('#');

    /// <summary>The numbers of an instance that are not finite doubles, as violations in document order.</summary>
    private static List<SchemaViolation> OutOfRange(LocatedJsonNode instance)
    {
        var found = new List<SchemaViolation>();
        Visit(instance, JsonPointer.Root);
        return found;

        void Visit(LocatedJsonNode node, JsonPointer pointer)
        {
            switch (node)
            {
                case LocatedJsonObject obj:
                    foreach (var member in obj.Properties)
                    {
                        Visit(member.Value, pointer.Append(member.Name));
                    }

                    break;
                case LocatedJsonArray array:
                    for (var i = 0; i < array.Items.Count; i++)
                    {
                        Visit(array.Items[i], pointer.Append(i.ToString(CultureInfo.InvariantCulture)));
                    }

                    break;
                case LocatedJsonScalar { Kind: JsonKind.Number, Text: { } text }
                    when !double.IsFinite(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)):
                    found.Add(
                        new SchemaViolation(
                            pointer.ToString(),
                            node.Line,
                            node.Column,
                            $"number {text} is outside the range that JSON Schema validation compares (a finite "
                                + $"double)."
                        )
                    );
                    break;
            }
        }
    }

    /// <summary>
    /// Whether a JSON number (RFC 8259 syntax) has no fractional part, decided on its digits: the last non-zero digit
    /// stands before the decimal point once the exponent is applied.
    /// </summary>
    /// <param name="number">The number's text.</param>
    /// <returns>
    /// True for an integer value (1, 1.0, 1e30, 2.5e1), false otherwise (1.5, 1e-1, 1.0000000000000000001).
    /// </returns>
    internal static bool IsIntegral(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var text = number.TrimStart('-');
        var e = text.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? text : text[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var lastNonZero = digits.AsSpan().LastIndexOfAnyExcept('0');
        if (lastNonZero < 0)
        {
            return true; // zero
        }

        var point = (long)(dot < 0 ? mantissa.Length : dot);
        if (e >= 0)
        {
            var exponent = text[(e + 1)..];
            if (!long.TryParse(exponent, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var shift))
            {
                return !exponent.StartsWith('-'); // an exponent beyond long: 10^huge is integral, 10^-huge is not
            }

            point += shift;
        }

        return lastNonZero < point;
    }

    /// <summary>
    /// An official dialect that refuses unknown keywords and whose <c>$schema</c> only confirms the dialect chosen
    /// (JsonSchema.Net's own <c>$schema</c> would switch to the official dialect, which allows unknown keywords).
    /// </summary>
    private static Dialect Strict(Dialect official, params IKeywordHandler[] annotations)
    {
        var id = official.Id!;
        IKeywordHandler[] replaced =
        [
            SchemaKeyword.Instance,
            TypeKeyword.Instance,
            MinLengthKeyword.Instance,
            MaxLengthKeyword.Instance,
        ];
        IKeywordHandler[] replacements =
        [
            new DeclaredDialectKeyword(id),
            ExactIntegerTypeKeyword.Handler,
            CodePointMinLengthKeyword.Handler,
            CodePointMaxLengthKeyword.Handler,
        ];
        return official
            .Without(replaced, id, allowUnknownKeywords: false)
            .With([.. replacements, .. annotations], id, allowUnknownKeywords: false);
    }

    private static Dialect DialectOf(LocatedJsonDocument document)
    {
        if (document.Root is not LocatedJsonObject root || root.GetMember("$schema") is not { } declared)
        {
            return Dialects[Key(Dialect.Draft202012.Id!)];
        }

        if (
            declared.Value is LocatedJsonScalar { Kind: JsonKind.String, Text: { } uri }
            && Dialects.TryGetValue(uri.TrimEnd('#'), out var dialect)
        )
        {
            return dialect;
        }

        throw Refuse(
            document,
            declared.Line,
            declared.Column,
            "/$schema",
            string.Create(
                CultureInfo.InvariantCulture,
                $"'$schema' {declared.Value.ToJson()} is not JSON Schema draft 06, 07, 2019-09 or 2020-12."
            )
        );
    }

    private static ReleaseTrainException Refuse(
        LocatedJsonDocument document,
        int line,
        int column,
        string pointer,
        string message,
        Exception? inner = null
    ) => new(DiagnosticCodes.SchemaViolation.Error(document.Path, line, column, pointer, message), inner);

    /// <summary>The retrieval URI of a document: its file, or a placeholder for an embedded or inline schema.</summary>
    private static Uri RetrievalUri(LocatedJsonDocument document) =>
        Path.IsPathRooted(document.Path)
            ? new Uri(Path.GetFullPath(document.Path))
            : new Uri(
                "https://releasetrain.invalid/"
                    + string.Join('/', document.Path.Split('/', '\\').Select(Uri.EscapeDataString))
            );

    /// <summary>
    /// Every member of a schema document that is a keyword (not data such as <c>enum</c> values, nor a property
    /// name under <c>properties</c>), depth first in document order, the order JsonSchema.Net builds in.
    /// </summary>
    private static IEnumerable<(JsonPointer Pointer, LocatedJsonProperty Member)> Keywords(
        LocatedJsonNode schema,
        JsonPointer pointer
    )
    {
        if (schema is not LocatedJsonObject obj)
        {
            yield break;
        }

        foreach (var member in obj.Properties)
        {
            var here = pointer.Append(member.Name);
            yield return (here, member);
            var children = member.Name switch
            {
                "enum" or "const" or "default" or "examples" or "meta:enum" => [],
                "properties"
                or "patternProperties"
                or "$defs"
                or "definitions"
                or "dependentSchemas"
                or "dependencies" when member.Value is LocatedJsonObject map => map.Properties.Select(p =>
                    (here.Append(p.Name), p.Value)
                ),
                _ when member.Value is LocatedJsonArray list => list.Items.Select(
                    (item, i) => (here.Append(i.ToString(CultureInfo.InvariantCulture)), item)
                ),
                _ => [(here, member.Value)],
            };
            foreach (var (childPointer, child) in children)
            {
                foreach (var keyword in Keywords(child, childPointer))
                {
                    yield return keyword;
                }
            }
        }
    }

    /// <summary>Builds the schema and the sibling schemas it names into one registry of its own.</summary>
    private sealed partial class Loader(Func<string, LocatedJsonDocument>? loadReference)
    {
        private readonly SchemaRegistry _registry = new();
        private readonly HashSet<Uri> _requested = [];
        private readonly List<(JsonSchema Schema, LocatedJsonDocument Document)> _built = [];

        [GeneratedRegex(@"Unknown keywords \((?<name>.+)\) are disallowed")]
        private static partial Regex UnknownKeyword();

        public JsonSchema Load(LocatedJsonDocument document)
        {
            var root = Build(document, RetrievalUri(document));

            // References to documents built after the one that names them resolve on first evaluation: do that here,
            // once, so that evaluation never changes a schema (validators are shared between threads).
            using var empty = JsonDocument.Parse("null");
            foreach (var (schema, source) in _built)
            {
                try
                {
                    schema.Evaluate(empty.RootElement, Flag);
                }
                catch (Exception ex) when (ex is JsonSchemaException or InvalidOperationException)
                {
                    // An unresolved $ref; reported at its place below.
                }

                CheckReferences(schema.Root, source, []);
            }

            return root;
        }

        private JsonSchema Build(LocatedJsonDocument document, Uri retrievalUri)
        {
            var dialect = DialectOf(document);
            var baseUri = retrievalUri;
            if (
                document.Root is LocatedJsonObject obj
                && obj.TryGetProperty("$id", out var id)
                && id is LocatedJsonScalar { Kind: JsonKind.String, Text: { } idText }
                && Uri.TryCreate(baseUri, idText, out var resolved)
            )
            {
                baseUri = resolved;
            }

            foreach (var (pointer, member) in Keywords(document.Root, JsonPointer.Root))
            {
                if (member is { Name: "$ref", Value: LocatedJsonScalar { Kind: JsonKind.String, Text: { } target } })
                {
                    LoadReference(document, baseUri, pointer, member, target);
                }
            }

            JsonSchema schema;
            try
            {
                using var json = JsonDocument.Parse(
                    document.Root.ToJson(),
                    new JsonDocumentOptions { MaxDepth = LocatedJsonDocument.MaxDepth + 1 }
                );
                var options = new BuildOptions { SchemaRegistry = _registry, Dialect = dialect };
                schema = JsonSchema.Build(json.RootElement.Clone(), options, retrievalUri);
            }
            catch (Exception ex)
                when (ex is JsonSchemaException or ArgumentException or FormatException or InvalidOperationException)
            {
                throw Refusal(document, ex);
            }

            _built.Add((schema, document));
            return schema;
        }

        private void LoadReference(
            LocatedJsonDocument document,
            Uri baseUri,
            JsonPointer pointer,
            LocatedJsonProperty member,
            string target
        )
        {
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            if (
                file.Length == 0
                || !Uri.TryCreate(baseUri, file, out var uri)
                || !_requested.Add(uri)
                || _registry.Get(uri) is not null
            )
            {
                return; // within the document, malformed (refused by the build), loaded, or a meta-schema
            }

            if (loadReference is null)
            {
                throw Refuse(
                    document,
                    member.Value.Line,
                    member.Value.Column,
                    pointer.ToString(),
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"'$ref' \"{target}\" names another schema file, but this schema was not loaded from a file."
                    )
                );
            }

            LocatedJsonDocument sibling;
            try
            {
                sibling = loadReference(file);
            }
            catch (ReleaseTrainException ex) when (ex.Diagnostic.Code == DiagnosticCodes.FileNotFound.Code)
            {
                var at = member.Value;
                throw new ReleaseTrainException(
                    ex.Diagnostic with
                    {
                        File = document.Path,
                        Line = at.Line,
                        Column = at.Column,
                    },
                    ex
                );
            }

            var built = Build(sibling, uri); // a cycle of files stops at _requested; it resolves once both are built
            if (built.BaseUri != uri)
            {
                _registry.Register(uri, built);
            }
        }

        private static void CheckReferences(
            JsonSchemaNode node,
            LocatedJsonDocument document,
            HashSet<JsonSchemaNode> seen
        )
        {
            if (!seen.Add(node))
            {
                return;
            }

            foreach (var keyword in node.Keywords)
            {
                if (keyword.Handler is RefKeyword && keyword.Subschemas.Length == 0)
                {
                    var text = keyword.RawValue.ToString();
                    var (pointer, member) = Keywords(document.Root, JsonPointer.Root)
                        .FirstOrDefault(k =>
                            k.Member is { Name: "$ref", Value: LocatedJsonScalar { Text: { } t } } && t == text
                        );
                    var at = member?.Value ?? document.Root;
                    throw Refuse(
                        document,
                        at.Line,
                        at.Column,
                        pointer?.ToString() ?? string.Empty,
                        $"'$ref' \"{text}\" does not resolve to a schema."
                    );
                }

                foreach (var sub in keyword.Subschemas)
                {
                    CheckReferences(sub, document, seen);
                }
            }
        }

        private static ReleaseTrainException Refusal(LocatedJsonDocument document, Exception ex)
        {
            var unknown = UnknownKeyword().Match(ex.Message);
            if (unknown.Success)
            {
                var name = unknown.Groups["name"].Value;
                var (pointer, member) = Keywords(document.Root, JsonPointer.Root)
                    .FirstOrDefault(k => k.Member.Name == name);
                return Refuse(
                    document,
                    member?.Line ?? document.Root.Line,
                    member?.Column ?? document.Root.Column,
                    pointer?.ToString() ?? "",
                    $"unknown keyword '{name}': this schema's dialect does not define it, "
                        + "and unknown keywords are refused so that nothing is silently unchecked.",
                    ex
                );
            }

            return Refuse(
                document,
                document.Root.Line,
                document.Root.Column,
                string.Empty,
                "the schema cannot be loaded: " + ex.Message,
                ex
            );
        }
    }

    /// <summary>
    /// Turns JsonSchema.Net's hierarchical output into violations at the located instance, with messages that name
    /// the expected and actual values.
    /// </summary>
    private sealed class Reporter(LocatedJsonNode instance, List<SchemaViolation> errors)
    {
        private static readonly HashSet<string> MapKeywords = new(StringComparer.Ordinal)
        {
            "properties",
            "patternProperties",
            "$defs",
            "definitions",
            "dependentSchemas",
            "dependencies",
        };

        public void Report(EvaluationResults result, JsonSchemaNode? schema)
        {
            if (result.IsValid)
            {
                return;
            }

            var before = errors.Count;
            var pointer = Pointer(result.InstanceLocation);
            var node = pointer.Evaluate(instance) ?? instance;
            var source = schema?.Source;
            if (source?.ValueKind == JsonValueKind.False)
            {
                Add(pointer, node, "no value is allowed here.");
                return;
            }

            var children = Children(result, schema);
            foreach (var child in children.Where(c => c.Keyword == "$ref"))
            {
                Report(child.Result, child.Schema);
            }

            var keywordErrors = result.Errors ?? [];
            if (keywordErrors.TryGetValue("type", out var typeError))
            {
                Add(pointer, node, source is { } s ? TypeMessage(s, node) : typeError);
                return;
            }

            foreach (var (keyword, message) in keywordErrors)
            {
                KeywordError(keyword, message, source, pointer, node);
            }

            foreach (var group in children.Where(c => c.Keyword != "$ref").GroupBy(c => c.Keyword))
            {
                Applicator(group.Key, [.. group], source, pointer, node);
            }

            if (errors.Count == before)
            {
                Add(
                    pointer,
                    node,
                    keywordErrors.Count > 0
                        ? string.Join(" ", keywordErrors.Values)
                        : "value does not match the schema."
                );
            }
        }

        private static JsonPointer Pointer(LibraryPointer pointer) =>
            JsonPointer.TryParse(pointer.ToString(), out var parsed, out _) ? parsed : JsonPointer.Root;

        private static string Escape(string token) =>
            token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

        private static string Describe(LocatedJsonNode node)
        {
            var json = node.ToJson();
            return json.Length > 60 ? json[..57] + "..." : json;
        }

        private static string Compact(JsonElement element)
        {
            using var buffer = new MemoryStream();
            var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                element.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static string Number(JsonElement element) =>
            decimal.TryParse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value.ToString(CultureInfo.InvariantCulture)
                : element.GetRawText();

        private static string Number(LocatedJsonNode node) =>
            node is LocatedJsonScalar scalar && scalar.TryGetDecimal(out var value)
                ? value.ToString(CultureInfo.InvariantCulture)
                : node.ToJson();

        private static string TypeMessage(JsonElement schema, LocatedJsonNode node)
        {
            if (!schema.TryGetProperty("type", out var type))
            {
                return "value has the wrong type.";
            }

            var types =
                type.ValueKind == JsonValueKind.Array
                    ? type.EnumerateArray().Select(t => t.ToString())
                    : [type.ToString()];
            return $"expected {string.Join(" or ", types)}, found {node.KindName}.";
        }

        /// <summary>
        /// The results below <paramref name="result"/> with the keyword that produced each and that keyword's
        /// subschema. The keyword comes from the evaluation path (JsonSchema.Net 8.0.5 writes <c>items/items</c>
        /// for <c>items</c>, <c>N/items/N</c> for a draft-07 tuple item, and escapes property names twice).
        /// </summary>
        private static List<(string Keyword, JsonSchemaNode? Schema, EvaluationResults Result)> Children(
            EvaluationResults result,
            JsonSchemaNode? schema
        )
        {
            var list = new List<(string, JsonSchemaNode?, EvaluationResults)>();
            var depth = Pointer(result.EvaluationPath).Tokens.Count;
            foreach (var detail in result.Details ?? [])
            {
                var rest = Pointer(detail.EvaluationPath).Tokens.Skip(depth).ToArray();
                if (rest.Length == 0)
                {
                    continue;
                }

                var keyword = rest[0];
                int? index = null;
                if (
                    rest.Length > 1
                    && rest[1] == "items"
                    && int.TryParse(rest[0], CultureInfo.InvariantCulture, out var tuple)
                )
                {
                    (keyword, index) = ("items", tuple);
                }

                var data = schema?.Keywords.FirstOrDefault(k => k.Handler.Name == keyword);
                list.Add((keyword, data is null ? null : Subschema(data, keyword, rest, index), detail));
            }

            return list;
        }

        private static JsonSchemaNode? Subschema(KeywordData data, string keyword, string[] rest, int? index)
        {
            var position = -1;
            if (MapKeywords.Contains(keyword) && data.RawValue.ValueKind == JsonValueKind.Object && rest.Length > 1)
            {
                position = data
                    .RawValue.EnumerateObject()
                    .Select(p => p.Name)
                    .ToList()
                    .FindIndex(name => name == rest[1] || Escape(name) == rest[1]);
            }
            else if (data.RawValue.ValueKind == JsonValueKind.Array)
            {
                position = index
                    ?? (rest.Length > 1 && int.TryParse(rest[1], CultureInfo.InvariantCulture, out var i) ? i : -1);
            }
            else
            {
                position = 0;
            }

            return position >= 0 && position < data.Subschemas.Length ? data.Subschemas[position] : null;
        }

        private void KeywordError(
            string keyword,
            string message,
            JsonElement? schema,
            JsonPointer pointer,
            LocatedJsonNode node
        )
        {
            var value =
                schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out var v)
                    ? v
                    : (JsonElement?)null;
            switch (keyword)
            {
                case "required"
                    when value is { ValueKind: JsonValueKind.Array } required && node is LocatedJsonObject obj:
                    var before = errors.Count;
                    var missing = required
                        .EnumerateArray()
                        .Select(n => n.ToString())
                        .Where(n => !obj.TryGetProperty(n, out _));
                    foreach (var name in missing)
                    {
                        Add(pointer, node, $"required property '{name}' is missing.");
                    }

                    if (errors.Count == before)
                    {
                        Add(pointer, node, message);
                    }

                    break;
                case "uniqueItems" when node is LocatedJsonArray array:
                    UniqueItems(array, pointer, message);
                    break;
                case "enum" when value is { } allowed:
                    Add(pointer, node, $"value {Describe(node)} is not one of {Compact(allowed)}.");
                    break;
                case "const" when value is { } constant:
                    Add(pointer, node, $"value {Describe(node)} must be {Compact(constant)}.");
                    break;
                case "pattern" when value is { } regex:
                    Add(pointer, node, $"value {Describe(node)} does not match the pattern {regex}.");
                    break;
                case "minLength" when value is { } min:
                    Add(pointer, node, $"string is shorter than {Number(min)} characters.");
                    break;
                case "maxLength" when value is { } max:
                    Add(pointer, node, $"string is longer than {Number(max)} characters.");
                    break;
                case "minimum" when value is { } min:
                    Add(pointer, node, $"{Number(node)} is below the minimum {Number(min)}.");
                    break;
                case "maximum" when value is { } max:
                    Add(pointer, node, $"{Number(node)} is above the maximum {Number(max)}.");
                    break;
                case "exclusiveMinimum" when value is { ValueKind: JsonValueKind.Number } min:
                    Add(pointer, node, $"{Number(node)} is not above the exclusive minimum {Number(min)}.");
                    break;
                case "exclusiveMaximum" when value is { ValueKind: JsonValueKind.Number } max:
                    Add(pointer, node, $"{Number(node)} is not below the exclusive maximum {Number(max)}.");
                    break;
                case "multipleOf" when value is { } factor:
                    Add(pointer, node, $"{Number(node)} is not a multiple of {Number(factor)}.");
                    break;
                case "minItems" when value is { } min:
                    Add(pointer, node, $"array has fewer than {Number(min)} items.");
                    break;
                case "maxItems" when value is { } max:
                    Add(pointer, node, $"array has more than {Number(max)} items.");
                    break;
                case "minProperties" when value is { } min:
                    Add(pointer, node, $"object has fewer than {Number(min)} members.");
                    break;
                case "maxProperties" when value is { } max:
                    Add(pointer, node, $"object has more than {Number(max)} members.");
                    break;
                case "":
                    Add(pointer, node, "no value is allowed here.");
                    break;
                default:
                    Add(pointer, node, $"{keyword}: {message}");
                    break;
            }
        }

        private void UniqueItems(LocatedJsonArray array, JsonPointer pointer, string message)
        {
            var before = errors.Count;
            var items = array.Items;
            for (var i = 0; i < items.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (JsonEquality.DeepEquals(items[i], items[j]))
                    {
                        var at = pointer.Append(i.ToString(CultureInfo.InvariantCulture));
                        Add(at, items[i], $"duplicate item {Describe(items[i])}.");
                        break;
                    }
                }
            }

            if (errors.Count == before)
            {
                Add(pointer, array, message);
            }
        }

        private void Applicator(
            string keyword,
            List<(string Keyword, JsonSchemaNode? Schema, EvaluationResults Result)> group,
            JsonElement? schema,
            JsonPointer pointer,
            LocatedJsonNode node
        )
        {
            switch (keyword)
            {
                case "anyOf":
                    if (!group.Any(c => c.Result.IsValid))
                    {
                        Add(pointer, node, "value matches none of the allowed shapes.");
                    }

                    break;
                case "oneOf":
                    if (group.Count(c => c.Result.IsValid) != 1)
                    {
                        Add(pointer, node, "value must match exactly one of the allowed shapes.");
                    }

                    break;
                case "not":
                    if (group.Any(c => c.Result.IsValid))
                    {
                        Add(pointer, node, $"value {Describe(node)} is not allowed here.");
                    }

                    break;
                case "if":
                    break; // a failed condition only selects 'else'
                case "propertyNames":
                    foreach (var child in group.Where(c => !c.Result.IsValid))
                    {
                        var (memberPointer, member) = Member(child.Result, node);
                        var name = memberPointer.Tokens[^1];
                        AddAt(memberPointer, member, node, $"property name '{name}' is not allowed here.");
                    }

                    break;
                case "additionalProperties" when group[0].Schema?.Source.ValueKind == JsonValueKind.False:
                    var known =
                        schema is { ValueKind: JsonValueKind.Object } s
                        && s.TryGetProperty("properties", out var p)
                        && p.ValueKind == JsonValueKind.Object
                            ? string.Join(", ", p.EnumerateObject().Select(x => x.Name))
                            : "none";
                    foreach (var child in group.Where(c => !c.Result.IsValid))
                    {
                        var (memberPointer, member) = Member(child.Result, node);
                        var name = memberPointer.Tokens[^1];
                        AddAt(memberPointer, member, node, $"unknown property '{name}' (allowed: {known}).");
                    }

                    break;
                default:
                    foreach (var child in group)
                    {
                        Report(child.Result, child.Schema);
                    }

                    break;
            }
        }

        private static (JsonPointer Pointer, LocatedJsonProperty? Member) Member(
            EvaluationResults result,
            LocatedJsonNode parent
        )
        {
            var pointer = Pointer(result.InstanceLocation);
            var member =
                pointer.Tokens.Count > 0 && parent is LocatedJsonObject obj ? obj.GetMember(pointer.Tokens[^1]) : null;
            return (pointer, member);
        }

        private void AddAt(JsonPointer pointer, LocatedJsonProperty? member, LocatedJsonNode parent, string message) =>
            errors.Add(
                new SchemaViolation(
                    pointer.ToString(),
                    member?.Line ?? parent.Line,
                    member?.Column ?? parent.Column,
                    message
                )
            );

        private void Add(JsonPointer pointer, LocatedJsonNode node, string message) =>
            errors.Add(new SchemaViolation(pointer.ToString(), node.Line, node.Column, message));
    }

    /// <summary>
    /// <c>$schema</c> in a strict dialect: the dialect was chosen from the document's <c>$schema</c> before the build,
    /// so a (nested) <c>$schema</c> may only repeat it.
    /// </summary>
    private sealed class DeclaredDialectKeyword(Uri dialect) : IKeywordHandler
    {
        public string Name => "$schema";

        public object? ValidateKeywordValue(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String || value.GetString()!.TrimEnd('#') != Key(dialect))
            {
                throw new JsonSchemaException(
                    $"'$schema' {value.GetRawText()} differs from the document's dialect {dialect}."
                );
            }

            return dialect;
        }

        public void BuildSubschemas(KeywordData keyword, BuildContext context) { }

        public KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) => KeywordEvaluation.Ignore;
    }

    /// <summary><c>type</c>, with <c>integer</c> decided on the number's digits (<see cref="IsIntegral"/>).</summary>
    private sealed class ExactIntegerTypeKeyword : TypeKeyword, IKeywordHandler
    {
        public static ExactIntegerTypeKeyword Handler { get; } = new();

        public new KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context)
        {
            var allowed = (SchemaValueType)keyword.Value!;
            if (
                context.Instance.ValueKind != JsonValueKind.Number
                || !allowed.HasFlag(SchemaValueType.Integer)
                || allowed.HasFlag(SchemaValueType.Number)
            )
            {
                return base.Evaluate(keyword, context);
            }

            return IsIntegral(context.Instance.GetRawText())
                ? new() { Keyword = Name, IsValid = true }
                : new()
                {
                    Keyword = Name,
                    IsValid = false,
                    Error = "Value is \"number\" but should be \"integer\"",
                };
        }
    }

    /// <summary><c>minLength</c> in Unicode code points (JSON Schema validation 6.3.2).</summary>
    private sealed class CodePointMinLengthKeyword : MinLengthKeyword
    {
        public static CodePointMinLengthKeyword Handler { get; } = new();

        public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context)
        {
            if (context.Instance.ValueKind != JsonValueKind.String)
            {
                return KeywordEvaluation.Ignore;
            }

            var length = context.Instance.GetString()!.EnumerateRunes().Count();
            var limit = (long)keyword.Value!;
            return length >= limit
                ? new() { Keyword = Name, IsValid = true }
                : new()
                {
                    Keyword = Name,
                    IsValid = false,
                    Error = $"{length} characters, fewer than {limit}",
                };
        }
    }

    /// <summary><c>maxLength</c> in Unicode code points (JSON Schema validation 6.3.1).</summary>
    private sealed class CodePointMaxLengthKeyword : MaxLengthKeyword
    {
        public static CodePointMaxLengthKeyword Handler { get; } = new();

        public override KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context)
        {
            if (context.Instance.ValueKind != JsonValueKind.String)
            {
                return KeywordEvaluation.Ignore;
            }

            var length = context.Instance.GetString()!.EnumerateRunes().Count();
            var limit = (long)keyword.Value!;
            return length <= limit
                ? new() { Keyword = Name, IsValid = true }
                : new()
                {
                    Keyword = Name,
                    IsValid = false,
                    Error = $"{length} characters, more than {limit}",
                };
        }
    }

    /// <summary><c>meta:enum</c> (CycloneDX: a description of each <c>enum</c> value), an annotation.</summary>
    private sealed class MetaEnumKeyword : IKeywordHandler
    {
        public static MetaEnumKeyword Instance { get; } = new();

        public string Name => "meta:enum";

        public object? ValidateKeywordValue(JsonElement value) => null;

        public void BuildSubschemas(KeywordData keyword, BuildContext context) { }

        public KeywordEvaluation Evaluate(KeywordData keyword, EvaluationContext context) =>
            new()
            {
                Keyword = Name,
                IsValid = true,
                Annotation = keyword.RawValue,
            };
    }
}
