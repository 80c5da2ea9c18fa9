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

    [SkippableFact]
    public void The_gate_policy_option_holds_a_genuine_manifest_to_torghuts_promotion_prerequisites()
    {
        var now = KindRepository.At("2026-03-01T12:00:00Z");
        _repo.CopyIn(
            TestPaths.RealData("torghut-lab", "services", "torghut", "config", "autonomous-gate-policy.json"),
            "config/autonomous-gate-policy.json"
        );
        _repo.CopyIn(TorghutInteropTests.Genuine("v1-paper-pass"), "rollout/phase-manifest.json");
        var options = new JsonObject { ["phases"] = "torghut", ["gatePolicy"] = "config/autonomous-gate-policy.json" };
        var genuine = _repo.Run(PhaseManifestKind.KindName, "rollout/phase-manifest.json", options, now);
        Assert.True(genuine.Findings.Count == 0, string.Join("\n", genuine.Findings));
        Assert.EndsWith("autonomous-gate-policy.json", Assert.Single(genuine.Reads), StringComparison.Ordinal);

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_repo.Root, "rollout", "phase-manifest.json")))!;
        manifest["phases"]![1]!["artifact_refs"]!.AsArray().RemoveAt(0);
        manifest["manifest_hash"] = PhaseManifest.Hash(manifest.AsObject(), PhaseContract.Torghut);
        _repo.Write("rollout/short.json", manifest.ToJsonString());
        var shortOne = _repo.Run(PhaseManifestKind.KindName, "rollout/short.json", options, now);
        Assert.Equal("RT6093", Assert.Single(shortOne.Findings).Code);
        Assert.Contains("backtest/evaluation-report.json", shortOne.Findings[0].Message, StringComparison.Ordinal);
    }
}
