using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// The one process runner of Core: a program on PATH run with an argument list (no shell, so no argument is ever
/// re-split or expanded), a time limit (past it the process tree is killed), the given environment changes, bytes on
/// standard input, and standard output kept as bytes. <see cref="GitCommand"/> runs git through it with git's
/// settings; <c>release-train preflight</c> runs <c>dotnet nuget verify</c> and <c>dotnet restore</c> through it.
/// </summary>
public static class ProcessCommand
{
    /// <summary>Runs a program.</summary>
    /// <param name="program">The program's name on PATH (e.g. <c>git</c>, <c>dotnet</c>) or its path.</param>
    /// <param name="directory">The working folder.</param>
    /// <param name="arguments">The arguments, each passed as one argument.</param>
    /// <param name="timeout">The time limit; past it the process tree is killed and the result has exit code -1
    /// and <see cref="GitResult.TimedOut"/>.</param>
    /// <param name="input">Bytes written to standard input, or null for none (standard input is closed).</param>
    /// <param name="environment">Environment variables to set, in order (a null value removes the variable).</param>
    /// <returns>The result, or null when the program cannot be started (not installed).</returns>
    public static GitResult? Run(
        string program,
        string directory,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        byte[]? input = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null
    )
    {
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

            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                var verb = arguments.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=')) ?? program;
                return new GitResult(
                    -1,
                    [],
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{program} {verb} did not finish within {timeout.TotalSeconds} s"
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
