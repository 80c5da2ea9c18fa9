using System.Security.Cryptography;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// <c>sha256</c>: the string at <c>pointer</c> is the SHA-256 of the raw bytes of file <c>of</c> (<c>manifest</c> or
/// a key of <c>files</c>), as 64 bare lowercase hex digits: the form the pins' consumers compare (AssistSupport's
/// validate_memorykernel_pin_sync.mjs tests <c>^[0-9a-f]{64}$</c> and compares the hex digest as a string), so a
/// <c>sha256:</c> prefix or an upper-case digit is drift. An unknown <c>of</c> is RT1010 at load time; a pin that
/// differs RT2009.
/// </summary>
public sealed class Sha256Rule : DriftRuleKind
{
    /// <inheritdoc/>
    public override string Name => "sha256";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.Sha256PinMismatch,
        DiagnosticCodes.ValueMissing,
        DiagnosticCodes.TypeMismatch,
        DiagnosticCodes.UnknownFileReference,
    ];

    /// <inheritdoc/>
    /// <returns>The file name of <c>of</c> (a string).</returns>
    public override object? ReadSettings(LocatedJsonObject rule, string ruleId, RuleReader reader)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(reader);
        var of = RuleReader.String(rule, "of")!;
        reader.CheckFileName(rule, "of", of, ruleId);
        return of;
    }

    /// <inheritdoc/>
    public override IEnumerable<string> RawFiles(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return [(string)rule.Settings!];
    }

    /// <inheritdoc/>
    public override void Check(RuleCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var of = (string)check.Rule.Settings!;
        var hex = Convert.ToHexString(SHA256.HashData(check.ReadBytes(of))).ToLowerInvariant();
        var actual = check.Actual;
        if (actual is null)
        {
            check.Report(
                DiagnosticCodes.ValueMissing,
                check.Deepest,
                check.Pointer,
                RuleCheck.Quote(hex),
                null,
                RuleCheck.Quote(hex)
            );
            return;
        }

        if (actual is not LocatedJsonScalar { Kind: JsonKind.String, Text: { } pin })
        {
            check.ReportWrongType(actual, "string", RuleCheck.Quote(hex));
            return;
        }

        var expected = hex;
        if (!string.Equals(pin, expected, StringComparison.Ordinal))
        {
            check.Report(
                DiagnosticCodes.Sha256PinMismatch,
                actual,
                check.Pointer,
                RuleCheck.Quote(expected),
                actual.ToJson(),
                actual.ToJson(),
                check.RelativePath(of),
                RuleCheck.Quote(expected)
            );
        }
    }
}
