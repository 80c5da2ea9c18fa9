using System.Text.RegularExpressions;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Config;

/// <summary>A loaded, validated release-train.json.</summary>
/// <param name="ConfigPath">Full path of the configuration file.</param>
/// <param name="RootDirectory">Full path of the repository root that configured paths are relative to.</param>
/// <param name="Contracts">The contracts, in file order, with unique ids.</param>
/// <param name="Policy">Freeze windows, exceptions, trains and the decision log (empty when none are configured).</param>
public sealed record ReleaseTrainConfig(string ConfigPath, string RootDirectory, IReadOnlyList<ContractDefinition> Contracts, PolicyConfig Policy);

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
    int Column)
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

/// <summary>The rule kinds of a contract (README, "Rule kinds").</summary>
public enum RuleKind
{
    /// <summary>The value at <c>pointer</c> equals the source value (JSON equality).</summary>
    Equals,

    /// <summary>The array at <c>pointer</c> equals the source array element by element, in order.</summary>
    OrderedEquals,

    /// <summary>The array at <c>pointer</c> holds the same items as the source array, in any order, each once.</summary>
    SetEquals,

    /// <summary>The object at <c>pointer</c> has every key of <c>keys</c>.</summary>
    RequiredKeys,

    /// <summary>The object at <c>pointer</c> has none of the keys of <c>keys</c>.</summary>
    ForbiddenKeys,

    /// <summary>The object at <c>pointer</c> mirrors the source object key by key (all of <c>keys</c>, or all source keys).</summary>
    Mirror,

    /// <summary>The string at <c>pointer</c> matches the regular expression <c>pattern</c>.</summary>
    Pattern,

    /// <summary>The value at <c>pointer</c> is one of <c>values</c>.</summary>
    Enum,

    /// <summary>The string at <c>pointer</c> is the sha256 of the raw bytes of file <c>of</c> (bare hex or <c>sha256:</c> prefixed).</summary>
    Sha256,
}

/// <summary>Where a rule takes its expected value from: a file of the contract and a JSON Pointer into it.</summary>
/// <param name="File"><c>manifest</c> or the name of one of the contract's files.</param>
/// <param name="Pointer">The pointer into that file.</param>
public sealed record RuleSource(string File, JsonPointer Pointer);

/// <summary>A rule's applicability condition, evaluated on the checked file.</summary>
/// <param name="Pointer">The pointer into the checked file.</param>
/// <param name="EqualsValue">The rule applies when the value equals this, or null.</param>
/// <param name="In">The rule applies when the value is one of these, or null.</param>
/// <param name="Exists">The rule applies when the value is present (true) or absent (false), or null.</param>
public sealed record RuleCondition(JsonPointer Pointer, LocatedJsonNode? EqualsValue, IReadOnlyList<LocatedJsonNode>? In, bool? Exists)
{
    /// <summary>Evaluates the condition on a document.</summary>
    /// <param name="root">The checked file's root.</param>
    /// <returns>True when the rule applies.</returns>
    public bool Matches(LocatedJsonNode root)
    {
        var value = Pointer.Evaluate(root);
        if (Exists is { } exists && exists != (value is not null))
        {
            return false;
        }

        if (EqualsValue is not null && !JsonEquality.DeepEquals(EqualsValue, value))
        {
            return false;
        }

        return In is null || (value is not null && In.Any(v => JsonEquality.DeepEquals(v, value)));
    }

    /// <summary>A readable form, e.g. <c>/handoff_mode == "stable"</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Exists is { } exists)
        {
            parts.Add(exists ? $"{Pointer} exists" : $"{Pointer} is absent");
        }

        if (EqualsValue is not null)
        {
            parts.Add($"{Pointer} == {EqualsValue.ToJson()}");
        }

        if (In is not null)
        {
            parts.Add($"{Pointer} in [{string.Join(",", In.Select(v => v.ToJson()))}]");
        }

        return string.Join(" and ", parts);
    }
}

/// <summary>One rule of a contract.</summary>
public sealed record RuleDefinition
{
    /// <summary>The rule id, unique in its contract.</summary>
    public required string Id { get; init; }

    /// <summary>The kind.</summary>
    public required RuleKind Kind { get; init; }

    /// <summary>The name of the kind as written in the configuration (e.g. <c>orderedEquals</c>).</summary>
    public required string KindName { get; init; }

    /// <summary>Error (default) or warning.</summary>
    public DiagnosticSeverity Severity { get; init; } = DiagnosticSeverity.Error;

    /// <summary>Free text, or null.</summary>
    public string? Description { get; init; }

    /// <summary>What the rule checks: <c>payloads</c> (each payload), <c>manifest</c>, or a named file.</summary>
    public string Target { get; init; } = "payloads";

    /// <summary>When set, the rule applies to each member (or element) of the value at this pointer.</summary>
    public JsonPointer? Each { get; init; }

    /// <summary>The checked value's pointer (relative to each member when <see cref="Each"/> is set).</summary>
    public JsonPointer Pointer { get; init; } = JsonPointer.Root;

    /// <summary>The expected value's source, or null when <see cref="Value"/> is given.</summary>
    public RuleSource? From { get; init; }

    /// <summary>A literal expected value, or null.</summary>
    public LocatedJsonNode? Value { get; init; }

    /// <summary>Keys for requiredKeys, forbiddenKeys and mirror.</summary>
    public IReadOnlyList<string>? Keys { get; init; }

    /// <summary>The compiled pattern of a pattern rule.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>The allowed values of an enum rule.</summary>
    public IReadOnlyList<LocatedJsonNode>? Values { get; init; }

    /// <summary>The file whose raw bytes a sha256 rule hashes.</summary>
    public string? Of { get; init; }

    /// <summary>The applicability condition, or null (always applies).</summary>
    public RuleCondition? When { get; init; }

    /// <summary>Line of the rule object in the configuration.</summary>
    public int Line { get; init; }

    /// <summary>Column of the rule object in the configuration.</summary>
    public int Column { get; init; }
}
