using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Core.Config;

/// <summary>A loaded, validated release-train.json.</summary>
/// <param name="ConfigPath">Full path of the configuration file.</param>
/// <param name="RootDirectory">Full path of the repository root that configured paths are relative to.</param>
/// <param name="Contracts">The contracts, in file order, with unique ids.</param>
/// <param name="Policy">Freeze windows, exceptions, trains and the decision log (empty when none are
/// configured).</param>
public sealed record ReleaseTrainConfig(
    string ConfigPath,
    string RootDirectory,
    IReadOnlyList<ContractDefinition> Contracts,
    PolicyConfig Policy
);

/// <summary>A contract: a canonical manifest, the payloads derived from it, further named files, and rules.</summary>
/// <param name="Id">The contract id.</param>
/// <param name="Description">Free text, or null.</param>
/// <param name="Manifest">Root-relative path of the canonical manifest.</param>
/// <param name="Payloads">Root-relative paths of the payloads.</param>
/// <param name="Files">Further files by name (root-relative paths).</param>
/// <param name="Rules">The rules, in file order, with unique ids.</param>
/// <param name="Line">Line of the contract object in the configuration.</param>
/// <param name="Column">Column of the contract object.</param>
public sealed record ContractDefinition(
    string Id,
    string? Description,
    ConfiguredPath Manifest,
    IReadOnlyList<ConfiguredPath> Payloads,
    IReadOnlyDictionary<string, ConfiguredPath> Files,
    IReadOnlyList<RuleDefinition> Rules,
    int Line,
    int Column
)
{
    /// <summary>The kind of an ordinary rules contract (the drift engine): <c>rules</c>.</summary>
    public const string RulesKind = "rules";

    /// <summary>
    /// <see cref="RulesKind"/> or a built-in validator kind (the schema's enum; the validator registry in
    /// ReleaseTrain.Core.Validators), which validates <see cref="Manifest"/>.
    /// </summary>
    public string Kind { get; init; } = RulesKind;

    /// <summary>The options of a validator kind.</summary>
    public ValidatorOptions Options { get; init; } = ValidatorOptions.None;
}

/// <summary>A path as written in the configuration, with its position there.</summary>
/// <param name="Path">The root-relative path.</param>
/// <param name="Line">Line in the configuration.</param>
/// <param name="Column">Column in the configuration.</param>
public sealed record ConfiguredPath(string Path, int Line, int Column);
