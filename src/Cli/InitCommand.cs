using System.CommandLine;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Cli;

/// <summary>
/// <c>release-train init</c>: sets a repository up. Writes release-train.json (no contract yet; it passes
/// <c>verify</c>) with a <c>$schema</c> pointing at the schemas it writes beside it, the GitHub workflow that calls
/// the composite action, and, with <c>--feed</c>, the NuGet source for the packages. What is written and how is
/// Core's (<see cref="Scaffold"/>): nothing that exists with other content is replaced without <c>--force</c>.
/// </summary>
internal static class InitCommand
{
    public static Command Create(TextWriter stdout, string workingDirectory)
    {
        var root = new Option<string?>("--root")
        {
            Description = "The repository's folder (default: the current folder).",
        };
        var feed = new Option<string?>("--feed")
        {
            Description =
                "A folder of ReleaseTrain packages (or an http(s) feed URL) to add to the repository's nuget.config "
                + $"as the source '{Scaffold.FeedKey}' (mapped to {Scaffold.PackagePattern} when the file maps "
                + "package sources). Without it, init prints what to add.",
        };
        var action = new Option<string>("--action")
        {
            Description = $"The workflow's 'uses:' of the ReleaseTrain action (default {Scaffold.DefaultAction}).",
            DefaultValueFactory = _ => Scaffold.DefaultAction,
        };
        var noWorkflow = new Option<bool>("--no-workflow") { Description = "Do not write the workflow." };
        var force = new Option<bool>("--force") { Description = "Replace files that exist with other content." };
        var command = new Command(
            "init",
            $"Set up a repository: {ConfigLoader.FileName} with a $schema editors resolve, the schemas in "
                + $"{Scaffold.SchemaFolder}/, the workflow {Scaffold.WorkflowPath} and, with --feed, the NuGet "
                + "source. Files that already hold the same bytes are left alone; one with other content is refused "
                + "(RT1023, nothing written) unless --force. Exit 0, 2 when refused."
        )
        {
            root,
            feed,
            action,
            noWorkflow,
            force,
        };
        command.SetAction(p =>
        {
            var folder = Path.GetFullPath(p.GetValue(root) ?? ".", workingDirectory);
            if (!Directory.Exists(folder))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.FileNotFound.Error(folder, 0, 0, folder + " (the repository's folder)")
                );
            }

            var files = new List<ScaffoldFile> { Scaffold.Config(Scaffold.SchemaFolder) };
            files.AddRange(Scaffold.Schemas(Scaffold.SchemaFolder));
            if (!p.GetValue(noWorkflow))
            {
                files.Add(Scaffold.Workflow(p.GetValue(action)!, ConfigLoader.FileName));
            }

            var edits = new HashSet<string>(StringComparer.Ordinal);
            var feedValue = p.GetValue(feed);
            var nugetConfig = Scaffold.NuGetConfigNames.FirstOrDefault(n => Path.Exists(Path.Combine(folder, n)));
            if (feedValue is not null)
            {
                var repository = new RepositoryFiles(folder);
                var file = Scaffold.NuGetConfig(
                    nugetConfig,
                    nugetConfig is null ? null : repository.ReadBytes(repository.Resolve(nugetConfig)),
                    FeedAsWritten(feedValue, folder, workingDirectory),
                    p.GetValue(force)
                );
                files.Add(file);
                edits.Add(file.RelativePath);
            }

            var written = Scaffold.Write(folder, files, p.GetValue(force), edits);
            Print(stdout, written, Scaffold.SchemaFolder);
            NextSteps(stdout, folder, feedValue is null, nugetConfig, !p.GetValue(noWorkflow));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Prints one line per file: created, updated or unchanged, and its path; the files of
    /// <paramref name="summarized"/> as one line for the folder.
    /// </summary>
    /// <param name="stdout">Where to print.</param>
    /// <param name="written">What <see cref="Scaffold.Write"/> did.</param>
    /// <param name="summarized">A folder (relative, '/' separated) whose files get one line, or null.</param>
    internal static void Print(
        TextWriter stdout,
        IReadOnlyList<(string RelativePath, ScaffoldOutcome Outcome)> written,
        string? summarized = null
    )
    {
        var prefix = summarized?.TrimEnd('/') + "/";
        var folder = written
            .Where(w => summarized is not null && w.RelativePath.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();
        foreach (var (path, outcome) in written)
        {
            if (folder.Count > 0 && path == folder[0].RelativePath)
            {
                var counts = folder
                    .GroupBy(f => f.Outcome)
                    .OrderBy(g => g.Key)
                    .Select(g => $"{g.Count()} {Verb(g.Key)}");
                var verb = folder.All(f => f.Outcome == folder[0].Outcome) ? Verb(folder[0].Outcome) : "updated";
                stdout.WriteLine($"{verb, -9} {prefix} ({folder.Count} schemas: {string.Join(", ", counts)})");
            }
            else if (!folder.Exists(f => f.RelativePath == path))
            {
                stdout.WriteLine($"{Verb(outcome), -9} {path}");
            }
        }
    }

    private static string Verb(ScaffoldOutcome outcome) =>
        outcome switch
        {
            ScaffoldOutcome.Created => "created",
            ScaffoldOutcome.Overwritten => "updated",
            _ => "unchanged",
        };

    /// <summary>
    /// The feed as nuget.config names it: a URL as given; a folder relative to the repository when it is inside it
    /// (NuGet resolves a relative source from the file's folder), otherwise absolute.
    /// </summary>
    private static string FeedAsWritten(string feed, string repository, string workingDirectory)
    {
        if (
            Uri.TryCreate(feed, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        )
        {
            return feed;
        }

        var full = Path.GetFullPath(feed, workingDirectory);
        if (!Directory.Exists(full))
        {
            throw new ReleaseTrainException(DiagnosticCodes.FeedNotFound.Error(null, 0, 0, feed));
        }

        return Scaffold.Relative(repository, full);
    }

    private static void NextSteps(TextWriter stdout, string folder, bool printFeed, string? nugetConfig, bool workflow)
    {
        var version = Scaffold.PackageVersion;
        stdout.WriteLine();
        stdout.WriteLine("Next:");
        if (printFeed)
        {
            stdout.WriteLine(
                $"- When ReleaseTrain.Tasks comes from a folder or feed of your own, add it to "
                    + $"{nugetConfig ?? "nuget.config"} (or run init again with --feed PATH):"
            );
            foreach (var line in Scaffold.NuGetConfigSnippet("PATH-OR-URL").Split('\n'))
            {
                stdout.WriteLine("    " + line);
            }
        }

        if (File.Exists(Path.Combine(folder, "Directory.Packages.props")))
        {
            stdout.WriteLine(
                "- Reference the package (central package management): in Directory.Packages.props "
                    + $"<PackageVersion Include=\"ReleaseTrain.Tasks\" Version=\"{version}\" />, and in "
                    + "Directory.Build.props <PackageReference Include=\"ReleaseTrain.Tasks\" PrivateAssets=\"all\" />"
            );
        }
        else
        {
            stdout.WriteLine(
                "- Reference the package, in Directory.Build.props: "
                    + $"<PackageReference Include=\"ReleaseTrain.Tasks\" Version=\"{version}\" PrivateAssets=\"all\" />"
            );
        }

        stdout.WriteLine($"- Add contracts to {ConfigLoader.FileName}, then: release-train verify; dotnet build");
        stdout.WriteLine(
            $"- In {Scaffold.WorkflowPath}, replace {Scaffold.DefaultAction} with the action's repository."
        );
    }
}
