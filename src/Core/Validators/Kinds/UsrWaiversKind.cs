using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// <c>usr-waivers</c>: the USR waiver policy at <c>at</c> (default: the caller's instant; <see
/// cref="UsrWaiverValidator"/>), in PairOfCleats' strict mode unless <c>strict</c> is false, with the governance
/// roles and governed evidence of the <c>ownership</c> and <c>escalation</c> matrices when given.
/// </summary>
public sealed class UsrWaiversKind : ValidatorKind
{
    /// <summary>The kind's name in release-train.json.</summary>
    public const string KindName = "usr-waivers";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Options { get; } = ["at", "strict", "ownership", "escalation"];

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.UsrEnvelopeInvalid,
        DiagnosticCodes.UsrRowInvalid,
        DiagnosticCodes.UsrDuplicateId,
        DiagnosticCodes.WaiverScopeTypeInvalid,
        DiagnosticCodes.WaiverClassDisallowed,
        DiagnosticCodes.WaiverApproverInvalid,
        DiagnosticCodes.WaiverTooFewApprovers,
        DiagnosticCodes.UsrWaiverExpired,
        DiagnosticCodes.WaiverExpiringSoon,
        DiagnosticCodes.WaiverControlInvalid,
        DiagnosticCodes.WaiverArtifactScopeUnknown,
        DiagnosticCodes.WaiverNoGovernanceApprover,
    ];

    /// <inheritdoc/>
    public override ValidationResult Run(ValidatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return UsrWaiverValidator.Validate(
            input.Manifest,
            input.At,
            input.Options.Strict ?? true,
            input.Resolve(input.Options.Ownership),
            input.Resolve(input.Options.Escalation)
        );
    }
}
