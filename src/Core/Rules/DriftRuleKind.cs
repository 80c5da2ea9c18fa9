using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>Where a rule kind takes the value it compares with.</summary>
public enum ExpectedValue
{
    /// <summary>
    /// The kind's own settings say what is expected (e.g. <c>keys</c>, <c>pattern</c>); <c>from</c> is unused.
    /// </summary>
    None,

    /// <summary>Exactly one of <c>from</c> and <c>value</c> (checked at load time: RT1004).</summary>
    FromOrValue,

    /// <summary><c>from</c> (the schema requires it).</summary>
    From,
}

/// <summary>
/// A kind of drift rule (README.md, "Every rule has ..."), one file per kind under Rules/, listed once in
/// <see cref="RuleKinds"/>, in the manner of the .NET SDK's ApiCompat rules. A kind declares its name as written in
/// release-train.json, reads and validates its own members of a rule (the members every rule has are read once, by
/// <see cref="RuleReader"/>), names the diagnostic codes it can raise, evaluates one value, and says whether
/// <c>release-train verify --fix</c> may rewrite what it finds. Kinds are stateless singletons.
/// </summary>
public abstract class DriftRuleKind
{
    /// <summary>
    /// The name as written in a rule's <c>kind</c> (e.g. <c>orderedEquals</c>); the schema's enum holds it too.
    /// </summary>
    public abstract string Name { get; }

    /// <summary>
    /// The codes this kind can raise: at load time, reading its members, and as findings (a test keeps each one
    /// documented in docs/diagnostics.md). <see cref="RuleKinds.CommonCodes"/> are raised for every kind.
    /// </summary>
    public abstract IReadOnlyList<DiagnosticDescriptor> Codes { get; }

    /// <summary>Where the kind takes the value it compares with.</summary>
    public virtual ExpectedValue Expected => ExpectedValue.None;

    /// <summary>
    /// Its <c>--fix</c>: true when the value a finding expects is derived from the rule's source, so that
    /// <c>release-train verify --fix</c> may write that expected value in place of the actual one in a payload.
    /// </summary>
    public virtual bool DerivesValue => false;

    /// <summary>
    /// True when a rule of this kind makes its contract a pin: the payload records a deliberate choice of the
    /// consumer (which producer state it accepts, e.g. a manifest pinned by sha256), so <c>verify --fix</c> rewrites
    /// nothing in the payloads of that contract: following the producer is for the consumer to decide.
    /// </summary>
    public virtual bool MakesPin => false;

    /// <summary>
    /// Reads and validates this kind's own members of a rule object, reporting each problem through
    /// <paramref name="reader"/> at its line and column in the configuration. The schema has already checked types
    /// and required members.
    /// </summary>
    /// <param name="rule">The rule's object in release-train.json.</param>
    /// <param name="ruleId">The rule's id.</param>
    /// <param name="reader">Where errors go; the contract's file names.</param>
    /// <returns>
    /// The settings <see cref="Check"/> reads from <see cref="RuleDefinition.Settings"/>, or null for none.
    /// </returns>
    public virtual object? ReadSettings(LocatedJsonObject rule, string ruleId, RuleReader reader) => null;

    /// <summary>
    /// Validates this kind's members where they appear on a rule of another kind, which ignores them; by default
    /// nothing. The schema allows every kind's members on every rule, and a <c>pattern</c> anywhere has always had to
    /// compile (RT1008), so <see cref="PatternRule"/> checks it here.
    /// </summary>
    /// <param name="rule">The rule's object in release-train.json.</param>
    /// <param name="ruleId">The rule's id.</param>
    /// <param name="reader">Where errors go.</param>
    public virtual void ReadOnOtherKind(LocatedJsonObject rule, string ruleId, RuleReader reader) { }

    /// <summary>The names of the contract's files whose raw bytes (not their JSON) this rule reads.</summary>
    /// <param name="rule">A rule of this kind.</param>
    /// <returns>File names (<c>manifest</c> or a key of the contract's <c>files</c>).</returns>
    public virtual IEnumerable<string> RawFiles(RuleDefinition rule) => [];

    /// <summary>
    /// Evaluates the rule on one value of one checked file, reporting drift through <paramref name="check"/>.
    /// </summary>
    /// <param name="check">The rule, the value at its pointer, and where findings go.</param>
    public abstract void Check(RuleCheck check);
}
