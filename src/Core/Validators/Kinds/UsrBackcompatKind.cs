using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// <c>usr-backcompat</c>: the USR backcompat matrix (<see cref="UsrBackcompatValidator"/>). No options.
/// </summary>
public sealed class UsrBackcompatKind : ValidatorKind
{
    /// <summary>The kind's name in release-train.json.</summary>
    public const string KindName = "usr-backcompat";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Options { get; } = [];

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
    ];

    /// <inheritdoc/>
    public override ValidationResult Run(ValidatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return UsrBackcompatValidator.Validate(input.Manifest);
    }
}
