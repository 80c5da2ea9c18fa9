using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// Issue 16: the artifact-manifest validator gives the verdicts of ML2ML's tools/verify_doc_artifacts.py (dd1edaa,
/// run beside the project on a copy of the real ML2ML files and on the same mutated copies).
/// </summary>
public sealed class ArtifactManifestFidelityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A copy of the real ML2ML folder; returns its root.</summary>
    private string Ml2ml()
    {
        var copy = _dir.Combine("ml2ml");
        TempDirectory.CopyDirectory(TestPaths.RealData("ml2ml"), copy);
        return copy;
    }

    private static void Edit(string path, string old, string replacement)
    {
        var text = File.ReadAllText(path);
        Assert.Contains(old, text, StringComparison.Ordinal);
        var index = text.IndexOf(old, StringComparison.Ordinal);
        File.WriteAllText(path, string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + old.Length)));
    }

    private static Diagnostic Single(ValidationResult result, string code) =>
        Assert.Single(result.Findings, f => f.Code == code);

    [SkippableFact]
    public void A_sha256_prefix_in_an_ml2ml_catalog_is_refused()
    {
        // Peer: "hash mismatch: .../error_codes.cbor expected=sha256:3077ef00... got=3077ef00..." (it compares the
        // hexdigest with the string). Before: PASS (the prefix was stripped).
        var root = Ml2ml();
        var catalog = Path.Combine(root, "contracts", "catalog-manifest.json");
        Edit(catalog, "\"sha256\": \"3077ef00", "\"sha256\": \"sha256:3077ef00");
        var result = ArtifactManifestVerifier.Verify(catalog, root);
        Assert.Equal(ValidationStatus.Fail, result.Status);
        Assert.Contains("'error_codes.cbor'", Single(result, "RT6063").Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("\"size_bytes\": 528", "", "is missing")]
    [InlineData("\"size_bytes\": 528", "\"size_bytes\": \"528\"", "must be a non-negative integer")]
    [InlineData("\"size_bytes\": 528", "\"size_bytes\": 528.5", "must be a non-negative integer")]
    [InlineData("\"size_bytes\": 528", "\"size_bytes\": null", "must be a non-negative integer")]
    public void A_missing_or_non_integer_size_bytes_in_an_ml2ml_catalog_fails(string old, string size, string why)
    {
        // Peer: "size mismatch: .../schema_catalog.cbor expected=None got=528" (and expected=528 for the string).
        // Before: PASS (the size was ignored).
        var root = Ml2ml();
        var catalog = Path.Combine(root, "contracts", "catalog-manifest.json");
        Edit(catalog, old, size.Length == 0 ? "\"size_note\": 0" : size);
        var result = ArtifactManifestVerifier.Verify(catalog, root);
        Assert.Equal(ValidationStatus.Fail, result.Status);
        var finding = Single(result, "RT6063");
        Assert.Contains("'schema_catalog.cbor': size_bytes " + why, finding.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_size_bytes_written_as_a_whole_float_passes_as_in_python()
    {
        // Peer: 252 == 252.0 in Python, so the file list passes with a whole float.
        var root = Ml2ml();
        var golden = Path.Combine(root, "goldens", "hello-core", "golden-manifest.json");
        var text = File.ReadAllText(golden);
        var size = new FileInfo(Path.Combine(root, "goldens", "hello-core", "checkpoint_header.json")).Length;
        Edit(golden, $"\"size_bytes\": {size}", $"\"size_bytes\": {size}.0");
        Assert.NotEqual(text, File.ReadAllText(golden));
        Assert.Equal(ValidationStatus.Pass, ArtifactManifestVerifier.Verify(golden, root).Status);
    }

    [SkippableFact]
    public void The_ml2ml_vectors_manifest_is_read_and_verified()
    {
        // Peer: PASS on the real files; "vectors hash mismatch: expected=sha256:71a5... got=71a5..." with a prefix,
        // and a hash mismatch for a changed vectors file. Before: RT6063 "expected 'artifacts' ... or 'files'" for
        // the real manifest (the form was not readable).
        var root = Ml2ml();
        var manifest = Path.Combine(root, "vectors", "hello-core", "vectors-manifest.json");
        var real = ArtifactManifestVerifier.Verify(manifest, root);
        Assert.Equal(ValidationStatus.Pass, real.Status);
        Assert.Equal("vectors", real.Reports[ArtifactManifestVerifier.ReportFile]["form"]!.GetValue<string>());
        Assert.Equal([Path.Combine(root, "vectors", "hello-core", "vectors.json")], real.Reads);

        File.AppendAllText(Path.Combine(root, "vectors", "hello-core", "vectors.json"), " ");
        Single(ArtifactManifestVerifier.Verify(manifest, root), "RT6061");

        Edit(manifest, "\"vectors_file_sha256\": \"", "\"vectors_file_sha256\": \"sha256:");
        Assert.Contains(
            "no 'sha256:' prefix",
            Single(ArtifactManifestVerifier.Verify(manifest, root), "RT6063").Message,
            StringComparison.Ordinal
        );
    }
}
