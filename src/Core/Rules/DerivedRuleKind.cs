using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// A kind whose expected value is derived from the rule's source (<c>from</c>, or a literal <c>value</c>): it reports
/// RT2012 when the source lacks the value and RT2010 when the checked value is missing, then compares. Its findings
/// carry the expected value, so <c>release-train verify --fix</c> may write it in place of the actual one.
/// </summary>
public abstract class DerivedRuleKind : DriftRuleKind
{
    /// <summary>The codes every derived kind can raise: RT2010 and RT2012.</summary>
    protected static IReadOnlyList<DiagnosticDescriptor> DerivedCodes { get; } =
    [DiagnosticCodes.ValueMissing, DiagnosticCodes.SourceValueMissing];

    /// <inheritdoc/>
    public override ExpectedValue Expected => ExpectedValue.FromOrValue;

    /// <inheritdoc/>
    public override bool DerivesValue => true;

    /// <inheritdoc/>
    public sealed override void Check(RuleCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!check.TryGetExpected(out var expected, out var sourceName))
        {
            return;
        }

        if (check.Actual is null)
        {
            check.Report(
                DiagnosticCodes.ValueMissing,
                check.Deepest,
                check.Pointer,
                expected.ToJson(),
                null,
                expected.ToJson()
            );
            return;
        }

        Compare(check, check.Actual, expected, sourceName);
    }

    /// <summary>Compares a present value with the expected one.</summary>
    /// <param name="check">The check.</param>
    /// <param name="actual">The checked value.</param>
    /// <param name="expected">The expected value.</param>
    /// <param name="sourceName">Where the expected value came from, for messages.</param>
    protected abstract void Compare(
        RuleCheck check,
        LocatedJsonNode actual,
        LocatedJsonNode expected,
        string sourceName
    );
}
