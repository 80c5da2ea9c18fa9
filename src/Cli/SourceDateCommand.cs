using System.CommandLine;
using System.Globalization;
using ReleaseTrain.Core.Evidence;

namespace ReleaseTrain.Cli;

/// <summary>
/// <c>release-train source-date</c>: prints the source date (<see cref="SourceDate"/>) as Unix seconds, so that
/// scripts (the Cake build) stamp packages by Core's rule instead of their own copy of it.
/// </summary>
internal static class SourceDateCommand
{
    public static Command Create(TextWriter stdout, string workingDirectory)
    {
        var root = new Option<string?>("--root")
        {
            Description = "A folder inside the git work tree (default: the current folder).",
        };
        var command = new Command(
            "source-date",
            "Print the source date as Unix seconds: SOURCE_DATE_EPOCH when set, else the HEAD commit's committer "
                + "time, else 1980-01-02T00:00:00Z. Exit 0, 2 when SOURCE_DATE_EPOCH is not whole seconds (RT3007)."
        )
        {
            root,
        };
        command.SetAction(p =>
        {
            var folder = Path.GetFullPath(p.GetValue(root) ?? ".", workingDirectory);
            var (instant, _) = SourceDate.Resolve(folder, Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"));
            stdout.WriteLine(instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            return 0;
        });
        return command;
    }
}
