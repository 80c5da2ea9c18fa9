using Microsoft.Build.Framework;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Time;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace ReleaseTrain.Tasks;

/// <summary>
/// Base of every ReleaseTrain task: <see cref="Execute"/> runs <see cref="Run"/> and never lets an exception reach
/// MSBuild (which would print MSB4018 and a .NET stack trace). A <see cref="ReleaseTrainException"/> is logged as its
/// coded error with file, line and column; any other exception as RT1015
/// (<see cref="ReleaseTrainException.Unexpected"/>: its type and message on one line, never its stack trace). Either
/// fails the task: nothing unforeseen passes (docs/diagnostics.md, RT1015).
/// </summary>
public abstract class ReleaseTrainTask : MSBuildTask
{
    /// <inheritdoc />
    public sealed override bool Execute()
    {
        try
        {
            return Run() && !Log.HasLoggedErrors;
        }
        catch (ReleaseTrainException ex)
        {
            MSBuildDiagnostics.Log(Log, [ex.Diagnostic]);
            return false;
        }
#pragma warning disable CA1031 // Fail closed on anything unforeseen, as a coded error without a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MSBuildDiagnostics.Log(Log, [ReleaseTrainException.Unexpected(ex)]);
            return false;
        }
    }

    /// <summary>The task's work; it logs what it finds through <see cref="MSBuildTask.Log"/>.</summary>
    /// <returns>False when it failed (an error is logged).</returns>
    /// <exception cref="Exception">Anything: <see cref="Execute"/> logs it as a coded error.</exception>
    protected abstract bool Run();
}

/// <summary>
/// Base of the tasks that read release-train.json: where it is (or where the upward search starts) and the root
/// that configured paths are relative to, translated into a Core <see cref="VerifyRequest"/>.
/// </summary>
public abstract class ReleaseTrainConfigTask : ReleaseTrainTask
{
    /// <summary>Full path of release-train.json; empty to search upward from <see cref="ProjectDirectory"/>.</summary>
    public string? ConfigPath { get; set; }

    /// <summary>The folder where the upward search for release-train.json starts.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>
    /// The repository root that configured paths are relative to; empty for the folder holding the config.
    /// </summary>
    public string? RootDirectory { get; set; }

    /// <summary>
    /// The instant the checks are made at (<c>ReleaseTrainNow</c>): ISO 8601 with an offset
    /// (<see cref="PolicyTime.TryParseInstant"/>); empty for the clock.
    /// </summary>
    public string? Now { get; set; }

    /// <summary>The Core request for these inputs.</summary>
    /// <param name="contractIds">Contract ids to verify (empty for all).</param>
    /// <returns>The request.</returns>
    protected VerifyRequest CreateRequest(IReadOnlyCollection<string> contractIds) =>
        new(
            string.IsNullOrWhiteSpace(ConfigPath) ? null : ConfigPath,
            ProjectDirectory,
            string.IsNullOrWhiteSpace(RootDirectory) ? null : RootDirectory,
            contractIds
        );

    /// <summary><see cref="Now"/> as an instant; logs RT4004 when it is not an instant.</summary>
    /// <param name="at">The instant, or null for the clock (an empty <see cref="Now"/>).</param>
    /// <returns>False when <see cref="Now"/> is not an instant (the error is logged).</returns>
    protected bool TryGetNow(out NodaTime.Instant? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(Now))
        {
            return true;
        }

        if (!PolicyTime.TryParseInstant(Now, out var parsed, out var error))
        {
            MSBuildDiagnostics.Log(
                Log,
                [DiagnosticCodes.InvalidTimestamp.Error(null, 0, 0, "ReleaseTrainNow " + error)]
            );
            return false;
        }

        at = parsed;
        return true;
    }
}

/// <summary>
/// MSBuild adapter over <see cref="ContractVerification"/>: verifies the contracts of release-train.json and
/// logs every finding as a canonical coded error (<c>PAYLOAD(LINE,COL): error RT2001: ...</c>) so the build fails
/// and editors and GitHub annotations point at the line. Holds no rule of its own: what the verification read
/// (<see cref="VerificationReport.InputFiles"/>) and until when its verdict holds
/// (<see cref="VerificationReport.ValidUntil"/>) come from Core; this task writes them down for the incremental
/// target (<see cref="InputsFile"/>, <see cref="SemaphoreFile"/>).
/// </summary>
public sealed class VerifyContracts : ReleaseTrainConfigTask
{
    /// <summary>How the stamp writes an instant: UTC, fixed width, so that MSBuild compares it as a string.</summary>
    internal static readonly NodaTime.Text.InstantPattern StampInstant =
        NodaTime.Text.InstantPattern.CreateWithInvariantCulture("uuuuMMddHHmmssfffffff");

