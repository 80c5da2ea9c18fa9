using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// A kind that checks the keys of the object at <c>pointer</c> against its <c>keys</c> (<c>requiredKeys</c>,
/// <c>forbiddenKeys</c>): a value that is not an object is RT2011.
/// </summary>
public abstract class KeysRuleKind : DriftRuleKind
{
    /// <inheritdoc/>
    /// <returns>The keys (<c>IReadOnlyList&lt;string&gt;</c>).</returns>
    public override object? ReadSettings(LocatedJsonObject rule, string ruleId, RuleReader reader)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var keys = (LocatedJsonArray)rule.GetMember("keys")!.Value;
        return keys.Items.Select(k => ((LocatedJsonScalar)k).Text!).ToList();
    }

    /// <inheritdoc/>
    public sealed override void Check(RuleCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var keys = (IReadOnlyList<string>)check.Rule.Settings!;
        if (check.Actual is null)
        {
            Missing(check, keys);
            return;
        }

        if (check.Actual is not LocatedJsonObject obj)
        {
            check.ReportWrongType(check.Actual, "object");
            return;
        }

        foreach (var key in keys)
        {
            CheckKey(check, obj, key);
        }
    }

    /// <summary>What a missing object means for this kind.</summary>
    /// <param name="check">The check.</param>
    /// <param name="keys">The rule's keys.</param>
    protected abstract void Missing(RuleCheck check, IReadOnlyList<string> keys);

    /// <summary>Checks one key of the object.</summary>
    /// <param name="check">The check.</param>
    /// <param name="obj">The checked object.</param>
    /// <param name="key">The key.</param>
    protected abstract void CheckKey(RuleCheck check, LocatedJsonObject obj, string key);
}
