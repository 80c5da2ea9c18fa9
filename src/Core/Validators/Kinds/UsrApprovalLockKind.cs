using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// <c>usr-approval-lock</c>: the Markdown rollout approval lock (<see cref="UsrApprovalLockValidator"/>). No
/// options.
/// </summary>
public sealed class UsrApprovalLockKind : ValidatorKind
{
    /// <summary>The kind's name in release-train.json.</summary>
    public const string KindName = "usr-approval-lock";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Options { get; } = [];

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [DiagnosticCodes.ApprovalLockMalformed, DiagnosticCodes.ApprovalLockInconsistent];

    /// <inheritdoc/>
    public override ValidationResult Run(ValidatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return UsrApprovalLockValidator.Validate(input.Manifest);
    }
}
