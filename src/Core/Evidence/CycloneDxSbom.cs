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
/// name.</param>
/// <param name="PackageVersion">The package version, or null for the restore model's project version.</param>
/// <param name="ToolVersion">ReleaseTrain's version, written to metadata.tools.</param>
public sealed record SbomOptions(
    DateTimeOffset Timestamp,
    string? PackageId,
    string? PackageVersion,
    string ToolVersion
);

/// <summary>
/// Writes a CycloneDX 1.6 JSON SBOM (ECMA-424) from NuGet's restore model: <c>project.assets.json</c> (every
/// resolved package and project reference per target framework, with its SHA-512) cross-checked against
/// <c>packages.lock.json</c> when present. The project is <c>metadata.component</c>; each package is a
/// component with name, version, purl (<c>pkg:nuget/Name@Version</c>), scope (<c>excluded</c> when it is
/// reached only through PrivateAssets=all references, else <c>required</c>) and SHA-512 hash; the graph is in
/// <c>dependencies</c>. Output is deterministic: sorted, '\n' line ends, serialNumber derived from the content.
/// </summary>
public static class CycloneDxSbom
{
    /// <summary>The CycloneDX spec version written.</summary>
    public const string SpecVersion = "1.6";

    /// <summary>The property naming the target frameworks a component is resolved for.</summary>
    public const string TargetFrameworkProperty = "releasetrain:targetFramework";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Generates the SBOM.</summary>
    /// <param name="assetsPath">Full path of project.assets.json.</param>
    /// <param name="lockPath">Full path of packages.lock.json, or null.</param>
    /// <param name="options">Timestamp, identity and tool version.</param>
    /// <returns>The SBOM's UTF-8 bytes.</returns>
    /// <exception cref="ReleaseTrainException">RT1001/RT1003 unreadable input, RT3001 an assets file without what an
    /// SBOM needs, RT3002 the lock file disagrees with the assets file.</exception>
    public static byte[] Generate(string assetsPath, string? lockPath, SbomOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var assets = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(assetsPath), assetsPath);
        var lockDocument =
            lockPath is not null && File.Exists(lockPath)
                ? LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(lockPath), lockPath)
                : null;
        var model = Build(assets, lockDocument, options);
        var withoutSerial = Write(model, options, serialNumber: null);
        var serial = SerialNumber(withoutSerial);
        return Write(model, options, serial);
    }

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

    private static Model Build(LocatedJsonDocument assets, LocatedJsonDocument? lockDocument, SbomOptions options)
    {
        var root = Expect<LocatedJsonObject>(assets, assets.Root, "the assets file");
        var targets = Expect<LocatedJsonObject>(assets, Member(assets, root, "targets"), "/targets");
        var libraries = Expect<LocatedJsonObject>(assets, Member(assets, root, "libraries"), "/libraries");
        var project = Expect<LocatedJsonObject>(assets, Member(assets, root, "project"), "/project");
        var restore = Expect<LocatedJsonObject>(assets, Member(assets, project, "restore"), "/project/restore");
        var id = options.PackageId
            ?? Text(restore, "projectName")
            ?? throw Invalid(assets, restore, "/project/restore/projectName is missing");
        var version = options.PackageVersion ?? Text(project, "version") ?? "1.0.0";
        var model = new Model(Purl(id, version), id, version);
        project.TryGetProperty("frameworks", out var frameworksNode);
        var frameworks = frameworksNode as LocatedJsonObject;
        root.TryGetProperty("projectFileDependencyGroups", out var groupsNode);
        var groups = groupsNode as LocatedJsonObject;
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
                    component = new Component(bomRef, name, entryVersion, isProject, sha512);
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
                var dependsOn = model.Dependencies.TryGetValue(bomRef, out var set)
                    ? set
                    : model.Dependencies[bomRef] = new SortedSet<string>(StringComparer.Ordinal);
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
            var direct = new List<(string Name, bool Private)>();
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
                    direct.Add((name, isPrivate));
                }
            }

            var rootDeps = model.Dependencies.TryGetValue(model.RootRef, out var rootSet)
                ? rootSet
                : model.Dependencies[model.RootRef] = new SortedSet<string>(StringComparer.Ordinal);
            var reachable = new Queue<string>();
            foreach (var (name, isPrivate) in direct)
            {
                if (byName.TryGetValue(name, out var resolved))
                {
                    rootDeps.Add(resolved.Ref);
                    if (!isPrivate)
                    {
                        reachable.Enqueue(resolved.Ref);
                    }
                }
            }

            var required = new HashSet<string>(StringComparer.Ordinal);
            while (reachable.Count > 0)
            {
                var next = reachable.Dequeue();
                if (required.Add(next) && model.Dependencies.TryGetValue(next, out var children))
                {
                    foreach (var child in children)
                    {
                        reachable.Enqueue(child);
                    }
                }
            }

            foreach (var (_, (bomRef, _)) in byName)
            {
                model.Components[bomRef].Required |= required.Contains(bomRef);
            }
        }

        return model;
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
            w.WriteString("type", "library");
            w.WriteString("bom-ref", model.RootRef);
            w.WriteString("name", model.RootName);
            w.WriteString("version", model.RootVersion);
            w.WriteString("purl", model.RootRef);
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
                w.WriteString("name", component.Name);
                w.WriteString("version", component.Version);
                w.WriteString("scope", component.Required ? "required" : "excluded");
                if (component.Sha512Hex is not null)
                {
                    w.WriteStartArray("hashes");
                    w.WriteStartObject();
                    w.WriteString("alg", "SHA-512");
                    w.WriteString("content", component.Sha512Hex);
                    w.WriteEndObject();
                    w.WriteEndArray();
                }

                w.WriteString("purl", component.Ref);
                w.WriteStartArray("properties");
                foreach (var tfm in component.Frameworks)
                {
                    w.WriteStartObject();
                    w.WriteString("name", TargetFrameworkProperty);
                    w.WriteString("value", tfm);
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

    private sealed class Model(string rootRef, string rootName, string rootVersion)
    {
        public string RootRef { get; } = rootRef;

        public string RootName { get; } = rootName;

        public string RootVersion { get; } = rootVersion;

        public Dictionary<string, Component> Components { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SortedSet<string>> Dependencies { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Component(string bomRef, string name, string version, bool isProject, string? sha512Hex)
    {
        public string Ref { get; } = bomRef;

        public string Name { get; } = name;

        public string Version { get; } = version;

        public bool IsProject { get; } = isProject;

        public string? Sha512Hex { get; set; } = sha512Hex;

        public bool Required { get; set; }

        public SortedSet<string> Frameworks { get; } = new(StringComparer.Ordinal);
    }
}
