using System.Globalization;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// What ReleaseTrain reads from a git work tree: the HEAD commit and its committer time. HEAD is read from the
/// repository's files without starting a process (the <c>.git</c> folder or file above the given folder, a linked
/// work tree's <c>commondir</c>, loose refs, then <c>packed-refs</c>); only a repository in the reftable format asks
/// the <c>git</c> on PATH (<c>git rev-parse HEAD</c>). The committer time (<c>git log -1 --format=%ct</c>) and a
/// commit's author (<see cref="CommitAuthor"/>) ask git, with a 30-second limit. Both give null outside a work tree,
/// before the first commit, without git, or on any failure: callers decide what a missing commit means.
/// </summary>
public static class GitRepository
{
    /// <summary>
    /// The HEAD commit's sha, or null outside a git work tree, before the first commit, or without git.
    /// </summary>
    /// <param name="repositoryDirectory">A folder inside the work tree.</param>
    /// <returns>40 (SHA-1) or 64 (SHA-256) lowercase hex characters, or null.</returns>
    public static string? Head(string repositoryDirectory)
    {
        try
        {
            if (GitDirectory(Path.GetFullPath(repositoryDirectory)) is not { } gitDirectory)
            {
                return null;
            }

            var commonFile = Path.Combine(gitDirectory, "commondir");
            var common = File.Exists(commonFile)
                ? Path.GetFullPath(RepositoryFiles.ReadText(commonFile).Trim(), gitDirectory)
                : gitDirectory;
            if (Directory.Exists(Path.Combine(common, "reftable")))
            {
                return Git(repositoryDirectory, ["rev-parse", "HEAD"]) is { } sha && IsSha(sha) ? sha : null;
            }

            return Resolve(gitDirectory, common, "HEAD", depth: 0);
        }
        catch (Exception ex)
            when (ex
                    is IOException
                        or UnauthorizedAccessException
                        or ArgumentException
                        or Diagnostics.ReleaseTrainException
            )
        {
            return null;
        }
    }

    /// <summary>The HEAD commit's committer time, or null outside a git work tree or without git.</summary>
    /// <param name="repositoryDirectory">A folder inside the work tree.</param>
    /// <returns>The UTC instant (whole seconds), or null.</returns>
    public static DateTimeOffset? HeadCommitTime(string repositoryDirectory) =>
        Git(repositoryDirectory, ["log", "-1", "--format=%ct"]) is { } text
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>
    /// A commit's git author, as <c>git show -s --no-show-signature --format=%an%x00%ae SHA</c> prints it (30-second
    /// limit); null outside a work tree, without git, for a commit git does not have, or for a
    /// <paramref name="commit"/> that is not 7 to 64 hex digits (never handed to git).
    /// </summary>
    /// <param name="repositoryDirectory">A folder inside the work tree.</param>
    /// <param name="commit">The commit sha (full or abbreviated).</param>
    /// <returns>The author's name and email as recorded in the commit, or null.</returns>
    public static (string Name, string Email)? CommitAuthor(string repositoryDirectory, string commit)
    {
        if (
            commit is not { Length: >= 7 and <= 64 }
            || !commit.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'))
        )
        {
            return null;
        }

        var text = Git(repositoryDirectory, ["show", "-s", "--no-show-signature", "--format=%an%x00%ae", commit]);
        var nul = text?.IndexOf('\0', StringComparison.Ordinal) ?? -1;
        return nul < 0 ? null : (text![..nul], text[(nul + 1)..]);
    }

    /// <summary>The git folder of the work tree holding <paramref name="directory"/>, or null.</summary>
    private static string? GitDirectory(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var dotGit = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(dotGit))
            {
                return dotGit;
            }

            if (File.Exists(dotGit))
            {
                // A linked work tree or a submodule: "gitdir: <path>", relative to the work tree.
                var text = RepositoryFiles.ReadText(dotGit).Trim();
                return text.StartsWith("gitdir:", StringComparison.Ordinal)
                    ? Path.GetFullPath(text["gitdir:".Length..].Trim(), current.FullName)
                    : null;
            }
        }

        return null;
    }

    /// <summary>A ref's commit: the per-work-tree file, the common loose ref, then packed-refs; symbolic refs followed.
    /// </summary>
    private static string? Resolve(string gitDirectory, string common, string name, int depth)
    {
        if (depth > 5 || !IsRefName(name))
        {
            return null;
        }

        // As git: HEAD and refs/bisect, refs/worktree and refs/rewritten are per work tree, every other ref is shared.
        var perWorkTree = name == "HEAD" || PerWorkTreePrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
        foreach (var folder in perWorkTree ? [gitDirectory] : new[] { common })
        {
            var file = Path.Combine(folder, name.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(file))
            {
                continue;
            }

            var text = RepositoryFiles.ReadText(file).Trim();
            return text.StartsWith("ref:", StringComparison.Ordinal)
                    ? Resolve(gitDirectory, common, text["ref:".Length..].Trim(), depth + 1)
                : IsSha(text) ? text
                : null;
        }

        var packed = Path.Combine(common, "packed-refs");
        if (File.Exists(packed))
        {
            foreach (var line in RepositoryFiles.ReadText(packed).Split('\n'))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0 && line[(space + 1)..] == name && IsSha(line[..space]))
                {
                    return line[..space];
                }
            }
        }

        return null;
    }

    private static readonly string[] PerWorkTreePrefixes = ["refs/bisect/", "refs/worktree/", "refs/rewritten/"];

    /// <summary>
    /// HEAD or a name under <c>refs/</c> without an empty, <c>.</c> or <c>..</c> component or a backslash (git's
    /// check-ref-format forbids them): a symbolic ref can never name a file outside the git folder.
    /// </summary>
    private static bool IsRefName(string name) =>
        name == "HEAD"
        || (
            name.StartsWith("refs/", StringComparison.Ordinal)
            && !name.Contains('\\', StringComparison.Ordinal)
            && !name.Contains('\0', StringComparison.Ordinal)
            && name.Split('/').All(part => part.Length > 0 && part is not "." and not ".." && !part.StartsWith('.'))
        );

    private static bool IsSha(string text) =>
        text.Length is 40 or 64 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static string? Git(string directory, IReadOnlyList<string> arguments) =>
        GitCommand.Run(directory, arguments, TimeSpan.FromSeconds(30)) is { ExitCode: 0 } result
            ? result.Output.Trim()
            : null;
}
