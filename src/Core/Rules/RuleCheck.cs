using System.Diagnostics.CodeAnalysis;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// One application of a rule to one value: the rule, the checked file, the pointer and what it resolved to, and where
/// findings go. The drift engine (ReleaseTrain.Core.Contracts) implements it; a <see cref="DriftRuleKind"/> reads it.
/// </summary>
public abstract class RuleCheck
{
    /// <summary>Creates the check of one value.</summary>
    /// <param name="contractId">The contract's id.</param>
    /// <param name="rule">The rule.</param>
    /// <param name="document">The checked file.</param>
    /// <param name="pointer">The checked value's pointer (with <c>each</c>: the member's).</param>
    /// <param name="actual">The value at <paramref name="pointer"/>, or null when it is missing.</param>
    /// <param name="deepest">The deepest node that exists on the way to <paramref name="pointer"/>.</param>
    protected RuleCheck(
        string contractId,
        RuleDefinition rule,
        LocatedJsonDocument document,
        JsonPointer pointer,
        LocatedJsonNode? actual,
        LocatedJsonNode deepest
    )
    {
        ContractId = contractId;
        Rule = rule;
        Document = document;
        Pointer = pointer;
        Actual = actual;
        Deepest = deepest;
    }

    /// <summary>The contract's id.</summary>
    public string ContractId { get; }

    /// <summary>The rule.</summary>
    public RuleDefinition Rule { get; }

    /// <summary>The checked file.</summary>
    public LocatedJsonDocument Document { get; }

    /// <summary>The checked value's pointer.</summary>
    public JsonPointer Pointer { get; }

    /// <summary>The checked value, or null when it is missing.</summary>
    public LocatedJsonNode? Actual { get; }

    /// <summary>
    /// The deepest existing node on the way to <see cref="Pointer"/> (where a missing value is reported).
    /// </summary>
    public LocatedJsonNode Deepest { get; }

    /// <summary>
    /// Full path of the file <see cref="RuleDefinition.From"/> names, or null when the rule has no <c>from</c>.
    /// </summary>
    public abstract string? SourcePath { get; }

    /// <summary>
    /// The expected value: the rule's <c>value</c>, or the value at <c>from</c>. When the source lacks it, reports
    /// RT2012 in the source file (once per rule and source) and returns false: the rule fails, it does not pass.
    /// </summary>
    /// <param name="expected">The expected value.</param>
    /// <param name="sourceName">Where it came from, for messages (e.g. <c>manifest /release_tag</c>).</param>
    /// <returns>True when there is an expected value.</returns>
    public abstract bool TryGetExpected([NotNullWhen(true)] out LocatedJsonNode? expected, out string sourceName);

    /// <summary>
    /// The raw bytes of one of the contract's files (read, bounded and root-confined, before any rule ran).
    /// </summary>
    /// <param name="fileName"><c>manifest</c> or a key of the contract's <c>files</c>.</param>
    /// <returns>The bytes.</returns>
    public abstract byte[] ReadBytes(string fileName);

    /// <summary>The root-relative path of one of the contract's files, with <c>/</c> separators.</summary>
    /// <param name="fileName"><c>manifest</c> or a key of the contract's <c>files</c>.</param>
    /// <returns>The path.</returns>
    public abstract string RelativePath(string fileName);

    /// <summary>
    /// The full path of one of the contract's files (where a finding about its raw text is reported).
    /// </summary>
    /// <param name="fileName"><c>manifest</c> or a key of the contract's <c>files</c>.</param>
    /// <returns>The path.</returns>
    public abstract string FullPath(string fileName);

    /// <summary>Adds a finding of this rule.</summary>
    /// <param name="pointer">The offending value's pointer.</param>
    /// <param name="expected">The expected value (compact JSON), or null when there is no single one.</param>
    /// <param name="actual">The actual value (compact JSON), or null when it is missing.</param>
    /// <param name="diagnostic">The diagnostic.</param>
    public abstract void Add(string pointer, string? expected, string? actual, Diagnostic diagnostic);

    /// <summary>Adds an input error (RT1xxx): the rule could not be decided, so the contract cannot pass.</summary>
    /// <param name="diagnostic">The diagnostic.</param>
    public abstract void AddInputError(Diagnostic diagnostic);

