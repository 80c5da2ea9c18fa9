using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// <c>canary</c>: the canary health gates of a metrics snapshot, against the <c>thresholds</c> file (default: the
/// runbook's; <see cref="CanaryEvaluator"/>).
/// </summary>
public sealed class CanaryKind : ValidatorKind
{
    /// <summary>The kind's name in release-train.json.</summary>
    public const string KindName = "canary";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Options { get; } = ["thresholds"];

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [DiagnosticCodes.CanaryBreach, DiagnosticCodes.CanaryInconclusive, DiagnosticCodes.CanarySnapshotInvalid];

    /// <inheritdoc/>
    public override ValidationResult Run(ValidatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var path = input.Resolve(input.Options.Thresholds);
        var thresholds = path is null ? CanaryThresholds.Default : CanaryEvaluator.ReadThresholds(path);
        return CanaryEvaluator.Evaluate(input.Manifest, thresholds) with { Reads = path is null ? [] : [path] };
    }
}
