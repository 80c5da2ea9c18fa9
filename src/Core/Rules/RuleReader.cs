using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// Reads the rules of one contract of release-train.json (after the schema has accepted the file): the members
/// every rule has (<c>id</c>, <c>kind</c>, <c>severity</c>, <c>description</c>, <c>target</c>, <c>each</c>,
/// <c>eachRequired</c>, <c>pointer</c>, <c>from</c>, <c>value</c>, <c>when</c>), then, through <see cref="RuleKinds"/>,
/// the kind's own members. Every problem is a coded error at its line and column in the configuration: unknown file
/// names RT1010, invalid pointers RT1007, and those a kind reports (e.g. RT1008 for a pattern).
/// </summary>
/// <param name="configPath">Full path of release-train.json (the errors' file).</param>
/// <param name="contractId">The contract's id.</param>
/// <param name="fileNames"><c>manifest</c> and the keys of the contract's <c>files</c>.</param>
/// <param name="errors">Where errors go.</param>
public sealed class RuleReader(
    string configPath,
    string contractId,
    IReadOnlySet<string> fileNames,
    ICollection<Diagnostic> errors
)
{
    /// <summary>Reads one rule.</summary>
    /// <param name="node">The rule's object.</param>
    /// <param name="hasPayloads">Whether the contract lists payloads.</param>
    /// <returns>The rule, or null when an error was reported for it.</returns>
    /// <exception cref="InvalidOperationException">
    /// The kind is in the schema's enum but not in <see cref="RuleKinds"/> (a defect).
    /// </exception>
    public RuleDefinition? Read(LocatedJsonObject node, bool hasPayloads)
    {
        ArgumentNullException.ThrowIfNull(node);
        var id = String(node, "id")!;
        var kindName = String(node, "kind")!;
        var kind = RuleKinds.Get(kindName);
        var errorCount = errors.Count;

        var target = String(node, "target") ?? "payloads";
        if (target != "payloads")
        {
            CheckFileName(node, "target", target, id);
        }

        RuleSource? from = null;
        if (node.TryGetProperty("from", out var fromNode))
        {
            var fromObject = (LocatedJsonObject)fromNode;
            var file = String(fromObject, "file") ?? "manifest";
            CheckFileName(fromObject, "file", file, id);
            from = new RuleSource(file, Pointer(fromObject, "pointer") ?? JsonPointer.Root);
        }

        node.TryGetProperty("value", out var value);
        if (kind.Expected == ExpectedValue.FromOrValue && (from is null) == (value is null))
        {
            Error(
                DiagnosticCodes.SchemaViolation,
                node,
                $"rule '{id}'",
                $"a {kindName} rule needs exactly one of 'from' and 'value'."
            );
        }

        var settings = kind.ReadSettings(node, id, this);
        foreach (var other in RuleKinds.All.Where(k => k != kind))
        {
            other.ReadOnOtherKind(node, id, this);
        }

        RuleCondition? when = null;
        if (node.TryGetProperty("when", out var whenNode))
        {
            var whenObject = (LocatedJsonObject)whenNode;
            whenObject.TryGetProperty("equals", out var equalsValue);
            when = new RuleCondition(
                Pointer(whenObject, "pointer") ?? JsonPointer.Root,
                equalsValue,
                whenObject.TryGetProperty("in", out var inNode) ? ((LocatedJsonArray)inNode).Items : null,
                whenObject.TryGetProperty("exists", out var existsNode) ? ((LocatedJsonScalar)existsNode).Boolean : null
            );
        }

        if (target == "payloads" && !hasPayloads)
        {
            Error(
                DiagnosticCodes.SchemaViolation,
                node,
                $"rule '{id}'",
                "the rule checks 'payloads' but the contract lists none; set 'target' or add 'payloads'."
            );
        }

        var rule = new RuleDefinition
        {
            Id = id,
            Kind = kind,
            Settings = settings,
            Severity = String(node, "severity") == "warning" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
            Description = String(node, "description"),
            Target = target,
            Each = Pointer(node, "each"),
            EachRequired = node.TryGetProperty("eachRequired", out var required)
                ? [.. ((LocatedJsonArray)required).Items.Select(n => ((LocatedJsonScalar)n).Text!)]
                : [],
            Pointer = Pointer(node, "pointer") ?? JsonPointer.Root,
            From = from,
            Value = value,
            When = when,
            Line = node.Line,
            Column = node.Column,
        };
        return errors.Count > errorCount ? null : rule;
    }

    /// <summary>Reports an error at a node of the configuration.</summary>
    /// <param name="code">The code (RT1xxx).</param>
    /// <param name="at">The node.</param>
    /// <param name="args">The code's message arguments.</param>
    public void Error(DiagnosticDescriptor code, LocatedJsonNode at, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(at);
        errors.Add(code.Error(configPath, at.Line, at.Column, args));
    }

    /// <summary>Reports RT1010 when a member names a file the contract does not declare.</summary>
    /// <param name="node">The object holding the member.</param>
    /// <param name="property">The member (reported at its value, or at <paramref name="node"/> when absent).</param>
    /// <param name="name">The file name it holds.</param>
    /// <param name="ruleId">The rule's id.</param>
    public void CheckFileName(LocatedJsonObject node, string property, string name, string ruleId)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!fileNames.Contains(name))
        {
            var at = node.GetMember(property)?.Value ?? node;
            var declared = string.Join(", ", fileNames.Order(StringComparer.Ordinal));
            Error(DiagnosticCodes.UnknownFileReference, at, ruleId, name, contractId, declared);
        }
    }

    /// <summary>A string member's text.</summary>
    /// <param name="node">The object.</param>
    /// <param name="property">The member's name.</param>
    /// <returns>The text, or null when the member is absent or not a string.</returns>
    public static string? String(LocatedJsonObject node, string property)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.TryGetProperty(property, out var value) ? (value as LocatedJsonScalar)?.Text : null;
    }

    private JsonPointer? Pointer(LocatedJsonObject node, string property)
    {
        if (node.GetMember(property) is not { Value: LocatedJsonScalar { Text: { } text } value })
        {
            return null;
        }

        if (JsonPointer.TryParse(text, out var pointer, out var error))
        {
            return pointer;
        }

        Error(DiagnosticCodes.InvalidJsonPointer, value, text, error);
        return null;
    }
}
