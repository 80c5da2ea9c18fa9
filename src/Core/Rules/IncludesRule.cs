using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// <c>includes</c>: the array at <c>pointer</c> holds every item of the source array (<c>from</c> or a literal
/// <c>value</c>), in any order; other items may be there too. It says what AssistSupport's
/// <c>assertArrayContainsAll</c> (validate_memorykernel_handoff_payload.mjs) and MemoryKernel's "every manifest error
/// code is in openapi.yaml" check say. Drift: RT2016, listing the missing items. <c>--fix</c> does not apply: the
/// source names what must be there, not the whole array.
/// </summary>
public sealed class IncludesRule : ListRuleKind
{
    /// <inheritdoc/>
    public override string Name => "includes";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } = [DiagnosticCodes.ItemsMissing, .. ListCodes];

    /// <inheritdoc/>
    public override bool DerivesValue => false;

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
        var missing = expected.Items.Where(e => !actual.Items.Any(a => JsonEquality.DeepEquals(a, e))).ToList();
        if (missing.Count > 0)
        {
            check.Report(
                DiagnosticCodes.ItemsMissing,
                actual,
                check.Pointer,
                expected.ToJson(),
                actual.ToJson(),
                RuleCheck.JsonList(missing),
                sourceName
            );
        }
    }
}
