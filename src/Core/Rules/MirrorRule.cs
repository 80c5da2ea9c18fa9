using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// <c>mirror</c>: the object at <c>pointer</c> mirrors the source object key by key: every key of <c>keys</c>, or every
/// key of the source when <c>keys</c> is absent. A key missing from the mirror or differing is RT2006; a key missing
/// from the source RT2012; a source or mirror that is not an object RT2011.
/// </summary>
public sealed class MirrorRule : DerivedRuleKind
{
    /// <inheritdoc/>
    public override string Name => "mirror";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [DiagnosticCodes.MirrorMismatch, DiagnosticCodes.TypeMismatch, .. DerivedCodes];

    /// <inheritdoc/>
    public override ExpectedValue Expected => ExpectedValue.From;

    /// <inheritdoc/>
    /// <returns>The mirrored keys (<c>IReadOnlyList&lt;string&gt;</c>), or null for all of the source's keys.</returns>
    public override object? ReadSettings(LocatedJsonObject rule, string ruleId, RuleReader reader)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.TryGetProperty("keys", out var keys)
            ? ((LocatedJsonArray)keys).Items.Select(k => ((LocatedJsonScalar)k).Text!).ToList()
            : null;
    }

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
        if (expected is not LocatedJsonObject source)
        {
            check.ReportWrongSourceType(actual, expected, "object", sourceName);
            return;
        }

        if (actual is not LocatedJsonObject mirror)
        {
            check.ReportWrongType(actual, "object");
            return;
        }

        var rule = check.Rule;
        var keys = rule.Settings as IReadOnlyList<string> ?? source.Properties.Select(p => p.Name).ToList();
        foreach (var key in keys)
        {
            var keyPointer = check.Pointer.Append(key);
            if (!source.TryGetProperty(key, out var sourceValue))
            {
                var at = check.SourcePath ?? check.Document.Path;
                var missing = DiagnosticCodes.SourceValueMissing.Error(
                    at,
                    source.Line,
                    source.Column,
                    check.ContractId,
                    rule.Id,
                    rule.From?.File ?? "value",
                    rule.From is null ? "/" + key : rule.From.Pointer.Append(key).ToString()
                );
                check.Add(keyPointer.ToString(), null, null, missing);
                continue;
            }

            if (!mirror.TryGetProperty(key, out var mirrored))
            {
                check.Report(
                    DiagnosticCodes.MirrorMismatch,
                    mirror,
                    keyPointer,
                    sourceValue.ToJson(),
                    null,
                    key,
                    sourceValue.ToJson(),
                    sourceName + "/" + key,
                    "missing"
                );
            }
            else if (!JsonEquality.DeepEquals(sourceValue, mirrored))
            {
                check.Report(
                    DiagnosticCodes.MirrorMismatch,
                    mirrored,
                    keyPointer,
                    sourceValue.ToJson(),
                    mirrored.ToJson(),
                    key,
                    sourceValue.ToJson(),
                    sourceName + "/" + key,
                    mirrored.ToJson()
                );
            }
        }
    }
}
