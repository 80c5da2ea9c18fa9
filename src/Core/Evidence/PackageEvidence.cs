using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Evidence;

/// <summary>What <c>dotnet pack</c> writes beside a package.</summary>
/// <param name="AssetsFile">project.assets.json.</param>
/// <param name="LockFile">packages.lock.json, or null.</param>
/// <param name="PackageId">The package id.</param>
/// <param name="PackageVersion">The package version.</param>
/// <param name="PackageFile">The .nupkg.</param>
/// <param name="RootDirectory">The repository root (for lockfile_hash).</param>
/// <param name="RunningSdkVersion">The SDK that packed (MSBuild's NETCoreSdkVersion).</param>
/// <param name="Timestamp">The SBOM timestamp (a <see cref="SourceDate"/>).</param>
/// <param name="ToolVersion">ReleaseTrain's version.</param>
/// <param name="ExcludeDev">See <see cref="SbomOptions.ExcludeDev"/> (MSBuild: ReleaseTrainSbomExcludeDev).</param>
/// <param name="ExcludeTestProjects">See <see cref="SbomOptions.ExcludeTestProjects"/> (MSBuild:
/// ReleaseTrainSbomExcludeTestProjects).</param>
public sealed record PackageEvidenceRequest(
    string AssetsFile,
    string? LockFile,
    string PackageId,
    string PackageVersion,
    string PackageFile,
    string RootDirectory,
    string RunningSdkVersion,
    DateTimeOffset Timestamp,
    string ToolVersion,
    bool ExcludeDev = false,
    bool ExcludeTestProjects = false
);

/// <summary>
/// The files <c>dotnet pack</c> writes beside <c>{id}.{version}.nupkg</c>: the SBOM <c>{id}.{version}.cdx.json</c>
/// and <c>{id}.{version}.hashes.json</c> with the package's sha256 and its sbom, lockfile, release, toolchain,
/// runtime-environment and dependencies-lock hashes (docs/evidence.md). Each is written atomically and only
/// when its content changed, so a no-op pack rewrites nothing.
/// </summary>
public static class PackageEvidence
{
    /// <summary>The SBOM's path beside a package.</summary>
    /// <param name="packageFile">The .nupkg path.</param>
    /// <returns>The .cdx.json path.</returns>
    public static string SbomPath(string packageFile) => Path.ChangeExtension(packageFile, null) + ".cdx.json";

    /// <summary>The hashes file's path beside a package.</summary>
    /// <param name="packageFile">The .nupkg path.</param>
    /// <returns>The .hashes.json path.</returns>
    public static string HashesPath(string packageFile) => Path.ChangeExtension(packageFile, null) + ".hashes.json";

    /// <summary>Writes the SBOM and hashes beside the package.</summary>
    /// <param name="request">The inputs.</param>
    /// <returns>The hashes object written.</returns>
    /// <exception cref="Diagnostics.ReleaseTrainException">Unreadable or inconsistent inputs (RT1xxx, RT3001,
    /// RT3002).</exception>
    public static JsonObject Write(PackageEvidenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sbomPath = SbomPath(request.PackageFile);
        var sbom = CycloneDxSbom.Generate(
            request.AssetsFile,
            request.LockFile,
            new SbomOptions(
                request.Timestamp,
                request.PackageId,
                request.PackageVersion,
                request.ToolVersion,
                request.ExcludeDev,
                request.ExcludeTestProjects
            )
        );
        var lockfileHash = EvidenceHashes.Lockfile(request.RootDirectory, out _);
        var toolchainHash = EvidenceHashes.Toolchain(
            EvidenceHashes.ReadToolchain(request.RootDirectory, request.RunningSdkVersion)
        );
        var runtimeHash = EvidenceHashes.RuntimeEnvironment(RuntimeEnvironmentInfo.Current);
        var (releaseHash, packages) = EvidenceHashes.Release([request.PackageFile]);
        var hashes = new JsonObject
        {
            ["package"] = Path.GetFileName(request.PackageFile),
            ["sha256"] = packages[0].Sha256,
            ["sbom"] = Path.GetFileName(sbomPath),
            ["sbom_hash"] = EvidenceHashes.Sbom(sbom, sbomPath),
            ["lockfile_hash"] = lockfileHash,
            ["release_hash"] = releaseHash,
            ["toolchain_hash"] = toolchainHash,
            ["runtime_env_hash"] = runtimeHash,
            ["dependencies_lock_hash"] = EvidenceHashes.DependenciesLock(lockfileHash, toolchainHash, runtimeHash),
        };
        AtomicFile.WriteAllBytesIfChanged(sbomPath, sbom);
        var text =
            hashes
                .ToJsonString(
                    new JsonSerializerOptions
                    {
                        WriteIndented = true,
                        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                    }
                )
                .Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        AtomicFile.WriteAllBytesIfChanged(HashesPath(request.PackageFile), Encoding.UTF8.GetBytes(text));
        return hashes;
    }
}
