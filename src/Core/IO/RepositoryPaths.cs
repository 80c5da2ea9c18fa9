namespace ReleaseTrain.Core.IO;

/// <summary>
/// The folders of a repository that ReleaseTrain reads and writes by convention (DESIGN.md, "Paths"): every
/// command, task and report takes them from here. Paths are joined with the platform's separator; nothing is
/// created or checked.
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

    /// <summary>The evidence bundle of one release: <c>{root}/artifacts/evidence/{release}</c>.</summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="release">The release version.</param>
    /// <returns>The path.</returns>
    public static string Evidence(string rootDirectory, string release) =>
        Path.Combine(EvidenceRoot(rootDirectory), release);

    /// <summary>The gate and validator reports: <c>{root}/artifacts/reports</c>.</summary>
    /// <param name="rootDirectory">The repository root (or the working folder, for commands without a root).</param>
    /// <returns>The path.</returns>
    public static string Reports(string rootDirectory) => Path.Combine(Artifacts(rootDirectory), "reports");

    /// <summary>
    /// A root-relative path named by the configuration (the decision log, for instance) joined to the root, as
    /// written; confinement is <see cref="RepositoryFiles"/>' job and happened when the configuration was loaded.
    /// </summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="relativePath">The configured root-relative path.</param>
    /// <returns>The path.</returns>
    public static string InRoot(string rootDirectory, string relativePath) => Path.Combine(rootDirectory, relativePath);
}
