using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NuGet.Frameworks;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Evidence;

/// <summary>What an SBOM describes beyond the restore model.</summary>
/// <param name="Timestamp">metadata.timestamp (UTC; see <see cref="SourceDate"/>).</param>
/// <param name="PackageId">The package id of the project (metadata.component name), or null for the restore project
/// name. Only for a single project.</param>
/// <param name="PackageVersion">The package version, or null for the restore model's project version. Only for a
/// single project.</param>
/// <param name="ToolVersion">ReleaseTrain's version, written to metadata.tools.</param>
/// <param name="ExcludeDev">Leave development dependencies out (cyclonedx-dotnet's <c>--exclude-dev</c>): what is
/// reached only through direct references with PrivateAssets=all or packages whose nuspec says
/// <c>developmentDependency</c>.</param>
/// <param name="ExcludeTestProjects">Leave test projects and what only they reach out (cyclonedx-dotnet's
/// <c>--exclude-test-projects</c>).</param>
public sealed record SbomOptions(
    DateTimeOffset Timestamp,
    string? PackageId,
    string? PackageVersion,
    string ToolVersion,
    bool ExcludeDev = false,
    bool ExcludeTestProjects = false
);

/// <summary>
/// Writes a CycloneDX 1.6 JSON SBOM (ECMA-424) from NuGet's restore model: <c>project.assets.json</c> (every
/// resolved package and project reference per target framework, with its SHA-512) cross-checked against
/// <c>packages.lock.json</c> when present, and each package's <c>.nuspec</c> and <c>.nupkg</c> in the package folder
/// restore used (no network). One project is <c>metadata.component</c>; several (a solution, a folder) are each a
/// component under a metadata component named after the solution or folder. Each package is a component with name,
/// version, purl (<c>pkg:nuget/Name@Version</c>), scope (<c>excluded</c> when only test projects or PrivateAssets=all
/// / developmentDependency references reach it, else <c>required</c>), hashes, licences, authors, description and
/// links; the graph is in <c>dependencies</c>. Output is deterministic: sorted, '\n' line ends, serialNumber derived
/// from the content.
/// </summary>
public static class CycloneDxSbom
{
    /// <summary>The CycloneDX spec version written.</summary>
    public const string SpecVersion = "1.6";

    /// <summary>The property naming the target frameworks a component is resolved for.</summary>
    public const string TargetFrameworkProperty = "releasetrain:targetFramework";

    /// <summary>The property holding NuGet's content hash of a package (lowercase hex SHA-512): the restore model's
    /// <c>sha512</c>, the lock file's <c>contentHash</c>; for a signed package it leaves the signature out.</summary>
    public const string ContentHashProperty = "releasetrain:nugetContentHash";

    /// <summary>The version of the metadata component of a solution or folder (cyclonedx-dotnet's default).</summary>
    public const string SolutionVersion = "0.0.0";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly Lazy<HashSet<string>> SpdxIds = new(() =>
    {
        using var stream = typeof(CycloneDxSbom).Assembly.GetManifestResourceStream(
            "ReleaseTrain.Core.Evidence.SpdxLicenseIds.txt"
        )!;
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    });

    /// <summary>Generates the SBOM of one project.</summary>
    /// <param name="assetsPath">Full path of project.assets.json.</param>
    /// <param name="lockPath">Full path of packages.lock.json, or null.</param>
    /// <param name="options">Timestamp, identity and tool version.</param>
    /// <returns>The SBOM's UTF-8 bytes.</returns>
    /// <exception cref="ReleaseTrainException">RT1001/RT1003 unreadable input, RT3001 an assets file without what an
    /// SBOM needs, RT3002 the lock file disagrees with the assets file, RT3020 an unreadable nuspec.</exception>
    public static byte[] Generate(string assetsPath, string? lockPath, SbomOptions options) =>
        Generate([new SbomProject(assetsPath, lockPath)], null, options);

