using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// The commit a command acts on when <c>--commit</c> is not given, the same for every command
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
    /// <param name="given">The commit the caller gave (<c>--commit</c>), or null.</param>
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
    /// The release commit a command binds to, as a full object name: 40 hexadecimal digits (SHA-1) or 64 (SHA-256),
    /// returned in lower case. An abbreviated name is refused: decisions, sign-off records and reviews are matched on
    /// the whole name (<see cref="Same"/>), and a short prefix could name another commit.
    /// </summary>
    /// <param name="commit">The commit <see cref="Resolve"/> found, or null.</param>
    /// <param name="command">The command, for the message (e.g. "decide").</param>
    /// <param name="option">The option that names the commit (e.g. "--commit").</param>
    /// <returns>The commit, lower case.</returns>
    /// <exception cref="ReleaseTrainException">RT5011 when there is none; RT5014 when it is not a full object name.
    /// </exception>
    public static string Required(string? commit, string command, string option)
    {
        if (string.IsNullOrWhiteSpace(commit))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.ReleaseCommitUnknown.Error(
                    null,
                    0,
                    0,
                    command,
                    $"no {option} was given, {EnvironmentVariable} is not set and the root's git HEAD cannot be read; "
                        + $"give {option} SHA, set {EnvironmentVariable}, or run it inside the repository's git work "
                        + $"tree"
                )
            );
        }

        return IsFullName(commit)
            ? commit.ToLowerInvariant()
            : throw new ReleaseTrainException(
                DiagnosticCodes.ReleaseCommitInvalid.Error(
                    null,
                    0,
                    0,
                    command,
                    Quote(commit),
                    $"{option} (or {EnvironmentVariable}) must be the full commit SHA, 40 hexadecimal digits (64 in a "
                        + "SHA-256 repository), as `git rev-parse HEAD` prints it"
                )
            );
    }

    /// <summary>Whether a text is a full git object name: 40 or 64 hexadecimal digits.</summary>
    /// <param name="text">The text.</param>
    /// <returns>True for a full name.</returns>
    public static bool IsFullName(string? text) => text is { Length: 40 or 64 } && text.All(char.IsAsciiHexDigit);

    /// <summary>
    /// Whether two commits are the same: both full object names (<see cref="IsFullName"/>), equal ignoring case. An
    /// abbreviated name matches nothing, so that a record or decision made for a short prefix never counts for a
    /// commit it merely shares 28 bits with.
    /// </summary>
    /// <param name="expected">The release's commit.</param>
    /// <param name="actual">The commit a record, review or decision names.</param>
    /// <returns>Whether they name the same commit.</returns>
    public static bool Same(string? expected, string? actual) =>
        IsFullName(expected)
        && IsFullName(actual)
        && string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);

    private static string Quote(string text) =>
        text.Length > 80 ? $"'{text[..40]}...' ({text.Length} characters)" : $"'{text}'";
}
