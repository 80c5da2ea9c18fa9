using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.SignOff;

namespace ReleaseTrain.Core.Release;

/// <summary>One file to attach to the GitHub release.</summary>
/// <param name="Name">The asset name (the file name).</param>
/// <param name="Path">The full path.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">Its digest, <c>sha256:&lt;64 hex&gt;</c> (the form GitHub reports as an asset's <c>digest</c>).</param>
/// <param name="ContentType">The media type to upload it with.</param>
public sealed record ReleaseAsset(string Name, string Path, long Size, string Sha256, string ContentType);

/// <summary>What the GitHub release of a version holds.</summary>
/// <param name="Tag">The tag, <c>v</c> + version.</param>
/// <param name="Name">The release title.</param>
/// <param name="Body">The release body (Markdown): notes, the sign-off table, the evidence digests and the asset digests.</param>
/// <param name="Prerelease">True for a prerelease version (SemVer 2.0 prerelease label).</param>
/// <param name="Assets">The assets: the version's .nupkg files from the packages folder and every file of the evidence bundle, in ordinal name order.</param>
public sealed record ReleasePlan(string Tag, string Name, string Body, bool Prerelease, IReadOnlyList<ReleaseAsset> Assets);

/// <summary>Builds the release plan from the files on disk (docs/signoff.md, "Release").</summary>
public static class ReleasePlanner
{
    /// <summary>Builds the plan.</summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="release">The version.</param>
    /// <param name="commit">The commit sha.</param>
    /// <param name="packagesDirectory">The folder of the .nupkg files (default <c>{root}/artifacts/packages</c>).</param>
    /// <param name="notes">Release notes (Markdown) to open the body with, or null.</param>
    /// <param name="signoff">The sign-off status to tabulate, or null when sign-off is not configured.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ReleaseTrainException">RT5010 when the evidence bundle or the packages are missing.</exception>
    public static ReleasePlan Build(string rootDirectory, string release, string commit, string? packagesDirectory, string? notes, SignOffStatus? signoff)
    {
        var bundle = EvidenceBundle.BundlePath(rootDirectory, release);
        var committed = EvidenceBundle.CommittedDigest(rootDirectory, release)
            ?? throw new ReleaseTrainException(DiagnosticCodes.ReleaseContentMissing.Error(null, 0, 0, release, $"no evidence bundle in {bundle}"));
        packagesDirectory ??= Path.Combine(rootDirectory, "artifacts", "packages");
        var packages = Directory.Exists(packagesDirectory)
            ? Directory.GetFiles(packagesDirectory, $"*.{release}.nupkg").Where(p => !p.EndsWith(".symbols.nupkg", StringComparison.OrdinalIgnoreCase)).ToList()
            : [];
        if (packages.Count == 0)
        {
            throw new ReleaseTrainException(DiagnosticCodes.ReleaseContentMissing.Error(null, 0, 0, release, $"no *.{release}.nupkg in {packagesDirectory}"));
        }

        var assets = packages.Concat(Directory.GetFiles(bundle))
            .Select(p => Asset(p))
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        var duplicate = assets.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ReleaseTrainException(DiagnosticCodes.ReleaseContentMissing.Error(null, 0, 0, release, $"two assets are named {duplicate.Key}"));
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

    /// <summary>The evidence digest line of a release body: <c>- evidence bundle: `sha256:...`</c>, or null.</summary>
    /// <param name="body">A release body.</param>
    /// <returns>The digest, or null.</returns>
    public static string? EvidenceDigestOf(string? body) =>
        body is null ? null : System.Text.RegularExpressions.Regex.Match(body, @"(?m)^- evidence bundle: `(sha256:[0-9a-f]{64})`", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)) is { Success: true } m ? m.Groups[1].Value : null;

    private static ReleaseAsset Asset(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var name = Path.GetFileName(path);
        var type = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json"
            : name.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) ? "application/zip"
            : "application/octet-stream";
        return new ReleaseAsset(name, path, bytes.LongLength, Digest.Sha256(bytes), type);
    }

    private static IEnumerable<(string Name, string Value)> Hashes(string evidenceJson)
    {
        if (!File.Exists(evidenceJson) || JsonNode.Parse(File.ReadAllText(evidenceJson))?["hashes"] is not JsonObject hashes)
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
