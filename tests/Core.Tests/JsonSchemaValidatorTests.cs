using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Schema;

namespace ReleaseTrain.Tests;

/// <summary>
/// The JsonSchema.Net adapter: what it refuses when a schema is loaded, and where and how it reports a violation.
/// </summary>
public sealed class JsonSchemaValidatorTests : IDisposable
{
    private readonly TempDirectory _dir = new("rt-schema");

    public void Dispose() => _dir.Dispose();

    private static JsonSchemaValidator Schema(string json) => new(LocatedJsonDocument.Parse(json, "test.schema.json"));

    private static IReadOnlyList<SchemaViolation> Validate(JsonSchemaValidator schema, string json) =>
        schema.Validate(LocatedJsonDocument.Parse(json).Root);

    private static Diagnostic Refused(Action load) => Assert.Throws<ReleaseTrainException>(load).Diagnostic;

    [Fact]
    public void A_schema_with_an_unknown_keyword_is_refused_at_the_keyword()
    {
        var d = Refused(() =>
            Schema(
                """
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "type": "object",
                  "properties": {
                    "enabled": { "type": "boolean", "mustBeTrue": true }
                  }
                }
                """
            )
        );
        Assert.Equal("RT1004", d.Code);
        Assert.Equal(("test.schema.json", 5, 37), (d.File, d.Line, d.Column));
        Assert.Contains("'/properties/enabled/mustBeTrue'", d.Message, StringComparison.Ordinal);
        Assert.Contains("unknown keyword 'mustBeTrue'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Draft_07_refuses_unknown_keywords_too_and_a_2020_12_keyword_is_unknown_there()
    {
        var d = Refused(() =>
            Schema(
                """
                { "$schema": "http://json-schema.org/draft-07/schema#", "$defs": { "a": { "type": "string" } } }
                """
            )
        );
        Assert.Equal(("RT1004", 1, 57), (d.Code, d.Line, d.Column));
        Assert.Contains("unknown keyword '$defs'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_property_or_enum_value_named_like_an_unknown_keyword_is_data_not_a_keyword()
    {
        var schema = Schema(
            """
            {
              "properties": { "mustBeTrue": { "enum": [{ "mustBeTrue": 1 }] } },
              "default": { "mustBeTrue": 2 }
            }
            """
        );
        Assert.Empty(Validate(schema, """{ "mustBeTrue": { "mustBeTrue": 1 } }"""));
        Assert.Single(Validate(schema, """{ "mustBeTrue": 2 }"""));
    }

    [Fact]
    public void The_annotations_of_the_official_schemas_we_use_are_accepted()
    {
        var cycloneDxLike = Schema(
            """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "definitions": {
                "scope": { "enum": ["required"], "meta:enum": { "required": "..." }, "deprecated": true }
              },
              "properties": { "scope": { "$ref": "#/definitions/scope" } }
            }
            """
        );
        Assert.Single(Validate(cycloneDxLike, """{ "scope": "sometimes" }"""));
        var sarifLike = Schema(
            """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "definitions": { "level": { "enum": ["error", "warning"] } },
              "properties": { "level": { "$ref": "#/definitions/level" } }
            }
            """
        );
        Assert.Single(Validate(sarifLike, """{ "level": "fatal" }"""));
    }

    [Fact]
    public void An_unsupported_dialect_and_a_reference_that_does_not_resolve_are_refused_where_they_stand()
    {
        var dialect = Refused(() => Schema("""{ "$schema": "http://json-schema.org/draft-04/schema#" }"""));
        Assert.Equal(("RT1004", 1, 3), (dialect.Code, dialect.Line, dialect.Column));
        Assert.Contains("draft 06, 07, 2019-09 or 2020-12", dialect.Message, StringComparison.Ordinal);

        var reference = Refused(() =>
            Schema(
                """
                {
                  "properties": { "a": { "$ref": "#/$defs/missing" } },
                  "$defs": {}
                }
                """
            )
        );
        Assert.Equal(("RT1004", 2, 34), (reference.Code, reference.Line, reference.Column));
        Assert.Contains("'$ref' \"#/$defs/missing\" does not resolve", reference.Message, StringComparison.Ordinal);

        var file = Refused(() => Schema("""{ "$ref": "other.schema.json" }"""));
        Assert.Equal(("RT1004", 1, 11), (file.Code, file.Line, file.Column));
        Assert.Contains("names another schema file", file.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyword_value_the_library_rejects_is_a_coded_error_at_the_schema()
    {
        var d = Refused(() => Schema("""{ "type": "object", "minLength": "three" }"""));
        Assert.Equal(("RT1004", "test.schema.json", 1, 1), (d.Code, d.File, d.Line, d.Column));
        Assert.Contains("the schema cannot be loaded", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromFile_registers_sibling_schemas_by_the_uri_their_ref_resolves_to()
    {
        File.WriteAllText(
            _dir.Combine("main.schema.json"),
            """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "$id": "http://example.test/schemas/main.schema.json",
              "properties": {
                "license": { "$ref": "licenses.schema.json" },
                "signature": { "$ref": "sig.schema.json#/definitions/signature" }
              }
            }
            """
        );
        File.WriteAllText(
            _dir.Combine("licenses.schema.json"),
            """
            { "$schema": "http://json-schema.org/draft-07/schema#", "enum": ["MIT", "Apache-2.0"] }
            """
        );
        File.WriteAllText(
            _dir.Combine("sig.schema.json"),
            """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "$id": "http://example.test/schemas/sig.schema.json",
              "definitions": { "signature": { "type": "object", "required": ["value"] } }
            }
            """
        );
        var schema = JsonSchemaValidator.FromFile(_dir.Combine("main.schema.json"));
        Assert.Empty(Validate(schema, """{ "license": "MIT", "signature": { "value": "x" } }"""));
        var violations = Validate(schema, """{ "license": "GPL", "signature": {} }""");
        Assert.Equal(
            [
                new SchemaViolation("/license", 1, 14, "value \"GPL\" is not one of [\"MIT\",\"Apache-2.0\"]."),
                new SchemaViolation("/signature", 1, 34, "required property 'value' is missing."),
            ],
            violations
        );
    }

    [Fact]
    public void A_missing_sibling_schema_is_RT1003_at_the_ref_that_names_it_and_a_missing_schema_RT1003_itself()
    {
        File.WriteAllText(
            _dir.Combine("main.schema.json"),
            """{ "properties": { "a": { "$ref": "gone.schema.json" } } }"""
        );
        var d = Refused(() => JsonSchemaValidator.FromFile(_dir.Combine("main.schema.json")));
        Assert.Equal(("RT1003", _dir.Combine("main.schema.json"), 1, 34), (d.Code, d.File, d.Line, d.Column));
        Assert.Contains("gone.schema.json", d.Message, StringComparison.Ordinal);
        Assert.Equal("RT1003", Refused(() => JsonSchemaValidator.FromFile(_dir.Combine("none.schema.json"))).Code);
    }

    [Fact]
    public void Violations_carry_the_instance_pointer_line_column_and_a_message_naming_the_values()
    {
        var schema = Schema(
            """
            {
              "type": "object",
              "additionalProperties": false,
              "required": ["id", "mode"],
              "properties": {
                "id": { "type": "string", "pattern": "^[a-z]+$" },
                "mode": { "enum": ["stable", "beta"] },
                "count": { "type": "integer", "minimum": 1 },
                "tags": { "type": "array", "uniqueItems": true, "maxItems": 3, "items": { "type": "string" } },
                "shape": { "anyOf": [{ "type": "string" }, { "type": "number" }] },
                "files": { "type": "object", "propertyNames": { "not": { "const": "manifest" } } },
                "a/b": { "type": "string", "minLength": 2 }
              }
            }
            """
        );
        var violations = Validate(
            schema,
            """
            {
              "id": "A1",
              "count": 0.5,
              "tags": ["x", 2, "x", "y"],
              "shape": true,
              "files": { "manifest": "m.json" },
              "a/b": "z",
              "extra": 1
            }
            """
        );
        Assert.Equal(
            [
                new SchemaViolation("", 1, 1, "required property 'mode' is missing."),
                new SchemaViolation("/id", 2, 9, "value \"A1\" does not match the pattern ^[a-z]+$."),
                new SchemaViolation("/count", 3, 12, "expected integer, found number."),
                new SchemaViolation("/tags", 4, 11, "array has more than 3 items."),
                new SchemaViolation("/tags/1", 4, 17, "expected string, found number."),
                new SchemaViolation("/tags/2", 4, 20, "duplicate item \"x\"."),
                new SchemaViolation("/shape", 5, 12, "value matches none of the allowed shapes."),
                new SchemaViolation("/files/manifest", 6, 14, "property name 'manifest' is not allowed here."),
                new SchemaViolation("/a~1b", 7, 10, "string is shorter than 2 characters."),
                new SchemaViolation(
                    "/extra",
                    8,
                    3,
                    "unknown property 'extra' (allowed: id, mode, count, tags, shape, files, a/b)."
                ),
            ],
            violations
        );
    }

    [Fact]
    public void A_wrong_type_is_the_only_error_of_its_subschema_and_format_is_an_annotation()
    {
        var schema = Schema(
            """
            {
              "properties": {
                "severity": { "type": "string", "enum": ["error", "warning"], "minLength": 1 },
                "at": { "type": "string", "format": "date-time" }
              }
            }
            """
        );
        var violation = Assert.Single(Validate(schema, """{ "severity": 3, "at": "not a date" }"""));
        Assert.Equal(new SchemaViolation("/severity", 1, 15, "expected string, found number."), violation);
    }

    [Fact]
    public void Conditional_requirements_report_the_missing_member_once()
    {
        var schema = new JsonSchemaValidator(Core.Config.ConfigLoader.LoadEmbeddedSchema("release-train.schema.json"));
        var violations = Validate(
            schema,
            """
            { "contracts": [ { "id": "c", "manifest": "m.json", "rules": [ { "id": "r", "kind": "sha256" } ] } ] }
            """
        );
        var violation = Assert.Single(violations);
        Assert.Equal(("/contracts/0/rules/0", 1, 64), (violation.Pointer, violation.Line, violation.Column));
        Assert.Equal("required property 'of' is missing.", violation.Message);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("-0", true)]
    [InlineData("1.0", true)]
    [InlineData("1E2", true)]
    [InlineData("2.5e1", true)]
    [InlineData("1e30", true)]
    [InlineData("0.0e-5", true)]
    [InlineData("1.5", false)]
    [InlineData("1e-1", false)]
    [InlineData("12345678901234567890.5", false)]
    [InlineData("1.0000000000000000000000000001", false)]
    [InlineData("1e99999999999999999999", true)]
    [InlineData("1e-99999999999999999999", false)]
    public void Integer_is_decided_on_the_digits(string number, bool integral)
    {
        Assert.Equal(integral, JsonSchemaValidator.IsIntegral(number));
        var schema = Schema("""{ "type": "integer" }""");
        Assert.Equal(integral, Validate(schema, number).Count == 0);
    }

    [Fact]
    public void String_lengths_count_code_points_as_the_specification_and_the_former_validator_did()
    {
        var schema = Schema("""{ "properties": { "min": { "minLength": 2 }, "max": { "maxLength": 1 } } }""");
        Assert.Empty(Validate(schema, """{ "min": "e\u0301" }"""));
        Assert.Equal(
            "string is longer than 1 characters.",
            Assert.Single(Validate(schema, """{ "max": "e\u0301" }""")).Message
        );
        Assert.Single(Validate(schema, """{ "max": "\ud83d\udc4d\ud83c\udffd" }"""));
    }

    [Fact]
    public void A_number_beyond_a_double_is_a_violation_at_the_number_not_a_crash()
    {
        var schema = Schema("""{ "properties": { "u": { "uniqueItems": true }, "m": { "maximum": 1 } } }""");
        var violation = Assert.Single(Validate(schema, """{ "u": [1, 1e400] }"""));
        Assert.Equal(("/u/1", 1, 12), (violation.Pointer, violation.Line, violation.Column));
        Assert.Contains("1e400 is outside the range", violation.Message, StringComparison.Ordinal);
        Assert.Equal("1e400 is above the maximum 1.", Assert.Single(Validate(schema, """{ "m": 1e400 }""")).Message);
    }

    [Fact]
    public void A_finite_double_beyond_decimal_is_validated_like_any_number_not_a_crash()
    {
        // JsonSchema.Net compares uniqueItems, enum and const as decimal, which stops at about 7.9e28.
        var schema = Schema(
            """
            { "properties": {
                "ids": { "type": "array", "uniqueItems": true, "items": { "type": "string" } },
                "u": { "uniqueItems": true }, "e": { "enum": [1, 2] }, "m": { "maximum": 1 }, "t": { "const": 0 } } }
            """
        );
        var typed = Assert.Single(Validate(schema, """{ "ids": [1e300] }"""));
        Assert.Equal(("/ids/0", 1, 11), (typed.Pointer, typed.Line, typed.Column));
        Assert.Empty(Validate(schema, """{ "u": [1e28, 1e29, -1e300, 1e-300] }"""));
        Assert.Equal("/e", Assert.Single(Validate(schema, """{ "e": 1e300 }""")).Pointer);
        Assert.Equal("/m", Assert.Single(Validate(schema, """{ "m": 1e300 }""")).Pointer);
        Assert.Empty(Validate(schema, """{ "m": -1e300, "t": 0 }"""));
    }

    [Fact]
    public void A_schema_whose_own_number_cannot_be_compared_is_rt1004_not_a_crash()
    {
        var schema = Schema("""{ "const": 1e300 }""");
        var diagnostic = Assert.Throws<ReleaseTrainException>(() => Validate(schema, "5")).Diagnostic;
        Assert.Equal("RT1004", diagnostic.Code);
    }

    [Fact]
    public void One_validator_serves_many_threads()
    {
        var schema = new JsonSchemaValidator(Core.Config.ConfigLoader.LoadEmbeddedSchema("release-train.schema.json"));
        var results = new int[64];
        Parallel.For(0, results.Length, i =>
            results[i] = Validate(
                schema,
                i % 2 == 0 ? """{ "contracts": [] }""" : """{ "contracts": [], "contract": [] }"""
            ).Count
        );
        Assert.All(results.Where((_, i) => i % 2 == 0), count => Assert.Equal(0, count));
        Assert.All(results.Where((_, i) => i % 2 == 1), count => Assert.Equal(1, count));
    }
}
