using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// <c>phase-manifest</c>: an ordered phase manifest against the phase contract of <c>phases</c> (default: the one
/// its schema_version names; <see cref="PhaseManifest.Verify"/>).
/// </summary>
public sealed class PhaseManifestKind : ValidatorKind
{
    /// <summary>The kind's name in release-train.json.</summary>
    public const string KindName = "phase-manifest";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Options { get; } = ["phases"];

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.PhaseManifestInvalid,
        DiagnosticCodes.PhaseOrderInvalid,
        DiagnosticCodes.PhaseDerivedMismatch,
        DiagnosticCodes.PhaseManifestHashMismatch,
        DiagnosticCodes.PhaseFailed,
    ];

    /// <inheritdoc/>
    public override ValidationResult Run(ValidatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PhaseManifest.Verify(input.Manifest, PhaseContract.From(input.Options.Phases));
    }
}
