using Microsoft.Build.Framework;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace ReleaseTrain.Tasks;

/// <summary>
/// Base of the tasks that read release-train.json: where it is (or where the upward search starts) and the root
/// that configured paths are relative to, translated into a Core <see cref="VerifyRequest"/>.
/// </summary>
public abstract class ReleaseTrainConfigTask : MSBuildTask
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
}

/// <summary>
/// MSBuild adapter over <see cref="ContractVerification"/>: verifies the contracts of release-train.json and
/// logs every finding as a canonical coded error (<c>PAYLOAD(LINE,COL): error RT2001: ...</c>) so the build fails
/// and editors and GitHub annotations point at the line. Holds no rule of its own.
/// </summary>
public sealed class VerifyContracts : ReleaseTrainConfigTask
{
    /// <summary>Contract ids to verify; empty for all.</summary>
    public string[]? ContractIds { get; set; }

    /// <summary>
    /// A file written (atomically) only when verification passes, as the target's incremental output.
    /// </summary>
    public string? SemaphoreFile { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var report = ContractVerification.Run(CreateRequest(ContractIds ?? []));
        MSBuildDiagnostics.Log(Log, report.AllDiagnostics);
        if (report.Status == VerificationStatus.Pass)
        {
            Log.LogMessage(
                MessageImportance.Normal,
                ReleaseTrain.Core.Reporting.VerificationReportWriter.Summary(report)
            );
            if (!string.IsNullOrEmpty(SemaphoreFile))
            {
                AtomicFile.WriteAllText(
                    SemaphoreFile,
                    ReleaseTrain.Core.Reporting.VerificationReportWriter.Summary(report) + "\n"
                );
            }
        }

        return !Log.HasLoggedErrors;
    }
}

/// <summary>
/// Lists the files a verification reads (the configuration, every manifest, payload and named file) as the
/// <c>Inputs</c> of the incremental verify target. A configuration that cannot be loaded is logged as an error.
/// </summary>
public sealed class ResolveContractInputs : ReleaseTrainConfigTask
{
    /// <summary>Every file the verification reads.</summary>
    [Output]
    public ITaskItem[] Inputs { get; private set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        var config = ContractVerification.Load(CreateRequest([]), out var errors);
        MSBuildDiagnostics.Log(Log, errors);
        if (config is null)
        {
            return false;
        }

        Inputs =
        [
            .. ContractVerifier.GetInputFiles(config).Select(p => (ITaskItem)new Microsoft.Build.Utilities.TaskItem(p)),
        ];
        return !Log.HasLoggedErrors;
    }
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
