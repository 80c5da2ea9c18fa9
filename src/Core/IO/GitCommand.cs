using System.Diagnostics;
using System.Text;

namespace ReleaseTrain.Core.IO;

/// <summary>What a git command printed and its exit code.</summary>
/// <param name="ExitCode">git's exit code (0 success).</param>
/// <param name="Output">Standard output, as UTF-8 text.</param>
/// <param name="Error">Standard error, as UTF-8 text (trimmed).</param>
public sealed record GitResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs the <c>git</c> on PATH with an argument list (no shell, so no argument is ever re-split or expanded), a time
/// limit, <c>GIT_TERMINAL_PROMPT=0</c> (a remote asking for credentials fails instead of waiting),
/// <c>GIT_NO_REPLACE_OBJECTS=1</c> (a <c>refs/replace/*</c> ref, which anyone who may push can create on the remote
/// and a mirror clone fetches, never makes git read another commit or tree than the one named) and the caller's
/// working folder. The one way Core starts git for the trusted sign-off policy and signature checks.
/// </summary>
public static class GitCommand
{
    /// <summary>The default time limit of one git command.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs git.</summary>
    /// <param name="directory">The working folder (inside the repository).</param>
    /// <param name="arguments">The arguments, each passed as one argument.</param>
    /// <param name="timeout">The time limit, or null for <see cref="DefaultTimeout"/>; past it git is killed.</param>
    /// <returns>The result, or null when git cannot be started (not installed) or ran past the limit.</returns>
    public static GitResult? Run(string directory, IReadOnlyList<string> arguments, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        try
        {
            var info = new ProcessStartInfo("git")
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                StandardOutputEncoding = new UTF8Encoding(false),
                StandardErrorEncoding = new UTF8Encoding(false),
            };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["GIT_TERMINAL_PROMPT"] = "0";
            info.Environment["LC_ALL"] = "C";
            info.Environment["GIT_NO_REPLACE_OBJECTS"] = "1";
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? DefaultTimeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            process.WaitForExit();
            return new GitResult(
                process.ExitCode,
                output.GetAwaiter().GetResult(),
                error.GetAwaiter().GetResult().Trim()
            );
        }
        catch (Exception ex)
            when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
