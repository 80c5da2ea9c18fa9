using System.Text.RegularExpressions;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Rules;

/// <summary>
/// <c>pattern</c>: the string at <c>pointer</c> matches the .NET regular expression <c>pattern</c> (culture-invariant,
/// two seconds at most per match). A pattern that does not compile is RT1008 at load time; one that cannot decide in
/// time RT1008 as an input error (never a pass); a mismatch RT2007.
/// </summary>
public sealed class PatternRule : DriftRuleKind
{
    /// <summary>The longest one match may take.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    /// <inheritdoc/>
    public override string Name => "pattern";

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.PatternMismatch,
        DiagnosticCodes.ValueMissing,
        DiagnosticCodes.TypeMismatch,
        DiagnosticCodes.InvalidPattern,
    ];

    /// <inheritdoc/>
    /// <returns>The compiled <see cref="Regex"/>, or null when it does not compile (RT1008 reported).</returns>
    public override object? ReadSettings(LocatedJsonObject rule, string ruleId, RuleReader reader)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(reader);
        if (rule.GetMember("pattern") is not { Value: LocatedJsonScalar { Text: { } text } node })
        {
            return null;
        }

        try
        {
            return new Regex(text, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            reader.Error(DiagnosticCodes.InvalidPattern, node, text, ex.Message);
            return null;
        }
    }

    /// <inheritdoc/>
    public override void ReadOnOtherKind(LocatedJsonObject rule, string ruleId, RuleReader reader) =>
        ReadSettings(rule, ruleId, reader);

    /// <inheritdoc/>
    public override void Check(RuleCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var pattern = (Regex)check.Rule.Settings!;
        var actual = check.Actual;
        if (actual is null)
        {
            check.Report(
                DiagnosticCodes.ValueMissing,
                check.Deepest,
                check.Pointer,
                null,
                null,
                "a string matching " + pattern
            );
        }
        else if (actual is not LocatedJsonScalar { Kind: JsonKind.String, Text: { } text })
        {
            check.ReportWrongType(actual, "string");
        }
        else if (!MatchesWithinTimeout(check, pattern, actual, text))
        {
            check.Report(
                DiagnosticCodes.PatternMismatch,
                actual,
                check.Pointer,
                null,
                actual.ToJson(),
                actual.ToJson(),
                pattern
            );
        }
    }

    private static bool MatchesWithinTimeout(RuleCheck check, Regex pattern, LocatedJsonNode at, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException ex)
        {
            // Fail closed: a pattern that cannot decide in time is invalid input, never a pass.
            check.AddInputError(
                DiagnosticCodes.InvalidPattern.Error(
                    check.Document.Path,
                    at.Line,
                    at.Column,
                    pattern,
                    "matching timed out after " + ex.MatchTimeout
                )
            );
            return true;
        }
    }
}
