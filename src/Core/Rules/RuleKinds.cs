using System.Text.Json;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// The registry of drift rule kinds: the one list of them (every <see cref="DriftRuleKind"/> of Core). Loading
/// (<see cref="RuleReader"/>), the drift engine, <c>verify --fix</c> and the CLI's help go through it; a test holds
/// it equal to the <c>kind</c> enum of schemas/release-train.schema.json and README's rule table. Adding a kind:
/// docs/architecture.md, "Adding a drift rule kind".
/// </summary>
public static class RuleKinds
{
    /// <summary>
    /// Every kind: one instance of each non-abstract <see cref="DriftRuleKind"/> of this assembly (so that a new
    /// kind is its file alone), in the order of the <c>kind</c> enum of a rule in schemas/release-train.schema.json
    /// (README's table and the CLI's help use that order); a kind the schema lacks comes last.
    /// </summary>
    public static IReadOnlyList<DriftRuleKind> All { get; } = Discover();

    // After All: static initializers run in text order.
    private static readonly Dictionary<string, DriftRuleKind> ByName = All.ToDictionary(
        k => k.Name,
        StringComparer.Ordinal
    );

    /// <summary>
    /// Codes the engine raises for a rule of any kind: with <c>each</c>, RT2010 when the container is missing and
    /// RT2011 when it is neither an object nor an array; with <c>eachRequired</c>, RT2004 for each named member the
    /// object lacks.
    /// </summary>
    public static IReadOnlyList<DiagnosticDescriptor> CommonCodes { get; } =
    [DiagnosticCodes.ValueMissing, DiagnosticCodes.TypeMismatch, DiagnosticCodes.RequiredKeyMissing];

    /// <summary>Finds a kind by the name written in release-train.json (case-sensitive, as the schema).</summary>
    /// <param name="name">e.g. <c>setEquals</c>.</param>
    /// <param name="kind">The kind, or null.</param>
    /// <returns>True when the registry has it.</returns>
    public static bool TryGet(
        string name,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DriftRuleKind? kind
    ) => ByName.TryGetValue(name, out kind);

    /// <summary>The kind of a name the schema accepted.</summary>
    /// <param name="name">e.g. <c>setEquals</c>.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="InvalidOperationException">
    /// No such kind: the schema's enum and this registry disagree (a defect the sync test catches).
    /// </exception>
    public static DriftRuleKind Get(string name) =>
        TryGet(name, out var kind)
            ? kind
            : throw new InvalidOperationException(
                $"Rule kind '{name}' is in the schema but no DriftRuleKind has that name."
            );

    private static List<DriftRuleKind> Discover()
    {
        var order = SchemaOrder();
        return
        [
            .. typeof(DriftRuleKind)
                .Assembly.GetTypes()
                .Where(t => t.IsSubclassOf(typeof(DriftRuleKind)) && !t.IsAbstract)
                .Select(t => (DriftRuleKind)Activator.CreateInstance(t)!)
                .OrderBy(k => order.IndexOf(k.Name) is var i and >= 0 ? i : int.MaxValue)
                .ThenBy(k => k.Name, StringComparer.Ordinal),
        ];
    }

    private static List<string> SchemaOrder()
    {
        const string Resource = "ReleaseTrain.Core.Schemas.release-train.schema.json";
        using var stream = typeof(RuleKinds).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException("Embedded schema 'release-train.schema.json' not found.");
        using var schema = JsonDocument.Parse(stream);
        return
        [
            .. schema
                .RootElement.GetProperty("$defs")
                .GetProperty("rule")
                .GetProperty("properties")
                .GetProperty("kind")
                .GetProperty("enum")
                .EnumerateArray()
                .Select(e => e.GetString()!),
        ];
    }
}
