using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// <c>promotion</c>: the deployment runbook's promotion gate (section II.F) over an execution certificate, against
/// its expected <c>identities</c>, the release's <c>evidence</c> bundle and the <c>expected</c> values the
/// configuration names (<see cref="PromotionGate"/>).
/// </summary>
public sealed class PromotionKind : ValidatorKind
{
    /// <summary>The kind's name in release-train.json.</summary>
    public const string KindName = "promotion";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Options { get; } = ["identities", "evidence", "expected"];

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.PromotionFieldMismatch,
        DiagnosticCodes.PromotionFieldMissing,
        DiagnosticCodes.PromotionCertificateInvalid,
        DiagnosticCodes.PromotionExpectationUnresolved,
        DiagnosticCodes.PromotionSignatureInvalid,
    ];

    /// <inheritdoc/>
    public override ValidationResult Run(ValidatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PromotionGate.Evaluate(input.Manifest, input.Options, input.Files, input.Config, input.Now);
    }
}
