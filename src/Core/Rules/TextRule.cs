using System.Text;
using System.Text.RegularExpressions;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>The settings of a <c>text</c> rule.</summary>
/// <param name="Of">The file whose text is searched: <c>manifest</c> or a key of the contract's <c>files</c>.</param>
/// <param name="Matches">The pattern that must occur, or null.</param>
/// <param name="NotMatches">The pattern that must not occur, or null.</param>
public sealed record TextRequirement(string Of, string? Matches, string? NotMatches);

/// <summary>
/// <c>text</c>: the text of file <c>of</c> (any file, read as UTF-8: a Markdown status document, a spec, a source
/// file) contains a match of <c>matches</c> and no match of <c>notMatches</c>. Both are .NET regular expressions
/// searched line by line as <c>rg</c> and <c>grep</c> search (<c>^</c> and <c>$</c> at each line's start and end, a
/// CRLF read as LF). A pattern may hold placeholders <c>${/pointer}</c>, filled with the value at that JSON Pointer
/// relative to the checked value (the rule's <c>pointer</c> in its target, so with <c>each</c>, each member; <c>${}</c>
/// is the value itself) as literal text (escaped), so a status document can be held to name the manifest's pinned tag
/// and sha, as MemoryKernel's verify_producer_contract_manifest.sh and AssistSupport's
/// validate_memorykernel_pin_sync.mjs require. A pattern that does not occur is RT2013 and one that occurs RT2014 (at
/// the match's line and column), both in the text file; a placeholder's value that is missing is RT2010 and one that
/// is not a string, number or boolean RT2011, in the checked file; text that is not UTF-8 is RT1022.
/// </summary>
public sealed partial class TextRule : DriftRuleKind
{
    private static readonly UTF8Encoding Strict = new(
        encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true
    );

