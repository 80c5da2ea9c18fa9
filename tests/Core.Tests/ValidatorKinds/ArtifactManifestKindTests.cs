using System.Text.Json.Nodes;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// <c>artifact-manifest</c> through the registry: ML2ML's real golden manifest under its <c>root</c> option.
/// </summary>
public sealed class ArtifactManifestKindTests : IDisposable
{
    private readonly KindRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [SkippableFact]
    public void The_kind_verifies_under_its_root_option_and_reports_its_codes()
    {
        TempDirectory.CopyDirectory(TestPaths.RealData("ml2ml"), Path.Combine(_repo.Root, "ml2ml"));
        Assert.Equal(["root"], new ArtifactManifestKind().Options);
        var now = KindRepository.At("2026-11-21T00:00:00Z");
        const string Manifest = "ml2ml/goldens/hello-core/golden-manifest.json";
        var root = new JsonObject { ["root"] = "ml2ml" };

        var real = _repo.Run(ArtifactManifestKind.KindName, Manifest, root, now);
        Assert.Equal(ValidationStatus.Pass, real.Status);

        // Without the option, list-form paths are taken from the repository root, where no listed file is.
        var unrooted = _repo.Run(ArtifactManifestKind.KindName, Manifest, null, now);
        Assert.NotEmpty(unrooted.Findings);
        Assert.All(unrooted.Findings, f => Assert.Equal("RT6060", f.Code));

        File.AppendAllText(Path.Combine(_repo.Root, "ml2ml", "goldens", "hello-core", "trace_snippet.json"), "\n");
        var changed = _repo.Run(ArtifactManifestKind.KindName, Manifest, root, now);
        Assert.Contains(changed.Findings, f => f.Code == "RT6061");
    }
}
