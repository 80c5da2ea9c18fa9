using System.Numerics;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>What a <c>type</c> rule requires of a value (its own members of the rule object).</summary>
/// <param name="Type">
/// <c>string</c>, <c>integer</c> (a number whose exact value is whole: <c>100.0</c> and <c>1e2</c> are, as
/// <c>Number.isInteger</c> says; one beyond the double range is not, as JavaScript reads it as Infinity),
/// <c>number</c>, <c>boolean</c>, <c>array</c>, <c>object</c> or <c>null</c>.
/// </param>
/// <param name="Minimum">The least number allowed (inclusive), or null.</param>
/// <param name="MinItems">The fewest array items allowed, or null.</param>
/// <param name="UniqueItems">True when no two array items may be equal (JSON equality).</param>
/// <param name="NonBlank">
/// True when a string must hold a character other than white space (JavaScript's <c>s.trim() !== ''</c>); on an
/// array, every item must be such a string.
/// </param>
public sealed record TypeRequirement(string Type, JsonNumber? Minimum, int? MinItems, bool UniqueItems, bool NonBlank);

/// <summary>
/// <c>type</c>: the value at <c>pointer</c> is of JSON type <c>type</c> and meets the optional constraints
/// <c>minimum</c>, <c>minItems</c>, <c>uniqueItems</c> and <c>nonBlank</c> (see <see cref="TypeRequirement"/>). It says
/// what the consumers' field checks say (AssistSupport's validate_memorykernel_pin_sync.mjs: non-empty string fields,
/// <c>default_timeout_ms</c> an integer &gt;= 100, <c>error_code_enum</c> a non-empty array of distinct non-empty
/// strings). A value of another type is RT2011, a missing one RT2010, an unmet constraint RT2015.
/// </summary>
public sealed class TypeRule : DriftRuleKind
{
    private static readonly string[] Types = ["string", "integer", "number", "boolean", "array", "object", "null"];

    /// <inheritdoc/>
    public override string Name => "type";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.ValueConstraintUnmet,
        DiagnosticCodes.ValueMissing,
        DiagnosticCodes.TypeMismatch,
        DiagnosticCodes.SchemaViolation,
    ];

    /// <inheritdoc/>
    /// <returns>A <see cref="TypeRequirement"/>.</returns>
    public override object? ReadSettings(LocatedJsonObject rule, string ruleId, RuleReader reader)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(reader);
        var type = RuleReader.String(rule, "type") ?? "string";
        JsonNumber? minimum = null;
        if (rule.GetMember("minimum")?.Value is LocatedJsonScalar { Kind: JsonKind.Number, Text: { } text } node)
        {
            if (JsonNumber.TryParse(text, out var parsed))
            {
                minimum = parsed;
            }
            else
            {
                reader.Error(DiagnosticCodes.SchemaViolation, node, $"rule '{ruleId}'/minimum", "a readable number.");
            }
        }

        int? minItems =
            rule.GetMember("minItems")?.Value is LocatedJsonScalar { Text: { } items }
            && int.TryParse(items, System.Globalization.CultureInfo.InvariantCulture, out var count)
                ? count
                : null;
        var unique = rule.TryGetProperty("uniqueItems", out var u) && u is LocatedJsonScalar { Boolean: true };
        var nonBlank = rule.TryGetProperty("nonBlank", out var b) && b is LocatedJsonScalar { Boolean: true };
        if (!Types.Contains(type, StringComparer.Ordinal))
        {
            reader.Error(DiagnosticCodes.SchemaViolation, rule, $"rule '{ruleId}'/type", string.Join(", ", Types));
        }

        return new TypeRequirement(type, minimum, minItems, unique, nonBlank);
    }

    /// <inheritdoc/>
    public override void Check(RuleCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var want = (TypeRequirement)check.Rule.Settings!;
        var actual = check.Actual;
        if (actual is null)
        {
            check.Report(DiagnosticCodes.ValueMissing, check.Deepest, check.Pointer, null, null, Describe(want));
            return;
        }

        if (!IsOfType(actual, want.Type))
        {
            check.ReportWrongType(actual, want.Type == "integer" ? "integer (a whole number)" : want.Type);
            return;
        }

        var unmet = Unmet(actual, want);
        if (unmet is not null)
        {
            check.Report(
                DiagnosticCodes.ValueConstraintUnmet,
                actual,
                check.Pointer,
                null,
                actual.ToJson(),
                Describe(want),
                unmet
            );
        }
    }

    private static bool IsOfType(LocatedJsonNode value, string type) =>
        type switch
        {
            // Whole, and within the double range: JavaScript reads 1e999999 as Infinity, which Number.isInteger
            // refuses (AssistSupport's default_timeout_ms check).
            "integer" => value is LocatedJsonScalar { Kind: JsonKind.Number, Text: { } text }
                && JsonNumber.TryParse(text, out var number)
                && (number.Sign == 0 || number.Exponent >= number.Digits.Length)
                && double.IsFinite(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
            _ => value.KindName == type,
        };

    private static string? Unmet(LocatedJsonNode value, TypeRequirement want)
    {
        if (want.Minimum is { } minimum && value is LocatedJsonScalar { Kind: JsonKind.Number, Text: { } text })
        {
            if (!JsonNumber.TryParse(text, out var number) || number < minimum)
            {
                return $"{text} is less than {minimum}";
            }
        }

        if (want.NonBlank && value is LocatedJsonScalar { Kind: JsonKind.String, Text: { } s } && IsBlank(s))
        {
            return "the string is empty or only white space";
        }

        if (value is not LocatedJsonArray array)
        {
            return null;
        }

        if (want.MinItems is { } minItems && array.Items.Count < minItems)
        {
            return $"{array.Items.Count} item(s), fewer than {minItems}";
        }

        for (var i = 0; i < array.Items.Count; i++)
        {
            var item = array.Items[i];
            if (want.NonBlank && (item is not LocatedJsonScalar { Kind: JsonKind.String, Text: { } t } || IsBlank(t)))
            {
                return $"item {i} ({item.ToJson()}) is not a non-blank string";
            }

            if (want.UniqueItems && array.Items.Take(i).Any(previous => JsonEquality.DeepEquals(previous, item)))
            {
                return $"item {i} ({item.ToJson()}) repeats an earlier item";
            }
        }

        return null;
    }

    // JavaScript's String.prototype.trim: white space and line terminators (ECMA-262 WhiteSpace, LineTerminator).
    private static bool IsBlank(string? s) => s is null || s.All(c => char.IsWhiteSpace(c) || c == '\uFEFF');

    private static string Describe(TypeRequirement want)
    {
        var parts = new List<string> { "a JSON " + want.Type };
        if (want.Minimum is { } minimum)
        {
            parts.Add(">= " + minimum);
        }

        if (want.MinItems is { } minItems)
        {
            parts.Add($"with at least {minItems} item(s)");
        }

        if (want.UniqueItems)
        {
            parts.Add("of distinct items");
        }

        if (want.NonBlank)
        {
            parts.Add(want.Type == "array" ? "of non-blank strings" : "not blank");
        }

        return string.Join(" ", parts);
    }
}
