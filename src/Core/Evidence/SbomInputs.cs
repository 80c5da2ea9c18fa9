using System.Xml;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Evidence;

/// <summary>One project of an SBOM: its restore model.</summary>
/// <param name="AssetsPath">Full path of its project.assets.json.</param>
/// <param name="LockPath">Full path of its packages.lock.json, or null (also when absent: then not checked).</param>
/// <param name="ProjectPath">Full path of the project file, or null for the assets file's
/// <c>project/restore/projectPath</c>.</param>
public sealed record SbomProject(string AssetsPath, string? LockPath, string? ProjectPath = null);

/// <summary>What <c>release-train sbom --project</c> was given, expanded into project files.</summary>
/// <param name="Name">The name of the SBOM's subject: the project, solution or folder name, without extension.</param>
/// <param name="IsSingleProject">A project file was given: the project is the SBOM's metadata component.</param>
/// <param name="Projects">The project files, full paths, sorted ordinally (deterministic).</param>
public sealed record SbomInput(string Name, bool IsSingleProject, IReadOnlyList<string> Projects);

/// <summary>
/// Reads an SBOM's input without MSBuild: a project file (<c>.csproj</c>, <c>.fsproj</c>, <c>.vbproj</c>), a solution
/// (<c>.sln</c>: its <c>Project(...)</c> lines; <c>.slnx</c>: its <c>Project Path</c> elements) or a folder (every
/// project file under it, <c>bin</c>, <c>obj</c>, <c>.git</c> and <c>node_modules</c> left out); which projects are
/// test projects, as cyclonedx-dotnet decides it (CycloneDX/Services/ProjectFileService.cs, IsTestProject); and
/// where a project's restore model is when restore wrote it to the default <c>obj/</c>.
/// </summary>
public static class SbomInputs
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
    };

    /// <summary>Expands a project, solution or folder into its project files.</summary>
    /// <param name="fullPath">The full path given.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ReleaseTrainException">RT1003 the path does not exist; RT3021 it is none of the three, a
    /// solution names a project file that does not exist or holds none, a folder holds no project or cannot be
    /// read.</exception>
    public static SbomInput Expand(string fullPath)
    {
        var extension = Path.GetExtension(fullPath).ToLowerInvariant();
        var name = Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(fullPath));
        if (Directory.Exists(fullPath))
        {
            var found = new List<string>();
            Walk(fullPath, found);
            return found.Count == 0
                ? throw Invalid(fullPath, 0, 0, "the folder holds no .csproj, .fsproj or .vbproj file")
                : new SbomInput(Path.GetFileName(Path.TrimEndingDirectorySeparator(fullPath)), false, Sorted(found));
        }

        if (!File.Exists(fullPath))
        {
            throw new ReleaseTrainException(DiagnosticCodes.FileNotFound.Error(fullPath, 0, 0, fullPath));
        }

        if (ProjectExtensions.Contains(extension))
        {
            return new SbomInput(name, true, [fullPath]);
        }

        var projects = extension switch
        {
            ".sln" => SlnProjects(fullPath),
            ".slnx" => SlnxProjects(fullPath),
            _ => throw Invalid(
                fullPath,
                0,
                0,
                "it is not a project (.csproj, .fsproj, .vbproj), a solution (.sln, .slnx) or a folder"
            ),
        };
        if (projects.Count == 0)
        {
            throw Invalid(fullPath, 0, 0, "the solution lists no .csproj, .fsproj or .vbproj project");
        }

        return new SbomInput(name, false, Sorted(projects));
    }

    /// <summary>
    /// The restore model restore wrote to the default place, <c>obj/project.assets.json</c> beside the project, when
    /// it is this project's (its <c>projectPath</c> names the project: two projects in one folder share
    /// <c>obj/</c>); otherwise null, and the caller asks MSBuild for <c>ProjectAssetsFile</c>.
    /// </summary>
    /// <param name="projectPath">The project file, full path.</param>
    /// <returns>The assets file's full path, or null.</returns>
    public static string? DefaultAssetsFile(string projectPath)
    {
        var candidate = Path.Combine(Path.GetDirectoryName(projectPath)!, "obj", "project.assets.json");
        if (!File.Exists(candidate))
        {
            return null;
        }

        var document = Json.LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(candidate), candidate);
        var recorded = (
            (
                ((document.Root as Json.LocatedJsonObject)?.GetMember("project")?.Value as Json.LocatedJsonObject)
                    ?.GetMember("restore")
                    ?.Value as Json.LocatedJsonObject
            )
                ?.GetMember("projectPath")
                ?.Value as Json.LocatedJsonScalar
        )?.Text;
        return recorded is not null && string.Equals(Path.GetFullPath(recorded), projectPath, StringComparison.Ordinal)
            ? candidate
            : null;
    }

    /// <summary>
    /// A test project, as cyclonedx-dotnet decides it: the project file sets <c>IsTestProject</c> to <c>true</c> in a
    /// <c>PropertyGroup</c>, or references <c>Microsoft.NET.Test.Sdk</c> (here read from the restore model's direct
    /// dependencies, so a reference from Directory.Build.props counts too).
    /// </summary>
    /// <param name="projectPath">The project file, or null when unknown (then only the references count).</param>
    /// <param name="directDependencies">The names of the project's direct dependencies.</param>
    /// <returns>True for a test project.</returns>
    /// <exception cref="ReleaseTrainException">RT3021: the project file is not XML.</exception>
    public static bool IsTestProject(string? projectPath, IEnumerable<string> directDependencies)
    {
        if (directDependencies.Contains("Microsoft.NET.Test.Sdk", StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (projectPath is null || !File.Exists(projectPath))
        {
            return false;
        }

        try
        {
            using var stream = new MemoryStream(RepositoryFiles.ReadFile(projectPath));
            using var reader = XmlReader.Create(stream, XmlSettings);
            while (reader.Read())
            {
                if (
                    reader.NodeType == XmlNodeType.Element
                    && reader.Depth == 2
                    && reader.LocalName == "IsTestProject"
                    && !reader.IsEmptyElement
                    && string.Equals(reader.ReadElementContentAsString().Trim(), "true", StringComparison.Ordinal)
                )
                {
                    return true;
                }
            }
        }
        catch (XmlException e)
        {
            throw Invalid(projectPath, e.LineNumber, e.LinePosition, "the project file is not XML: " + e.Message);
        }

        return false;
    }

    private static List<string> Sorted(IEnumerable<string> paths) =>
        [.. paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static List<string> SlnProjects(string solution)
    {
        var projects = new List<string>();
        var lines = RepositoryFiles.ReadText(solution).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            // Project("{type guid}") = "Name", "relative\path.csproj", "{project guid}"
            var line = lines[i].Trim();
            if (!line.StartsWith("Project(", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split('"');
            if (parts.Length >= 6)
            {
                Add(solution, parts[5], i + 1, projects);
            }
        }

        return projects;
    }

    private static List<string> SlnxProjects(string solution)
    {
        var projects = new List<string>();
        try
        {
            using var stream = new MemoryStream(RepositoryFiles.ReadFile(solution));
            using var reader = XmlReader.Create(stream, XmlSettings);
            var info = (IXmlLineInfo)reader;
            while (reader.Read())
            {
                if (
                    reader.NodeType == XmlNodeType.Element
                    && reader.LocalName == "Project"
                    && reader.GetAttribute("Path") is { } path
                )
                {
                    Add(solution, path, info.LineNumber, projects);
                }
            }
        }
        catch (XmlException e)
        {
            throw Invalid(solution, e.LineNumber, e.LinePosition, "the solution is not XML: " + e.Message);
        }

        return projects;
    }

    private static void Add(string solution, string relative, int line, List<string> projects)
    {
        if (!ProjectExtensions.Contains(Path.GetExtension(relative).ToLowerInvariant()))
        {
            return; // solution folders and other project kinds (.sqlproj, .shproj) have no NuGet restore model
        }

        var full = Path.GetFullPath(relative.Replace('\\', '/'), Path.GetDirectoryName(solution)!);
        if (!File.Exists(full))
        {
            throw Invalid(solution, line, 0, $"it lists {relative}, which does not exist");
        }

        projects.Add(full);
    }

    private static void Walk(string folder, List<string> found)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw Invalid(folder, 0, 0, "the folder cannot be read (" + e.Message.TrimEnd('.') + "); make it readable");
        }

        foreach (var entry in entries)
        {
            var info = new FileInfo(entry);
            if (info.LinkTarget is not null)
            {
                continue; // a link could lead out of the folder or round in a circle
            }

            if (Directory.Exists(entry))
            {
                if (info.Name is not ("bin" or "obj" or ".git" or "node_modules"))
                {
                    Walk(entry, found);
                }
            }
            else if (ProjectExtensions.Contains(info.Extension.ToLowerInvariant()))
            {
                found.Add(entry);
            }
        }
    }

    private static ReleaseTrainException Invalid(string file, int line, int column, string why) =>
        new(DiagnosticCodes.InvalidSbomInput.Error(file, line, column, file, why));
}
