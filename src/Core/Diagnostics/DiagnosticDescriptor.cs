using System.Globalization;
using System.Resources;

namespace ReleaseTrain.Core.Diagnostics;

/// <summary>
/// A diagnostic code with its name; its message format comes from the embedded resource
/// <c>DiagnosticMessages.resx</c> (key = code) so that codes and texts live in one table.
/// Every code is documented in docs/diagnostics.md; a test keeps codes unique and documented.
/// </summary>
public sealed class DiagnosticDescriptor
{
    private static readonly ResourceManager Messages = new(
        "ReleaseTrain.Core.Diagnostics.DiagnosticMessages",
        typeof(DiagnosticDescriptor).Assembly
    );

    internal DiagnosticDescriptor(string code, string name)
    {
        Code = code;
        Name = name;
    }

    /// <summary>The code, <c>RT</c> and four digits: RT1xxx input, RT2xxx contract drift.</summary>
    public string Code { get; }

    /// <summary>A stable PascalCase name for the code, used in JSON and SARIF rule metadata.</summary>
    public string Name { get; }

    /// <summary>The composite-format message from resources.</summary>
    /// <exception cref="InvalidOperationException">The resource table has no message for the code.</exception>
    public string MessageFormat =>
        Messages.GetString(Code, CultureInfo.InvariantCulture)
        ?? throw new InvalidOperationException($"No message resource for diagnostic {Code}.");

    /// <summary>Creates a diagnostic of this code.</summary>
    /// <param name="severity">Error or warning.</param>
    /// <param name="file">Full path of the file, or null.</param>
    /// <param name="line">1-based line, 0 when unknown.</param>
    /// <param name="column">1-based column, 0 when unknown.</param>
    /// <param name="args">Arguments for <see cref="MessageFormat"/>.</param>
    /// <returns>The formatted diagnostic.</returns>
    public Diagnostic Create(DiagnosticSeverity severity, string? file, int line, int column, params object?[] args) =>
        new(Code, severity, string.Format(CultureInfo.InvariantCulture, MessageFormat, args), file, line, column);

    /// <summary>Creates an error diagnostic of this code.</summary>
    /// <param name="file">Full path of the file, or null.</param>
    /// <param name="line">1-based line, 0 when unknown.</param>
    /// <param name="column">1-based column, 0 when unknown.</param>
    /// <param name="args">Arguments for <see cref="MessageFormat"/>.</param>
    /// <returns>The formatted error.</returns>
    public Diagnostic Error(string? file, int line, int column, params object?[] args) =>
        Create(DiagnosticSeverity.Error, file, line, column, args);
}
