using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// <c>phase-manifest</c>: an ordered phase manifest against the phase contract of <c>phases</c> (default: the one
/// its schema_version names; <see cref="PhaseManifest.Verify"/>), and with <c>gatePolicy</c> (torghut's
/// autonomous-gate-policy.json) the promotion prerequisites it requires.
/// </summary>
public sealed class PhaseManifestKind : ValidatorKind
{
    /// <summary>The kind's name in release-train.json.</summary>
    public const string KindName = "phase-manifest";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Options { get; } = ["phases", "gatePolicy"];

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.PhaseManifestInvalid,
        DiagnosticCodes.PhaseOrderInvalid,
        DiagnosticCodes.PhaseDerivedMismatch,
        DiagnosticCodes.PhaseManifestHashMismatch,
        DiagnosticCodes.PhaseFailed,
        DiagnosticCodes.PhaseInputTypeInvalid,
        DiagnosticCodes.PhaseStatusUnknown,
        DiagnosticCodes.GatePolicyInvalid,
        DiagnosticCodes.PromotionPrerequisiteMissing,
    ];

    /// <inheritdoc/>
    public override ValidationResult Run(ValidatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var policy = input.Resolve(input.Options.GatePolicy);
        return PhaseManifest.Verify(
            input.Manifest,
            PhaseContract.From(input.Options.Phases),
            policy is null ? null : GatePolicy.Load(policy)
        ) with
        {
            Reads = policy is null ? [] : [policy],
        };
    }
}
