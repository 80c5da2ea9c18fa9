using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// The commit a command acts on when <c>--commit</c> (or <c>--sha</c>) is not given, the same for every command
/// and Cake target (docs/signoff.md): the option, then <c>GITHUB_SHA</c>, then the release PR's head commit (with
/// <c>--pr</c>), then git HEAD of the repository root (<see cref="GitRepository.Head"/>). The first one present wins;
/// none is checked against the others. A command that binds to the commit (sign-off, decisions, releases, the
/// readiness report) and cannot tell it refuses (<see cref="Required"/>, RT5011): it never evaluates unbound.
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

    /// <summary>
    /// The resolved commit of a command that binds to it, or RT5011: sign-off approvals, decisions and releases are
    /// bound to a commit, and a command that cannot tell it would skip that binding.
    /// </summary>
    /// <param name="commit">The commit from <see cref="Resolve"/>, or null.</param>
    /// <param name="command">The command, for the message (<c>decide</c>, <c>signoff verify</c>).</param>
    /// <param name="option">Its commit option (<c>--commit</c> or <c>--sha</c>).</param>
    /// <returns><paramref name="commit"/>.</returns>
    /// <exception cref="ReleaseTrainException">RT5011 when <paramref name="commit"/> is null or blank.</exception>
    public static string Required(string? commit, string command, string option) =>
        string.IsNullOrWhiteSpace(commit)
            ? throw new ReleaseTrainException(
                DiagnosticCodes.ReleaseCommitUnknown.Error(
                    null,
                    0,
                    0,
                    command,
                    $"no {option} was given, {EnvironmentVariable} is not set and the root's git HEAD cannot be read; "
                        + $"give {option} SHA, set {EnvironmentVariable}, or run it inside the repository's git work "
                        + $"tree"
                )
            )
            : commit;
}
