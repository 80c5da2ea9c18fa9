namespace ReleaseTrain.Core.IO;

/// <summary>
/// The commit a command acts on when <c>--commit</c> (or <c>--sha</c>) is not given, the same for every command
/// and Cake target (docs/signoff.md): the option, then <c>GITHUB_SHA</c>, then the release PR's head commit (with
/// <c>--pr</c>), then git HEAD of the repository root (<see cref="GitRepository.Head"/>). The first one present wins;
/// none is checked against the others.
/// </summary>
public static class ReleaseCommit
{
    /// <summary>The environment variable GitHub Actions sets to the workflow's commit.</summary>
    public const string EnvironmentVariable = "GITHUB_SHA";

    /// <summary>Resolves the commit.</summary>
    /// <param name="given">The commit the caller gave (<c>--commit</c>, <c>--sha</c>), or null.</param>
    /// <param name="environmentSha">The value of GITHUB_SHA, or null when unset or empty.</param>
    /// <param name="pullRequestHead">The release PR's head commit, or null without a PR.</param>
    /// <param name="repositoryDirectory">The repository root, whose git HEAD is the last resort; or null.</param>
    /// <returns>The commit, or null when none of the four is known.</returns>
    public static string? Resolve(
        string? given,
        string? environmentSha,
        string? pullRequestHead,
        string? repositoryDirectory
    ) =>
        given
        ?? NonEmpty(environmentSha)
        ?? pullRequestHead
        ?? (repositoryDirectory is null ? null : GitRepository.Head(repositoryDirectory));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
