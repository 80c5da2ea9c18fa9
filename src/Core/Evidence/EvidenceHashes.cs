using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Evidence;

/// <summary>The toolchain a release was built with: the preimage of <c>toolchain_hash</c> (docs/evidence.md).</summary>
/// <param name="GlobalJsonSdkVersion">global.json's sdk.version, or null when there is none.</param>
/// <param name="GlobalJsonRollForward">global.json's sdk.rollForward, or null.</param>
/// <param name="RunningSdkVersion">The SDK that ran (MSBuild's NETCoreSdkVersion, or <c>dotnet --version</c> in the
/// root).</param>
/// <param name="Tools">The local tools of .config/dotnet-tools.json, id to version (empty when there is none).</param>
public sealed record ToolchainInfo(
    string? GlobalJsonSdkVersion,
    string? GlobalJsonRollForward,
    string RunningSdkVersion,
    IReadOnlyDictionary<string, string> Tools
);

/// <summary>The machine a release was built on: the preimage of <c>runtime_env_hash</c> (docs/evidence.md).</summary>
/// <param name="Os">linux, windows, osx or freebsd.</param>
/// <param name="Architecture">x64, arm64, ... (the process architecture).</param>
/// <param name="RuntimeIdentifier">The .NET runtime identifier of the running runtime, e.g. linux-x64.</param>
/// <param name="Runtime">The .NET runtime's major.minor, e.g. 10.0.</param>
public sealed record RuntimeEnvironmentInfo(string Os, string Architecture, string RuntimeIdentifier, string Runtime)
{
    /// <summary>The environment of the running process.</summary>
    public static RuntimeEnvironmentInfo Current { get; } =
        new(
            OperatingSystem.IsWindows() ? "windows"
                : OperatingSystem.IsMacOS() ? "osx"
                : OperatingSystem.IsFreeBSD() ? "freebsd"
                : "linux",
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            RuntimeInformation.RuntimeIdentifier,
            $"{Environment.Version.Major}.{Environment.Version.Minor}"
        );
}

