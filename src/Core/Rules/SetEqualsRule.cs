using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// <c>setEquals</c>: the array at <c>pointer</c> holds the source array's items in any order, each once (a duplicate
/// is unexpected). Drift: RT2003, listing the missing and the unexpected items.
/// </summary>
public sealed class SetEqualsRule : ListRuleKind
{
    /// <inheritdoc/>
    public override string Name => "setEquals";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } = [DiagnosticCodes.SetMismatch, .. ListCodes];

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
        var unexpected = new List<LocatedJsonNode>();
        for (var i = 0; i < actual.Items.Count; i++)
        {
            var item = actual.Items[i];
            var isDuplicate = actual.Items.Take(i).Any(previous => JsonEquality.DeepEquals(previous, item));
            if (isDuplicate || !expected.Items.Any(e => JsonEquality.DeepEquals(e, item)))
            {
                unexpected.Add(item);
            }
        }

        if (missing.Count > 0 || unexpected.Count > 0)
        {
            check.Report(
                DiagnosticCodes.SetMismatch,
                actual,
                check.Pointer,
                expected.ToJson(),
                actual.ToJson(),
                expected.ToJson(),
                sourceName,
                actual.ToJson(),
                RuleCheck.JsonList(missing),
                RuleCheck.JsonList(unexpected)
            );
        }
    }
}