    /// <summary>
    /// RT2011: the value at <paramref name="pointer"/> (default <see cref="Pointer"/>) is not of the JSON type the
    /// rule needs.
    /// </summary>
    /// <param name="actual">The value found.</param>
    /// <param name="wanted">What the rule needs, e.g. <c>object</c>, <c>string</c>, <c>object or array</c>.</param>
    /// <param name="expected">The expected value (compact JSON), or null.</param>
    /// <param name="pointer">The value's pointer, or null for <see cref="Pointer"/>.</param>
    public void ReportWrongType(
        LocatedJsonNode actual,
        string wanted,
        string? expected = null,
        JsonPointer? pointer = null
    )
    {
        ArgumentNullException.ThrowIfNull(actual);
        Report(
            DiagnosticCodes.TypeMismatch,
            actual,
            pointer ?? Pointer,
            expected,
            actual.ToJson(),
            wanted,
            actual.KindName
        );
    }

    /// <summary>
    /// RT2011 at the checked value: the rule's source value (at <paramref name="sourceName"/>) is not of the JSON type
    /// the rule compares, so nothing can be derived from it.
    /// </summary>
    /// <param name="actual">The checked value, where the finding is reported.</param>
    /// <param name="source">The source value.</param>
    /// <param name="wanted">The type the rule compares: <c>array</c> or <c>object</c>.</param>
    /// <param name="sourceName">Where the source value was read, e.g. <c>manifest /errors</c>.</param>
    public void ReportWrongSourceType(LocatedJsonNode actual, LocatedJsonNode source, string wanted, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(source);
        Report(
            DiagnosticCodes.TypeMismatch,
            actual,
            Pointer,
            null,
            source.ToJson(),
            $"{wanted} at {sourceName}",
            source.KindName
        );
    }

    /// <summary>
    /// Adds a finding with the rule's severity at a node of the checked file; the message's first three arguments are
    /// the contract id, the rule id and <paramref name="pointer"/> (<c>/</c> for the whole document).
    /// </summary>
    /// <param name="code">The code.</param>
    /// <param name="at">The node the finding is reported at.</param>
    /// <param name="pointer">The offending value's pointer.</param>
    /// <param name="expected">The expected value (compact JSON), or null.</param>
    /// <param name="actual">The actual value (compact JSON), or null.</param>
    /// <param name="args">The code's further message arguments.</param>
    public void Report(
        DiagnosticDescriptor code,
        LocatedJsonNode at,
        JsonPointer pointer,
        string? expected,
        string? actual,
        params object?[] args
    )
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(pointer);
        var text = pointer.ToString();
        var diagnostic = code.Create(
            Rule.Severity,
            Document.Path,
            at.Line,
            at.Column,
            [ContractId, Rule.Id, text.Length == 0 ? "/" : text, .. args]
        );
        Add(text, expected, actual, diagnostic);
    }

    /// <summary>
    /// Adds a finding of a fixed severity (e.g. a warning that does not depend on the rule's severity) at a node of
    /// the checked file, with no expected value (<c>verify --fix</c> leaves it alone); the message's first three
    /// arguments are the contract id, the rule id and <paramref name="pointer"/>.
    /// </summary>
    /// <param name="code">The code.</param>
    /// <param name="severity">The severity.</param>
    /// <param name="at">The node the finding is reported at.</param>
    /// <param name="pointer">The offending value's pointer.</param>
    /// <param name="args">The code's further message arguments.</param>
    public void Report(
        DiagnosticDescriptor code,
        DiagnosticSeverity severity,
        LocatedJsonNode at,
        JsonPointer pointer,
        params object?[] args
    )
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(pointer);
        var text = pointer.ToString();
        var diagnostic = code.Create(
            severity,
            Document.Path,
            at.Line,
            at.Column,
            [ContractId, Rule.Id, text.Length == 0 ? "/" : text, .. args]
        );
        Add(text, null, at.ToJson(), diagnostic);
    }

    /// <summary>A string as a JSON string literal.</summary>
    /// <param name="text">The string.</param>
    /// <returns>The literal, e.g. <c>"a\"b"</c>.</returns>
    public static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>Values as a compact JSON array.</summary>
    /// <param name="nodes">The values.</param>
    /// <returns>e.g. <c>[1,"a"]</c>.</returns>
    public static string JsonList(IEnumerable<LocatedJsonNode> nodes) =>
        "[" + string.Join(",", nodes.Select(n => n.ToJson())) + "]";

    /// <summary>Strings as a compact JSON array.</summary>
    /// <param name="items">The strings.</param>
    /// <returns>e.g. <c>["a","b"]</c>.</returns>
    public static string JsonList(IEnumerable<string> items) => "[" + string.Join(",", items.Select(Quote)) + "]";
}
