using System.Globalization;
using System.Text.RegularExpressions;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Schema;

/// <summary>One schema violation: where in the instance, and why.</summary>
/// <param name="Pointer">JSON Pointer (RFC 6901) of the offending instance value.</param>
/// <param name="Line">1-based line of the offending value (of the member name for an unexpected member).</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong.</param>
public sealed record SchemaViolation(string Pointer, int Line, int Column, string Message);

/// <summary>
/// Validates located JSON against the JSON Schemas under schemas/ (draft 2020-12). No JSON Schema
/// library restores from this project's registry, so this implements the keyword subset those schemas
/// use, and the draft-07 keywords of the official CycloneDX 1.6 schema: <c>type, properties, required,
/// additionalProperties, propertyNames, items (also as a tuple), additionalItems, enum, const, pattern, minLength,
/// maxLength, minItems, maxItems, minimum, maximum, uniqueItems, allOf, anyOf, oneOf, not, if/then/else, $ref</c>
/// (within a document, or to a sibling schema file), with annotations (<c>title, description, default, $schema, $id,
/// $comment, examples, format, meta:enum, deprecated, readOnly, writeOnly, contentEncoding, contentMediaType</c>) not asserted.
/// A schema using any other keyword is rejected when loaded, so nothing is silently unchecked.
/// </summary>
public sealed class JsonSchemaValidator
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "$defs", "definitions", "format", "meta:enum",
        "deprecated", "readOnly", "writeOnly", "contentEncoding", "contentMediaType",
    };

    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "propertyNames", "items", "additionalItems", "enum", "const",
        "pattern", "minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "uniqueItems",
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref",
    };

    private readonly LocatedJsonNode _root;
    private readonly Func<string, LocatedJsonDocument>? _loadReference;
    private readonly Dictionary<string, LocatedJsonNode> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    /// <summary>Creates a validator for a schema document.</summary>
    /// <param name="schema">The parsed schema.</param>
    /// <param name="loadReference">
    /// Loads a schema that a <c>$ref</c> names by relative file name (e.g. <c>spdx.schema.json</c>), or null when
    /// the schema only refers to itself. Annotations (<c>format</c>, <c>meta:enum</c>, ...) are not asserted.
    /// </param>
    /// <exception cref="InvalidOperationException">The schema uses an unsupported keyword.</exception>
    public JsonSchemaValidator(LocatedJsonDocument schema, Func<string, LocatedJsonDocument>? loadReference = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _root = schema.Root;
        _loadReference = loadReference;
        CheckKeywords(_root, "#");
    }

    /// <summary>Loads a schema file and the schema files beside it that its <c>$ref</c>s name.</summary>
    /// <param name="path">The schema file.</param>
    /// <returns>The validator.</returns>
    /// <exception cref="Diagnostics.ReleaseTrainException">A schema file is missing or malformed.</exception>
    public static JsonSchemaValidator FromFile(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return new JsonSchemaValidator(
            LocatedJsonDocument.Parse(File.ReadAllBytes(path), path),
            name => LocatedJsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, name)), Path.Combine(directory, name)));
    }

    /// <summary>Validates an instance.</summary>
    /// <param name="instance">The instance root.</param>
    /// <returns>The violations, in document order; empty when valid.</returns>
    public IReadOnlyList<SchemaViolation> Validate(LocatedJsonNode instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var errors = new List<SchemaViolation>();
        Validate(_root, instance, JsonPointer.Root, errors, _root);
        return [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
    }

    private static void CheckKeywords(LocatedJsonNode schema, string path)
    {
        if (schema is not LocatedJsonObject obj)
        {
            return;
        }

        foreach (var property in obj.Properties)
        {
            var here = path + "/" + property.Name;
            if (property.Name is "meta:enum" or "examples" or "default" or "const" or "enum")
            {
                continue;
            }

            if (property.Name is "properties" or "$defs" or "definitions" && property.Value is LocatedJsonObject map)
            {
                foreach (var sub in map.Properties)
                {
                    CheckKeywords(sub.Value, here + "/" + sub.Name);
                }
            }
            else if (property.Name is "allOf" or "anyOf" or "oneOf" && property.Value is LocatedJsonArray list)
            {
                foreach (var sub in list.Items)
                {
                    CheckKeywords(sub, here);
                }
            }
            else if (property.Name is "items" && property.Value is LocatedJsonArray tuple)
            {
                foreach (var sub in tuple.Items)
                {
                    CheckKeywords(sub, here);
                }
            }
            else if (property.Name is "items" or "additionalItems" or "additionalProperties" or "propertyNames" or "not" or "if" or "then" or "else")
            {
                CheckKeywords(property.Value, here);
            }
            else if (!Annotations.Contains(property.Name) && !Supported.Contains(property.Name))
            {
                throw new InvalidOperationException($"Schema keyword '{property.Name}' at {here} is not supported by {nameof(JsonSchemaValidator)}.");
            }
        }
    }

    private static (int Line, int Column) Position(LocatedJsonNode node)
    {
        // A value's position; for a member value we still point at the value itself.
        return (node.Line, node.Column);
    }

    private static bool TypeMatches(string type, LocatedJsonNode node) => type switch
    {
        "object" => node.Kind == JsonKind.Object,
        "array" => node.Kind == JsonKind.Array,
        "string" => node.Kind == JsonKind.String,
        "number" => node.Kind == JsonKind.Number,
        "integer" => node is LocatedJsonScalar { Kind: JsonKind.Number } s && s.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
        "boolean" => node.Kind == JsonKind.Boolean,
        "null" => node.Kind == JsonKind.Null,
        _ => false,
    };

    private static string Describe(LocatedJsonNode node)
    {
        var json = node.ToJson();
        return json.Length > 60 ? json[..57] + "..." : json;
    }

    private bool IsValid(LocatedJsonNode schema, LocatedJsonNode instance, JsonPointer pointer, LocatedJsonNode document)
    {
        var scratch = new List<SchemaViolation>();
        Validate(schema, instance, pointer, scratch, document);
        return scratch.Count == 0;
    }

    private (LocatedJsonNode Schema, LocatedJsonNode Document) ResolveRef(string reference, LocatedJsonNode document)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? reference : reference[..hash];
        var fragment = hash < 0 ? string.Empty : reference[(hash + 1)..];
        if (file.Length > 0)
        {
            if (!_documents.TryGetValue(file, out var loaded))
            {
                if (_loadReference is null)
                {
                    throw new InvalidOperationException($"$ref '{reference}' names another schema but no loader was given.");
                }

                var parsed = _loadReference(file);
                CheckKeywords(parsed.Root, file + "#");
                loaded = parsed.Root;
                _documents[file] = loaded;
            }

            document = loaded;
        }

        var target = JsonPointer.Parse(Uri.UnescapeDataString(fragment)).Evaluate(document)
            ?? throw new InvalidOperationException($"Unresolvable $ref '{reference}'.");
        return (target, document);
    }

    private Regex GetPattern(string pattern)
    {
        if (!_patterns.TryGetValue(pattern, out var regex))
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            _patterns[pattern] = regex;
        }

        return regex;
    }

    private void Validate(LocatedJsonNode schema, LocatedJsonNode instance, JsonPointer pointer, List<SchemaViolation> errors, LocatedJsonNode document)
    {
        if (schema is LocatedJsonScalar { Kind: JsonKind.Boolean } boolean)
        {
            if (!boolean.Boolean)
            {
                Add(errors, instance, pointer, "no value is allowed here.");
            }

            return;
        }

        if (schema is not LocatedJsonObject s)
        {
            return;
        }

        if (s.TryGetProperty("$ref", out var reference) && reference is LocatedJsonScalar { Text: { } refText })
        {
            var (target, targetDocument) = ResolveRef(refText, document);
            Validate(target, instance, pointer, errors, targetDocument);
        }

        if (s.TryGetProperty("type", out var type))
        {
            var types = type is LocatedJsonArray typeList
                ? typeList.Items.OfType<LocatedJsonScalar>().Select(t => t.Text!).ToArray()
                : [((LocatedJsonScalar)type).Text!];
            if (!types.Any(t => TypeMatches(t, instance)))
            {
                Add(errors, instance, pointer, $"expected {string.Join(" or ", types)}, found {instance.KindName}.");
                return;
            }
        }

        if (s.TryGetProperty("enum", out var enumValues) && enumValues is LocatedJsonArray allowed
            && !allowed.Items.Any(v => JsonEquality.DeepEquals(v, instance)))
        {
            Add(errors, instance, pointer, $"value {Describe(instance)} is not one of {allowed.ToJson()}.");
        }

        if (s.TryGetProperty("const", out var constant) && !JsonEquality.DeepEquals(constant, instance))
        {
            Add(errors, instance, pointer, $"value {Describe(instance)} must be {constant.ToJson()}.");
        }

        if (instance is LocatedJsonScalar { Kind: JsonKind.String, Text: { } text })
        {
            if (s.TryGetProperty("minLength", out var minLength) && minLength is LocatedJsonScalar ml && ml.TryGetDecimal(out var min)
                && text.EnumerateRunes().Count() < min)
            {
                Add(errors, instance, pointer, string.Create(CultureInfo.InvariantCulture, $"string is shorter than {min} characters."));
            }

            if (s.TryGetProperty("maxLength", out var maxLength) && maxLength is LocatedJsonScalar xl && xl.TryGetDecimal(out var max)
                && text.EnumerateRunes().Count() > max)
            {
                Add(errors, instance, pointer, string.Create(CultureInfo.InvariantCulture, $"string is longer than {max} characters."));
            }

            if (s.TryGetProperty("pattern", out var pattern) && pattern is LocatedJsonScalar { Text: { } regex }
                && !GetPattern(regex).IsMatch(text))
            {
                Add(errors, instance, pointer, $"value {Describe(instance)} does not match the pattern {regex}.");
            }
        }

        if (instance is LocatedJsonScalar { Kind: JsonKind.Number } number && number.TryGetDecimal(out var numeric))
        {
            if (s.TryGetProperty("minimum", out var minimum) && minimum is LocatedJsonScalar mn && mn.TryGetDecimal(out var lower) && numeric < lower)
            {
                Add(errors, instance, pointer, string.Create(CultureInfo.InvariantCulture, $"{numeric} is below the minimum {lower}."));
            }

            if (s.TryGetProperty("maximum", out var maximum) && maximum is LocatedJsonScalar mx && mx.TryGetDecimal(out var upper) && numeric > upper)
            {
                Add(errors, instance, pointer, string.Create(CultureInfo.InvariantCulture, $"{numeric} is above the maximum {upper}."));
            }
        }

        if (instance is LocatedJsonArray array)
        {
            if (s.TryGetProperty("minItems", out var minItems) && minItems is LocatedJsonScalar mi && mi.TryGetDecimal(out var min)
                && array.Items.Count < min)
            {
                Add(errors, instance, pointer, string.Create(CultureInfo.InvariantCulture, $"array has fewer than {min} items."));
            }

            if (s.TryGetProperty("uniqueItems", out var unique) && unique is LocatedJsonScalar { Boolean: true })
            {
                for (var i = 0; i < array.Items.Count; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        if (JsonEquality.DeepEquals(array.Items[i], array.Items[j]))
                        {
                            Add(errors, array.Items[i], pointer.Append(i.ToString(CultureInfo.InvariantCulture)), $"duplicate item {Describe(array.Items[i])}.");
                            break;
                        }
                    }
                }
            }

            if (s.TryGetProperty("maxItems", out var maxItems) && maxItems is LocatedJsonScalar xi && xi.TryGetDecimal(out var maxCount)
                && array.Items.Count > maxCount)
            {
                Add(errors, instance, pointer, string.Create(CultureInfo.InvariantCulture, $"array has more than {maxCount} items."));
            }

            if (s.TryGetProperty("items", out var items))
            {
                var tuple = items as LocatedJsonArray;
                s.TryGetProperty("additionalItems", out var additionalItems);
                for (var i = 0; i < array.Items.Count; i++)
                {
                    var itemSchema = tuple is null ? items : i < tuple.Items.Count ? tuple.Items[i] : additionalItems;
                    if (itemSchema is not null)
                    {
                        Validate(itemSchema, array.Items[i], pointer.Append(i.ToString(CultureInfo.InvariantCulture)), errors, document);
                    }
                }
            }
        }

        if (instance is LocatedJsonObject obj)
        {
            LocatedJsonObject? properties = s.TryGetProperty("properties", out var p) ? p as LocatedJsonObject : null;
            if (s.TryGetProperty("required", out var required) && required is LocatedJsonArray requiredList)
            {
                foreach (var name in requiredList.Items.OfType<LocatedJsonScalar>())
                {
                    if (!obj.TryGetProperty(name.Text!, out _))
                    {
                        Add(errors, instance, pointer, $"required property '{name.Text}' is missing.");
                    }
                }
            }

            s.TryGetProperty("additionalProperties", out var additional);
            s.TryGetProperty("propertyNames", out var propertyNames);
            foreach (var member in obj.Properties)
            {
                var memberPointer = pointer.Append(member.Name);
                if (propertyNames is not null)
                {
                    var nameNode = LocatedJsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(member.Name)).Root;
                    if (!IsValid(propertyNames, nameNode, memberPointer, document))
                    {
                        errors.Add(new SchemaViolation(memberPointer.ToString(), member.Line, member.Column, $"property name '{member.Name}' is not allowed here."));
                    }
                }

                if (properties is not null && properties.TryGetProperty(member.Name, out var memberSchema))
                {
                    Validate(memberSchema, member.Value, memberPointer, errors, document);
                }
                else if (additional is LocatedJsonScalar { Kind: JsonKind.Boolean, Boolean: false })
                {
                    var known = properties is null ? "none" : string.Join(", ", properties.Properties.Select(x => x.Name));
                    errors.Add(new SchemaViolation(memberPointer.ToString(), member.Line, member.Column, $"unknown property '{member.Name}' (allowed: {known})."));
                }
                else if (additional is not null)
                {
                    Validate(additional, member.Value, memberPointer, errors, document);
                }
            }
        }

        if (s.TryGetProperty("allOf", out var allOf) && allOf is LocatedJsonArray allList)
        {
            foreach (var sub in allList.Items)
            {
                Validate(sub, instance, pointer, errors, document);
            }
        }

        if (s.TryGetProperty("anyOf", out var anyOf) && anyOf is LocatedJsonArray anyList
            && !anyList.Items.Any(sub => IsValid(sub, instance, pointer, document)))
        {
            Add(errors, instance, pointer, "value matches none of the allowed shapes.");
        }

        if (s.TryGetProperty("oneOf", out var oneOf) && oneOf is LocatedJsonArray oneList
            && oneList.Items.Count(sub => IsValid(sub, instance, pointer, document)) != 1)
        {
            Add(errors, instance, pointer, "value must match exactly one of the allowed shapes.");
        }

        if (s.TryGetProperty("not", out var not) && IsValid(not, instance, pointer, document))
        {
            Add(errors, instance, pointer, $"value {Describe(instance)} is not allowed here.");
        }

        if (s.TryGetProperty("if", out var condition))
        {
            if (IsValid(condition, instance, pointer, document))
            {
                if (s.TryGetProperty("then", out var then))
                {
                    Validate(then, instance, pointer, errors, document);
                }
            }
            else if (s.TryGetProperty("else", out var otherwise))
            {
                Validate(otherwise, instance, pointer, errors, document);
            }
        }
    }

    private static void Add(List<SchemaViolation> errors, LocatedJsonNode node, JsonPointer pointer, string message)
    {
        var (line, column) = Position(node);
        errors.Add(new SchemaViolation(pointer.ToString(), line, column, message));
    }
}
