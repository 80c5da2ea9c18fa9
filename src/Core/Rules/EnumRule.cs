using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary><c>enum</c>: the value at <c>pointer</c> is one of <c>values</c> (JSON equality). Drift: RT2008.</summary>
public sealed class EnumRule : DriftRuleKind
{
    /// <inheritdoc/>
    public override string Name => "enum";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [DiagnosticCodes.EnumMismatch, DiagnosticCodes.ValueMissing];

    /// <inheritdoc/>
    /// <returns>The allowed values (<c>IReadOnlyList&lt;LocatedJsonNode&gt;</c>).</returns>
    public override object? ReadSettings(LocatedJsonObject rule, string ruleId, RuleReader reader)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return ((LocatedJsonArray)rule.GetMember("values")!.Value).Items;
    }

    /// <inheritdoc/>
    public override void Check(RuleCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var values = (IReadOnlyList<LocatedJsonNode>)check.Rule.Settings!;
        var allowed = RuleCheck.JsonList(values);
        if (check.Actual is not { } actual)
        {
            check.Report(DiagnosticCodes.ValueMissing, check.Deepest, check.Pointer, null, null, "one of " + allowed);
        }
        else if (!values.Any(v => JsonEquality.DeepEquals(v, actual)))
        {
            check.Report(
                DiagnosticCodes.EnumMismatch,
                actual,
                check.Pointer,
                null,
                actual.ToJson(),
                actual.ToJson(),
                allowed
            );
        }
    }
}
