using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// The registry of validator kinds: every sealed <see cref="ValidatorKind"/> of this assembly (one file each in
/// <c>Validators/Kinds/</c>). The one entry point for <c>verify</c>, the MSBuild gate and the no-cut decision.
/// </summary>
public static class ValidatorKinds
{
    /// <summary>The kind of an ordinary rules contract.</summary>
    public const string Rules = ContractDefinition.RulesKind;

    /// <summary>Every validator kind, by name (ordinal order).</summary>
    public static IReadOnlyList<ValidatorKind> All { get; } =
    [
        .. typeof(ValidatorKind)
            .Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ValidatorKind)) && !t.IsAbstract)
            .Select(t => (ValidatorKind)Activator.CreateInstance(t)!)
            .OrderBy(k => k.Name, StringComparer.Ordinal),
    ];

    /// <summary>The names of every validator kind (ordinal order).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(k => k.Name)];

    /// <summary>The kind of a name.</summary>
    /// <param name="name">The kind's name, e.g. <c>usr-waivers</c>.</param>
    /// <returns>The kind, or null when no validator kind has that name (<c>rules</c> included).</returns>
    public static ValidatorKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>Runs the validator of a kind on a contract's manifest.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="manifest">The validated file (full path).</param>
    /// <param name="options">Its options.</param>
    /// <param name="files">The repository (root confinement of option paths).</param>
    /// <param name="now">The evaluation instant when the options fix none (the command's instant: the clock, or
    /// <c>--at</c> in a dry run).</param>
    /// <param name="config">The configuration the contract comes from, or null (<see cref="ValidatorInput.Config"/>).
    /// </param>
    /// <returns>The result; its <see cref="ValidationResult.ChangesAt"/> is null when <c>options.at</c> fixes the
    /// instant.</returns>
    /// <exception cref="Diagnostics.ReleaseTrainException">
    /// RT1xxx when a file cannot be read; RT6050/RT6072 for malformed input.
    /// </exception>
    /// <exception cref="ArgumentException">An unknown kind.</exception>
    public static ValidationResult Run(
        string kind,
        string manifest,
        ValidatorOptions options,
        RepositoryFiles files,
        Instant now,
        ReleaseTrainConfig? config = null
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        var found = Find(kind) ?? throw new ArgumentException($"'{kind}' is not a validator kind.", nameof(kind));
        var result = found.Run(new ValidatorInput(manifest, options, files, now) { Config = config });

        // options.at fixes the instant: then the result no longer changes with the clock.
        return options.At is null ? result : result with { ChangesAt = null };
    }
}
