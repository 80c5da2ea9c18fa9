using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// What <see cref="HashChainedLog.Repair"/> did to a log: nothing (it verifies), removed an incomplete last line
/// (after copying the whole file to <see cref="BackupPath"/>), or refused (any other damage; nothing changed).
/// </summary>
/// <param name="LogPath">The log's real path (symbolic links resolved).</param>
/// <param name="Problems">Empty unless refused; then the log's first problem (RT4010, RT4011, RT4016 at its line and
/// column) followed by RT4017.</param>
/// <param name="Records">How many records verify (after the repair, when repaired).</param>
/// <param name="RemovedBytes">How many bytes of an incomplete last line were removed; 0 unless repaired.</param>
/// <param name="RemovedLine">The 1-based line number of the removed incomplete line; 0 unless repaired.</param>
/// <param name="BackupPath">The backup of the whole file as it was before the repair; null unless repaired.</param>
public sealed record HashChainedLogRepair(
    string LogPath,
    IReadOnlyList<Diagnostic> Problems,
    int Records,
    long RemovedBytes,
    int RemovedLine,
    string? BackupPath
)
{
    /// <summary>Whether an incomplete last line was removed.</summary>
    public bool Repaired => BackupPath is not null;

    /// <summary>Whether the repair was refused (the log is damaged otherwise, and unchanged).</summary>
    public bool Refused => Problems.Count > 0;
}