    /// <summary>Generates one SBOM of several projects (a solution or a folder), or of one.</summary>
    /// <param name="projects">The projects' restore models.</param>
    /// <param name="solutionName">The solution's or folder's name, the metadata component (type application,
    /// version <see cref="SolutionVersion"/>) with every project a component; null for one project, which is then
    /// the metadata component.</param>
    /// <param name="options">Timestamp, identity, tool version and exclusions.</param>
    /// <returns>The SBOM's UTF-8 bytes.</returns>
    /// <exception cref="ReleaseTrainException">As <see cref="Generate(string, string?, SbomOptions)"/>; RT3021 a
    /// project file that is not XML.</exception>
    public static byte[] Generate(IReadOnlyList<SbomProject> projects, string? solutionName, SbomOptions options)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(options);
        if (solutionName is null && projects.Count != 1)
        {
            throw new ArgumentException("One project, or a solution name.", nameof(solutionName));
        }

        var model = solutionName is null
            ? null
            : new Model(SolutionRef(solutionName), solutionName, SolutionVersion, isApplication: true);
        var seeds = new List<Seed>();
        foreach (var project in projects)
        {
            var assets = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(project.AssetsPath), project.AssetsPath);
            var lockDocument =
                project.LockPath is not null && File.Exists(project.LockPath)
                    ? LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(project.LockPath), project.LockPath)
                    : null;
            model = AddProject(model, assets, lockDocument, project.ProjectPath, options, seeds);
        }

        ReadPackageMetadata(model!);
        Scope(model!, seeds, options);
        var withoutSerial = Write(model!, options, serialNumber: null);
        var serial = SerialNumber(withoutSerial);
        return Write(model!, options, serial);
    }

    /// <summary>The bom-ref of a solution's or folder's metadata component: <c>Name@0.0.0</c>.</summary>
    /// <param name="name">The solution or folder name.</param>
    /// <returns>The bom-ref.</returns>
    public static string SolutionRef(string name) => $"{name}@{SolutionVersion}";

    /// <summary>
    /// A UUID URN derived from content: the first 16 bytes of SHA-256 with RFC 9562 version-5 and variant bits set.
    /// </summary>
    /// <param name="content">The bytes the serial number stands for.</param>
    /// <returns><c>urn:uuid:xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx</c>.</returns>
    public static string SerialNumber(byte[] content)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(content);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Digest.Hex(hash.AsSpan(0, 16));
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    /// <summary>Adds one project's restore model; creates the model for a single project.</summary>
    private static Model? AddProject(
        Model? model,
        LocatedJsonDocument assets,
        LocatedJsonDocument? lockDocument,
        string? projectPath,
        SbomOptions options,
        List<Seed> seeds
    )
    {
        var single = model is null;
        var root = Expect<LocatedJsonObject>(assets, assets.Root, "the assets file");
        var targets = Expect<LocatedJsonObject>(assets, Member(assets, root, "targets"), "/targets");
        var libraries = Expect<LocatedJsonObject>(assets, Member(assets, root, "libraries"), "/libraries");
        var project = Expect<LocatedJsonObject>(assets, Member(assets, root, "project"), "/project");
        var restore = Expect<LocatedJsonObject>(assets, Member(assets, project, "restore"), "/project/restore");
        var id = (single ? options.PackageId : null)
            ?? Text(restore, "projectName")
            ?? throw Invalid(assets, restore, "/project/restore/projectName is missing");
        var version = (single ? options.PackageVersion : null) ?? Text(project, "version") ?? "1.0.0";
        project.TryGetProperty("frameworks", out var frameworksNode);
        var frameworks = frameworksNode as LocatedJsonObject;
        root.TryGetProperty("projectFileDependencyGroups", out var groupsNode);
        var groups = groupsNode as LocatedJsonObject;
        var directNames = groups?.Properties.SelectMany(g =>
            (g.Value as LocatedJsonArray)?.Items.OfType<LocatedJsonScalar>().Select(i => i.Text!.Split(' ', 2)[0]) ?? []
        )
            ?? [];
        var isTest = SbomInputs.IsTestProject(projectPath ?? Text(restore, "projectPath"), directNames);
        var projectRef = Purl(id, version);
        model ??= new Model(projectRef, id, version, isApplication: false);
        if (isTest && options.ExcludeTestProjects)
        {
            return model;
        }

        if (!single)
        {
            var own = model.Components.TryGetValue(projectRef, out var existing)
                ? existing
                : model.Components[projectRef] = new Component(projectRef, id, version, true, null, null, null);
            own.Frameworks.UnionWith(targets.Properties.Select(t => t.Name).Where(n => !n.Contains('/')));
            Edges(model, model.RootRef).Add(projectRef);
            seeds.Add(new Seed(projectRef, projectRef, isTest, false));
        }

        var folders = NuGetPackageMetadata.PackageFolders(
            (root.GetMember("packageFolders")?.Value as LocatedJsonObject)?.Properties.Select(p => p.Name) ?? []
        );
        var lockTargets = lockDocument is null ? null : MatchLockTargets(lockDocument, targets);

        foreach (var target in targets.Properties.Where(t => !t.Name.Contains('/', StringComparison.Ordinal)))
        {
            var tfm = target.Name;
            var entries = Expect<LocatedJsonObject>(assets, target.Value, "/targets/" + tfm);
            var byName = new Dictionary<string, (string Ref, LocatedJsonObject Entry)>(
                StringComparer.OrdinalIgnoreCase
            );
            foreach (var entry in entries.Properties)
            {
                var slash = entry.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0)
                {
                    throw Invalid(assets, entry.Value, $"target entry '{entry.Name}' is not Name/Version");
                }

                var name = entry.Name[..slash];
                var entryVersion = entry.Name[(slash + 1)..];
                var entryObject = Expect<LocatedJsonObject>(assets, entry.Value, $"/targets/{tfm}/{entry.Name}");
                var isProject = Text(entryObject, "type") == "project";
                var bomRef = Purl(name, entryVersion);
                byName[name] = (bomRef, entryObject);
                if (!model.Components.TryGetValue(bomRef, out var component))
                {
                    var sha512 = isProject ? null : Sha512Hex(assets, libraries, entry.Name);
                    var libraryPath =
                        isProject ? null
                        : (libraries.GetMember(entry.Name)?.Value as LocatedJsonObject) is { } library
                            ? Text(library, "path")
                        : null;
                    component = new Component(
                        bomRef,
                        name,
                        entryVersion,
                        isProject,
                        sha512,
                        isProject ? null : folders,
                        libraryPath
                    );
                    model.Components[bomRef] = component;
                }

                component.Frameworks.Add(tfm);
                if (!isProject && lockDocument is not null)
                {
                    CheckLock(lockDocument, lockTargets![tfm], tfm, name, entryVersion, component);
                }
            }

            foreach (var (_, (bomRef, entry)) in byName)
            {
                var dependsOn = Edges(model, bomRef);
                if (entry.TryGetProperty("dependencies", out var deps) && deps is LocatedJsonObject depObject)
                {
                    foreach (var dep in depObject.Properties)
                    {
                        if (byName.TryGetValue(dep.Name, out var resolved))
                        {
                            dependsOn.Add(resolved.Ref);
                        }
                    }
                }
            }

            // Direct dependencies of the project for this framework, and which of them do not flow (PrivateAssets=all).
            var owner = single ? model.RootRef : projectRef;
            var ownerEdges = Edges(model, owner);
            if (groups?.GetMember(tfm)?.Value is LocatedJsonArray group)
            {
                foreach (var item in group.Items.OfType<LocatedJsonScalar>())
                {
                    var name = item.Text!.Split(' ', 2)[0];
                    var isPrivate =
                        frameworks?.GetMember(tfm)?.Value is LocatedJsonObject fw
                        && fw.GetMember("dependencies")?.Value is LocatedJsonObject fwDeps
                        && fwDeps
                            .Properties.FirstOrDefault(p =>
                                string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)
                            )
                            ?.Value
                            is LocatedJsonObject dependency
                        && string.Equals(Text(dependency, "suppressParent"), "All", StringComparison.OrdinalIgnoreCase);
                    if (byName.TryGetValue(name, out var resolved))
                    {
                        ownerEdges.Add(resolved.Ref);
                        seeds.Add(new Seed(owner, resolved.Ref, isTest, isPrivate));
                    }
                }
            }
        }

        return model;
    }

    private static SortedSet<string> Edges(Model model, string bomRef) =>
        model.Dependencies.TryGetValue(bomRef, out var set)
            ? set
            : model.Dependencies[bomRef] = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>Each package's nuspec and nupkg, read on every core (each component is its own slot).</summary>
    private static void ReadPackageMetadata(Model model)
    {
        var packages = model.Components.Values.Where(c => !c.IsProject && c.PackageFolders is not null).ToArray();
        var errors = new ReleaseTrainException?[packages.Length];
        Parallel.For(0, packages.Length, i =>
        {
            try
            {
                packages[i].Metadata = NuGetPackageMetadata.Read(
                    packages[i].PackageFolders!,
                    packages[i].Name,
                    packages[i].Version,
                    packages[i].LibraryPath
                );
            }
            catch (ReleaseTrainException e)
            {
                errors[i] = e;
            }
        });

        // The first failure in the components' order, whichever thread met it first.
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            throw error;
        }
    }

    /// <summary>
    /// Scopes: what only test projects reach is <c>excluded</c>, as cyclonedx-dotnet scopes it
    /// (CycloneDX/Services/ProjectAssetsFileService.cs); so is a development dependency (a direct reference with
    /// PrivateAssets=all, or a package whose nuspec says developmentDependency) and what only it reaches, which
    /// cyclonedx-dotnet leaves required; the rest is <c>required</c>. With <see cref="SbomOptions.ExcludeDev"/>
    /// development dependencies are left out, as cyclonedx-dotnet's --exclude-dev does (Runner.cs).
    /// </summary>
    private static void Scope(Model model, List<Seed> seeds, SbomOptions options)
    {
        // A development dependency is an edge from a project to its direct reference: the same package may be a
        // normal dependency of another project, or reached through one.
        var devEdges = seeds
            .Where(s =>
                s.Private || (model.Components.TryGetValue(s.Ref, out var c) && c.Metadata.DevelopmentDependency)
            )
            .Select(s => (s.Owner, s.Ref))
            .ToHashSet();
        var owners = seeds.Where(s => !s.FromTest).Select(s => s.Owner).Distinct(StringComparer.Ordinal);
        var required = Reach(model, owners, devEdges);
        var dev = Reach(
            model,
            devEdges.Where(e => seeds.Any(s => s.Owner == e.Owner && !s.FromTest)).Select(e => e.Ref),
            []
        );
        foreach (var component in model.Components.Values)
        {
            component.Required = required.Contains(component.Ref);
            component.Dev = !component.Required && dev.Contains(component.Ref);
        }

        if (!options.ExcludeDev)
        {
            return;
        }

        var dropped = model.Components.Values.Where(c => c.Dev).Select(c => c.Ref).ToHashSet(StringComparer.Ordinal);
        foreach (var bomRef in dropped)
        {
            model.Components.Remove(bomRef);
            model.Dependencies.Remove(bomRef);
        }

        foreach (var set in model.Dependencies.Values)
        {
            set.ExceptWith(dropped);
        }
    }

    /// <summary>
    /// What the graph reaches from <paramref name="from"/>, not following <paramref name="skipped"/>.
    /// </summary>
    private static HashSet<string> Reach(
        Model model,
        IEnumerable<string> from,
        HashSet<(string Owner, string Ref)> skipped
    )
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(from);
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (reached.Add(next) && model.Dependencies.TryGetValue(next, out var children))
            {
                foreach (var child in children.Where(c => !skipped.Contains((next, c))))
                {
                    queue.Enqueue(child);
                }
            }
        }

        return reached;
    }

    /// <summary>
    /// Pairs each target of the lock file with the assets file's target of the same framework and runtime, by
    /// NuGet's own reading of framework names (<see cref="NuGetFramework.Parse(string)"/>: the lock file's
    /// <c>.NETFramework,Version=v4.7.2</c> is the assets file's <c>net472</c>). A lock target that cannot be read or
    /// matched, and an assets target (without runtime) that no lock target covers, are RT3008: nothing is skipped.
    /// </summary>
    /// <returns>For each assets target name without a runtime, the lock file's entries for it.</returns>
    private static Dictionary<string, LocatedJsonObject> MatchLockTargets(
        LocatedJsonDocument lockDocument,
        LocatedJsonObject assetsTargets
    )
    {
        if (
            lockDocument.Root is not LocatedJsonObject root
            || root.GetMember("dependencies")?.Value is not LocatedJsonObject byFramework
        )
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.LockFileMismatch.Error(
                    lockDocument.Path,
                    lockDocument.Root.Line,
                    lockDocument.Root.Column,
                    "dependencies",
                    "the lock file has no 'dependencies' object; restore again"
                )
            );
        }

        var assets = assetsTargets.Properties.Select(t => (t.Name, Target: ReadTarget(t.Name))).ToList();
        var known = string.Join(", ", assets.Select(a => a.Name));
        var matched = new Dictionary<string, LocatedJsonObject>(StringComparer.Ordinal);
        foreach (var target in byFramework.Properties)
        {
            ReleaseTrainException Unmatched(string why) =>
                new(
                    DiagnosticCodes.LockFileTargetUnmatched.Error(
                        lockDocument.Path,
                        target.Line,
                        target.Column,
                        target.Name,
                        why
                    )
                );

            var read = ReadTarget(target.Name)
                ?? throw Unmatched("it is not a target framework NuGet knows (optionally followed by /runtime)");
            var counterpart = assets.FirstOrDefault(a => a.Target == read);
            if (counterpart.Name is null)
            {
                throw Unmatched($"the assets file has no such target (it has {known}); restore again");
            }

            if (target.Value is not LocatedJsonObject entries)
            {
                throw Unmatched($"its value is a {target.Value.KindName}, not an object of packages");
            }

            matched[counterpart.Name] = entries;
        }

        foreach (var (name, target) in assets.Where(a => a.Target is null || a.Target.Value.Runtime is null))
        {
            if (!matched.ContainsKey(name))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.LockFileTargetUnmatched.Error(
                        lockDocument.Path,
                        byFramework.Line,
                        byFramework.Column,
                        name,
                        target is null
                            ? "the assets file's target is not a target framework NuGet knows"
                            : "the lock file has no target for this framework of the assets file; restore again"
                    )
                );
            }
        }

        return matched;
    }

    /// <summary>A target name, <c>framework</c> or <c>framework/runtime</c>, as NuGet reads it; null when it is not
    /// one.</summary>
    private static (NuGetFramework Framework, string? Runtime)? ReadTarget(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var framework = slash < 0 ? name : name[..slash];
        var runtime = slash < 0 ? null : name[(slash + 1)..].ToLowerInvariant();
        try
        {
            var parsed = NuGetFramework.Parse(framework);
            return parsed.IsUnsupported || parsed.IsAny || string.IsNullOrEmpty(framework) ? null : (parsed, runtime);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void CheckLock(
        LocatedJsonDocument lockDocument,
        LocatedJsonObject entries,
        string tfm,
        string name,
        string version,
        Component component
    )
    {
        var entry =
            entries
                .Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                ?.Value as LocatedJsonObject
            ?? throw new ReleaseTrainException(
                DiagnosticCodes.LockFileMismatch.Error(
                    lockDocument.Path,
                    entries.Line,
                    entries.Column,
                    name,
                    $"the assets file resolves {name} {version} for {tfm}, the lock file does not list it; restore "
                        + "again"
                )
            );

        var resolved = Text(entry, "resolved");
        var contentHash = Text(entry, "contentHash");
        string? lockHex = null;
        if (contentHash is not null)
        {
            try
            {
                lockHex = Digest.Hex(Convert.FromBase64String(contentHash));
            }
            catch (FormatException)
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.LockFileMismatch.Error(
                        lockDocument.Path,
                        entry.Line,
                        entry.Column,
                        name,
                        "contentHash is not base64"
                    )
                );
            }
        }

        if (resolved is not null && !string.Equals(resolved, version, StringComparison.OrdinalIgnoreCase))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.LockFileMismatch.Error(
                    lockDocument.Path,
                    entry.Line,
                    entry.Column,
                    name,
                    $"the lock file resolves {resolved}, the assets file {version}; restore again"
                )
            );
        }

        if (lockHex is not null && component.Sha512Hex is not null && lockHex != component.Sha512Hex)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.LockFileMismatch.Error(
                    lockDocument.Path,
                    entry.Line,
                    entry.Column,
                    name,
                    "the lock file's contentHash differs from the assets file's sha512"
                )
            );
        }

        component.Sha512Hex ??= lockHex;
    }

    private static byte[] Write(Model model, SbomOptions options, string? serialNumber)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("bomFormat", "CycloneDX");
            w.WriteString("specVersion", SpecVersion);
            if (serialNumber is not null)
            {
                w.WriteString("serialNumber", serialNumber);
            }

            w.WriteNumber("version", 1);
            w.WriteStartObject("metadata");
            w.WriteString(
                "timestamp",
                options.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            );
            w.WriteStartObject("tools");
            w.WriteStartArray("components");
            w.WriteStartObject();
            w.WriteString("type", "application");
            w.WriteString("group", "ReleaseTrain");
            w.WriteString("name", "release-train");
            w.WriteString("version", options.ToolVersion);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("component");
            w.WriteString("type", model.IsApplication ? "application" : "library");
            w.WriteString("bom-ref", model.RootRef);
            w.WriteString("name", model.RootName);
            w.WriteString("version", model.RootVersion);
            if (!model.IsApplication)
            {
                w.WriteString("purl", model.RootRef);
            }

            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartArray("components");
            foreach (
                var component in model
                    .Components.Values.Where(c => c.Ref != model.RootRef)
                    .OrderBy(c => c.Ref, StringComparer.Ordinal)
            )
            {
                w.WriteStartObject();
                w.WriteString("type", "library");
                w.WriteString("bom-ref", component.Ref);
                var metadata = component.Metadata;
                if (metadata.Authors is not null)
                {
                    // cyclonedx-dotnet: one author named by the nuspec's whole authors text.
                    w.WriteStartArray("authors");
                    w.WriteStartObject();
                    w.WriteString("name", metadata.Authors);
                    w.WriteEndObject();
                    w.WriteEndArray();
                }

                w.WriteString("name", component.Name);
                w.WriteString("version", component.Version);
                if (metadata.Description is not null)
                {
                    w.WriteString("description", metadata.Description);
                }

                w.WriteString("scope", component.Required ? "required" : "excluded");
                WriteHashes(w, component);
                WriteLicenses(w, metadata);
                if (metadata.Copyright is not null)
                {
                    w.WriteString("copyright", metadata.Copyright);
                }

                w.WriteString("purl", component.Ref);
                if (metadata.ProjectUrl is not null || metadata.RepositoryUrl is not null)
                {
                    w.WriteStartArray("externalReferences");
                    foreach (
                        var (type, url) in new[] { ("website", metadata.ProjectUrl), ("vcs", metadata.RepositoryUrl) }
                    )
                    {
                        if (url is not null)
                        {
                            w.WriteStartObject();
                            w.WriteString("url", url);
                            w.WriteString("type", type);
                            w.WriteEndObject();
                        }
                    }

                    w.WriteEndArray();
                }

                w.WriteStartArray("properties");
                foreach (var tfm in component.Frameworks)
                {
                    w.WriteStartObject();
                    w.WriteString("name", TargetFrameworkProperty);
                    w.WriteString("value", tfm);
                    w.WriteEndObject();
                }

                if (component.Sha512Hex is not null)
                {
                    w.WriteStartObject();
                    w.WriteString("name", ContentHashProperty);
                    w.WriteString("value", component.Sha512Hex);
                    w.WriteEndObject();
                }

                if (component.IsProject)
                {
                    w.WriteStartObject();
                    w.WriteString("name", "releasetrain:reference");
                    w.WriteString("value", "project");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("dependencies");
            foreach (var (bomRef, dependsOn) in model.Dependencies.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("ref", bomRef);
                w.WriteStartArray("dependsOn");
                foreach (var dependency in dependsOn)
                {
                    w.WriteStringValue(dependency);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        // Utf8JsonWriter writes Environment.NewLine; the file is byte-identical on every OS with '\n'.
        var text = Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>
    /// The hashes of the package: the <c>.nupkg</c> file's own SHA-512 and SHA-256 when the file is in the package
    /// folder (the SHA-512 is what cyclonedx-dotnet gives: it reads the <c>.nupkg.sha512</c> file NuGet writes beside
    /// the package, which holds that file's SHA-512); otherwise NuGet's content hash alone (also in
    /// <see cref="ContentHashProperty"/>), which for an unsigned package is the same SHA-512.
    /// </summary>
    private static void WriteHashes(Utf8JsonWriter w, Component component)
    {
        var hashes =
            component.Metadata.NupkgSha512 is { } fileSha512
                ? new[] { ("SHA-512", fileSha512), ("SHA-256", component.Metadata.NupkgSha256!) }
            : component.Sha512Hex is { } contentHash ? [("SHA-512", contentHash)]
            : [];
        if (hashes.Length == 0)
        {
            return;
        }

        w.WriteStartArray("hashes");
        foreach (var (alg, content) in hashes)
        {
            w.WriteStartObject();
            w.WriteString("alg", alg);
            w.WriteString("content", content);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// The licence from the nuspec: an expression that is one SPDX licence id of the CycloneDX 1.6 schema's list
    /// (<c>SpdxLicenseIds.txt</c>, from spdx.schema.json) as <c>license.id</c>, as cyclonedx-dotnet writes it; any
    /// other expression (<c>MIT OR Apache-2.0</c>, <c>LicenseRef-x</c>) whole as <c>expression</c>, where
    /// cyclonedx-dotnet splits it into its ids and loses the operators; a <c>licenseUrl</c> as cyclonedx-dotnet writes
    /// it, <c>license.name</c> "Unknown - See URL" with <c>license.url</c>.
    /// </summary>
    private static void WriteLicenses(Utf8JsonWriter w, NuGetPackageMetadata metadata)
    {
        if (metadata.LicenseExpression is null && metadata.LicenseUrl is null)
        {
            return;
        }

        w.WriteStartArray("licenses");
        w.WriteStartObject();
        if (metadata.LicenseExpression is { } expression && !SpdxIds.Value.Contains(expression))
        {
            w.WriteString("expression", expression);
        }
        else
        {
            w.WriteStartObject("license");
            if (metadata.LicenseExpression is { } id)
            {
                w.WriteString("id", id);
            }
            else
            {
                w.WriteString("name", "Unknown - See URL");
                w.WriteString("url", metadata.LicenseUrl);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>The purl of a NuGet package (purl-spec, type nuget): <c>pkg:nuget/Name@Version</c>.</summary>
    /// <param name="name">The package id, case kept.</param>
    /// <param name="version">The normalized version.</param>
    /// <returns>The purl.</returns>
    public static string Purl(string name, string version) =>
        $"pkg:nuget/{Uri.EscapeDataString(name)}@{Uri.EscapeDataString(version)}";

    private static string? Sha512Hex(LocatedJsonDocument assets, LocatedJsonObject libraries, string key)
    {
        if (
            libraries.GetMember(key)?.Value is not LocatedJsonObject library
            || Text(library, "sha512") is not { } base64
        )
        {
            return null;
        }

        try
        {
            return Digest.Hex(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw Invalid(assets, library, $"/libraries/{key}/sha512 is not base64");
        }
    }

    private static LocatedJsonNode Member(LocatedJsonDocument document, LocatedJsonObject obj, string name) =>
        obj.GetMember(name)?.Value ?? throw Invalid(document, obj, $"'{name}' is missing; run a restore first");

    private static T Expect<T>(LocatedJsonDocument document, LocatedJsonNode node, string what)
        where T : LocatedJsonNode =>
        node as T ?? throw Invalid(document, node, $"{what} is a {node.KindName}, not the expected shape");

    private static ReleaseTrainException Invalid(LocatedJsonDocument document, LocatedJsonNode at, string why) =>
        new(DiagnosticCodes.InvalidRestoreModel.Error(document.Path, at.Line, at.Column, why));

    private static string? Text(LocatedJsonObject obj, string name) =>
        (obj.GetMember(name)?.Value as LocatedJsonScalar)?.Text;

    private sealed class Model(string rootRef, string rootName, string rootVersion, bool isApplication)
    {
        public string RootRef { get; } = rootRef;

        public string RootName { get; } = rootName;

        public string RootVersion { get; } = rootVersion;

        public bool IsApplication { get; } = isApplication;

        public Dictionary<string, Component> Components { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SortedSet<string>> Dependencies { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Where scoping starts: a project's direct dependency (or, for several projects, the project itself,
    /// its own owner), with whether the project is a test project and the reference PrivateAssets=all.</summary>
    private sealed record Seed(string Owner, string Ref, bool FromTest, bool Private);

    private sealed class Component(
        string bomRef,
        string name,
        string version,
        bool isProject,
        string? sha512Hex,
        IReadOnlyList<string>? packageFolders,
        string? libraryPath
    )
    {
        public string Ref { get; } = bomRef;

        public string Name { get; } = name;

        public string Version { get; } = version;

        public bool IsProject { get; } = isProject;

        public string? Sha512Hex { get; set; } = sha512Hex;

        public IReadOnlyList<string>? PackageFolders { get; } = packageFolders;

        public string? LibraryPath { get; } = libraryPath;

        public NuGetPackageMetadata Metadata { get; set; } = NuGetPackageMetadata.None;

        public bool Required { get; set; }

        public bool Dev { get; set; }

        public SortedSet<string> Frameworks { get; } = new(StringComparer.Ordinal);
    }
}
