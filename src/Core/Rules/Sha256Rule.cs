using System.Security.Cryptography;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// <c>sha256</c>: the string at <c>pointer</c> is the SHA-256 of the raw bytes of file <c>of</c> (<c>manifest</c> or
/// a key of <c>files</c>), as 64 bare hex digits. Hex digits compare case-insensitively: an upper-case pin names the
/// same digest and is not drift, but it is not the canonical form (DESIGN: digests are lower-case; AssistSupport's
/// validate_memorykernel_pin_sync.mjs tests <c>^[0-9a-f]{64}$</c>), so it is warning RT1031 with the lower-case
/// form. A <c>sha256:</c> prefix or another digest is drift, RT2009. An unknown <c>of</c> is RT1010 at load time. A
/// contract with a sha256 rule is a pin (<see cref="MakesPin"/>): <c>verify --fix</c> leaves its payloads alone.
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
        DiagnosticCodes.Sha256PinNotLowerCase,
    ];

    /// <inheritdoc/>
    public override bool MakesPin => true;

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
        if (string.Equals(pin, expected, StringComparison.OrdinalIgnoreCase))
        {
            if (!string.Equals(pin, expected, StringComparison.Ordinal))
            {
                check.Report(
                    DiagnosticCodes.Sha256PinNotLowerCase,
                    DiagnosticSeverity.Warning,
                    actual,
                    check.Pointer,
                    check.RelativePath(of),
                    RuleCheck.Quote(expected)
                );
            }
        }
        else
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
