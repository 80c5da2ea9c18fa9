using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// The release's author, who cannot approve the release (docs/signoff.md, "The release's author"), and where that
/// came from. <see cref="Resolve"/> holds the one order every command uses: <c>--author</c>; else the release PR's
/// author (<c>--pr</c>); else the author of the release commit (<see cref="ReleaseCommit"/>): the GitHub account
/// GitHub's commits API names when the command talks to GitHub, else the git author whose email is a GitHub noreply
/// address (<see cref="Principals.FromNoreplyEmail"/>). When none of them names a login the author is unknown: RT5020,
/// fail closed, since an unknown author could approve their own release.
/// </summary>
/// <param name="Login">The author's GitHub login (trimmed, <see cref="Principals"/>).</param>
/// <param name="Source">Where it came from, for <c>--explain</c> and the JSON report: "--author", "the author of PR
/// #12", "the GitHub author of commit SHA, GET /repos/o/r/commits/SHA", "the git author of commit SHA, EMAIL".</param>
public sealed record ReleaseAuthor(string Login, string Source)
{
    /// <summary>What GitHub's commits API said about a commit's author.</summary>
    /// <param name="Login">The account's login (<c>author.login</c>), or null when GitHub links the commit's author
    /// email to no account.</param>
    /// <param name="Request">The request, e.g. <c>GET /repos/o/r/commits/SHA</c>, as the source names it.</param>
    public sealed record GitHubCommitAuthor(string? Login, string Request);

    /// <summary>Resolves the release's author, first match wins.</summary>
    /// <param name="given"><c>--author</c>, or null.</param>
    /// <param name="pullRequest">The release PR's author and number (<c>--pr</c>), or null.</param>
    /// <param name="commit">The release commit (<see cref="ReleaseCommit.Resolve"/>), or null when none is
    /// known.</param>
    /// <param name="gitHub">What GitHub's commits API said about <paramref name="commit"/>, or null when the command
    /// has no GitHub context (then git is asked).</param>
    /// <param name="repositoryDirectory">The repository root whose git is asked, or null.</param>
    /// <returns>The author and where it came from.</returns>
    /// <exception cref="ReleaseTrainException">RT4020 when the login found is no GitHub login (e.g. <c>--author
    /// ""</c>, or a PR opened by an app's <c>name[bot]</c>); RT5020 when no login can be determined, naming every
    /// place asked.</exception>
    public static ReleaseAuthor Resolve(
        string? given,
        (string Login, int Number)? pullRequest,
        string? commit,
        GitHubCommitAuthor? gitHub,
        string? repositoryDirectory
    )
    {
        if (given is not null)
        {
            return Checked(given, "--author");
        }

        if (pullRequest is { } pr)
        {
            return Checked(pr.Login, $"the author of PR #{pr.Number}");
        }

        if (commit is null)
        {
            throw Unknown("no --author, no --pr, and no release commit (--commit, GITHUB_SHA or git HEAD) is known");
        }

        var asked = new List<string>();
        if (gitHub is not null)
        {
            if (gitHub.Login is not null)
            {
                return Checked(gitHub.Login, $"the GitHub author of commit {commit}, {gitHub.Request}");
            }

            asked.Add($"GitHub links the author of commit {commit} to no account ({gitHub.Request})");
        }

        var author = repositoryDirectory is null ? null : GitRepository.CommitAuthor(repositoryDirectory, commit);
        if (author is not { } git)
        {
            asked.Add($"git cannot show commit {commit} in {repositoryDirectory ?? "(no repository)"}");
            throw Unknown(string.Join("; ", asked));
        }

        if (Principals.FromNoreplyEmail(git.Email) is { } login)
        {
            return new ReleaseAuthor(login, $"the git author of commit {commit}, {git.Email.Trim()}");
        }

        asked.Add(
            $"the git author of commit {commit} is {Principals.Quote(git.Name)} <{git.Email}>, whose email is no "
                + $"GitHub "
                + "noreply address (12345+login@users.noreply.github.com)"
        );
        throw Unknown(string.Join("; ", asked));
    }

    private static ReleaseAuthor Checked(string value, string source) =>
        Principals.TryRead(value, out var login, out var why)
            ? new ReleaseAuthor(login, source)
            : throw new ReleaseTrainException(
                Principals.Invalid($"The release's author ({source})", value, why, null, 0, 0)
            );

    private static ReleaseTrainException Unknown(string why) =>
        new(DiagnosticCodes.ReleaseAuthorUnknown.Error(null, 0, 0, why));
}
