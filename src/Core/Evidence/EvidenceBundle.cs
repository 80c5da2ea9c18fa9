using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Evidence;

/// <summary>What goes into an evidence bundle.</summary>
/// <param name="RootDirectory">The repository root (lock files, global.json, the commit).</param>
/// <param name="PackagesDirectory">Where the .nupkg files and their <c>.cdx.json</c> SBOMs are.</param>
/// <param name="Version">The release version; packages named <c>*.{Version}.nupkg</c> are bundled.</param>
/// <param name="EvidenceDirectory">The parent of the bundle; the bundle is
/// <c>{EvidenceDirectory}/{Version}/</c>.</param>
/// <param name="Toolchain">The toolchain that built the release.</param>
/// <param name="Environment">The machine that built it.</param>
/// <param name="CreatedAt">The bundle's timestamp (a <see cref="SourceDate"/>, never the wall clock).</param>
/// <param name="Commit">The commit sha, or null outside git.</param>
/// <param name="ToolVersion">ReleaseTrain's version.</param>
/// <param name="GateReports">Gate report files whose digests the bundle records (may be empty).</param>
public sealed record EvidenceRequest(
    string RootDirectory,
    string PackagesDirectory,
    string Version,
    string EvidenceDirectory,
    ToolchainInfo Toolchain,
    RuntimeEnvironmentInfo Environment,
    DateTimeOffset CreatedAt,
    string? Commit,
    string ToolVersion,
    IReadOnlyList<string> GateReports
)
{
    /// <summary>
    /// The bundle folder itself, when given (an <c>--output</c> holding <c>{version}</c>, already substituted); null
    /// for the default <c>{EvidenceDirectory}/{Version}</c>.
    /// </summary>
    public string? BundleDirectory { get; init; }

    /// <summary>The bundle folder this request writes: <see cref="BundleDirectory"/> or
    /// <c>{EvidenceDirectory}/{Version}</c>.</summary>
    public string Bundle => BundleDirectory ?? Path.Combine(EvidenceDirectory, Version);
}

/// <summary>The outcome of creating a bundle.</summary>
/// <param name="BundleDirectory">The bundle's folder.</param>
/// <param name="Created">True when this run wrote it; false when a committed bundle already existed and was
/// verified.</param>
/// <param name="Diagnostics">Differences from the committed bundle, or why it is invalid; empty when all is
/// well.</param>
/// <param name="EvidenceDigest">The digest of evidence.json (the content of COMMITTED).</param>
public sealed record EvidenceResult(
    string BundleDirectory,
    bool Created,
    IReadOnlyList<Diagnostic> Diagnostics,
    string? EvidenceDigest
);

/// <summary>
/// The evidence bundle <c>{evidence}/{version}/</c>: the SBOMs, <c>evidence.json</c> (every hash, the commit,
/// tool versions, the digest of every bundled file and gate report), an in-toto Statement v1
/// <c>evidence.intoto.json</c> whose subjects are the .nupkg files, and <c>COMMITTED</c> (the digest of
/// evidence.json), written last. The bundle is assembled in a temp folder and renamed into place, so it is
/// never seen half written; it is created only if absent: a second run verifies the committed bundle and
/// reports any difference instead of overwriting it.
/// </summary>
public static class EvidenceBundle
{
    /// <summary>The marker file written last.</summary>
    public const string CommittedFile = "COMMITTED";

    /// <summary>The manifest of the bundle.</summary>
    public const string EvidenceFile = "evidence.json";

    /// <summary>The in-toto statement.</summary>
    public const string StatementFile = "evidence.intoto.json";

    /// <summary>The in-toto predicate type of the statement.</summary>
    public const string PredicateType = "https://releasetrain.dev/evidence/v1";

