using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.SignOff;

namespace ReleaseTrain.Core.Release;

/// <summary>One file to attach to the GitHub release.</summary>
/// <param name="Name">The asset name (the file name).</param>
/// <param name="Path">The full path.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">Its digest, <c>sha256:&lt;64 hex&gt;</c> (the form GitHub reports as an asset's
/// <c>digest</c>).</param>
/// <param name="ContentType">The media type to upload it with.</param>
public sealed record ReleaseAsset(string Name, string Path, long Size, string Sha256, string ContentType);

/// <summary>An asset of an already published (or draft) release, as the server reports it.</summary>
/// <param name="Name">The asset name.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Digest">Its <c>sha256:</c> digest, or null when the server does not report one.</param>
public sealed record PublishedAsset(string Name, long Size, string? Digest);

/// <summary>What the GitHub release of a version holds.</summary>
/// <param name="Tag">The tag, <c>v</c> + version.</param>
/// <param name="Name">The release title.</param>
/// <param name="Body">The release body (Markdown): notes, the sign-off table, the evidence digests and the asset
/// digests.</param>
/// <param name="Prerelease">True for a prerelease version (SemVer 2.0 prerelease label).</param>
/// <param name="Assets">The assets: the version's .nupkg files from the packages folder and every file of the evidence
/// bundle, in ordinal name order.</param>
public sealed record ReleasePlan(
    string Tag,
    string Name,
    string Body,
    bool Prerelease,
    IReadOnlyList<ReleaseAsset> Assets
);

