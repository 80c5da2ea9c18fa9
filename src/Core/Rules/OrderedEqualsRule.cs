using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// <c>orderedEquals</c>: the array at <c>pointer</c> equals the source array element by element, in order (a reorder
/// is drift, as MemoryKernel's <c>error_code_enum</c>). Drift: RT2002.
/// </summary>
public sealed class OrderedEqualsRule : ListRuleKind
{
    /// <inheritdoc/>
    public override string Name => "orderedEquals";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [DiagnosticCodes.OrderedListMismatch, .. ListCodes];

    /// <inheritdoc/>
    protected override void Compare(
        RuleCheck check,
        LocatedJsonArray actual,
        LocatedJsonArray expected,
        string sourceName
    )
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (!JsonEquality.DeepEquals(expected, actual))
        {
            check.Report(
                DiagnosticCodes.OrderedListMismatch,
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
