using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// One validator kind: a contract <c>kind</c> of release-train.json other than <c>rules</c> (docs/validators.md).
/// Each kind is one sealed subclass in <c>Validators/Kinds/</c>, found by <see cref="ValidatorKinds"/>; it declares
/// its name, the <c>options</c> members it reads, the diagnostic codes it can raise, and how it runs (by calling its
/// validator class). Subclasses need a public parameterless constructor and no state.
/// </summary>
public abstract class ValidatorKind
{
    /// <summary>The kind's name as written in <c>kind</c> (one of the schema's enum), e.g. <c>canary</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The members of a contract's <c>options</c> this kind reads (JSON names, e.g. <c>thresholds</c>); empty when it
    /// reads none. Configuration loads every member of <see cref="ValidatorOptions"/>; the others are not read.
    /// </summary>
    public abstract IReadOnlyList<string> Options { get; }

    /// <summary>The RT6xxx codes its findings and input errors can carry (documented in docs/diagnostics.md).</summary>
    public abstract IReadOnlyList<DiagnosticDescriptor> Codes { get; }

    /// <summary>Runs the kind's validator on a contract's manifest.</summary>
    /// <param name="input">The manifest, its options, the repository and the instant.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when a file cannot be read or an option path escapes the root;
    /// the kind's input-error code for malformed input.</exception>
    public abstract ValidationResult Run(ValidatorInput input);
}

/// <summary>What a validator kind runs on.</summary>
/// <param name="Manifest">The validated file (full path).</param>
/// <param name="Options">The contract's options (only the members the kind declares are read).</param>
/// <param name="Files">The repository: option paths are resolved inside its root.</param>
/// <param name="Now">The evaluation instant when <c>options.at</c> gives none.</param>
public sealed record ValidatorInput(string Manifest, ValidatorOptions Options, RepositoryFiles Files, Instant Now)
{
    /// <summary><c>options.at</c> when given, else <see cref="Now"/>.</summary>
    public Instant At => Options.At ?? Now;

    /// <summary>
    /// The configuration the contract was loaded from (the trusted signing inputs are read through it: the promotion
    /// gate's signed form), or null when the caller has none; a kind that needs it fails closed without it.
    /// </summary>
    public ReleaseTrainConfig? Config { get; init; }

    /// <summary>The full path of a root-relative option path, or null when the option is absent.</summary>
    /// <param name="path">The configured path.</param>
    /// <returns>The full path, or null.</returns>
    /// <exception cref="ReleaseTrainException">RT1005 when the path escapes the repository root.</exception>
    public string? Resolve(ConfiguredPath? path) =>
        path is null ? null : Files.Resolve(path.Path, null, path.Line, path.Column);
}