    /// <inheritdoc/>
    public override string Name => "text";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.TextPatternMissing,
        DiagnosticCodes.TextPatternPresent,
        DiagnosticCodes.TextNotUtf8,
        DiagnosticCodes.InvalidPattern,
        DiagnosticCodes.SchemaViolation,
        DiagnosticCodes.UnknownFileReference,
        DiagnosticCodes.ValueMissing,
        DiagnosticCodes.TypeMismatch,
    ];

    [GeneratedRegex(@"\$\{(/[^}]*)?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <inheritdoc/>
    /// <returns>A <see cref="TextRequirement"/>.</returns>
    public override object? ReadSettings(LocatedJsonObject rule, string ruleId, RuleReader reader)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(reader);
        var of = RuleReader.String(rule, "of") ?? "manifest";
        reader.CheckFileName(rule, "of", of, ruleId);
        var matches = Compilable(rule, "matches", reader);
        var notMatches = Compilable(rule, "notMatches", reader);
        if (rule.GetMember("matches") is null && rule.GetMember("notMatches") is null)
        {
            reader.Error(
                DiagnosticCodes.SchemaViolation,
                rule,
                $"rule '{ruleId}'",
                "a text rule needs 'matches', 'notMatches' or both."
            );
        }

        return new TextRequirement(of, matches, notMatches);
    }

    /// <inheritdoc/>
    public override IEnumerable<string> RawFiles(RuleDefinition rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return [((TextRequirement)rule.Settings!).Of];
    }

    /// <inheritdoc/>
    public override void Check(RuleCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var want = (TextRequirement)check.Rule.Settings!;
        if (check.Actual is null)
        {
            check.Report(DiagnosticCodes.ValueMissing, check.Deepest, check.Pointer, null, null, "a value");
            return;
        }

        string text;
        var path = check.FullPath(want.Of);
        try
        {
            text = Strict.GetString(check.ReadBytes(want.Of)).Replace("\r\n", "\n", StringComparison.Ordinal);
        }
        catch (DecoderFallbackException ex)
        {
            check.AddInputError(DiagnosticCodes.TextNotUtf8.Error(path, 0, 0, ex.Index));
            return;
        }

        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        if (want.Matches is not null && Fill(check, want.Matches) is { } matches)
        {
            var found = Find(check, matches, text, path);
            if (found is { Success: false })
            {
                check.Add(
                    check.Pointer.ToString(),
                    null,
                    null,
                    DiagnosticCodes.TextPatternMissing.Create(
                        check.Rule.Severity,
                        path,
                        0,
                        0,
                        [check.ContractId, check.Rule.Id, check.RelativePath(want.Of), matches]
                    )
                );
            }
        }

        if (want.NotMatches is not null && Fill(check, want.NotMatches) is { } notMatches)
        {
            var found = Find(check, notMatches, text, path);
            if (found is { Success: true } match)
            {
                var (line, column) = Position(text, match.Index);
                check.Add(
                    check.Pointer.ToString(),
                    null,
                    RuleCheck.Quote(match.Value),
                    DiagnosticCodes.TextPatternPresent.Create(
                        check.Rule.Severity,
                        path,
                        line,
                        column,
                        [check.ContractId, check.Rule.Id, check.RelativePath(want.Of), notMatches, match.Value]
                    )
                );
            }
        }
    }

    /// <summary>Checks at load time that a pattern compiles with its placeholders filled (RT1008).</summary>
    private static string? Compilable(LocatedJsonObject rule, string member, RuleReader reader)
    {
        if (rule.GetMember(member) is not { Value: LocatedJsonScalar { Text: { } pattern } node })
        {
            return null;
        }

        foreach (Match placeholder in Placeholder().Matches(pattern))
        {
            var pointer = placeholder.Groups[1].Value;
            if (!JsonPointer.TryParse(pointer, out _, out var error))
            {
                reader.Error(DiagnosticCodes.InvalidJsonPointer, node, pointer, error);
                return null;
            }
        }

        try
        {
            _ = new Regex(Placeholder().Replace(pattern, "x"), Options, PatternRule.MatchTimeout);
            return pattern;
        }
        catch (ArgumentException ex)
        {
            reader.Error(DiagnosticCodes.InvalidPattern, node, pattern, ex.Message);
            return null;
        }
    }

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Multiline;

    /// <summary>
    /// The pattern with its placeholders filled, or null after reporting a value that cannot fill one.
    /// </summary>
    private static string? Fill(RuleCheck check, string pattern)
    {
        string? failed = null;
        var filled = Placeholder()
            .Replace(pattern, placeholder =>
            {
                var relative = JsonPointer.Parse(placeholder.Groups[1].Value);
                var (value, deepest) = relative.Resolve(check.Actual!);
                var pointer = check.Pointer.Append(relative);
                switch (value)
                {
                    case null:
                        check.Report(DiagnosticCodes.ValueMissing, deepest, pointer, null, null, "a value");
                        failed ??= pattern;
                        return string.Empty;
                    case LocatedJsonScalar { Kind: JsonKind.String or JsonKind.Number, Text: { } text }:
                        return Regex.Escape(text);
                    case LocatedJsonScalar { Kind: JsonKind.Boolean } boolean:
                        return boolean.Boolean ? "true" : "false";
                    default:
                        check.ReportWrongType(value, "string, number or boolean", pointer: pointer);
                        failed ??= pattern;
                        return string.Empty;
                }
            });
        return failed is null ? filled : null;
    }

    private static Match? Find(RuleCheck check, string pattern, string text, string path)
    {
        try
        {
            return new Regex(pattern, Options, PatternRule.MatchTimeout).Match(text);
        }
        catch (RegexMatchTimeoutException ex)
        {
            // Fail closed: a pattern that cannot decide in time is invalid input, never a pass.
            check.AddInputError(
                DiagnosticCodes.InvalidPattern.Error(path, 0, 0, pattern, "matching timed out after " + ex.MatchTimeout)
            );
            return null;
        }
        catch (ArgumentException ex)
        {
            check.AddInputError(DiagnosticCodes.InvalidPattern.Error(path, 0, 0, pattern, ex.Message));
            return null;
        }
    }

    /// <summary>1-based line and column (in UTF-16 code units counted as scalar values) of an index.</summary>
    private static (int Line, int Column) Position(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var column = 1;
        for (var i = lineStart; i < index; i++)
        {
            if (!char.IsLowSurrogate(text[i]))
            {
                column++;
            }
        }

        return (line, column);
    }
}
