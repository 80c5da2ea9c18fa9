using System.Globalization;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Evidence;

/// <summary>Where a deterministic timestamp came from.</summary>
public enum SourceDateOrigin
{
    /// <summary>The SOURCE_DATE_EPOCH environment variable (reproducible-builds.org specification).</summary>
    SourceDateEpoch,

    /// <summary>The committer time of the repository's HEAD commit (<c>git log -1 --format=%ct</c>).</summary>
    CommitTime,

    /// <summary>Neither exists: <see cref="SourceDate.Fallback"/>, so that output stays deterministic.</summary>
    Fallback,
}

/// <summary>
/// The one timestamp a build's outputs carry (SBOM metadata.timestamp, NuGet's DeterministicTimestamp):
/// SOURCE_DATE_EPOCH when set, otherwise the HEAD commit's committer time, otherwise <see cref="Fallback"/>.
/// Never the wall clock, so two builds of one commit agree byte for byte.
/// </summary>
public static class SourceDate
{
    /// <summary>
    /// 1980-01-02T00:00:00Z: a ZIP file (a .nupkg) cannot store an earlier time, and a day after the ZIP epoch keeps
    /// every time zone's local date in range. The Unix epoch would make NuGet's pack fail.
    /// </summary>
    public static readonly DateTimeOffset Fallback = new(1980, 1, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Resolves the timestamp.</summary>
    /// <param name="repositoryDirectory">A folder inside the git work tree.</param>
    /// <param name="sourceDateEpoch">The value of SOURCE_DATE_EPOCH, or null when unset.</param>
    /// <returns>The UTC instant and its origin.</returns>
    /// <exception cref="ReleaseTrainException">RT3007 when SOURCE_DATE_EPOCH is set but is not a non-negative integer
    /// of seconds.</exception>
    public static (DateTimeOffset Instant, SourceDateOrigin Origin) Resolve(
        string repositoryDirectory,
        string? sourceDateEpoch
    )
    {
        if (!string.IsNullOrWhiteSpace(sourceDateEpoch))
        {
            if (
                !long.TryParse(sourceDateEpoch.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || seconds > 253402300799
            )
            {
                throw new ReleaseTrainException(DiagnosticCodes.InvalidSourceDate.Error(null, 0, 0, sourceDateEpoch));
            }

            return (DateTimeOffset.FromUnixTimeSeconds(seconds), SourceDateOrigin.SourceDateEpoch);
        }

        return CommitTime(repositoryDirectory) is { } commit
            ? (commit, SourceDateOrigin.CommitTime)
            : (Fallback, SourceDateOrigin.Fallback);
    }

    /// <summary>The HEAD commit's committer time, or null outside a git work tree or without git.</summary>
    /// <param name="repositoryDirectory">A folder inside the work tree.</param>
    /// <returns>The UTC instant, or null.</returns>
    public static DateTimeOffset? CommitTime(string repositoryDirectory) =>
        GitRepository.HeadCommitTime(repositoryDirectory);

    /// <summary>The HEAD commit's sha, or null outside a git work tree or without git.</summary>
    /// <param name="repositoryDirectory">A folder inside the work tree.</param>
    /// <returns>40 lowercase hex characters, or null.</returns>
    public static string? CommitSha(string repositoryDirectory) => GitRepository.Head(repositoryDirectory);
}
