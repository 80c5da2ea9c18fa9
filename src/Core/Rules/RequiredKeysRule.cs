using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// <c>requiredKeys</c>: the object at <c>pointer</c> has every key of <c>keys</c>. A missing key is RT2004 at the
/// object; a missing object RT2010.
/// </summary>
public sealed class RequiredKeysRule : KeysRuleKind
{
    /// <inheritdoc/>
    public override string Name => "requiredKeys";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [DiagnosticCodes.RequiredKeyMissing, DiagnosticCodes.ValueMissing, DiagnosticCodes.TypeMismatch];

    /// <inheritdoc/>
    protected override void Missing(RuleCheck check, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(check);
        check.Report(
            DiagnosticCodes.ValueMissing,
            check.Deepest,
            check.Pointer,
            null,
            null,
            "an object with keys " + RuleCheck.JsonList(keys)
        );
    }

    /// <inheritdoc/>
    protected override void CheckKey(RuleCheck check, LocatedJsonObject obj, string key)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.GetMember(key) is null)
        {
            check.Report(DiagnosticCodes.RequiredKeyMissing, obj, check.Pointer.Append(key), null, null, key);
        }
    }
}
