using System.Diagnostics;
using System.Text.Json;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Cli;

/// <summary>The .NET SDK as the CLI finds it: the running SDK's version, and MSBuild properties of a project.</summary>
internal static class DotNetSdk
{
    /// <summary><c>dotnet --version</c> in a folder (so global.json applies).</summary>
    public static string Version(string directory) => Run(directory, "--version").Trim();

    /// <summary>Evaluates MSBuild properties of a project with <c>dotnet msbuild -getProperty</c>.</summary>
    public static IReadOnlyDictionary<string, string> GetProperties(string project, params string[] names)
    {
        var arguments = $"msbuild \"{project}\" -nologo " + string.Join(" ", names.Select(n => "-getProperty:" + n));
        var output = Run(Path.GetDirectoryName(project)!, arguments);
        using var json = JsonDocument.Parse(output);
        return json
            .RootElement.GetProperty("Properties")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
    }

    private static string Run(string directory, string arguments)
    {
        var info = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.FileUnreadable.Error(
                        null,
                        0,
                        0,
                        "dotnet " + arguments,
                        (stdout + stderr.Result).Trim()
                    )
                );
            }

            return stdout;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ReleaseTrainException(DiagnosticCodes.FileUnreadable.Error(null, 0, 0, "dotnet", ex.Message), ex);
        }
    }
}
