using System.Text;
using ReleaseTrain.Core.Config;
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

    /// <summary>
    /// For a ledger: the head verified (null when the branch does not exist) and the records per file; null for a
    /// file log.
    /// </summary>
    public LedgerVerification? Ledger { get; init; }

    /// <summary>
    /// Verifies the ledger (<c>log verify</c> with <c>ledger</c> configured): fetches the branch, checks that its
    /// history still contains the anchor (the head this clone verified last, <see cref="GitLedger.CheckAnchor"/>:
    /// RT4035 after a force-push), that the history is linear and every commit adds one record line to one of
    /// <see cref="LedgerConfig.Files"/> (RT4034), and each file's chain (RT4010/RT4011/RT4016). Only when all of
    /// that holds is the head stored as the new anchor.
    /// </summary>
    /// <param name="ledger">The ledger.</param>
    /// <returns>The report.</returns>
    public static LogVerificationReport RunLedger(GitLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var counts = new List<(string File, int Records)>();
        string? head = null;
        var problems = new List<Diagnostic>();
        try
        {
            head = ledger.Fetch();
            if (ledger.CheckAnchor(head) is { } lost)
            {
                problems.Add(lost);
            }

            if (head is not null)
            {
                ledger.History(head, [.. LedgerConfig.Files]);
                foreach (var file in LedgerConfig.Files)
                {
                    var records = ledger.ReadAt(head, file, out var errors);
                    problems.AddRange(errors);
                    counts.Add((file, records.Count));
                }
            }

            if (problems.Count == 0 && head is not null)
            {
                ledger.StoreAnchor(head);
            }
        }
        catch (ReleaseTrainException ex)
        {
            problems.Add(ex.Diagnostic);
        }

        return new LogVerificationReport(ledger.DisplayName, problems, counts.Sum(c => c.Records))
        {
            Ledger = new LedgerVerification(head, counts),
        };
    }

    /// <summary>
    /// 0 intact, 1 tampered, torn or rewritten, 2 when the log cannot be read at all (it does not exist; the ledger
    /// cannot be fetched or git is missing).
    /// </summary>
    public int ExitCode =>
        Problems.Count == 0 ? 0
        : Problems[0].Code == DiagnosticCodes.FileNotFound.Code
        || Problems[0].Code == DiagnosticCodes.LedgerFetchFailed.Code
        || Problems[0].Code == DiagnosticCodes.LedgerGitMissing.Code
            ? 2
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

        if (Ledger is { } ledger)
        {
            var files = string.Join(", ", ledger.Files.Select(f => $"{f.File}: {f.Records}"));
            builder.AppendLine(
                Problems.Count > 0 ? $"ledger FAILED verification: {LogPath}"
                : ledger.Head is null ? $"ledger empty: {LogPath} has no branch yet"
                : $"ledger intact: {Records} record(s) ({files}) in {LogPath} at {ledger.Head}"
            );
            return builder.ToString();
        }

        builder.AppendLine(
            Problems.Count == 0
                ? $"decision log intact: {Records} record(s) in {LogPath}"
                : $"decision log FAILED verification after {Records} good record(s): {LogPath}"
        );
        return builder.ToString();
    }
}

/// <summary>What <see cref="LogVerificationReport.RunLedger"/> verified.</summary>
/// <param name="Head">The head commit verified (and stored as the anchor when intact), or null without a
/// branch.</param>
/// <param name="Files">Each ledger file with how many records verified in it.</param>
public sealed record LedgerVerification(string? Head, IReadOnlyList<(string File, int Records)> Files);
