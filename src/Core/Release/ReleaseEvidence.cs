using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// The release's committed evidence bundle checked before it is decided on or published (docs/signoff.md,
/// "Release"): the bundle verifies (<see cref="EvidenceBundle.Verify"/>: COMMITTED is the digest of evidence.json,
/// every listed file has its digest, no file is unlisted), each package it records is in the packages folder with
/// its recorded digest, and every <c>*.&lt;release&gt;.nupkg</c> of the folder is one the bundle records. Each
/// difference is one RT5013 naming the file and what differs. <c>decide</c> and <c>release</c> both call this, so
/// a package replaced after a GO decision is never released.
/// </summary>
public static class ReleaseEvidence
{
    /// <summary>Verifies the release's bundle and packages.</summary>
    /// <param name="rootDirectory">The repository root.</param>
    /// <param name="release">The release version.</param>
    /// <param name="packagesDirectory">The folder of the packages to check (release: the folder it uploads from), or
    /// null to check the bundle alone.</param>
    /// <param name="consequence">What the refusal means, closing each message (e.g. <c>nothing was uploaded</c>).
    /// </param>
    /// <returns>RT5013 errors, one per difference; empty when the bundle and packages verify or there is no
    /// committed bundle (its absence is for the caller to judge: RT5010 in <c>release</c>).</returns>
    public static IReadOnlyList<Diagnostic> Verify(
        string rootDirectory,
        string release,
        string? packagesDirectory,
        string consequence
    )
    {
        var bundle = EvidenceBundle.BundlePath(rootDirectory, release);
        if (!File.Exists(EvidenceBundle.CommittedPath(rootDirectory, release)))
        {
            return [];
        }

        Diagnostic Unverified(string? file, string what) =>
            DiagnosticCodes.ReleaseEvidenceUnverified.Error(file, 0, 0, release, what, consequence);

        var differences = EvidenceBundle
            .Verify(bundle, packagesDirectory)
            .Select(d => Unverified(d.File, d.Message.TrimEnd('.')))
            .ToList();
        if (differences.Count > 0 || packagesDirectory is null)
        {
            return differences;
        }

        IReadOnlyDictionary<string, string> recorded;
        try
        {
            recorded = EvidenceBundle.RecordedPackages(bundle);
        }
        catch (ReleaseTrainException ex)
        {
            return [Unverified(ex.Diagnostic.File, ex.Diagnostic.Message.TrimEnd('.'))];
        }

        foreach (var package in ReleasePlanner.PackageFiles(packagesDirectory, release))
        {
            var name = Path.GetFileName(package);
            if (!recorded.ContainsKey(name))
            {
                differences.Add(
                    Unverified(
                        package,
                        $"{name} would be published but the evidence bundle "
                            + $"{Path.GetRelativePath(rootDirectory, bundle).Replace('\\', '/')} does not record it "
                            + $"(it "
                            + $"records {string.Join(", ", recorded.Keys)})"
                    )
                );
            }
        }

        return differences;
    }

    /// <summary>
    /// Checks a file just read for upload against the digest it was verified with, so that a file swapped between
    /// the check and the upload is never published.
    /// </summary>
    /// <param name="release">The release version.</param>
    /// <param name="path">The file.</param>
    /// <param name="bytes">The bytes read from it.</param>
    /// <param name="verified">The digest it was verified with (<c>sha256:</c>).</param>
    /// <exception cref="ReleaseTrainException">RT5013 when the bytes have another digest.</exception>
    public static void CheckUnchanged(string release, string path, byte[] bytes, string verified)
    {
        var actual = Digest.Sha256(bytes);
        if (!string.Equals(actual, verified, StringComparison.Ordinal))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.ReleaseEvidenceUnverified.Error(
                    path,
                    0,
                    0,
                    release,
                    $"{Path.GetFileName(path)} changed after it was verified: its sha256 is now {actual}, it was "
                        + verified,
                    "it was not uploaded and the release stays an unpublished draft"
                )
            );
        }
    }
}
