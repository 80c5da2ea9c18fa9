using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// Verifies the files an artifact manifest lists (docs/validators.md, "Artifact manifests"), in its four real forms:
/// the ML2ML catalog (<c>artifacts</c> keyed by file name, <c>{sha256, size_bytes}</c>, relative to the manifest's
/// folder), the ML2ML file list (<c>files[]</c> of <c>{path, sha256, size_bytes}</c>, relative to the root), the ML2ML
/// vectors manifest (<c>vectors_file</c> and <c>vectors_file_sha256</c>, relative to the root) and the MemoryKernel
/// release evidence bundle (<c>artifacts[]</c> of <c>{path, sha256}</c>, relative to the root), as ML2ML's
/// tools/verify_doc_artifacts.py reads the first three. A missing file (RT6060), a sha256 mismatch (RT6061) or a size
/// mismatch (RT6062) is a finding at the entry's line. A digest is 64 bare lowercase hex digits (the consumers compare
/// the file's hexdigest with it as a string: a <c>sha256:</c> prefix or uppercase is RT6063); the catalog and the file
/// list need <c>size_bytes</c>, an integer (missing or not a number: RT6063); paths may not leave the root (RT1005).
/// </summary>
public static class ArtifactManifestVerifier
{
    /// <summary>The report file name.</summary>
    public const string ReportFile = "artifact-manifest-verification.json";

    private sealed record Entry(
        string Name,
        string Path,
        string? Sha256,
        Size? Size,
        LocatedJsonNode At,
        RepositoryFiles Files
    );

    /// <summary>A size_bytes the form requires: its value, or why there is none.</summary>
    private sealed record Size(long? Bytes, string? Problem);

    /// <summary>Verifies a manifest.</summary>
    /// <param name="path">The manifest.</param>
    /// <param name="rootDirectory">The root that list-form paths are relative to.</param>
    /// <returns>The result; its report names the form and every entry's outcome.</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when the manifest cannot be read as JSON or a path escapes the
    /// root.</exception>
    public static ValidationResult Verify(string path, string rootDirectory)
    {
        var full = System.IO.Path.GetFullPath(path);
        var findings = new Findings(full);
        var root = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(full), full).Root as LocatedJsonObject;
        var entries = new List<Entry>();
        string form;
        if (root?.GetMember("artifacts")?.Value is LocatedJsonObject catalog)
        {
            form = "catalog";
            var folder = new RepositoryFiles(System.IO.Path.GetDirectoryName(full)!);
            foreach (var member in catalog.Properties)
            {
                var entry = member.Value as LocatedJsonObject;
                entries.Add(
                    new Entry(
                        member.Name,
                        folder.Resolve(member.Name, full, member.Line, member.Column),
                        Node.Text(entry, "sha256"),
                        SizeOf(entry),
                        member.Value,
                        folder
                    )
                );
            }
        }
        else if (root?.GetMember("files")?.Value is LocatedJsonArray files)
        {
            form = "file-list";
            entries.AddRange(List(files, rootDirectory, full, findings, sized: true));
        }
        else if (root?.GetMember("artifacts")?.Value is LocatedJsonArray bundle)
        {
            form = "evidence-bundle";
            entries.AddRange(List(bundle, rootDirectory, full, findings, sized: false));
        }
        else if (root?.GetMember("vectors_file") is { } vectorsMember)
        {
            form = "vectors";
            if (vectorsMember.Value is LocatedJsonScalar { Kind: JsonKind.String, Text.Length: > 0 } vectors)
            {
                var files2 = new RepositoryFiles(rootDirectory);
                entries.Add(
                    new Entry(
                        vectors.Text!,
                        files2.Resolve(vectors.Text!, full, vectors.Line, vectors.Column),
                        Node.Text(root, "vectors_file_sha256"),
                        null,
                        vectors,
                        files2
                    )
                );
            }
            else
            {
                findings.Error(
                    DiagnosticCodes.ArtifactManifestInvalid,
                    vectorsMember.Value,
                    "'vectors_file' must be a path string"
                );
            }
        }
        else
        {
            form = "unknown";
            findings.Error(
                DiagnosticCodes.ArtifactManifestInvalid,
                root,
                "expected 'artifacts' keyed by file name, 'files' [{path, sha256, size_bytes}], 'artifacts' [{path, "
                    + "sha256}] or 'vectors_file' with 'vectors_file_sha256'"
            );
        }

