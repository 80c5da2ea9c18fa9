using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// <c>usr-backcompat</c>: the USR backcompat matrix (<see cref="UsrBackcompatValidator"/>), classified by
/// <c>scenarios</c> (PairOfCleats' item-36 file; default: the built-in copy of it).
/// </summary>
public sealed class UsrBackcompatKind : ValidatorKind
{
    /// <summary>The kind's name in release-train.json.</summary>
    public const string KindName = "usr-backcompat";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Options { get; } = ["scenarios"];

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.UsrEnvelopeInvalid,
        DiagnosticCodes.UsrRowInvalid,
        DiagnosticCodes.UsrDuplicateId,
        DiagnosticCodes.UsrVersionInvalid,
        DiagnosticCodes.UsrReaderVersionsEmpty,
        DiagnosticCodes.UsrAdapterRowInvalid,
        DiagnosticCodes.UsrAdapterDiagnosticMissing,
        DiagnosticCodes.UsrRejectRowInvalid,
        DiagnosticCodes.UsrNonBlockingAccept,
        DiagnosticCodes.UsrScenarioMissing,
        DiagnosticCodes.UsrNoMultiReaderScenario,
        DiagnosticCodes.UsrDiagnosticCodeUnknown,
        DiagnosticCodes.UsrScenarioClassMismatch,
        DiagnosticCodes.UsrScenarioConfigInvalid,
        DiagnosticCodes.UsrScenarioIdNonCanonical,
    ];

    /// <inheritdoc/>
    public override ValidationResult Run(ValidatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return UsrBackcompatValidator.Validate(input.Manifest, input.Resolve(input.Options.Scenarios));
    }
}
