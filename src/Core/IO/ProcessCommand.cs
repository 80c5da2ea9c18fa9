using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// The one process runner of Core: starts a program found on PATH with an argument list (no shell, so no argument is
/// ever re-split or expanded), a time limit (past it the process tree is killed), <c>LC_ALL=C</c> and
/// <c>LANGUAGE=C</c> (messages callers match are the English ones), the caller's working folder and optional
/// standard input. <see cref="GitCommand"/> runs git through it with git's own settings; the evidence signatures run
/// ssh-keygen through it.
/// </summary>
public static class ProcessCommand
{
    /// <summary>The default time limit of one command.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs a program.</summary>
    /// <param name="program">The program's name (looked up on PATH) or path.</param>
    /// <param name="directory">The working folder.</param>
    /// <param name="arguments">The arguments, each passed as one argument.</param>
    /// <param name="timeout">The time limit, or null for <see cref="DefaultTimeout"/>; past it the program is killed
    /// and the result has exit code -1 and <see cref="GitResult.TimedOut"/>.</param>
    /// <param name="input">Bytes written to standard input, or null for none (standard input is closed).</param>
    /// <param name="environment">Environment variables to set, in order (a null value removes the variable).</param>
    /// <returns>The result, or null when the program cannot be started (not installed).</returns>
    public static GitResult? Run(
        string program,
        string directory,
        IReadOnlyList<string> arguments,
        TimeSpan? timeout = null,
        byte[]? input = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null
    )
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(program)
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
                // the program stopped reading (it failed); its exit code and message say why
            }

            var limit = timeout ?? DefaultTimeout;
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                var verb = arguments.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=')) ?? program;
                return new GitResult(
                    -1,
                    [],
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{Path.GetFileName(program)} {verb} did not finish within {limit.TotalSeconds} s"
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
