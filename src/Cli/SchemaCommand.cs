using System.CommandLine;
using ReleaseTrain.Core.Config;

namespace ReleaseTrain.Cli;

/// <summary>
/// <c>release-train schema [--output DIR] [--force]</c>: writes the JSON schemas of every file ReleaseTrain reads or
/// writes (release-train.json's among them) into a folder, for editors and other tools. The files and the rule for
/// writing them are Core's (<see cref="Scaffold"/>).
/// </summary>
internal static class SchemaCommand
{
    public static Command Create(TextWriter stdout, string workingDirectory)
    {
        var output = new Option<string?>("--output")
        {
            Description = $"The folder to write them to (default {Scaffold.SchemaFolder}, from the current folder).",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace schema files that exist with other content (after upgrading the tool).",
        };
        var command = new Command(
            "schema",
            "Write the JSON schemas (release-train.schema.json and the schema of every report and record) into a "
                + "folder. Files that already hold the same bytes are left alone; one with other content is refused "
                + "(RT1023) unless --force. Exit 0, 2 when refused."
        )
        {
            output,
            force,
        };
        command.SetAction(p =>
        {
            var folder = Path.GetFullPath(p.GetValue(output) ?? Scaffold.SchemaFolder, workingDirectory);
            // Confined to the working folder, or to the folder named when it lies outside (the user chose it).
            var relative = Scaffold.Relative(workingDirectory, folder);
            var inside = !Path.IsPathRooted(relative);
            Directory.CreateDirectory(inside ? workingDirectory : folder);
            var written = Scaffold.Write(
                inside ? workingDirectory : folder,
                Scaffold.Schemas(inside ? relative : "."),
                p.GetValue(force)
            );
            InitCommand.Print(stdout, written);
            return 0;
        });
        return command;
    }
}
