using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>Where a rule takes its expected value from: a file of the contract and a JSON Pointer into it.</summary>
/// <param name="File"><c>manifest</c> or the name of one of the contract's files.</param>
/// <param name="Pointer">The pointer into that file.</param>
public sealed record RuleSource(string File, JsonPointer Pointer);

/// <summary>A rule's applicability condition, evaluated on the checked file.</summary>
/// <param name="Pointer">The pointer into the checked file.</param>
/// <param name="EqualsValue">The rule applies when the value equals this, or null.</param>
/// <param name="In">The rule applies when the value is one of these, or null.</param>
/// <param name="Exists">The rule applies when the value is present (true) or absent (false), or null.</param>
public sealed record RuleCondition(
    JsonPointer Pointer,
    LocatedJsonNode? EqualsValue,
    IReadOnlyList<LocatedJsonNode>? In,
    bool? Exists
)
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

/// <summary>
/// One rule of a contract: the parts every kind shares (read by <see cref="RuleReader"/>), its kind from the
/// registry (<see cref="RuleKinds"/>), and the kind's own settings as that kind read them.
/// </summary>
public sealed record RuleDefinition
{
    /// <summary>The rule id, unique in its contract.</summary>
    public required string Id { get; init; }

    /// <summary>The kind, from <see cref="RuleKinds"/>.</summary>
    public required DriftRuleKind Kind { get; init; }

    /// <summary>The name of the kind as written in the configuration (e.g. <c>orderedEquals</c>).</summary>
    public string KindName => Kind.Name;

    /// <summary>
    /// What <see cref="DriftRuleKind.ReadSettings"/> of <see cref="Kind"/> read from the rule's own members (e.g. the
    /// keys of a requiredKeys rule, the compiled regular expression of a pattern rule), or null for a kind without any.
    /// </summary>
    public object? Settings { get; init; }

    /// <summary>Error (default) or warning.</summary>
    public DiagnosticSeverity Severity { get; init; } = DiagnosticSeverity.Error;

    /// <summary>Free text, or null.</summary>
    public string? Description { get; init; }

    /// <summary>What the rule checks: <c>payloads</c> (each payload), <c>manifest</c>, or a named file.</summary>
    public string Target { get; init; } = "payloads";

    /// <summary>When set, the rule applies to each member (or element) of the value at this pointer.</summary>
    public JsonPointer? Each { get; init; }

    /// <summary>
    /// With <see cref="Each"/>: the members the object at <see cref="Each"/> must have (each missing one is RT2004 at
    /// the object), so that deleting one of the named entries is drift and not a rule applied to one entry fewer; empty
    /// when none are named.
    /// </summary>
    public IReadOnlyList<string> EachRequired { get; init; } = [];

    /// <summary>The checked value's pointer (relative to each member when <see cref="Each"/> is set).</summary>
    public JsonPointer Pointer { get; init; } = JsonPointer.Root;

    /// <summary>The expected value's source, or null when <see cref="Value"/> is given.</summary>
    public RuleSource? From { get; init; }

    /// <summary>A literal expected value, or null.</summary>
    public LocatedJsonNode? Value { get; init; }

    /// <summary>The applicability condition, or null (always applies).</summary>
    public RuleCondition? When { get; init; }

    /// <summary>Line of the rule object in the configuration.</summary>
    public int Line { get; init; }

    /// <summary>Column of the rule object in the configuration.</summary>
    public int Column { get; init; }
}
