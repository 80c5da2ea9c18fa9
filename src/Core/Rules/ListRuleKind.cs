using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// A derived kind that compares arrays (<c>orderedEquals</c>, <c>setEquals</c>): its literal <c>value</c> must be an
/// array (RT1004 at load time), and a source or checked value that is not one is RT2011.
/// </summary>
public abstract class ListRuleKind : DerivedRuleKind
{
    /// <summary>The codes every list kind can raise: RT1004, RT2010, RT2011 and RT2012.</summary>
    protected static IReadOnlyList<DiagnosticDescriptor> ListCodes { get; } =
    [DiagnosticCodes.SchemaViolation, DiagnosticCodes.TypeMismatch, .. DerivedCodes];

    /// <inheritdoc/>
    public override object? ReadSettings(LocatedJsonObject rule, string ruleId, RuleReader reader)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(reader);
        if (rule.TryGetProperty("value", out var value) && value.Kind != JsonKind.Array)
        {
            reader.Error(
                DiagnosticCodes.SchemaViolation,
                value,
                $"rule '{ruleId}'/value",
                $"a {Name} rule's value is an array."
            );
        }

        return null;
    }

    /// <inheritdoc/>
    protected sealed override void Compare(
        RuleCheck check,
        LocatedJsonNode actual,
        LocatedJsonNode expected,
        string sourceName
    )
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (expected is not LocatedJsonArray expectedArray)
        {
            check.ReportWrongSourceType(actual, expected, "array", sourceName);
            return;
        }

        if (actual is not LocatedJsonArray actualArray)
        {
            check.ReportWrongType(actual, "array", expected.ToJson());
            return;
        }

        Compare(check, actualArray, expectedArray, sourceName);
    }

    /// <summary>Compares two arrays.</summary>
    /// <param name="check">The check.</param>
    /// <param name="actual">The checked array.</param>
    /// <param name="expected">The expected array.</param>
    /// <param name="sourceName">Where the expected array came from, for messages.</param>
    protected abstract void Compare(
        RuleCheck check,
        LocatedJsonArray actual,
        LocatedJsonArray expected,
        string sourceName
    );
}
