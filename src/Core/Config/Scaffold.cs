using System.Reflection;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Config;

/// <summary>One file <see cref="Scaffold"/> writes: a path relative to the repository and its content.</summary>
/// <param name="RelativePath">The path, relative to the repository root, with '/' separators.</param>
/// <param name="Content">The bytes to write (UTF-8 text, no byte order mark).</param>
public sealed record ScaffoldFile(string RelativePath, byte[] Content);

/// <summary>What <see cref="Scaffold.Write"/> did with one file.</summary>
public enum ScaffoldOutcome
{
    /// <summary>The file did not exist and was written.</summary>
    Created,

    /// <summary>The file already held exactly these bytes: left alone.</summary>
    Unchanged,

    /// <summary>The file held other bytes and was replaced (<c>--force</c>, or an added NuGet source).</summary>
    Overwritten,
}

/// <summary>
/// What <c>release-train init</c> and <c>release-train schema</c> write into a repository, and the one rule for
/// writing it: a file that exists with other bytes is never replaced unless forced (RT1023), every file is checked
/// before any is written, and each is written atomically (<see cref="AtomicFile"/>), so running it again is a no-op.
/// </summary>
public static class Scaffold
{
    /// <summary>Where init writes the JSON schemas, relative to the repository root.</summary>
    public const string SchemaFolder = ".release-train/schemas";

    /// <summary>The workflow init writes, relative to the repository root.</summary>
    public const string WorkflowPath = ".github/workflows/release-train.yml";

    /// <summary>
    /// The composite action's <c>uses:</c> (action.yml at the root of the repository that publishes ReleaseTrain);
    /// <c>--action</c> names a fork or a pinned commit instead.
    /// </summary>
    public const string DefaultAction = "releasetrain/releasetrain@v1";

    /// <summary>The key of the package source init adds to nuget.config.</summary>
    public const string FeedKey = "release-train";

    /// <summary>The package id pattern init maps to that source when nuget.config maps package sources.</summary>
    public const string PackagePattern = "ReleaseTrain.*";

    /// <summary>The names NuGet reads a repository's configuration from, in the order it prefers them.</summary>
    public static readonly IReadOnlyList<string> NuGetConfigNames = ["nuget.config", "NuGet.config", "NuGet.Config"];

    private const string SchemaResourcePrefix = "ReleaseTrain.Core.Schemas.";