    /// <summary>
    /// Contract ids to verify; empty for all. An item may itself hold a <c>;</c>-separated list: the targets pass
    /// <c>ReleaseTrainContracts</c> escaped through the MSBuild task (so that its <c>;</c> does not split the
    /// properties), which delivers <c>a;b</c> as one item. Ids cannot hold <c>;</c> (the schema's <c>id</c>), so
    /// each item is split on it and trimmed.
    /// </summary>
    public string[]? ContractIds { get; set; }

    /// <summary>
    /// A stamp written (atomically, last) only when verification passes, as the target's incremental output. Its
    /// last-write time is the instant the task started, so a file changed while it ran is newer than the stamp. Its
    /// lines, after the summary, are <c>valid-from: T</c> (the evaluation instant), <c>valid-until: T</c> or
    /// <c>valid-until: none</c> (<see cref="VerificationReport.ValidUntil"/>), each T as UTC
    /// <c>yyyyMMddHHmmssfffffff</c>, and <c>now: </c> followed by <see cref="ReleaseTrainConfigTask.Now"/> as given
    /// (empty for the clock). ReleaseTrain.Tasks.targets reuses the verdict only while the same
    /// <c>ReleaseTrainNow</c> is given, or, at the clock, from valid-from until before valid-until.
    /// </summary>
    public string? SemaphoreFile { get; set; }

    /// <summary>
    /// A file listing <see cref="Inputs"/>, one full path a line (a folder ends with a directory separator), written
    /// before <see cref="SemaphoreFile"/>.
    /// </summary>
    public string? InputsFile { get; set; }

    /// <summary>
    /// Every file (and folder listing) the verification read: <see cref="VerificationReport.InputFiles"/>.
    /// </summary>
    [Output]
    public ITaskItem[] Inputs { get; private set; } = [];

    /// <inheritdoc />
    protected override bool Run()
    {
        var started = DateTime.UtcNow;
        if (!TryGetNow(out var at))
        {
            return false;
        }

        var ids = (ContractIds ?? [])
            .SelectMany(i => i.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray();
        var report = ContractVerification.Run(CreateRequest(ids) with { At = at });
        MSBuildDiagnostics.Log(Log, report.AllDiagnostics);
        Inputs = [.. report.InputFiles.Select(p => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(p))];
        if (!string.IsNullOrEmpty(InputsFile) && report.ConfigPath is not null)
        {
            AtomicFile.WriteAllText(InputsFile, string.Concat(report.InputFiles.Select(p => p + "\n")));
        }

        if (report.Status != VerificationStatus.Pass)
        {
            return false;
        }

        var summary = ReleaseTrain.Core.Reporting.VerificationReportWriter.Summary(report);
        Log.LogMessage(MessageImportance.Normal, summary);
        if (report.ValidUntil is { } until)
        {
            Log.LogMessage(
                MessageImportance.Normal,
                $"ReleaseTrain: the verdict can change at {PolicyTime.Utc(until)}; it is not reused from then on."
            );
        }

        if (!string.IsNullOrEmpty(SemaphoreFile))
        {
            AtomicFile.WriteAllText(SemaphoreFile, Stamp(summary, report, Now));
            File.SetLastWriteTimeUtc(SemaphoreFile, started);
        }

        return true;
    }

    private static string Stamp(string summary, VerificationReport report, string? now) =>
        string.Concat(
            summary,
            "\nvalid-from: ",
            StampText(report.EvaluatedAt ?? NodaTime.SystemClock.Instance.GetCurrentInstant()),
            "\nvalid-until: ",
            report.ValidUntil is { } until ? StampText(until) : "none",
            "\nnow: ",
            now?.Trim() ?? string.Empty,
            "\n"
        );

    /// <summary>An instant as the stamp writes it (truncated to 100 ns; before year 1 as year 1).</summary>
    private static string StampText(NodaTime.Instant instant) =>
        StampInstant.Format(NodaTime.Instant.Max(instant, NodaTime.Instant.FromUtc(1, 1, 1, 0, 0)));
}

/// <summary>Translates Core diagnostics into MSBuild errors and warnings with code, file, line and column.</summary>
internal static class MSBuildDiagnostics
{
    public static void Log(Microsoft.Build.Utilities.TaskLoggingHelper log, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var file = d.File ?? string.Empty;
            var column = d.Line > 0 ? Math.Max(1, d.Column) : 0;
            if (d.Severity == DiagnosticSeverity.Error)
            {
                log.LogError(null, d.Code, null, file, d.Line, column, 0, 0, d.Message);
            }
            else
            {
                log.LogWarning(null, d.Code, null, file, d.Line, column, 0, 0, d.Message);
            }
        }
    }
}