/// <summary>
/// The evidence hashes of DESIGN.md ("Evidence hashes"), each <c>sha256:&lt;64 lowercase hex&gt;</c>. JSON is
/// hashed over its RFC 8785 canonical form; files named as raw bytes are hashed as they are. The exact
/// preimage of each is given in docs/evidence.md.
/// </summary>
public static class EvidenceHashes
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.OrdinalIgnoreCase)
    {
        ".git",
        "bin",
        "obj",
        "node_modules",
    };

    /// <summary>SHA-256 of a JSON file's RFC 8785 canonical form (<c>release-train hash json</c>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ReleaseTrainException">RT1001/RT1002/RT1003/RT1011.</exception>
    public static string Json(string path) => JsonCanonicalizer.Sha256(RepositoryFiles.ReadFile(path), path);

    /// <summary>SHA-256 of a file's raw bytes (<c>release-train hash file</c>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ReleaseTrainException">RT1003/RT1011.</exception>
    public static string File(string path) => Digest.Sha256(RepositoryFiles.ReadFile(path));

    /// <summary>
    /// Every packages.lock.json under a root (skipping .git, bin, obj and node_modules, and not following folder
    /// links), as '/'-separated relative paths in ordinal order. Each folder's entries are listed, never probed name by
    /// name, so a folder that cannot be read stops the walk instead of hiding its lock file.
    /// </summary>
    /// <param name="root">The repository root.</param>
    /// <returns>The relative paths.</returns>
    /// <exception cref="ReleaseTrainException">RT3009: a folder cannot be listed (the path and the reason).</exception>
    public static IReadOnlyList<string> FindLockFiles(string root)
    {
        var found = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(root)]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            FileSystemInfo[] entries;
            try
            {
                entries = [.. new DirectoryInfo(directory).EnumerateFileSystemInfos()];
            }
            catch (Exception ex)
                when (ex is UnauthorizedAccessException or IOException or System.Security.SecurityException)
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.UnreadableFolder.Error(directory, 0, 0, directory, ex.Message.TrimEnd('.')),
                    ex
                );
            }

            foreach (var entry in entries)
            {
                if (entry is DirectoryInfo child)
                {
                    if (!SkippedDirectories.Contains(child.Name) && child.LinkTarget is null)
                    {
                        pending.Push(child.FullName);
                    }
                }
                else if (string.Equals(entry.Name, "packages.lock.json", StringComparison.Ordinal))
                {
                    found.Add(Path.GetRelativePath(root, entry.FullName).Replace('\\', '/'));
                }
            }
        }

        return [.. found.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// <c>lockfile_hash</c>: SHA-256 of the RFC 8785 form of one object mapping each lock file's relative path
    /// to its parsed content. Whitespace, line endings and key order do not change it; a resolved version or
    /// contentHash does.
    /// </summary>
    /// <param name="root">The repository root.</param>
    /// <param name="files">The lock files hashed.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ReleaseTrainException">A lock file is malformed (RT1001/RT1002) or unreadable (RT1011), a
    /// folder cannot be listed (RT3009).</exception>
    public static string Lockfile(string root, out IReadOnlyList<string> files)
    {
        files = FindLockFiles(root);
        var preimage = new StringBuilder("{");
        for (var i = 0; i < files.Count; i++)
        {
            var full = Path.Combine(root, files[i]);
            var canonical = JsonCanonicalizer.Canonicalize(RepositoryFiles.ReadFile(full), full);
            preimage
                .Append(i == 0 ? string.Empty : ",")
                .Append(JsonSerializer.Serialize(files[i]))
                .Append(':')
                .Append(Encoding.UTF8.GetString(canonical));
        }

        preimage.Append('}');
        return CanonicalHash(preimage.ToString());
    }

    /// <summary>
    /// <c>sbom_hash</c>: SHA-256 of the RFC 8785 form of a CycloneDX SBOM with its volatile fields removed
    /// (serialNumber, metadata.timestamp, the version of each metadata.tools entry), components sorted by
    /// bom-ref (then purl, name, version) and dependencies by ref with sorted dependsOn.
    /// </summary>
    /// <param name="sbom">The SBOM bytes.</param>
    /// <param name="path">The SBOM's path, for diagnostics.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="ReleaseTrainException">RT1001/RT1002.</exception>
    public static string Sbom(byte[] sbom, string path)
    {
        // Strict parse first: positions for malformed input, BOM skipped, duplicate keys refused.
        var root =
            LocatedJsonDocument.ParseNode(sbom, path) as JsonObject
            ?? throw new ReleaseTrainException(
                DiagnosticCodes.MalformedJson.Error(path, 1, 1, "an SBOM is a JSON object.")
            );
        root.Remove("serialNumber");
        if (root["metadata"] is JsonObject metadata)
        {
            metadata.Remove("timestamp");
            switch (metadata["tools"])
            {
                case JsonArray legacyTools:
                    foreach (var tool in legacyTools.OfType<JsonObject>())
                    {
                        tool.Remove("version");
                    }

                    break;
                case JsonObject tools:
                    foreach (var list in new[] { tools["components"], tools["services"] }.OfType<JsonArray>())
                    {
                        foreach (var tool in list.OfType<JsonObject>())
                        {
                            tool.Remove("version");
                        }
                    }

                    break;
            }
        }

        if (root["components"] is JsonArray components)
        {
            var sorted = components
                .Select(c => c?.DeepClone())
                .OrderBy(c => Key(c, "bom-ref"), StringComparer.Ordinal)
                .ThenBy(c => Key(c, "purl"), StringComparer.Ordinal)
                .ThenBy(c => Key(c, "name"), StringComparer.Ordinal)
                .ThenBy(c => Key(c, "version"), StringComparer.Ordinal)
                .ToArray();
            root["components"] = new JsonArray(sorted);
        }

        if (root["dependencies"] is JsonArray dependencies)
        {
            var sorted = dependencies
                .Select(d => d?.DeepClone())
                .OrderBy(d => Key(d, "ref"), StringComparer.Ordinal)
                .ToArray();
            foreach (var dependency in sorted.OfType<JsonObject>())
            {
                if (dependency["dependsOn"] is JsonArray dependsOn)
                {
                    dependency["dependsOn"] = new JsonArray([
                        .. dependsOn.Select(x => x?.DeepClone()).OrderBy(x => x?.ToString(), StringComparer.Ordinal),
                    ]);
                }
            }

            root["dependencies"] = new JsonArray(sorted);
        }

        return CanonicalHash(root.ToJsonString());
    }

    /// <summary>
    /// <c>release_hash</c>: SHA-256 of the RFC 8785 form of <c>[{"name": file name, "sha256": digest}, ...]</c> sorted
    /// by name.
    /// </summary>
    /// <param name="packages">Paths of the .nupkg files.</param>
    /// <returns>The digest and each package's digest.</returns>
    /// <exception cref="ReleaseTrainException">RT1003/RT1011.</exception>
    public static (string Digest, IReadOnlyList<(string Name, string Sha256)> Packages) Release(
        IEnumerable<string> packages
    )
    {
        var entries = packages
            .Select(p => (Name: Path.GetFileName(p), Sha256: File(p)))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        var array = new JsonArray([
            .. entries.Select(e => (JsonNode)new JsonObject { ["name"] = e.Name, ["sha256"] = e.Sha256 }),
        ]);
        return (CanonicalHash(array.ToJsonString()), entries);
    }

    /// <summary>Reads the toolchain of a repository: global.json's sdk and the local tools manifest.</summary>
    /// <param name="root">The repository root.</param>
    /// <param name="runningSdkVersion">The SDK version that ran.</param>
    /// <returns>The toolchain.</returns>
    /// <exception cref="ReleaseTrainException">global.json or .config/dotnet-tools.json is malformed.</exception>
    public static ToolchainInfo ReadToolchain(string root, string runningSdkVersion)
    {
        string? sdk = null,
            rollForward = null;
        var globalJson = Path.Combine(root, "global.json");
        if (
            System.IO.File.Exists(globalJson)
            && LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(globalJson), globalJson).Root is LocatedJsonObject g
            && g.GetMember("sdk")?.Value is LocatedJsonObject sdkObject
        )
        {
            sdk = (sdkObject.GetMember("version")?.Value as LocatedJsonScalar)?.Text;
            rollForward = (sdkObject.GetMember("rollForward")?.Value as LocatedJsonScalar)?.Text;
        }

        var tools = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var manifest = Path.Combine(root, ".config", "dotnet-tools.json");
        if (
            System.IO.File.Exists(manifest)
            && LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(manifest), manifest).Root is LocatedJsonObject m
            && m.GetMember("tools")?.Value is LocatedJsonObject toolsObject
        )
        {
            foreach (var tool in toolsObject.Properties)
            {
                tools[tool.Name] = (
                    (tool.Value as LocatedJsonObject)?.GetMember("version")?.Value as LocatedJsonScalar
                )?.Text
                    ?? string.Empty;
            }
        }

        return new ToolchainInfo(sdk, rollForward, runningSdkVersion, tools);
    }

    /// <summary>The JSON preimage object of <c>toolchain_hash</c>.</summary>
    /// <param name="toolchain">The toolchain.</param>
    /// <returns><c>{"globalJson":{"rollForward":..,"version":..},"sdk":..,"tools":{id: version}}</c>.</returns>
    public static JsonObject ToolchainPreimage(ToolchainInfo toolchain)
    {
        ArgumentNullException.ThrowIfNull(toolchain);
        return new JsonObject
        {
            ["globalJson"] = new JsonObject
            {
                ["rollForward"] = toolchain.GlobalJsonRollForward,
                ["version"] = toolchain.GlobalJsonSdkVersion,
            },
            ["sdk"] = toolchain.RunningSdkVersion,
            ["tools"] = new JsonObject(
                toolchain.Tools.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)JsonValue.Create(t.Value)))
            ),
        };
    }

    /// <summary><c>toolchain_hash</c>: SHA-256 of the RFC 8785 form of <see cref="ToolchainPreimage"/>.</summary>
    /// <param name="toolchain">The toolchain.</param>
    /// <returns>The digest.</returns>
    public static string Toolchain(ToolchainInfo toolchain) =>
        CanonicalHash(ToolchainPreimage(toolchain).ToJsonString());

    /// <summary>The JSON preimage object of <c>runtime_env_hash</c>.</summary>
    /// <param name="environment">The environment.</param>
    /// <returns><c>{"architecture":..,"os":..,"rid":..,"runtime":..}</c>.</returns>
    public static JsonObject RuntimeEnvironmentPreimage(RuntimeEnvironmentInfo environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new JsonObject
        {
            ["architecture"] = environment.Architecture,
            ["os"] = environment.Os,
            ["rid"] = environment.RuntimeIdentifier,
            ["runtime"] = environment.Runtime,
        };
    }

    /// <summary>
    /// <c>runtime_env_hash</c>: SHA-256 of the RFC 8785 form of <see cref="RuntimeEnvironmentPreimage"/>.
    /// </summary>
    /// <param name="environment">The environment.</param>
    /// <returns>The digest.</returns>
    public static string RuntimeEnvironment(RuntimeEnvironmentInfo environment) =>
        CanonicalHash(RuntimeEnvironmentPreimage(environment).ToJsonString());

    /// <summary>
    /// <c>dependencies_lock_hash</c> = SHA-256(CBOR_CANONICAL(["deps_lock_v1", lockfile_hash, toolchain_hash,
    /// runtime_env_hash])): a definite-length CBOR array of four text strings, each hash as 64 lowercase hex
    /// characters without prefix, encoded per RFC 8949 section 4.2.1 (DESIGN.md, "Evidence hashes").
    /// </summary>
    /// <param name="lockfileHash">lockfile_hash, with or without the sha256: prefix.</param>
    /// <param name="toolchainHash">toolchain_hash.</param>
    /// <param name="runtimeEnvHash">runtime_env_hash.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="FormatException">An argument is not a sha256 digest.</exception>
    public static string DependenciesLock(string lockfileHash, string toolchainHash, string runtimeEnvHash) =>
        Digest.Sha256(
            CanonicalCbor.TextArray(
                "deps_lock_v1",
                Digest.HexOf(lockfileHash),
                Digest.HexOf(toolchainHash),
                Digest.HexOf(runtimeEnvHash)
            )
        );

    private static string CanonicalHash(string json) => JsonCanonicalizer.Sha256(LocatedJsonDocument.Parse(json).Root);

    private static string Key(JsonNode? node, string name) => (node as JsonObject)?[name]?.ToString() ?? string.Empty;
}