    /// <summary>The version of the packages (ReleaseTrain.Tasks, ReleaseTrain.Cli) this build belongs to.</summary>
    public static string PackageVersion
    {
        get
        {
            var version = typeof(Scaffold)
                .Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
                ?.InformationalVersion
                ?? "0.1.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }

    /// <summary>
    /// Every JSON schema ReleaseTrain reads or writes (the files of <c>schemas/</c>, embedded in Core), by file name.
    /// </summary>
    /// <param name="folder">The folder they go to, relative to the repository root, '/' separated.</param>
    /// <returns>The files, in ordinal order of their names.</returns>
    public static IReadOnlyList<ScaffoldFile> Schemas(string folder)
    {
        var assembly = typeof(Scaffold).Assembly;
        var files = new List<ScaffoldFile>();
        foreach (
            var resource in assembly
                .GetManifestResourceNames()
                .Where(n => n.StartsWith(SchemaResourcePrefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
        )
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files.Add(new ScaffoldFile(Join(folder, resource[SchemaResourcePrefix.Length..]), buffer.ToArray()));
        }

        return files;
    }

    /// <summary>
    /// A minimal release-train.json that <c>release-train verify</c> passes as written: its <c>$schema</c> (a path
    /// relative to the file, which editors resolve) and no contract yet.
    /// </summary>
    /// <param name="schemaFolder">The schemas' folder relative to the repository root, '/' separated.</param>
    /// <returns>The file.</returns>
    public static ScaffoldFile Config(string schemaFolder) =>
        Text(
            ConfigLoader.FileName,
            $$"""
            {
              "$schema": "./{{Join(schemaFolder, "release-train.schema.json")}}",
              "contracts": []
            }

            """
        );

    /// <summary>
    /// A GitHub Actions workflow that runs <c>release-train verify</c> through the composite action on every pull
    /// request and push to main, reporting drift as annotations.
    /// </summary>
    /// <param name="action">The action's <c>uses:</c> value, e.g. <see cref="DefaultAction"/>.</param>
    /// <param name="config">The configuration's path relative to the repository root.</param>
    /// <returns>The file.</returns>
    public static ScaffoldFile Workflow(string action, string config) =>
        Text(
            WorkflowPath,
            $"""
            # Written by `release-train init`. Replace {DefaultAction} with the repository that publishes the
            # ReleaseTrain action (its action.yml), at the tag you trust.
            name: release-train
            on:
              pull_request:
              push:
                branches: [main]
            permissions:
              contents: read
            jobs:
              verify:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - uses: {action}
                    with:
                      command: verify
                      config: {config}
                      format: github

            """
        );

    /// <summary>
    /// The XML that makes a folder of packages a NuGet source: the <c>packageSources</c> entry and, for a
    /// nuget.config that maps package sources, the <c>packageSourceMapping</c> entry for <see cref="PackagePattern"/>.
    /// </summary>
    /// <param name="feed">The feed as nuget.config names it (a path relative to the file, or absolute).</param>
    /// <returns>The snippet, for a person to paste.</returns>
    public static string NuGetConfigSnippet(string feed) =>
        $"""
            <packageSources>
              <add key="{FeedKey}" value="{feed}" />
            </packageSources>
            <!-- only when the file has a packageSourceMapping: -->
            <packageSourceMapping>
              <packageSource key="{FeedKey}">
                <package pattern="{PackagePattern}" />
              </packageSource>
            </packageSourceMapping>
            """;

    /// <summary>
    /// nuget.config with the source <see cref="FeedKey"/> for <paramref name="feed"/>: a new file (the source added to
    /// the sources NuGet already uses) or the existing one with the source added, and its mapping when the file maps
    /// package sources. An existing file keeps its other content.
    /// </summary>
    /// <param name="existingPath">The nuget.config's path relative to the root, when there is one.</param>
    /// <param name="existing">Its bytes, or null when there is none.</param>
    /// <param name="feed">The feed as nuget.config names it.</param>
    /// <param name="force">Replace a <see cref="FeedKey"/> source that names another feed.</param>
    /// <returns>The file.</returns>
    /// <exception cref="ReleaseTrainException">RT1025 when the existing file is not XML with a configuration root;
    /// RT1023 when it has a <see cref="FeedKey"/> source for another feed and <paramref name="force"/> is
    /// false.</exception>
    public static ScaffoldFile NuGetConfig(string? existingPath, byte[]? existing, string feed, bool force)
    {
        var path = existingPath ?? NuGetConfigNames[0];
        if (existing is null)
        {
            return Text(
                path,
                $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="{FeedKey}" value="{Escape(feed)}" />
                  </packageSources>
                </configuration>

                """
            );
        }

        XDocument document;
        try
        {
            using var reader = new StreamReader(new MemoryStream(existing), Encoding.UTF8);
            document = XDocument.Load(reader, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.NuGetConfigUnreadable.Error(
                    path,
                    ex.LineNumber,
                    ex.LinePosition,
                    path,
                    ex.Message.TrimEnd('.')
                )
            );
        }

        var configuration = document.Root;
        if (configuration is null || configuration.Name.LocalName != "configuration")
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.NuGetConfigUnreadable.Error(path, 1, 1, path, "its root element is not <configuration>")
            );
        }

        var changed = configuration.Element("packageSources") is null;
        var sources = Child(configuration, "packageSources");
        var current = sources
            .Elements("add")
            .FirstOrDefault(e => string.Equals((string?)e.Attribute("key"), FeedKey, StringComparison.Ordinal));
        if (current is null)
        {
            Append(sources, new XElement("add", new XAttribute("key", FeedKey), new XAttribute("value", feed)));
            changed = true;
        }
        else if (!string.Equals((string?)current.Attribute("value"), feed, StringComparison.Ordinal))
        {
            if (!force)
            {
                var line = ((IXmlLineInfo)current).LineNumber;
                var column = ((IXmlLineInfo)current).LinePosition;
                throw new ReleaseTrainException(
                    DiagnosticCodes.ScaffoldFileExists.Error(
                        path,
                        line,
                        column,
                        path,
                        $"its source '{FeedKey}' names '{(string?)current.Attribute("value")}', not '{feed}'"
                    )
                );
            }

            current.SetAttributeValue("value", feed);
            changed = true;
        }

        if (configuration.Element("packageSourceMapping") is { } mapping)
        {
            var mapped = mapping
                .Elements("packageSource")
                .FirstOrDefault(e => string.Equals((string?)e.Attribute("key"), FeedKey, StringComparison.Ordinal));
            if (mapped is null)
            {
                mapped = new XElement("packageSource", new XAttribute("key", FeedKey));
                Append(mapping, mapped);
                changed = true;
            }

            if (
                !mapped
                    .Elements("package")
                    .Any(e => string.Equals((string?)e.Attribute("pattern"), PackagePattern, StringComparison.Ordinal))
            )
            {
                Append(mapped, new XElement("package", new XAttribute("pattern", PackagePattern)));
                changed = true;
            }
        }

        if (!changed)
        {
            return new ScaffoldFile(path, existing);
        }

        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = document.Declaration is null,
            Encoding = new UTF8Encoding(false),
        };
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, settings))
        {
            document.Save(writer);
        }

        if (output.Length == 0 || output.GetBuffer()[output.Length - 1] != (byte)'\n')
        {
            output.WriteByte((byte)'\n');
        }

        return new ScaffoldFile(path, output.ToArray());
    }

    /// <summary>
    /// Writes the files under <paramref name="root"/>. Every file is checked first: one that exists with other bytes
    /// stops the whole write (nothing is written) unless <paramref name="force"/> or it is listed in
    /// <paramref name="edits"/> (a file the caller changed from its own content, such as nuget.config). Then each is
    /// written atomically, files with the same bytes left alone. Every read and write is confined to
    /// <paramref name="root"/> (<see cref="RepositoryFiles"/>): a file or folder that is, or leads through, a symbolic
    /// link outside it is refused, and a FIFO or other non-file is refused without waiting on it.
    /// </summary>
    /// <param name="root">The repository root (absolute).</param>
    /// <param name="files">The files.</param>
    /// <param name="force">Overwrite files that differ.</param>
    /// <param name="edits">Relative paths of files built from their existing content.</param>
    /// <returns>Each file's relative path and what was done.</returns>
    /// <exception cref="ReleaseTrainException">RT1023 naming the first file that exists and differs; RT1016 when a
    /// path names a folder or another non-file; RT1005 when a path leads outside the root.</exception>
    public static IReadOnlyList<(string RelativePath, ScaffoldOutcome Outcome)> Write(
        string root,
        IReadOnlyList<ScaffoldFile> files,
        bool force,
        IReadOnlySet<string>? edits = null
    )
    {
        ArgumentNullException.ThrowIfNull(files);
        var repository = new RepositoryFiles(root);
        var plan = new List<(ScaffoldFile File, string FullPath, ScaffoldOutcome Outcome)>();
        foreach (var file in files)
        {
            var full = repository.Resolve(file.RelativePath);
            if (Directory.Exists(full))
            {
                throw new ReleaseTrainException(DiagnosticCodes.NotARegularFile.Error(full, 0, 0, full, "a folder"));
            }

            if (!Path.Exists(full))
            {
                plan.Add((file, full, ScaffoldOutcome.Created));
                continue;
            }

            if (repository.ReadBytes(full).AsSpan().SequenceEqual(file.Content))
            {
                plan.Add((file, full, ScaffoldOutcome.Unchanged));
                continue;
            }

            if (!force && edits?.Contains(file.RelativePath) != true)
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.ScaffoldFileExists.Error(
                        full,
                        0,
                        0,
                        file.RelativePath,
                        "it exists with other content"
                    )
                );
            }

            plan.Add((file, full, ScaffoldOutcome.Overwritten));
        }

        foreach (var (file, full, outcome) in plan)
        {
            if (outcome != ScaffoldOutcome.Unchanged)
            {
                repository.WriteAllBytes(full, file.Content);
            }
        }

        return [.. plan.Select(p => (p.File.RelativePath, p.Outcome))];
    }

    /// <summary>A path relative to the repository root, '/' separated, with no trailing separator.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="path">An absolute path.</param>
    /// <returns>The relative path, or the absolute path when it is outside the root.</returns>
    public static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return
            relative == ".."
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || Path.IsPathRooted(relative)
            ? path
            : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static string Join(string folder, string name) =>
        folder.Length == 0 || folder == "." ? name : folder.TrimEnd('/') + "/" + name;

    private static ScaffoldFile Text(string path, string text) =>
        new(path, new UTF8Encoding(false).GetBytes(text.ReplaceLineEndings("\n")));

    private static string Escape(string value) =>
        value
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal);

    private static XElement Child(XElement parent, string name)
    {
        if (parent.Element(name) is { } existing)
        {
            return existing;
        }

        var created = new XElement(name);
        Append(parent, created);
        return created;
    }

    /// <summary>
    /// Appends an element on its own line, indented like its last sibling (or two more than the parent).
    /// </summary>
    private static void Append(XElement parent, XElement child)
    {
        var parentIndent = Indent(parent);
        var siblingIndent = parent.Elements().LastOrDefault() is { } last ? Indent(last) : parentIndent + "  ";
        if (parent.LastNode is XText trailing && string.IsNullOrWhiteSpace(trailing.Value))
        {
            trailing.AddBeforeSelf(new XText("\n" + siblingIndent), child);
            return;
        }

        parent.Add(new XText("\n" + siblingIndent), child, new XText("\n" + parentIndent));
    }

    private static string Indent(XElement element)
    {
        if (element.PreviousNode is XText text)
        {
            var value = text.Value;
            var newline = value.LastIndexOf('\n');
            return newline < 0 ? string.Empty : value[(newline + 1)..];
        }

        return string.Empty;
    }
}
