using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// A commit of a remote's default branch as fetched, from which trusted files are read (docs/signoff.md, "Where the
/// policy comes from"): the sign-off roles and allowed signers, and the evidence signing policy, allowed signers and
/// revocation list.
/// </summary>
/// <param name="Root">The work tree folder git ran in.</param>
/// <param name="Sha">The fetched commit.</param>
/// <param name="Branch">The branch name (without <c>refs/heads/</c>).</param>
/// <param name="Remote">The remote as shown (redacted).</param>
/// <param name="TopLevel">The work tree's top folder, which repository paths are relative to.</param>
public sealed record TrustedCommit(string Root, string Sha, string Branch, string Remote, string TopLevel)
{
    /// <summary>"commit … of branch main of remote 'origin'", for <c>--explain</c>.</summary>
    public string Where => $"commit {Sha} of branch {Branch} of remote '{Remote}'";

    /// <summary>"main at 4b82c1d0e9f1", to name files read from it.</summary>
    public string AtCommit => $"{Branch} at {Sha[..12]}";

    /// <summary>The repository path (forward slashes) of a full path in the work tree.</summary>
    /// <param name="fullPath">A full path.</param>
    /// <returns>The path relative to the top folder (starting with <c>../</c> when outside it).</returns>
    public string InTree(string fullPath) => Path.GetRelativePath(TopLevel, fullPath).Replace('\\', '/');

    /// <summary>A file's bytes at the commit (<c>git cat-file blob SHA:PATH</c>), or null when it has none.</summary>
    /// <param name="repositoryPath">The repository path.</param>
    /// <returns>The bytes, or null.</returns>
    public byte[]? Read(string repositoryPath)
    {
        if (repositoryPath.StartsWith("../", StringComparison.Ordinal))
        {
            return null;
        }

        var result = GitCommand.Run(Root, ["cat-file", "blob", $"{Sha}:{repositoryPath}"]);
        return result is { ExitCode: 0 } ? result.Bytes : null;
    }
}

/// <summary>
/// Resolves and fetches a remote's default branch: <c>git ls-remote --symref REMOTE HEAD</c> names the branch, it is
/// fetched into the private ref <see cref="TrustedRef"/>, never read from the work tree or the commit being released
/// (whoever authors a release could otherwise list themselves, or their key, in the very commit they release; GitHub
/// reads CODEOWNERS from the base branch for the same reason). Only a remote of the clone itself (a name, or a URL one
/// of its remotes has) is trusted. Fails closed with RT5041.
/// </summary>
public static class TrustedBranch
{
    /// <summary>The private ref the default branch is fetched into.</summary>
    public const string TrustedRef = "refs/release-train/trusted-default-branch";

    /// <summary>Fetches the default branch of a remote.</summary>
    /// <param name="root">A folder in the work tree.</param>
    /// <param name="remote">The remote's name or URL (from the configuration).</param>
    /// <param name="errors">RT5041 when it cannot be resolved or fetched.</param>
    /// <returns>The fetched commit, or null with errors.</returns>
    public static TrustedCommit? Fetch(string root, string remote, out IReadOnlyList<Diagnostic> errors)
    {
        ArgumentNullException.ThrowIfNull(remote);
        errors = [];
        // A remote may be a URL with a token in it (https://x-access-token:TOKEN@host/...): messages name it redacted.
        var shown = GitLedger.Redact(remote);
        // ledger.remote comes from the work tree, that is from the commit being released: a URL there could point at
        // a repository its author controls, whose default branch lists them. Only the clone's own remotes (its
        // .git/config, which no commit changes) are trusted: a remote's name, or a URL one of them has.
        var remotes = GitCommand.Run(root, ["config", "--get-regexp", @"^remote\..*\.url$"]);
        var known = (remotes?.Output ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2)
            .Any(parts => parts[1].Trim() == remote || parts[0] == "remote." + remote + ".url");
        if (!known)
        {
            errors =
            [
                DiagnosticCodes.TrustedPolicyUnavailable.Error(
                    null,
                    0,
                    0,
                    shown,
                    "ledger.remote is neither a remote of this clone nor the URL of one; the roles and allowed signers "
                        + "are only trusted from the clone's own remote (git remote -v)"
                ),
            ];
            return null;
        }

        var symref = GitCommand.Run(root, ["ls-remote", "--symref", "--", remote, "HEAD"]);
        var branch = symref is { ExitCode: 0 }
            ? symref
                .Output.Split('\n')
                .Select(l => l.Split('\t'))
                .Where(parts =>
                    parts.Length == 2
                    && parts[1].Trim() == "HEAD"
                    && parts[0].StartsWith("ref: refs/heads/", StringComparison.Ordinal)
                )
                .Select(parts => parts[0]["ref: ".Length..].Trim())
                .FirstOrDefault()
            : null;
        if (branch is null)
        {
            errors =
            [
                DiagnosticCodes.TrustedPolicyUnavailable.Error(
                    null,
                    0,
                    0,
                    shown,
                    symref is null ? "git did not run"
                        : symref.ExitCode != 0 ? $"git ls-remote failed: {FirstLine(symref.Error)}"
                        : "the remote names no default branch (HEAD is not a symbolic ref to refs/heads/...)"
                ),
            ];
            return null;
        }

        var fetch = GitCommand.Run(
            root,
            ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", remote, $"+{branch}:{TrustedRef}"]
        );
        var sha = fetch is { ExitCode: 0 }
            ? GitCommand.Run(root, ["rev-parse", "--verify", "--quiet", TrustedRef + "^{commit}"])?.Output.Trim()
            : null;
        if (sha is not { Length: 40 or 64 })
        {
            errors =
            [
                DiagnosticCodes.TrustedPolicyUnavailable.Error(
                    null,
                    0,
                    0,
                    shown,
                    $"git fetch of {branch} failed" + (fetch is null ? string.Empty : $": {FirstLine(fetch.Error)}")
                ),
            ];
            return null;
        }

        var top = GitCommand.Run(root, ["rev-parse", "--show-toplevel"])?.Output.Trim();
        if (string.IsNullOrEmpty(top))
        {
            errors = [DiagnosticCodes.TrustedPolicyUnavailable.Error(null, 0, 0, shown, $"{root} is not a work tree")];
            return null;
        }

        return new TrustedCommit(root, sha, branch["refs/heads/".Length..], shown, top);
    }

    private static string FirstLine(string text) =>
        GitLedger.Redact(text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no message");
}
