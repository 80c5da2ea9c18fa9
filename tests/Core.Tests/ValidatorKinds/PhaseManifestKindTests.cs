using System.Text.Json.Nodes;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// <c>phase-manifest</c> through the registry: a torghut manifest verified against the phase contract its
/// <c>phases</c> option names (the <c>gatePolicy</c> option: TorghutInteropTests).
/// </summary>
public sealed class PhaseManifestKindTests : IDisposable
{
    private readonly KindRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [SkippableFact]
    public void The_kind_verifies_against_its_phases_option_and_reports_its_codes()
    {
        Assert.Equal(["phases", "gatePolicy"], new PhaseManifestKind().Options);
        var now = KindRepository.At("2026-03-01T12:00:00Z");
        var input = _repo.Write(
            "input.json",
            new JsonObject
            {
                ["run_id"] = "run-20260301-a",
                ["candidate_id"] = "cand-42",
                ["phases"] = new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "gate-evaluation",
                        ["status"] = "pass",
                        ["artifact_refs"] = new JsonArray("gates/gate.json"),
                    }
                ),
                ["runtime_governance"] = new JsonObject { ["rollback_triggered"] = false, ["drift_status"] = "stable" },
            }.ToJsonString()
        );
        var manifest = PhaseManifest.Build(input, "live", PhaseContract.Torghut, null, now);
        _repo.Write("manifest.json", manifest.ToJsonString());

        var torghut = new JsonObject { ["phases"] = "torghut" };
        var built = _repo.Run(PhaseManifestKind.KindName, "manifest.json", torghut, now);
        Assert.True(built.Findings.Count == 0, string.Join("\n", built.Findings));

        var lifecycle = new JsonObject { ["phases"] = "usr-lifecycle" };
        var usr = _repo.Run(PhaseManifestKind.KindName, "manifest.json", lifecycle, now);
        Assert.Equal(ValidationStatus.Fail, usr.Status);

        manifest["manifest_hash"] = "sha256:" + new string('0', 64);
        _repo.Write("tampered.json", manifest.ToJsonString());
        var tampered = _repo.Run(PhaseManifestKind.KindName, "tampered.json", torghut, now);
        Assert.Equal("RT6053", Assert.Single(tampered.Findings).Code);
    }
}
