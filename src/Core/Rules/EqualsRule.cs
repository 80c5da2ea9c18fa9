using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// <c>equals</c>: the value at <c>pointer</c> equals the source value (JSON equality: member order does not matter,
/// numbers compare by value, <c>false</c> is not <c>0</c>). Drift: RT2001.
/// </summary>
public sealed class EqualsRule : DerivedRuleKind
{
    /// <inheritdoc/>
    public override string Name => "equals";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [DiagnosticCodes.ValueMismatch, .. DerivedCodes];

    /// <inheritdoc/>
    protected override void Compare(
        RuleCheck check,
        LocatedJsonNode actual,
        LocatedJsonNode expected,
        string sourceName
    )
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (!JsonEquality.DeepEquals(expected, actual))
        {
            check.Report(
                DiagnosticCodes.ValueMismatch,
                actual,
                check.Pointer,
                expected.ToJson(),
                actual.ToJson(),
                expected.ToJson(),
                sourceName,
                actual.ToJson()
            );
        }
    }
}
