using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.IO;

/// <summary>
/// The folders of a repository that ReleaseTrain reads and writes by convention (DESIGN.md, "Paths"): every
/// command, task and report takes them from here. Paths are joined with the platform's separator; nothing is
/// created, and only <see cref="InRoot"/> checks (confinement).
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The build output folder: <c>{root}/artifacts</c>.</summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <returns>The path.</returns>
    public static string Artifacts(string rootDirectory) => Path.Combine(rootDirectory, "artifacts");

    /// <summary>The packed packages and their SBOMs: <c>{root}/artifacts/packages</c>.</summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <returns>The path.</returns>
    public static string Packages(string rootDirectory) => Path.Combine(Artifacts(rootDirectory), "packages");

    /// <summary>The folder of every release's evidence bundle: <c>{root}/artifacts/evidence</c>.</summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <returns>The path.</returns>
    public static string EvidenceRoot(string rootDirectory) => Path.Combine(Artifacts(rootDirectory), "evidence");

    /// <summary>
    /// The evidence bundle of one release: <c>{root}/artifacts/evidence/{release}</c>. The release must be a version
    /// (SemVer 2.0 as NuGet reads it: <c>1.2.0</c>, <c>1.2.0-rc.1</c>), so that it is one path component: a release
    /// named <c>/tmp/x</c> or <c>../x</c> would name a folder outside the repository.
    /// </summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="release">The release version.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ReleaseTrainException">RT1019 when the release is not a version.</exception>
    public static string Evidence(string rootDirectory, string release) =>
        Path.Combine(EvidenceRoot(rootDirectory), ReleaseVersion(release));

    /// <summary>
    /// A release version as ReleaseTrain uses it in paths and records: SemVer 2.0 as NuGet parses it (letters, digits,
    /// dots, hyphens and one build part after <c>+</c>; never a path separator, <c>.</c> or <c>..</c>).
    /// </summary>
    /// <param name="release">The release, as given (<c>--version</c>, a tag without its <c>v</c>).
    /// </param>
    /// <returns>The release, unchanged.</returns>
    /// <exception cref="ReleaseTrainException">RT1019 when it is not a version.</exception>
    public static string ReleaseVersion(string release) =>
        release is { Length: > 0 and <= 256 }
        && release.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+')
        && NuGet.Versioning.NuGetVersion.TryParse(release, out _)
            ? release
            : throw new ReleaseTrainException(
                DiagnosticCodes.InvalidReleaseVersion.Error(
                    null,
                    0,
                    0,
                    release.Length > 80 ? release[..80] + "..." : release,
                    "give a version such as 1.2.0 or 1.2.0-rc.1 (SemVer 2.0)"
                )
            );

    /// <summary>The gate and validator reports: <c>{root}/artifacts/reports</c>.</summary>
    /// <param name="rootDirectory">The repository root (or the working folder, for commands without a root).</param>
    /// <returns>The path.</returns>
    public static string Reports(string rootDirectory) => Path.Combine(Artifacts(rootDirectory), "reports");

    /// <summary>
    /// A root-relative path named by the configuration (the decision log, for instance) joined to the root, checked
    /// again at the time of use: every component is resolved and must stay inside the root
    /// (<see cref="RepositoryFiles.Resolve"/>), and what exists there must be a regular file, so a folder swapped for
    /// a link since the configuration was loaded, or a FIFO in the file's place, is refused before anything opens it.
    /// </summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="relativePath">The configured root-relative path.</param>
    /// <returns>The path (the file may not exist yet).</returns>
    /// <exception cref="ReleaseTrainException">RT1005 outside the root, RT1016 not a regular file, RT1017 a NUL
    /// character, RT1018 a root of <c>/</c>, RT1011 when it cannot be examined.</exception>
    public static string InRoot(string rootDirectory, string relativePath)
    {
        var files = new RepositoryFiles(rootDirectory);
        var full = files.Resolve(relativePath);
        try
        {
            files.Open(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite).Dispose();
        }
        catch (ReleaseTrainException ex) when (ex.Diagnostic.Code == DiagnosticCodes.FileNotFound.Code) { }

        return full;
    }
}
