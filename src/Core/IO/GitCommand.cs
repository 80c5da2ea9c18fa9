using System.Text;

namespace ReleaseTrain.Core.IO;

/// <summary>What a git command printed and its exit code.</summary>
/// <param name="ExitCode">git's exit code (0 success; -1 when it was killed at its time limit).</param>
/// <param name="Bytes">Standard output, as git wrote it.</param>
/// <param name="Error">Standard error, as UTF-8 text (trimmed); for a killed git, a sentence saying so.</param>
public sealed record GitResult(int ExitCode, byte[] Bytes, string Error)
{
    /// <summary>Standard output as UTF-8 text.</summary>
    public string Output => Encoding.UTF8.GetString(Bytes);

    /// <summary>Standard output as UTF-8 text without its final line breaks.</summary>
    public string Text => Output.TrimEnd('\n', '\r');

    /// <summary>True when git was killed at its time limit.</summary>
    public bool TimedOut { get; init; }
}

/// <summary>
/// Runs the <c>git</c> on PATH with an argument list (no shell, so no argument is ever re-split or expanded), a time
/// limit, <c>GIT_TERMINAL_PROMPT=0</c> and <c>GCM_INTERACTIVE=never</c> (a remote asking for credentials fails
/// instead of waiting), <c>LC_ALL=C</c> (messages callers match are git's English ones), no inherited
/// <c>GIT_INDEX_FILE</c>, <c>GIT_NO_REPLACE_OBJECTS=1</c> (a <c>refs/replace/*</c> ref, which anyone who may push can
/// create on the remote and a mirror clone fetches, must never make git read another object than the one named), and
/// the caller's working folder. The one way Core starts git: the ledger
/// (<see cref="GitLedger"/>), the trusted sign-off policy, signature checks and <see cref="GitRepository"/>. The
/// process handling is <see cref="ProcessCommand"/>'s, which also runs ssh-keygen for evidence signatures.
/// </summary>
public static class GitCommand
{
    /// <summary>The default time limit of one git command.</summary>
    public static readonly TimeSpan DefaultTimeout = ProcessCommand.DefaultTimeout;

    /// <summary>Runs git.</summary>
    /// <param name="directory">The working folder (inside the repository).</param>
    /// <param name="arguments">The arguments, each passed as one argument.</param>
    /// <param name="timeout">The time limit, or null for <see cref="DefaultTimeout"/>; past it git is killed and the
    /// result has exit code -1 and <see cref="GitResult.TimedOut"/>.</param>
    /// <param name="input">Bytes written to git's standard input, or null for none.</param>
    /// <param name="environment">Environment variables to set (a null value removes the variable).</param>
    /// <returns>The result, or null when git cannot be started (not installed).</returns>
    public static GitResult? Run(
        string directory,
        IReadOnlyList<string> arguments,
        TimeSpan? timeout = null,
        byte[]? input = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null
    )
    {
        var settings = new List<KeyValuePair<string, string?>>
        {
            new("GIT_TERMINAL_PROMPT", "0"),
            new("GCM_INTERACTIVE", "never"),
            new("GIT_INDEX_FILE", null),
        };
        settings.AddRange(environment ?? []);
        settings.Add(new("GIT_NO_REPLACE_OBJECTS", "1"));
        return ProcessCommand.Run("git", directory, arguments, timeout, input, settings);
    }
}