    /// <summary>
    /// The committed digest of a release's bundle: the text of <c>{root}/artifacts/evidence/{release}/COMMITTED</c>
    /// (<c>sha256:...</c>), or null when nothing is there. Something there that cannot be read (an unreadable bundle
    /// folder, a folder, FIFO or dangling link named COMMITTED) is an error, never taken for "no bundle": that would
    /// let sign-off and decide pass on approvals that name no evidence.
    /// </summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="release">The release version.</param>
    /// <returns>The digest, or null.</returns>
    /// <exception cref="ReleaseTrainException">RT1019 when the release is not a version, RT1005 when the bundle lies
    /// outside the root (a folder link), RT1011 unreadable (also when a folder on the way cannot be searched),
    /// RT1016 not a regular file, RT1003 a link to nothing, RT1014 too large.</exception>
    public static string? CommittedDigest(string rootDirectory, string release)
    {
        var committed = CommittedPath(rootDirectory, release);
        try
        {
            // Confined: a bundle folder that is a link out of the repository is refused (RT1005), not read.
            return System.Text.Encoding.UTF8.GetString(new RepositoryFiles(rootDirectory).ReadBytes(committed)).Trim();
        }
        catch (ReleaseTrainException ex)
            when (ex.Diagnostic.Code == DiagnosticCodes.FileNotFound.Code && new FileInfo(committed).LinkTarget is null)
        {
            return null;
        }
    }

    /// <summary>
    /// The path of a release's COMMITTED marker: <c>{root}/artifacts/evidence/{release}/COMMITTED</c>.
    /// </summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="release">The release version.</param>
    /// <returns>The path.</returns>
    public static string CommittedPath(string rootDirectory, string release) =>
        Path.Combine(BundlePath(rootDirectory, release), CommittedFile);

    /// <summary>
    /// The default folder of a repository's packed packages and their SBOMs: <c>{root}/artifacts/packages</c>.
    /// </summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <returns>The path.</returns>
    public static string PackagesPath(string rootDirectory) => RepositoryPaths.Packages(rootDirectory);

    /// <summary>The bundle folder of a release: <c>{root}/artifacts/evidence/{release}</c>.</summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="release">The release version.</param>
    /// <returns>The path.</returns>
    public static string BundlePath(string rootDirectory, string release) =>
        RepositoryPaths.Evidence(rootDirectory, release);

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Creates the bundle, or verifies the committed one against what this run would write.</summary>
    /// <param name="request">What to bundle.</param>
    /// <returns>The result; diagnostics are RT3012 differences and RT3003 integrity failures (verdicts) or
    /// RT3006/RT1xxx input errors.</returns>
    public static EvidenceResult Create(EvidenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bundle = request.Bundle;
        var files = Compose(request);
        var evidenceDigest = Digest.Sha256(files[EvidenceFile]);
        if (Directory.Exists(bundle))
        {
            var diagnostics = Verify(bundle).ToList();
            diagnostics.AddRange(Differences(bundle, files, request.Version));
            return new EvidenceResult(bundle, false, diagnostics, evidenceDigest);
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(bundle))!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(bundle)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(temp);
            foreach (var (name, bytes) in files.Where(f => f.Key != CommittedFile))
            {
                AtomicFile.WriteAllBytes(Path.Combine(temp, name), bytes);
            }

            AtomicFile.WriteAllBytes(Path.Combine(temp, CommittedFile), files[CommittedFile]);
            Directory.Move(temp, bundle);
        }
        catch (IOException) when (Directory.Exists(bundle))
        {
            // Another run committed the same version first: verify theirs instead.
            return new EvidenceResult(bundle, false, Verify(bundle), evidenceDigest);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }

