using Microsoft.Build.Framework;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Tasks;

/// <summary>
/// MSBuild adapter over <see cref="FreezeEvaluator"/>: fails with RT4005 at the window's line in release-train.json
/// when the action (pack) is frozen at the given instant and no exception for the package version applies.
/// </summary>
public sealed class CheckFreeze : ReleaseTrainConfigTask
{
    /// <summary>The action checked (pack).</summary>
    [Required]
    public string Action { get; set; } = "pack";

    /// <summary>The release (package) version, for exceptions.</summary>
    public string? Release { get; set; }

    /// <inheritdoc />
    protected override bool Run()
    {
        if (!TryGetNow(out var now))
        {
            return false;
        }

        var config = ContractVerification.Load(CreateRequest([]), out var errors);
        MSBuildDiagnostics.Log(Log, errors);
        if (config is null)
        {
            return false;
        }

        var at = now ?? NodaTime.SystemClock.Instance.GetCurrentInstant();

        // The one commit chain of every command (ReleaseCommit): GITHUB_SHA, then git HEAD of the root.
        var commit = ReleaseCommit.Resolve(
            null,
            Environment.GetEnvironmentVariable(ReleaseCommit.EnvironmentVariable),
            null,
            config.RootDirectory
        );
        var verdict = FreezeEvaluator.Evaluate(
            config.Policy,
            new FreezeQuery(Action, Release, commit, at),
            upcoming: 0
        );
        MSBuildDiagnostics.Log(Log, verdict.Diagnostics);

        return !Log.HasLoggedErrors;
    }
}
