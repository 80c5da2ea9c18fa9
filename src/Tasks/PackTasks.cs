using Microsoft.Build.Framework;
using ReleaseTrain.Core.Evidence;

namespace ReleaseTrain.Tasks;

/// <summary>
/// Resolves the one deterministic timestamp of a build (<see cref="SourceDate"/>: SOURCE_DATE_EPOCH, else the HEAD
/// commit time, else the Unix epoch) as Unix seconds, for NuGet's DeterministicTimestamp and the SBOM.
/// </summary>
public sealed class ResolveSourceDate : ReleaseTrainTask
{
    /// <summary>A folder inside the repository.</summary>
    [Required]
    public string RepositoryDirectory { get; set; } = string.Empty;

    /// <summary>The SOURCE_DATE_EPOCH value, if set.</summary>
    public string? SourceDateEpoch { get; set; }

    /// <summary>Unix seconds.</summary>
    [Output]
    public string Seconds { get; private set; } = string.Empty;

    /// <inheritdoc />
    protected override bool Run()
    {
        var (instant, origin) = SourceDate.Resolve(RepositoryDirectory, SourceDateEpoch);
        Seconds = instant.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Log.LogMessage(MessageImportance.Low, $"ReleaseTrain source date: {instant:O} ({origin}).");
        return true;
    }
}

/// <summary>
/// MSBuild adapter over <see cref="PackageEvidence"/>: writes the SBOM and hashes beside a packed .nupkg.
/// </summary>
public sealed class GeneratePackageEvidence : ReleaseTrainTask
{
    /// <summary>project.assets.json.</summary>
    [Required]
    public string AssetsFile { get; set; } = string.Empty;

    /// <summary>packages.lock.json, if the project has one.</summary>
    public string? LockFile { get; set; }

    /// <summary>The package id.</summary>
    [Required]
    public string PackageId { get; set; } = string.Empty;

    /// <summary>The package version.</summary>
    [Required]
    public string PackageVersion { get; set; } = string.Empty;

    /// <summary>The packed .nupkg.</summary>
    [Required]
    public string PackageFile { get; set; } = string.Empty;

    /// <summary>The repository root (lock files, global.json, dotnet-tools.json).</summary>
    [Required]
    public string RootDirectory { get; set; } = string.Empty;

    /// <summary>NETCoreSdkVersion.</summary>
    [Required]
    public string SdkVersion { get; set; } = string.Empty;

    /// <summary>The source date, Unix seconds (from <see cref="ResolveSourceDate"/>).</summary>
    [Required]
    public string SourceDateSeconds { get; set; } = string.Empty;

    /// <summary>ReleaseTrainSbomExcludeDev: leave development dependencies out of the SBOM (as
    /// cyclonedx-dotnet's --exclude-dev).</summary>
    public bool ExcludeDev { get; set; }

    /// <summary>ReleaseTrainSbomExcludeTestProjects: leave test projects out (as cyclonedx-dotnet's
    /// --exclude-test-projects).</summary>
    public bool ExcludeTestProjects { get; set; }

    /// <inheritdoc />
    protected override bool Run()
    {
        var hashes = PackageEvidence.Write(
            new PackageEvidenceRequest(
                AssetsFile,
                string.IsNullOrEmpty(LockFile) || !File.Exists(LockFile) ? null : LockFile,
                PackageId,
                PackageVersion,
                PackageFile,
                RootDirectory,
                SdkVersion,
                DateTimeOffset.FromUnixTimeSeconds(
                    long.Parse(SourceDateSeconds, System.Globalization.CultureInfo.InvariantCulture)
                ),
                typeof(GeneratePackageEvidence).Assembly.GetName().Version!.ToString(3),
                ExcludeDev,
                ExcludeTestProjects
            )
        );
        var sbomFile = PackageEvidence.SbomPath(PackageFile);
        Log.LogMessage(
            MessageImportance.High,
            $"ReleaseTrain: {sbomFile} (sbom_hash {hashes["sbom_hash"]}, dependencies_lock_hash "
                + $"{hashes["dependencies_lock_hash"]})"
        );
        return true;
    }
}