/// <summary>Builds the release plan from the files on disk (docs/signoff.md, "Release").</summary>
public static class ReleasePlanner
{
    /// <summary>Builds the plan.</summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="release">The version.</param>
    /// <param name="commit">The commit sha.</param>
    /// <param name="packagesDirectory">The folder of the .nupkg files (default
    /// <c>{root}/artifacts/packages</c>).</param>
    /// <param name="notes">Release notes (Markdown) to open the body with, or null.</param>
    /// <param name="signoff">The sign-off status to tabulate, or null when sign-off is not configured.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ReleaseTrainException">RT5010 when the evidence bundle or the packages are missing.</exception>
    public static ReleasePlan Build(
        string rootDirectory,
        string release,
        string commit,
        string? packagesDirectory,
        string? notes,
        SignOffStatus? signoff
    )
    {
        var bundle = EvidenceBundle.BundlePath(rootDirectory, release);
        var committed = EvidenceBundle.CommittedDigest(rootDirectory, release)
            ?? throw new ReleaseTrainException(
                DiagnosticCodes.ReleaseContentMissing.Error(
                    null,
                    0,
                    0,
                    release,
                    $"no evidence bundle in {bundle}. Write it: release-train evidence --version {release}"
                )
            );
        packagesDirectory ??= EvidenceBundle.PackagesPath(rootDirectory);
        var packages = PackageFiles(packagesDirectory, release);
        if (packages.Count == 0)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.ReleaseContentMissing.Error(
                    null,
                    0,
                    0,
                    release,
                    $"no *.{release}.nupkg in {packagesDirectory}. Pack the release into it (dotnet pack -o DIR), or "
                        + "name the folder that holds the packages with --packages"
                )
            );
        }

        var assets = packages
            .Concat(Directory.GetFiles(bundle))
            .Select(p => Asset(p))
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        Bound(rootDirectory, release, committed, assets);
        var duplicate = assets
            .GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.ReleaseContentMissing.Error(
                    null,
                    0,
                    0,
                    release,
                    $"two assets are named {duplicate.Key}"
                )
            );
        }

        var body = new StringBuilder();
        body.AppendLine(CultureInfo.InvariantCulture, $"Release {release} at commit `{commit}`.");
        body.AppendLine();
        if (!string.IsNullOrWhiteSpace(notes))
        {
            body.AppendLine(notes.TrimEnd());
            body.AppendLine();
        }

        if (signoff is not null)
        {
            body.AppendLine("## Sign-off");
            body.AppendLine();
            body.Append(SignOffRecords.MarkdownTable(signoff));
            body.AppendLine();
        }

        body.AppendLine("## Evidence");
        body.AppendLine();
        body.AppendLine(CultureInfo.InvariantCulture, $"- evidence bundle: `{committed}`");
        foreach (var (name, value) in Hashes(Path.Combine(bundle, EvidenceBundle.EvidenceFile)))
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"- {name}: `{value}`");
        }

        body.AppendLine();
        body.AppendLine("## Assets");
        body.AppendLine();
        body.AppendLine("| Asset | Size (bytes) | Digest |");
        body.AppendLine("|---|---|---|");
        foreach (var asset in assets)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"| {asset.Name} | {asset.Size} | `{asset.Sha256}` |");
        }

        var prerelease = NuGet.Versioning.NuGetVersion.TryParse(release, out var version) && version.IsPrerelease;
        return new ReleasePlan("v" + release, "v" + release, body.ToString(), prerelease, assets);
    }

    /// <summary>
    /// The packages a release publishes from a folder: every <c>*.&lt;release&gt;.nupkg</c> but symbol packages, in
    /// ordinal order; none when the folder does not exist.
    /// </summary>
    /// <param name="packagesDirectory">The folder.</param>
    /// <param name="release">The version.</param>
    /// <returns>Full paths.</returns>
    public static IReadOnlyList<string> PackageFiles(string packagesDirectory, string release) =>
        Directory.Exists(packagesDirectory)
            ?
            [
                .. Directory
                    .GetFiles(packagesDirectory, $"*.{release}.nupkg")
                    .Where(p => !p.EndsWith(".symbols.nupkg", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal),
            ]
            : [];

    /// <summary>
    /// Binds the planned assets, as read for the plan, to the verified bundle: each package's digest is the one
    /// evidence.json records and evidence.json's digest is the committed one (a file swapped after the gate's check).
    /// </summary>
    private static void Bound(
        string rootDirectory,
        string release,
        string committed,
        IReadOnlyList<ReleaseAsset> assets
    )
    {
        var recorded = EvidenceBundle.RecordedPackages(EvidenceBundle.BundlePath(rootDirectory, release));
        foreach (var asset in assets)
        {
            var expected =
                asset.Name == EvidenceBundle.EvidenceFile ? committed
                : asset.Name.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase)
                    ? recorded.GetValueOrDefault(asset.Name, "(not recorded)")
                : asset.Sha256;
            if (!string.Equals(expected, asset.Sha256, StringComparison.Ordinal))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.ReleaseEvidenceUnverified.Error(
                        asset.Path,
                        0,
                        0,
                        release,
                        $"{asset.Name} has sha256 {asset.Sha256}, the evidence bundle records {expected}",
                        "nothing was uploaded"
                    )
                );
            }
        }
    }

    /// <summary>
    /// How an existing release of the tag differs from the plan (RT5009 reasons; empty when it may be completed): the
    /// commit its tag was created at (when that is a sha), the evidence digest its body names, and the size and digest
    /// (when reported) of every asset of the same name. Nothing that differs is ever overwritten.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="commit">This release's commit.</param>
    /// <param name="targetCommitish">The existing release's target_commitish, or null.</param>
    /// <param name="body">The existing release's body, or null.</param>
    /// <param name="assets">The existing release's assets.</param>
    /// <returns>One sentence per difference.</returns>
    public static IReadOnlyList<string> Differences(
        ReleasePlan plan,
        string commit,
        string? targetCommitish,
        string? body,
        IReadOnlyList<PublishedAsset> assets
    )
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(assets);
        var problems = new List<string>();
        if (
            targetCommitish is { Length: >= 7 } target
            && target.All(Uri.IsHexDigit)
            && !SignOffEvaluator.SameCommit(commit, target)
        )
        {
            problems.Add($"it was created at commit {target}, this release is {commit}");
        }

        var digest = EvidenceDigestOf(body);
        var planned = EvidenceDigestOf(plan.Body);
        if (digest != planned)
        {
            problems.Add($"its body names evidence {digest ?? "(none)"}, this release has {planned}");
        }

        foreach (var asset in plan.Assets)
        {
            var remote = assets.FirstOrDefault(a => a.Name == asset.Name);
            if (remote is not null && !Matches(asset, remote))
            {
                problems.Add(
                    $"asset {asset.Name} is {remote.Size} bytes {remote.Digest}, the local file is {asset.Size} bytes "
                        + $"{asset.Sha256}"
                );
            }
        }

        return problems;
    }

    /// <summary>The planned assets the existing release lacks, in plan order.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="assets">The existing release's assets.</param>
    /// <returns>The assets to upload.</returns>
    public static IReadOnlyList<ReleaseAsset> Missing(ReleasePlan plan, IReadOnlyList<PublishedAsset> assets)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.Assets.Where(a => !assets.Any(r => r.Name == a.Name))];
    }

    /// <summary>
    /// Whether a published asset is the local file: the same size, and the same digest when the server reports one.
    /// </summary>
    /// <param name="asset">The local asset.</param>
    /// <param name="published">The published one.</param>
    /// <returns>True when they match.</returns>
    public static bool Matches(ReleaseAsset asset, PublishedAsset published)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(published);
        return published.Size == asset.Size
            && (
                published.Digest is null
                || string.Equals(published.Digest, asset.Sha256, StringComparison.OrdinalIgnoreCase)
            );
    }

    /// <summary>
    /// How an asset GitHub stored differs from the local file it was uploaded from (an RT5009 reason), or null when
    /// it is the local file (<see cref="Matches"/>).
    /// </summary>
    /// <param name="asset">The local asset.</param>
    /// <param name="published">What GitHub answered for it.</param>
    /// <returns>One sentence, or null.</returns>
    public static string? UploadDifference(ReleaseAsset asset, PublishedAsset published) =>
        Matches(asset, published)
            ? null
            : $"GitHub stored {asset.Name} as {published.Size} bytes {published.Digest}, the local file is "
                + $"{asset.Size} bytes {asset.Sha256}";

    /// <summary>The evidence digest line of a release body: <c>- evidence bundle: `sha256:...`</c>, or null.</summary>
    /// <param name="body">A release body.</param>
    /// <returns>The digest, or null.</returns>
    public static string? EvidenceDigestOf(string? body) =>
        body is null ? null
        : System.Text.RegularExpressions.Regex.Match(
            body,
            @"(?m)^- evidence bundle: `(sha256:[0-9a-f]{64})`",
            System.Text.RegularExpressions.RegexOptions.None,
            TimeSpan.FromSeconds(1)
        )
            is { Success: true } m
            ? m.Groups[1].Value
        : null;

    private static ReleaseAsset Asset(string path)
    {
        var bytes = RepositoryFiles.ReadFile(path);
        var name = Path.GetFileName(path);
        var type =
            name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json"
            : name.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) ? "application/zip"
            : "application/octet-stream";
        return new ReleaseAsset(name, path, bytes.LongLength, Digest.Sha256(bytes), type);
    }

    private static IEnumerable<(string Name, string Value)> Hashes(string evidenceJson)
    {
        if (
            !File.Exists(evidenceJson)
            || JsonNode.Parse(RepositoryFiles.ReadText(evidenceJson))?["hashes"] is not JsonObject hashes
        )
        {
            yield break;
        }

        foreach (var (name, value) in hashes)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                yield return (name, text);
            }
        }
    }
}

/// <summary>
/// The verdict on a release of the tag that GitHub already holds or just stored: each difference from this release is
/// an RT5009 error (nothing that differs is ever overwritten), and any difference is a verdict against the release.
/// </summary>
/// <param name="Diagnostics">The RT5009 errors, one per difference; empty when the release is this one.</param>
public sealed record ReleaseMismatch(IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The CLI's exit code: 0 when nothing differs, 1 otherwise.</summary>
    public int ExitCode => Diagnostics.Count > 0 ? 1 : 0;

    /// <summary>The verdict from the differences found (<see cref="ReleasePlanner.Differences"/>,
    /// <see cref="ReleasePlanner.UploadDifference"/>).</summary>
    /// <param name="tag">The release tag.</param>
    /// <param name="problems">One sentence per difference.</param>
    /// <returns>The verdict.</returns>
    public static ReleaseMismatch Of(string tag, IEnumerable<string> problems) =>
        new([.. problems.Select(p => DiagnosticCodes.ReleaseMismatch.Error(null, 0, 0, tag, p))]);
}
