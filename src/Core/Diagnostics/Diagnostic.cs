using System.Globalization;

namespace ReleaseTrain.Core.Diagnostics;

/// <summary>Severity of a <see cref="Diagnostic"/>, as MSBuild and SARIF know it.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Reported but does not fail the check (exit code 0).</summary>
    Warning,

    /// <summary>Fails the check: exit code 1 for a verdict (RT2xxx and up), 2 for invalid input (RT1xxx).</summary>
    Error,
}

/// <summary>
/// One coded finding with its location, printed as an MSBuild canonical line
/// <c>PATH(LINE,COL): error RT2001: message</c>.
/// </summary>
/// <param name="Code">The diagnostic code, <c>RT</c> followed by four digits (see docs/diagnostics.md).</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">The human-readable message, already formatted.</param>
/// <param name="File">Full path of the file the finding is in, or <see langword="null"/> when it has no file.</param>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Column">1-based column counted in Unicode scalar values, or 0 when unknown.</param>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    string Message,
    string? File = null,
    int Line = 0,
    int Column = 0
)
{
    /// <summary>Formats the canonical MSBuild line, e.g. <c>a.json(5,3): error RT2001: text</c>.</summary>
    /// <param name="displayPath">The path to print instead of <see cref="File"/>, or null to print
    /// <see cref="File"/>.</param>
    /// <returns>The one-line canonical form.</returns>
    public string ToCanonicalString(string? displayPath = null)
    {
        var path = displayPath ?? File;
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        if (string.IsNullOrEmpty(path))
        {
            return string.Create(CultureInfo.InvariantCulture, $"release-train : {severity} {Code}: {Message}");
        }

        return Line > 0
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{path}({Line},{Math.Max(Column, 1)}): {severity} {Code}: {Message}"
            )
            : string.Create(CultureInfo.InvariantCulture, $"{path} : {severity} {Code}: {Message}");
    }

    /// <inheritdoc />
    public override string ToString() => ToCanonicalString();
}