        return new EvidenceResult(bundle, true, [], evidenceDigest);
    }

    /// <summary>
    /// The gate reports a bundle records by default: every <c>*.json</c> directly in <c>{root}/artifacts/reports</c>
    /// except the readiness report's time-stamped files (<see cref="RepositoryPaths.ReadinessReportFiles"/>), which
    /// change with the time they are made and not with the commit; ordinal order.
    /// </summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <returns>Full paths (none when the folder does not exist).</returns>
    public static IReadOnlyList<string> DefaultGateReports(string rootDirectory)
    {
        var folder = RepositoryPaths.Reports(rootDirectory);
        return Directory.Exists(folder)
            ?
            [
                .. Directory
                    .GetFiles(folder, "*.json")
                    .Where(f => !RepositoryPaths.ReadinessReportFiles.Contains(Path.GetFileName(f)))
                    .Order(StringComparer.Ordinal),
            ]
            : [];
    }

    /// <summary>
    /// RT3012 for each file in which a committed bundle differs from what this run produced: added, removed, or
    /// changed with both digests (for evidence.json also the top-level members that differ). COMMITTED is left out:
    /// it changes exactly when evidence.json does.
    /// </summary>
    private static List<Diagnostic> Differences(string bundle, Dictionary<string, byte[]> files, string version)
    {
        var committed = Directory.Exists(bundle)
            ? new DirectoryInfo(bundle)
                .EnumerateFiles()
                .Where(f => f.LinkTarget is null && f.Name != CommittedFile)
                .Select(f => f.Name)
                .ToHashSet(StringComparer.Ordinal)
            : [];
        var produced = files.Keys.Where(k => k != CommittedFile).ToHashSet(StringComparer.Ordinal);
        var differences = new List<Diagnostic>();
        foreach (var name in committed.Union(produced).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(bundle, name);
            string? how;
            if (!committed.Contains(name))
            {
                how =
                    $"added (this run produces it, {Digest.Sha256(files[name])}; the committed bundle has no "
                    + "such file)";
            }
            else
            {
                byte[] existing;
                try
                {
                    existing = RepositoryFiles.ReadFile(path);
                }
                catch (ReleaseTrainException)
                {
                    continue; // Verify has named it (RT3011).
                }

                how =
                    !produced.Contains(name)
                        ? $"removed (the committed bundle has it, {Digest.Sha256(existing)}; this run does not "
                            + "produce it)"
                    : existing.AsSpan().SequenceEqual(files[name]) ? null
                    : $"changed (committed {Digest.Sha256(existing)}, this run "
                        + $"{Digest.Sha256(files[name])}{MembersThatDiffer(name, existing, files[name])})";
            }

            if (how is not null)
            {
                differences.Add(DiagnosticCodes.EvidenceBundleDiffers.Error(path, 0, 0, name, how, bundle, version));
            }
        }

        return differences;
    }

    /// <summary>For two JSON objects, "; members that differ: a, b"; otherwise empty.</summary>
    private static string MembersThatDiffer(string name, byte[] before, byte[] after)
    {
        if (!name.EndsWith(".json", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        try
        {
            if (JsonNode.Parse(before) is JsonObject a && JsonNode.Parse(after) is JsonObject b)
            {
                var members = a.Select(m => m.Key)
                    .Union(b.Select(m => m.Key))
                    .Where(k => !JsonNode.DeepEquals(a[k], b[k]))
                    .ToList();
                return members.Count == 0 ? string.Empty : "; members that differ: " + string.Join(", ", members);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the digests say enough.
        }

        return string.Empty;
    }

    /// <summary>
    /// The exit code for diagnostics of <see cref="Create"/> or <see cref="Verify"/>: 0 none, 1 when all are verdicts
    /// on the bundle (RT3003, RT3004, RT3010, RT3011, RT3012), 2 otherwise (invalid input).
    /// </summary>
    /// <param name="diagnostics">The diagnostics.</param>
    /// <returns>0, 1 or 2.</returns>
    public static int ExitCode(IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return diagnostics.Count == 0 ? 0
            : diagnostics.All(d =>
                d.Code == DiagnosticCodes.EvidenceMismatch.Code
                || d.Code == DiagnosticCodes.EvidenceNotCommitted.Code
                || d.Code == DiagnosticCodes.EvidenceEntryOutsideBundle.Code
                || d.Code == DiagnosticCodes.EvidenceUnexpectedEntry.Code
                || d.Code == DiagnosticCodes.EvidenceBundleDiffers.Code
            )
                ? 1
            : 2;
    }

    /// <summary>
    /// Verifies a bundle: COMMITTED exists and holds the digest of evidence.json; every file evidence.json lists
    /// exists with its digest and no other file is present; each SBOM's sbom_hash recomputes; the in-toto
    /// subjects equal the listed packages; and, when the packages folder is given, each .nupkg's digest and the
    /// release_hash recompute.
    /// </summary>
    /// <param name="bundle">The bundle folder.</param>
    /// <param name="packagesDirectory">The folder with the .nupkg files, or null to skip them.</param>
    /// <returns>RT3003/RT3004 diagnostics naming each offending file, RT3010 for an entry that names a path outside
    /// the bundle (absolute, <c>..</c>, a folder part, a symbolic link out), RT3011 for a subfolder, a link or an
    /// unreadable file in it; empty when the bundle verifies.</returns>
    public static IReadOnlyList<Diagnostic> Verify(string bundle, string? packagesDirectory = null)
    {
        try
        {
            return VerifyCore(bundle, packagesDirectory);
        }
        catch (Exception ex)
            when (ex
                    is InvalidOperationException
                        or FormatException
                        or InvalidCastException
                        or KeyNotFoundException
                        or ArgumentException
            )
        {
            // A committed evidence.json of an unexpected shape (or a bundled file that is not what it claims) fails
            // verification.
            return
            [
                Mismatch(
                    Path.Combine(bundle, EvidenceFile),
                    EvidenceFile,
                    "it does not have the shape of a ReleaseTrain evidence bundle: " + ex.Message
                ),
            ];
        }
    }

    private static IReadOnlyList<Diagnostic> VerifyCore(string bundle, string? packagesDirectory)
    {
        var errors = new List<Diagnostic>();
        var committedPath = Path.Combine(bundle, CommittedFile);
        var evidencePath = Path.Combine(bundle, EvidenceFile);
        if (!Directory.Exists(bundle))
        {
            return [DiagnosticCodes.FileNotFound.Error(bundle, 0, 0, bundle)];
        }

        if (!File.Exists(committedPath))
        {
            return [DiagnosticCodes.EvidenceNotCommitted.Error(bundle, 0, 0, bundle)];
        }

        if (!File.Exists(evidencePath))
        {
            return [Mismatch(evidencePath, EvidenceFile, "missing")];
        }

        // What the folder holds: regular files directly inside it only. A subfolder or a link is refused by name
        // and never read; so are COMMITTED and evidence.json themselves.
        var present = new HashSet<string>(StringComparer.Ordinal);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        FileSystemInfo[] entries;
        try
        {
            entries = [.. new DirectoryInfo(bundle).EnumerateFileSystemInfos()];
        }
        catch (Exception ex)
            when (ex is UnauthorizedAccessException or IOException or System.Security.SecurityException)
        {
            return [DiagnosticCodes.EvidenceUnexpectedEntry.Error(bundle, 0, 0, bundle, ex.Message.TrimEnd('.'))];
        }

        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (entry.LinkTarget is { } target)
            {
                var resolved = Path.GetFullPath(target, bundle);
                errors.Add(
                    IsInside(bundle, resolved)
                        ? DiagnosticCodes.EvidenceUnexpectedEntry.Error(
                            entry.FullName,
                            0,
                            0,
                            entry.Name,
                            $"it is a symbolic link (to {target}), not a file"
                        )
                        : DiagnosticCodes.EvidenceEntryOutsideBundle.Error(
                            entry.FullName,
                            0,
                            0,
                            entry.Name,
                            $"it is a symbolic link to {resolved}"
                        )
                );
                refused.Add(entry.Name);
            }
            else if (entry is DirectoryInfo)
            {
                errors.Add(
                    DiagnosticCodes.EvidenceUnexpectedEntry.Error(
                        entry.FullName,
                        0,
                        0,
                        entry.Name,
                        "it is a folder; a bundle holds only the files it lists"
                    )
                );
                refused.Add(entry.Name);
            }
            else
            {
                present.Add(entry.Name);
            }
        }

        if (refused.Contains(CommittedFile) || refused.Contains(EvidenceFile))
        {
            return errors;
        }

        var evidenceBytes = RepositoryFiles.ReadFile(evidencePath);
        var committed = RepositoryFiles.ReadText(committedPath).Trim();
        if (!string.Equals(committed, Digest.Sha256(evidenceBytes), StringComparison.Ordinal))
        {
            errors.Add(
                Mismatch(
                    evidencePath,
                    EvidenceFile,
                    $"its digest {Digest.Sha256(evidenceBytes)} is not the committed {committed}"
                )
            );
            return errors;
        }

        JsonObject evidence;
        try
        {
            evidence =
                LocatedJsonDocument.ParseNode(evidenceBytes, evidencePath) as JsonObject
                ?? throw new InvalidOperationException("evidence.json is not a JSON object");
        }
        catch (ReleaseTrainException ex)
        {
            return [ex.Diagnostic];
        }

        var listed = new HashSet<string>(StringComparer.Ordinal) { EvidenceFile, CommittedFile };
        foreach (var entry in (evidence["files"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = entry["path"]?.GetValue<string>() ?? string.Empty;
            listed.Add(name);
            if (Outside(bundle, name, evidencePath, errors) is not { } path || refused.Contains(name))
            {
                continue;
            }

            if (!present.Contains(name))
            {
                errors.Add(Mismatch(path, name, "missing"));
                continue;
            }

            try
            {
                var actual = Digest.Sha256(RepositoryFiles.ReadFile(path));
                if (actual != entry["sha256"]?.GetValue<string>())
                {
                    errors.Add(Mismatch(path, name, $"its sha256 {actual} is not the recorded {entry["sha256"]}"));
                }
            }
            catch (ReleaseTrainException ex)
            {
                errors.Add(
                    DiagnosticCodes.EvidenceUnexpectedEntry.Error(path, 0, 0, name, ex.Diagnostic.Message.TrimEnd('.'))
                );
            }
        }

        foreach (var extra in present.Where(n => !listed.Contains(n)).Order(StringComparer.Ordinal))
        {
            errors.Add(Mismatch(Path.Combine(bundle, extra), extra, "not listed in evidence.json"));
        }

        var packages = (evidence["packages"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var package in packages)
        {
            var sbomName = package["sbom"]?.GetValue<string>();
            var sbomPath = sbomName is null ? null : Outside(bundle, sbomName, evidencePath, errors);
            if (sbomPath is not null && present.Contains(sbomName!))
            {
                try
                {
                    var actual = EvidenceHashes.Sbom(RepositoryFiles.ReadFile(sbomPath), sbomPath);
                    if (actual != package["sbom_hash"]?.GetValue<string>())
                    {
                        errors.Add(
                            Mismatch(
                                sbomPath,
                                sbomName!,
                                $"its sbom_hash {actual} is not the recorded {package["sbom_hash"]}"
                            )
                        );
                    }
                }
                catch (ReleaseTrainException ex)
                {
                    errors.Add(ex.Diagnostic);
                }
            }
        }

        var statementPath = Path.Combine(bundle, StatementFile);
        if (present.Contains(StatementFile))
        {
            JsonNode? statement;
            try
            {
                statement = LocatedJsonDocument.ParseNode(RepositoryFiles.ReadFile(statementPath), statementPath);
            }
            catch (ReleaseTrainException ex)
            {
                errors.Add(Mismatch(statementPath, StatementFile, ex.Diagnostic.Message));
                return errors;
            }

            var subjects = (statement?["subject"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Select(s => $"{s["name"]}={s["digest"]?["sha256"]}")
                .Order(StringComparer.Ordinal);
            var expected = packages
                .Select(p => $"{p["name"]}={Digest.HexOf(p["sha256"]!.GetValue<string>())}")
                .Order(StringComparer.Ordinal);
            if (!subjects.SequenceEqual(expected))
            {
                errors.Add(
                    Mismatch(statementPath, StatementFile, "its subjects are not the packages evidence.json lists")
                );
            }
        }

        if (packagesDirectory is not null)
        {
            var paths = packages
                .Select(p => Outside(packagesDirectory, p["name"]!.GetValue<string>(), evidencePath, errors))
                .OfType<string>()
                .ToList();
            if (paths.Count != packages.Count)
            {
                return errors;
            }

            foreach (var (path, package) in paths.Zip(packages))
            {
                if (!File.Exists(path))
                {
                    errors.Add(Mismatch(path, Path.GetFileName(path), "missing"));
                }
                else if (EvidenceHashes.File(path) != package["sha256"]?.GetValue<string>())
                {
                    errors.Add(
                        Mismatch(
                            path,
                            Path.GetFileName(path),
                            $"its sha256 {EvidenceHashes.File(path)} is not the recorded {package["sha256"]}"
                        )
                    );
                }
            }

            if (
                errors.Count == 0
                && EvidenceHashes.Release(paths).Digest != evidence["hashes"]?["release_hash"]?.GetValue<string>()
            )
            {
                errors.Add(Mismatch(evidencePath, EvidenceFile, "release_hash does not recompute from the packages"));
            }
        }

        return errors;
    }

    /// <summary>
    /// The packages a bundle's evidence.json records: file name to <c>sha256:</c> digest. Call it on a bundle that
    /// <see cref="Verify"/> accepted; a package without a name or digest is left out.
    /// </summary>
    /// <param name="bundle">The bundle folder.</param>
    /// <returns>The recorded packages, by ordinal file name.</returns>
    /// <exception cref="ReleaseTrainException">RT1001/RT1002 when evidence.json is not JSON; RT1003 when it cannot be
    /// read.</exception>
    public static IReadOnlyDictionary<string, string> RecordedPackages(string bundle)
    {
        var path = Path.Combine(bundle, EvidenceFile);
        var evidence = LocatedJsonDocument.ParseNode(RepositoryFiles.ReadFile(path), path);
        var packages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var package in (evidence?["packages"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (
                package["name"] is JsonValue name
                && name.TryGetValue<string>(out var file)
                && package["sha256"] is JsonValue digest
                && digest.TryGetValue<string>(out var sha)
            )
            {
                packages[file] = sha;
            }
        }

        return packages;
    }

    private static Dictionary<string, byte[]> Compose(EvidenceRequest request)
    {
        var suffix = "." + request.Version + ".nupkg";
        var nupkgs = Directory.Exists(request.PackagesDirectory)
            ? Directory
                .EnumerateFiles(request.PackagesDirectory, "*.nupkg")
                .Where(p =>
                    p.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                    && !p.EndsWith(".symbols.nupkg", StringComparison.OrdinalIgnoreCase)
                )
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        if (nupkgs.Count == 0)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.NoPackages.Error(null, 0, 0, request.Version, request.PackagesDirectory)
            );
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var (releaseHash, packageDigests) = EvidenceHashes.Release(nupkgs);
        var packages = new JsonArray();
        var sbomHashes = new JsonObject();
        foreach (var nupkg in nupkgs)
        {
            var name = Path.GetFileName(nupkg);
            var sbomName = name[..^".nupkg".Length] + ".cdx.json";
            var sbomPath = Path.Combine(request.PackagesDirectory, sbomName);
            var sbom = RepositoryFiles.ReadFile(sbomPath);
            var sbomHash = EvidenceHashes.Sbom(sbom, sbomPath);
            files[sbomName] = sbom;
            sbomHashes[name] = sbomHash;
            packages.Add(
                new JsonObject
                {
                    ["name"] = name,
                    ["sha256"] = packageDigests.Single(p => p.Name == name).Sha256,
                    ["sbom"] = sbomName,
                    ["sbom_hash"] = sbomHash,
                }
            );
        }

        var lockfileHash = EvidenceHashes.Lockfile(request.RootDirectory, out var lockFiles);
        var toolchainHash = EvidenceHashes.Toolchain(request.Toolchain);
        var runtimeHash = EvidenceHashes.RuntimeEnvironment(request.Environment);
        var hashes = new JsonObject
        {
            ["sbom_hash"] = JsonCanonicalizer.Sha256(LocatedJsonDocument.Parse(sbomHashes.ToJsonString()).Root),
            ["lockfile_hash"] = lockfileHash,
            ["release_hash"] = releaseHash,
            ["toolchain_hash"] = toolchainHash,
            ["runtime_env_hash"] = runtimeHash,
            ["dependencies_lock_hash"] = EvidenceHashes.DependenciesLock(lockfileHash, toolchainHash, runtimeHash),
        };

        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray([
                .. packageDigests.Select(p =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["name"] = p.Name,
                            ["digest"] = new JsonObject { ["sha256"] = Digest.HexOf(p.Sha256) },
                        }
                ),
            ]),
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject
            {
                ["version"] = request.Version,
                ["commit"] = request.Commit,
                ["createdAt"] = Timestamp(request.CreatedAt),
                ["hashes"] = hashes.DeepClone(),
                ["sboms"] = sbomHashes.DeepClone(),
            },
        };
        files[StatementFile] = Serialize(statement);

        var gateReports = new JsonArray();
        foreach (var report in request.GateReports.Order(StringComparer.Ordinal))
        {
            gateReports.Add(
                new JsonObject
                {
                    ["path"] = Path.GetRelativePath(request.RootDirectory, report).Replace('\\', '/'),
                    ["sha256"] = EvidenceHashes.File(report),
                }
            );
        }

        var evidence = new JsonObject
        {
            ["$schema"] = "https://releasetrain.dev/schemas/evidence.schema.json",
            ["version"] = request.Version,
            ["commit"] = request.Commit,
            ["createdAt"] = Timestamp(request.CreatedAt),
            ["tool"] = new JsonObject { ["name"] = "release-train", ["version"] = request.ToolVersion },
            ["toolchain"] = EvidenceHashes.ToolchainPreimage(request.Toolchain),
            ["runtimeEnvironment"] = EvidenceHashes.RuntimeEnvironmentPreimage(request.Environment),
            ["lockFiles"] = new JsonArray([.. lockFiles.Select(f => (JsonNode)JsonValue.Create(f)!)]),
            ["hashes"] = hashes,
            ["packages"] = packages,
            ["gateReports"] = gateReports,
            ["files"] = new JsonArray([
                .. files
                    .OrderBy(f => f.Key, StringComparer.Ordinal)
                    .Select(f => (JsonNode)new JsonObject { ["path"] = f.Key, ["sha256"] = Digest.Sha256(f.Value) }),
            ]),
        };
        files[EvidenceFile] = Serialize(evidence);
        files[CommittedFile] = Encoding.UTF8.GetBytes(Digest.Sha256(files[EvidenceFile]) + "\n");
        return files;
    }

    private static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Serialize(JsonNode node) =>
        Encoding.UTF8.GetBytes(node.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");

    /// <summary>
    /// The path of a file a bundle names, when it lies directly in <paramref name="folder"/>; otherwise null, with
    /// RT3010 (at evidence.json, which names it) added: a name that is empty, absolute, <c>.</c> or <c>..</c>, or has a
    /// folder part is never joined to the folder (nor read).
    /// </summary>
    private static string? Outside(string folder, string name, string evidencePath, List<Diagnostic> errors)
    {
        var why =
            name.Length == 0 ? "it is empty"
            : Path.IsPathRooted(name) || name.StartsWith('/') || name.StartsWith('\\') ? "it is an absolute path"
            : name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\')
                ? "it is not a file name directly in the bundle (a folder part or ..)"
            : name.Contains('\0', StringComparison.Ordinal) ? "it contains a NUL character"
            : null;
        if (why is null)
        {
            return Path.Combine(folder, name);
        }

        errors.Add(DiagnosticCodes.EvidenceEntryOutsideBundle.Error(evidencePath, 0, 0, name, why));
        return null;
    }

    private static bool IsInside(string folder, string path)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), path);
        return relative != ".."
            && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !Path.IsPathRooted(relative);
    }

    private static Diagnostic Mismatch(string path, string name, string why) =>
        DiagnosticCodes.EvidenceMismatch.Error(path, 0, 0, name, why);
}