        var rows = new JsonArray();
        foreach (var entry in entries)
        {
            var status = CheckStatus.Pass;
            if (entry.Sha256 is null || !IsDigest(entry.Sha256))
            {
                findings.Error(
                    DiagnosticCodes.ArtifactManifestInvalid,
                    entry.At,
                    $"entry '{entry.Name}' has no sha256 of 64 bare lowercase hex digits (no 'sha256:' prefix)"
                );
                status = CheckStatus.Fail;
            }
            else if (entry.Size is { Problem: { } problem })
            {
                findings.Error(
                    DiagnosticCodes.ArtifactManifestInvalid,
                    entry.At,
                    $"entry '{entry.Name}': size_bytes {problem}"
                );
                status = CheckStatus.Fail;
            }
            else if (!File.Exists(entry.Path))
            {
                findings.Error(DiagnosticCodes.ArtifactMissing, entry.At, entry.Name, entry.Path);
                status = CheckStatus.Fail;
            }
            else
            {
                long size;
                string actual;
                using (var stream = entry.Files.Open(entry.Path, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    size = stream.Length;
                    actual = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
                }

                if (actual != entry.Sha256)
                {
                    findings.Error(DiagnosticCodes.ArtifactDigestMismatch, entry.At, entry.Name, actual, entry.Sha256);
                    status = CheckStatus.Fail;
                }

                if (entry.Size?.Bytes is { } expectedSize && expectedSize != size)
                {
                    findings.Error(DiagnosticCodes.ArtifactSizeMismatch, entry.At, entry.Name, size, expectedSize);
                    status = CheckStatus.Fail;
                }
            }

            rows.Add(new JsonObject { ["id"] = entry.Name, ["status"] = status });
        }

        var report = UsrRegistry.Report(
            "artifact-manifest-verification",
            findings.Status,
            new JsonObject
            {
                ["artifactCount"] = entries.Count,
                ["passCount"] = rows.Count(r => r!["status"]!.GetValue<string>() == CheckStatus.Pass),
                ["failCount"] = rows.Count(r => r!["status"]!.GetValue<string>() == CheckStatus.Fail),
                ["errorCount"] = findings.Errors,
            },
            rows,
            findings
        );
        report["form"] = form;
        return new ValidationResult(
            "artifact-manifest",
            full,
            findings.List,
            new Dictionary<string, JsonObject> { [ReportFile] = report }
        )
        {
            Reads = [.. entries.Select(e => e.Path).Distinct(StringComparer.Ordinal)],
        };
    }

    private static IEnumerable<Entry> List(
        LocatedJsonArray items,
        string rootDirectory,
        string manifest,
        Findings findings,
        bool sized
    )
    {
        var files = new RepositoryFiles(rootDirectory);
        foreach (var item in items.Items)
        {
            if (item is not LocatedJsonObject entry || Node.Text(entry, "path") is not { Length: > 0 } relative)
            {
                findings.Error(DiagnosticCodes.ArtifactManifestInvalid, item, "an entry needs a 'path' string");
                continue;
            }

            var at = Node.At(entry, "path");
            yield return new Entry(
                relative,
                files.Resolve(relative, manifest, at.Line, at.Column),
                Node.Text(entry, "sha256"),
                sized ? SizeOf(entry) : null,
                entry,
                files
            );
        }
    }

    /// <summary>
    /// size_bytes as verify_doc_artifacts.py compares it with the file's st_size (Python <c>!=</c>): a number equal
    /// to an integer (96 or 96.0); missing, a string, a fraction or a negative number can never equal a size.
    /// </summary>
    private static Size SizeOf(LocatedJsonObject? entry) =>
        entry?.GetMember("size_bytes")?.Value switch
        {
            null => new Size(null, "is missing"),
            LocatedJsonScalar { Kind: JsonKind.Number } n
                when n.TryGetDecimal(out var d) && d >= 0 && d == decimal.Truncate(d) && d <= long.MaxValue => new Size(
                (long)d,
                null
            ),
            _ => new Size(null, "must be a non-negative integer"),
        };

    private static bool IsDigest(string text) =>
        text.Length == 64 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
