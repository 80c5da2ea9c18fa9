using System.Globalization;
using System.Text;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// The report of <c>release-train log repair</c> over a hash-chained log (decisions or sign-off records): nothing to
/// do, an incomplete last line removed (with the backup's path), or a refusal (<see cref="HashChainedLog.Repair"/>).
/// </summary>
/// <param name="Result">What the repair did.</param>
public sealed record LogRepairReport(HashChainedLogRepair Result)
{
    /// <summary>Repairs a log, holding the writers' lock (waiting <see cref="HashChainedLog.DefaultLockTimeout"/>).
    /// </summary>
    /// <param name="logPath">The log file.</param>
    /// <returns>The report.</returns>
    /// <exception cref="Diagnostics.ReleaseTrainException">RT1003, RT4012 or RT4013 (nothing changed).</exception>
    public static LogRepairReport Run(string logPath) =>
        new(HashChainedLog.Repair(logPath, HashChainedLog.DefaultLockTimeout));

    /// <summary>0 intact or repaired, 1 refused (the log is damaged otherwise and was left as it was).</summary>
    public int ExitCode => Result.Refused ? 1 : 0;

    /// <summary>The problems as canonical lines, then the summary line.</summary>
    /// <returns>The text, ending with a newline.</returns>
    public string ToText()
    {
        var builder = new StringBuilder();
        foreach (var d in Result.Problems)
        {
            builder.AppendLine(d.ToCanonicalString());
        }

        var summary = Result switch
        {
            { Refused: true } => $"log NOT repaired (nothing changed): {Result.LogPath}",
            { Repaired: true } => string.Create(
                CultureInfo.InvariantCulture,
                $"log repaired: removed an incomplete last line (line {Result.RemovedLine}, {Result.RemovedBytes} "
                    + $"bytes) left by an interrupted append; {Result.Records} record(s) verify in {Result.LogPath}; "
                    + $"the file as it was is kept in {Result.BackupPath}"
            ),
            _ => string.Create(
                CultureInfo.InvariantCulture,
                $"log intact, nothing to repair: {Result.Records} record(s) in {Result.LogPath}"
            ),
        };
        builder.AppendLine(summary);
        return builder.ToString();
    }
}
