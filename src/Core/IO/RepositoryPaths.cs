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
    /// The files <c>release-train report --output-dir</c> writes: the readiness page, its Markdown and the scorecard
    /// JSONs. They are views stamped with the time they were made (<c>generatedAt</c>), not gate reports of the
    /// commit, so an evidence bundle never records them (docs/evidence.md, "The bundle").
    /// </summary>
    public static IReadOnlyList<string> ReadinessReportFiles { get; } =
    [
        "release-readiness.html",
        "release-readiness.md",
        "release-readiness-scorecard.json",
        "observability-rollup.json",
        "post-cutover-stabilization-report.json",
    ];

    /// <summary>The one placeholder a configured evidence path or a bundle's output path may hold.</summary>
    public const string VersionPlaceholder = "{version}";

    /// <summary>
    /// The first <c>{...}</c> of a path that is not <c>{version}</c> (or a lone brace), or null when the path holds
    /// none: such a path is refused (RT3013) rather than read literally.
    /// </summary>
    /// <param name="path">A path as configured or given.</param>
    /// <returns>The unknown placeholder, or null.</returns>
    public static string? UnknownPlaceholder(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var rest = path.Replace(VersionPlaceholder, string.Empty, StringComparison.Ordinal);
        var open = rest.IndexOf('{', StringComparison.Ordinal);
        var close = rest.IndexOf('}', StringComparison.Ordinal);
        if (open < 0 && close < 0)
        {
            return null;
        }

        if (open >= 0 && close > open)
        {
            return rest[open..(close + 1)];
        }

        return open >= 0 ? rest[open..] : rest[..(close + 1)];
    }

    /// <summary>
    /// A path with every <c>{version}</c> replaced by the release version, so that a train's evidence of 1.1.0 is read
    /// from 1.1.0's bundle (<c>artifacts/evidence/{version}/evidence.json</c>).
    /// </summary>
    /// <param name="path">The path as configured or given.</param>
    /// <param name="release">The release version (<see cref="ReleaseVersion"/>: one path component).</param>
    /// <param name="file">The file that names the path (for the diagnostic), or null.</param>
    /// <param name="line">Its 1-based line, or 0.</param>
    /// <param name="column">Its 1-based column, or 0.</param>
    /// <returns>The path with the version in place.</returns>
    /// <exception cref="ReleaseTrainException">RT3013 when the path holds another <c>{...}</c>; RT1019 when the
    /// release is not a version and the path holds <c>{version}</c>.</exception>
    public static string WithVersion(string path, string release, string? file = null, int line = 0, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (UnknownPlaceholder(path) is { } unknown)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.UnknownPathPlaceholder.Error(file, line, column, path, unknown)
            );
        }

        return path.Contains(VersionPlaceholder, StringComparison.Ordinal)
            ? path.Replace(VersionPlaceholder, ReleaseVersion(release), StringComparison.Ordinal)
            : path;
    }

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
