// ReleaseTrain recipe: how the release-train tool is found and run (recipe/releasetrain.cake).

/// <summary>
/// The settings of the ReleaseTrain recipe, read from the Cake arguments once, and the one way it runs the tool.
/// </summary>
public sealed class ReleaseTrainRecipe
{
    private readonly ICakeContext _context;

    public ReleaseTrainRecipe(ICakeContext context)
    {
        _context = context;
        Version = context.Arguments.HasArgument("release-version")
            ? context.Arguments.GetArgument("release-version")
            : context.Environment.GetEnvironmentVariable("RELEASE_VERSION");
        Config = context.Arguments.HasArgument("rt-config") ? context.Arguments.GetArgument("rt-config") : null;
        Format = context.Arguments.HasArgument("rt-format") ? context.Arguments.GetArgument("rt-format") : null;
        Tool = context.Arguments.HasArgument("rt-tool") ? context.Arguments.GetArgument("rt-tool") : null;
        PullRequest = context.Arguments.HasArgument("pr") ? context.Arguments.GetArgument("pr") : null;
        Record = context.Arguments.HasArgument("record");
        OnGitHub = !string.IsNullOrEmpty(context.Environment.GetEnvironmentVariable("GITHUB_ACTIONS"));
    }

    /// <summary>The release version (--release-version, else $RELEASE_VERSION), or null.</summary>
    public string Version { get; set; }

    /// <summary>The path of release-train.json (--rt-config), or null for the tool's own search.</summary>
    public string Config { get; set; }

    /// <summary>The output format (--rt-format), or null for the command's default.</summary>
    public string Format { get; set; }

    /// <summary>The release-train executable (--rt-tool), or null for `dotnet release-train`.</summary>
    public string Tool { get; set; }

    /// <summary>The release PR number (--pr), or null.</summary>
    public string PullRequest { get; set; }

    /// <summary>Whether Decide records its decision (--record).</summary>
    public bool Record { get; set; }

    /// <summary>Whether the build runs on GitHub Actions (GITHUB_ACTIONS is set).</summary>
    public bool OnGitHub { get; }

    /// <summary>The release version, or a CakeException naming the argument to give.</summary>
    public string RequiredVersion(string task)
    {
        if (string.IsNullOrWhiteSpace(Version))
        {
            throw new CakeException(
                2,
                $"{task} needs the release version: give --release-version=1.2.0 (or set RELEASE_VERSION).");
        }

        return Version;
    }

    /// <summary>" --config PATH" when a config is given, else "".</summary>
    public string ConfigOption => string.IsNullOrEmpty(Config) ? string.Empty : $" --config {Quote(Config)}";

    /// <summary>" --format F" with the given format, else with the fallback (none when null).</summary>
    public string FormatOption(string fallback)
    {
        var format = Format ?? fallback;
        return string.IsNullOrEmpty(format) ? string.Empty : $" --format {format}";
    }

    /// <summary>" --pr N" when a PR is given, else "".</summary>
    public string PullRequestOption => string.IsNullOrEmpty(PullRequest) ? string.Empty : $" --pr {PullRequest}";

    /// <summary>
    /// Runs `release-train ARGUMENTS` in the working directory and fails the task (a CakeException naming the tool's exit
    /// code: 1 a verdict against the release, 2 invalid input) unless it exits 0.
    /// </summary>
    public void Run(string arguments)
    {
        var (file, prefix) = string.IsNullOrEmpty(Tool) ? ("dotnet", "release-train ") : (Tool, string.Empty);
        _context.Log.Information($"release-train {arguments}");
        var process = _context.ProcessRunner.Start(
            file,
            new ProcessSettings
            {
                Arguments = prefix + arguments,
                WorkingDirectory = _context.Environment.WorkingDirectory,
            });
        process.WaitForExit();
        var exitCode = process.GetExitCode();
        if (exitCode != 0)
        {
            throw new CakeException(
                exitCode,
                $"release-train {arguments} exited with {exitCode} "
                    + "(1: a verdict against the release, 2: invalid input; see the lines above).");
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\\\"") + "\"";
}

var releaseTrain = new ReleaseTrainRecipe(Context);
