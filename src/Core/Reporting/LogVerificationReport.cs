using System.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// The report of <c>release-train log verify</c> over a hash-chained log (decisions or sign-off records): the first
/// bad line, if any (<see cref="HashChainedLog.Verify"/>), and how many records verified before it.
/// </summary>
/// <param name="LogPath">The full path of the log.</param>
/// <param name="Problems">Empty when intact; else one RT4010 / RT4011 (or RT1003 when the log does not exist).</param>
/// <param name="Records">How many records verified.</param>
public sealed record LogVerificationReport(string LogPath, IReadOnlyList<Diagnostic> Problems, int Records)
{
    /// <summary>Verifies a log.</summary>
    /// <param name="logPath">The log file.</param>
    /// <returns>The report.</returns>
    public static LogVerificationReport Run(string logPath)
    {
        var problems = HashChainedLog.Verify(logPath, out var records);
        return new LogVerificationReport(logPath, problems, records);
    }

    /// <summary>0 intact, 1 tampered or torn, 2 when the log cannot be read at all (it does not exist).</summary>
    public int ExitCode =>
        Problems.Count == 0 ? 0
        : Problems[0].Code == DiagnosticCodes.FileNotFound.Code ? 2
        : 1;

    /// <summary>The problems as canonical lines, then the summary line.</summary>
    /// <returns>The text, ending with a newline.</returns>
    public string ToText()
    {
        var builder = new StringBuilder();
        foreach (var d in Problems)
        {
            builder.AppendLine(d.ToCanonicalString());
        }

        builder.AppendLine(
            Problems.Count == 0
                ? $"decision log intact: {Records} record(s) in {LogPath}"
                : $"decision log FAILED verification after {Records} good record(s): {LogPath}"
        );
        return builder.ToString();
    }
}
