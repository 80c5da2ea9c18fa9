using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// <c>forbiddenKeys</c>: the object at <c>pointer</c> has none of the keys of <c>keys</c>. A present key is RT2005 at
/// the key; a missing object passes (it has no key at all).
/// </summary>
public sealed class ForbiddenKeysRule : KeysRuleKind
{
    /// <inheritdoc/>
    public override string Name => "forbiddenKeys";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [DiagnosticCodes.ForbiddenKeyPresent, DiagnosticCodes.TypeMismatch];

    /// <inheritdoc/>
    protected override void Missing(RuleCheck check, IReadOnlyList<string> keys) { }

    /// <inheritdoc/>
    protected override void CheckKey(RuleCheck check, LocatedJsonObject obj, string key)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.GetMember(key) is { } member)
        {
            var pointer = check.Pointer.Append(key);
            var diagnostic = DiagnosticCodes.ForbiddenKeyPresent.Create(
                check.Rule.Severity,
                check.Document.Path,
                member.Line,
                member.Column,
                check.ContractId,
                check.Rule.Id,
                pointer,
                key
            );
            check.Add(pointer.ToString(), null, member.Value.ToJson(), diagnostic);
        }
    }
}
