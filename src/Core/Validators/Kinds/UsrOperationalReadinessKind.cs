using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// <c>usr-operational-readiness</c>: the USR operational readiness policy and, with <c>drills</c>, the drill
/// cadence of its blocking runbooks before <c>cutover</c>, at <c>at</c> (<see
/// cref="UsrOperationalReadinessValidator"/>).
/// </summary>
public sealed class UsrOperationalReadinessKind : ValidatorKind
{
    /// <summary>The kind's name in release-train.json.</summary>
    public const string KindName = "usr-operational-readiness";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Options { get; } = ["drills", "cutover", "at"];

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.UsrEnvelopeInvalid,
        DiagnosticCodes.UsrRowInvalid,
        DiagnosticCodes.UsrDuplicateId,
        DiagnosticCodes.OpsPhaseMissing,
        DiagnosticCodes.OpsBlockingRowMissing,
        DiagnosticCodes.OpsBlockingRolesEmpty,
        DiagnosticCodes.OpsIncidentChannelMissing,
        DiagnosticCodes.OpsDrillMissingOrStale,
        DiagnosticCodes.OpsDrillRemediationMissing,
        DiagnosticCodes.OpsRunbookVersionUnpinned,
        DiagnosticCodes.OpsDrillInvalid,
    ];

    /// <inheritdoc/>
    public override ValidationResult Run(ValidatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var drills = input.Resolve(input.Options.Drills);
        return UsrOperationalReadinessValidator.Validate(input.Manifest, drills, input.At, input.Options.Cutover);
    }
}
