using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
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
/// (<see cref="GitLedger"/>), the trusted sign-off policy, signature checks and <see cref="GitRepository"/>.
/// </summary>
public static class GitCommand
{
    /// <summary>The default time limit of one git command.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

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
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["LC_ALL"] = "C";
        info.Environment["LANGUAGE"] = "C";
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GCM_INTERACTIVE"] = "never";
        info.Environment.Remove("GIT_INDEX_FILE");
        foreach (var (key, value) in environment ?? [])
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        info.Environment["GIT_NO_REPLACE_OBJECTS"] = "1";

        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }

        if (process is null)
        {
            return null;
        }

        using (process)
        {
            var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                if (input is not null)
                {
                    process.StandardInput.BaseStream.Write(input);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // git stopped reading (it failed); its exit code and message say why
            }

            var limit = timeout ?? DefaultTimeout;
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                var verb = arguments.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=')) ?? "git";
                return new GitResult(
                    -1,
                    [],
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"git {verb} did not finish within {limit.TotalSeconds} s"
                    )
                )
                {
                    TimedOut = true,
                };
            }

            process.WaitForExit();
            copy.GetAwaiter().GetResult();
            return new GitResult(process.ExitCode, output.ToArray(), error.GetAwaiter().GetResult().Trim());
        }
    }
}
