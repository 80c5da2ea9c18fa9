using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Validators;

/// <summary>The built-in validators as contract kinds: one entry point for <c>verify</c>, the MSBuild gate and the no-cut decision.</summary>
public static class ValidatorKinds
{
    /// <summary>The kind of an ordinary rules contract.</summary>
    public const string Rules = ContractDefinition.RulesKind;

    /// <summary>Every validator kind.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["usr-backcompat", "usr-operational-readiness", "usr-waivers", "usr-approval-lock", "phase-manifest", "artifact-manifest", "canary"];

    /// <summary>Runs the validator of a kind on a contract's manifest.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="manifest">The validated file (full path).</param>
    /// <param name="options">Its options.</param>
    /// <param name="files">The repository (root confinement of option paths).</param>
    /// <param name="now">The evaluation instant when the options fix none.</param>
    /// <returns>The result.</returns>
    /// <exception cref="Diagnostics.ReleaseTrainException">RT1xxx when a file cannot be read; RT6050/RT6072 for malformed input.</exception>
    /// <exception cref="ArgumentException">An unknown kind.</exception>
    public static ValidationResult Run(string kind, string manifest, ValidatorOptions options, RepositoryFiles files, Instant now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        string? Resolve(ConfiguredPath? path) => path is null ? null : files.Resolve(path.Path, null, path.Line, path.Column);
        var at = options.At ?? now;
        return kind switch
        {
            "usr-backcompat" => UsrBackcompatValidator.Validate(manifest),
            "usr-operational-readiness" => UsrOperationalReadinessValidator.Validate(manifest, Resolve(options.Drills), at, options.Cutover),
            "usr-waivers" => UsrWaiverValidator.Validate(manifest, at),
            "usr-approval-lock" => UsrApprovalLockValidator.Validate(manifest),
            "phase-manifest" => PhaseManifest.Verify(manifest, PhaseContract.From(options.Phases)),
            "artifact-manifest" => ArtifactManifestVerifier.Verify(manifest, Resolve(options.Root) ?? files.RootDirectory),
            "canary" => CanaryEvaluator.Evaluate(manifest, Resolve(options.Thresholds) is { } thresholds ? CanaryEvaluator.ReadThresholds(thresholds) : CanaryThresholds.Default),
            _ => throw new ArgumentException($"'{kind}' is not a validator kind.", nameof(kind)),
        };
    }
}
