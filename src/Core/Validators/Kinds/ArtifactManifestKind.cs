using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// <c>artifact-manifest</c>: the sha256 and size of every file an artifact manifest lists, relative to <c>root</c>
/// (default: the repository root; <see cref="ArtifactManifestVerifier"/>).
/// </summary>
public sealed class ArtifactManifestKind : ValidatorKind
{
    /// <summary>The kind's name in release-train.json.</summary>
    public const string KindName = "artifact-manifest";

    /// <inheritdoc/>
    public override string Name => KindName;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Options { get; } = ["root"];

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.ArtifactMissing,
        DiagnosticCodes.ArtifactDigestMismatch,
        DiagnosticCodes.ArtifactSizeMismatch,
        DiagnosticCodes.ArtifactManifestInvalid,
    ];

    /// <inheritdoc/>
    public override ValidationResult Run(ValidatorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ArtifactManifestVerifier.Verify(
            input.Manifest,
            input.Resolve(input.Options.Root) ?? input.Files.RootDirectory
        );
    }
}
