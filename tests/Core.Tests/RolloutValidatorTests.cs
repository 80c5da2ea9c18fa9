using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// Phase manifests (the torghut cases), artifact manifests (the real ML2ML and MemoryKernel forms) and canary gates.
/// </summary>
public sealed class RolloutValidatorTests : IDisposable
{
    private static readonly Instant Now = InstantPattern.ExtendedIso.Parse("2026-03-01T12:00:00Z").Value;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Policy =>
        TestPaths.RealData("torghut-lab", "services", "torghut", "config", "autonomous-gate-policy.json");

    private string Write(string name, JsonNode json)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static JsonObject Input(
        string gate = "pass",
        JsonObject? runtime = null,
        JsonObject? proof = null,
        string? patch = null,
        params string[] refs
    )
    {
        var input = new JsonObject
        {
            ["run_id"] = "run-20260301-a",
            ["candidate_id"] = "cand-42",
            ["execution_context"] = new JsonObject
            {
                ["repository"] = "proompteng/lab",
                ["base"] = "main",
                ["head"] = "codex/torghut-p5",
                ["artifactPath"] = "artifacts/torghut/run-20260301-a",
                ["priorityId"] = "P5",
            },
            ["phases"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "gate-evaluation",
                    ["status"] = gate,
                    ["artifact_refs"] = new JsonArray("gates/gate-evaluation.json"),
                }
            ),
            ["artifact_refs"] = new JsonArray([.. refs.Select(r => (JsonNode)r)]),
        };
        if (runtime is not null)
        {
            input["runtime_governance"] = runtime;
        }

        if (proof is not null)
        {
            input["rollback_proof"] = proof;
        }

        if (patch is not null)
        {
            input["paper_canary_patch"] = patch;
        }

        return input;
    }

    private JsonObject Build(JsonObject input, string target, bool policy = false) =>
        PhaseManifest.Build(
            Write(Guid.NewGuid().ToString("N") + ".json", input),
            target,
            PhaseContract.Torghut,
            policy ? Policy : null,
            Now
        );

    private static List<string> Statuses(JsonObject manifest) =>
        [.. manifest["phases"]!.AsArray().Select(p => p!["status"]!.GetValue<string>())];

    private static List<string> Transitions(JsonObject manifest) =>
        [.. manifest["phase_transitions"]!.AsArray().Select(t => t!["status"]!.GetValue<string>())];

    [SkippableFact]
    public void Rollback_triggered_with_evidence()
    {
        var manifest = Build(
            Input(
                runtime: new JsonObject
                {
                    ["rollback_triggered"] = true,
                    ["emergency_stop_active"] = false,
                    ["drift_status"] = "stable",
                },
                proof: new JsonObject { ["evidence_path"] = "rollback/rollback-evidence.json" }
            ),
            "live"
        );

        Assert.Equal("fail", manifest["status"]!.GetValue<string>());
        Assert.Equal(["pass", "skip", "skip", "skip", "skip", "fail", "pass"], Statuses(manifest));
        Assert.Equal(["skip", "skip", "skip", "skip", "fail", "pass"], Transitions(manifest));
        Assert.Equal(7, manifest["phase_count"]!.GetValue<int>());
        Assert.Equal("governance-slo-v1", manifest["slo_contract_version"]!.GetValue<string>());
        Assert.Equal("torghut.autonomy.phase-manifest.v1", manifest["schema_version"]!.GetValue<string>());
        var filled = manifest["phases"]![1]!;
        Assert.Equal("stage not evaluated", filled["observations"]!["note"]!.GetValue<string>());
        Assert.Equal(
            ["slo_required_artifacts_present"],
            filled["slo_gates"]!.AsArray().Select(g => g!["id"]!.GetValue<string>())
        );
        Assert.Contains(
            "rollback/rollback-evidence.json",
            manifest["artifact_refs"]!.AsArray().Select(r => r!.GetValue<string>())
        );
        Assert.Equal(
            PhaseManifest.Hash(manifest, PhaseContract.Torghut),
            manifest["manifest_hash"]!.GetValue<string>()
        );
    }

    [SkippableFact]
    public void Unhealthy_drift_fails()
    {
        var manifest = Build(
            Input(runtime: new JsonObject { ["rollback_triggered"] = false, ["drift_status"] = "unhealthy" }),
            "live"
        );
        Assert.Equal("fail", manifest["status"]!.GetValue<string>());
        Assert.Equal("fail", Statuses(manifest)[5]);
        Assert.Equal("pass", Statuses(manifest)[6]);
        Assert.Contains(
            "drift status unhealthy",
            manifest["phases"]![5]!["reasons"]!.ToJsonString(),
            StringComparison.Ordinal
        );
    }

    [SkippableFact]
    public void A_trigger_without_evidence_fails_both_runtime_phases()
    {
        var manifest = Build(
            Input(runtime: new JsonObject { ["rollback_triggered"] = true, ["drift_status"] = "stable" }),
            "live"
        );
        Assert.Equal(["fail", "fail"], Statuses(manifest).Skip(5));
        Assert.Contains(
            "rollback triggered without rollback evidence",
            manifest["phases"]![6]!["reasons"]!.ToJsonString(),
            StringComparison.Ordinal
        );
    }

    [SkippableFact]
    public void Stable_drift_on_live_passes_and_keeps_existing_artifact_refs()
    {
        var manifest = Build(
            Input(
                runtime: new JsonObject
                {
                    ["rollback_triggered"] = false,
                    ["emergency_stop_active"] = false,
                    ["drift_status"] = "stable",
                },
                refs: ["research/candidate-spec.json", "backtest/evaluation-report.json"]
            ),
            "live"
        );
        Assert.Equal("pass", manifest["status"]!.GetValue<string>());
        Assert.Equal(
            ["backtest/evaluation-report.json", "gates/gate-evaluation.json", "research/candidate-spec.json"],
            manifest["artifact_refs"]!.AsArray().Select(r => r!.GetValue<string>())
        );
    }

    [SkippableFact]
    public void A_gate_failure_fails_phases_one_and_five()
    {
        var manifest = Build(Input(gate: "fail"), "paper");
        var statuses = Statuses(manifest);
        Assert.Equal("fail", statuses[0]);
        Assert.Equal("fail", statuses[4]);
        Assert.Equal(2, statuses.Count(s => s == "fail"));
        Assert.Equal(
            ["gate-evaluation", "paper-canary"],
            manifest["observation_summary"]!["failed_phases"]!.AsArray().Select(p => p!.GetValue<string>())
        );
    }

    [SkippableFact]
    public void A_live_target_skips_the_canary_and_paper_with_a_patch_passes_it()
    {
        Assert.Equal("skip", Statuses(Build(Input(), "live"))[4]);
        Assert.Equal("pass", Statuses(Build(Input(patch: "patches/paper-canary.yaml"), "paper"))[4]);
    }

    [Fact]
    public void Unknown_statuses_coerce_to_fail()
    {
        Assert.Equal("fail", PhaseManifest.Coerce("blocked"));
        Assert.Equal("fail", PhaseManifest.Coerce(null));
        Assert.Equal("pass", PhaseManifest.Coerce("Passed"));
        Assert.Equal("skip", PhaseManifest.Coerce("skipped"));
        Assert.Equal("skip", PhaseManifest.Coerce("blocked", unknown: "skip"));
    }

    [SkippableFact]
    public void Promotion_and_rollback_readiness_follow_the_gate_policy()
    {
        var input = Input();
        input["promotion"] = new JsonObject
        {
            ["artifacts"] = new JsonArray("research/candidate-spec.json", "gates/gate-evaluation.json"),
        };
        input["rollback"] = new JsonObject
        {
            ["checks"] = new JsonObject
            {
                ["killSwitchDryRunPassed"] = true,
                ["gitopsRevertDryRunPassed"] = true,
                ["strategyDisableDryRunPassed"] = false,
            },
            ["dry_run_completed_at"] = "2026-02-25T12:00:00Z",
            ["human_approved"] = false,
        };
        var manifest = Build(input, "live", policy: true);
        var promotion = manifest["phases"]![1]!;
        Assert.Equal("fail", promotion["status"]!.GetValue<string>());
        Assert.Contains(
            "missing required artifact backtest/evaluation-report.json",
            promotion["reasons"]!.ToJsonString(),
            StringComparison.Ordinal
        );
        var rollback = manifest["phases"]![2]!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Equal(
            [
                "rollback check strategyDisableDryRunPassed has not passed",
                "rollback dry run at 2026-02-25T12:00:00Z is older than 72 hours",
                "rollback needs human approval",
                "rollback target is missing",
            ],
            rollback
        );

        input = TorghutInteropTests.FullPaperEvidence(Input());
        Assert.Equal(["pass", "pass"], Statuses(Build(input, "live", policy: true)).Skip(1).Take(2));
    }

    [SkippableFact]
    public void Verify_accepts_a_built_manifest_and_names_every_tampering()
    {
        var manifest = Build(
            Input(runtime: new JsonObject { ["rollback_triggered"] = false, ["drift_status"] = "stable" }),
            "live"
        );
        var path = Write("manifest.json", manifest);
        var ok = PhaseManifest.Verify(path, null);
        Assert.True(ok.Findings.Count == 0, string.Join("\n", ok.Findings));

        var tampered = (JsonObject)manifest.DeepClone();
        tampered["phases"]![3]!["status"] = "fail";
        var result = PhaseManifest.Verify(Write("tampered.json", tampered), null);
        Assert.Equal(["RT6054", "RT6052", "RT6052", "RT6053"], result.Findings.Select(f => f.Code));
        Assert.Contains(
            "status is \"pass\", the phases give \"fail\"",
            result.Findings[1].Message,
            StringComparison.Ordinal
        );

        var reordered = (JsonObject)manifest.DeepClone();
        var phases = reordered["phases"]!.AsArray();
        var first = phases[0]!.DeepClone();
        phases.RemoveAt(0);
        phases.Add(first);
        Assert.Equal("RT6051", PhaseManifest.Verify(Write("reordered.json", reordered), null).Findings.Single().Code);

        var failing = Build(Input(gate: "fail"), "paper");
        var failed = PhaseManifest.Verify(Write("failing.json", failing), null);
        Assert.Equal(["RT6054", "RT6054"], failed.Findings.Select(f => f.Code));
        Assert.Contains(
            "Phase 'paper-canary' fails: paper promotion without a paper canary patch",
            failed.Findings[1].Message,
            StringComparison.Ordinal
        );
        Assert.Equal(1, failed.ExitCode);
    }

    [Fact]
    public void The_usr_lifecycle_needs_each_passing_phase_to_reference_its_evidence()
    {
        var input = new JsonObject
        {
            ["run_id"] = "usr-rollout-7",
            ["phases"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "shadow-read",
                    ["status"] = "pass",
                    ["artifact_refs"] = new JsonArray("reports/usr-backcompat-matrix-results.json"),
                },
                new JsonObject { ["name"] = "dual-write", ["status"] = "pass" }
            ),
        };
        var manifest = PhaseManifest.Build(
            Write("usr.json", input),
            "production",
            PhaseContract.UsrLifecycle,
            null,
            Now
        );
        Assert.Equal(["pass", "fail", "skip", "skip", "skip"], Statuses(manifest));
        Assert.Equal(
            "missing evidence: usr-observability-rollup.json",
            manifest["phases"]![1]!["reasons"]![0]!.GetValue<string>()
        );
        Assert.Equal(
            "dual-written payloads agree; observability rollup green",
            manifest["phases"]![1]!["exit_criteria"]!.GetValue<string>()
        );
        Assert.Equal(
            ["shadow-read", "dual-write", "strict-gate-pre-cutover", "cutover", "post-cutover-stabilization"],
            manifest["phases"]!.AsArray().Select(p => p!["name"]!.GetValue<string>())
        );
        Assert.DoesNotContain(PhaseManifest.Verify(Write("usr-manifest.json", manifest), null).Findings, f =>
            f.Code != "RT6054"
        );

        var unknown = new JsonObject
        {
            ["phases"] = new JsonArray(new JsonObject { ["name"] = "gate-evaluation", ["status"] = "pass" }),
        };
        var ex = Assert.Throws<ReleaseTrainException>(() =>
            PhaseManifest.Build(Write("bad.json", unknown), "x", PhaseContract.UsrLifecycle, null, Now)
        );
        Assert.Equal("RT6050", ex.Diagnostic.Code);
    }

    [Fact]
    public void Iteration_notes_take_the_number_above_the_highest()
    {
        var notes = _dir.Combine("notes");
        Directory.CreateDirectory(notes);
        File.WriteAllText(Path.Combine(notes, "iteration-2.md"), "x");
        File.WriteAllText(Path.Combine(notes, "iteration-10.md"), "x");
        File.WriteAllText(Path.Combine(notes, "iteration-notes.md"), "x");
        var manifest = new JsonObject
        {
            ["run_id"] = "r",
            ["status"] = "pass",
            ["manifest_hash"] = "sha256:00",
            ["phases"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "a",
                    ["status"] = "pass",
                    ["reasons"] = new JsonArray(),
                }
            ),
        };
        Assert.EndsWith("iteration-11.md", PhaseManifest.WriteIterationNote(notes, manifest), StringComparison.Ordinal);
        Assert.EndsWith("iteration-12.md", PhaseManifest.WriteIterationNote(notes, manifest), StringComparison.Ordinal);
        Assert.Contains(
            "| a | pass |",
            File.ReadAllText(Path.Combine(notes, "iteration-12.md")),
            StringComparison.Ordinal
        );
        Assert.EndsWith(
            "iteration-1.md",
            PhaseManifest.WriteIterationNote(_dir.Combine("fresh"), manifest),
            StringComparison.Ordinal
        );
    }

    [SkippableFact]
    public void The_real_artifact_manifests_verify_in_all_three_forms()
    {
        var catalog = ArtifactManifestVerifier.Verify(
            TestPaths.RealData("ml2ml", "contracts", "catalog-manifest.json"),
            TestPaths.RealData("ml2ml")
        );
        Assert.Empty(catalog.Findings);
        Assert.Equal("catalog", catalog.Reports[ArtifactManifestVerifier.ReportFile]["form"]!.GetValue<string>());
        Assert.Equal(6, catalog.Reports[ArtifactManifestVerifier.ReportFile]["summary"]!["passCount"]!.GetValue<int>());

        var goldens = ArtifactManifestVerifier.Verify(
            TestPaths.RealData("ml2ml", "goldens", "hello-core", "golden-manifest.json"),
            TestPaths.RealData("ml2ml")
        );
        Assert.Empty(goldens.Findings);
        Assert.Equal("file-list", goldens.Reports[ArtifactManifestVerifier.ReportFile]["form"]!.GetValue<string>());

        // The published MemoryKernel bundle is stale for one file: its own check reports the same.
        var bundle = ArtifactManifestVerifier.Verify(
            TestPaths.RealData("memorykernel", "docs", "implementation", "RELEASE_EVIDENCE_BUNDLE_LATEST.json"),
            TestPaths.RealData("memorykernel")
        );
        var stale = Assert.Single(bundle.Findings);
        Assert.Equal("RT6061", stale.Code);
        Assert.Contains("contracts/integration/v1/service-slo-policy.json", stale.Message, StringComparison.Ordinal);
        Assert.Equal(7, bundle.Reports[ArtifactManifestVerifier.ReportFile]["summary"]!["passCount"]!.GetValue<int>());
    }

    [SkippableFact]
    public void Mutated_artifacts_are_missing_different_or_resized()
    {
        var copy = _dir.Combine("ml2ml");
        TempDirectory.CopyDirectory(TestPaths.RealData("ml2ml"), copy);
        File.Delete(Path.Combine(copy, "contracts", "error_codes.cbor"));
        var bytes = File.ReadAllBytes(Path.Combine(copy, "contracts", "schema_catalog.cbor"));
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(copy, "contracts", "schema_catalog.cbor"), bytes);
        File.AppendAllText(Path.Combine(copy, "goldens", "hello-core", "trace_snippet.json"), "\n");

        var catalog = ArtifactManifestVerifier.Verify(Path.Combine(copy, "contracts", "catalog-manifest.json"), copy);
        Assert.Equal(
            ["RT6061", "RT6060"],
            catalog.Findings.Select(f => f.Code).Order(StringComparer.Ordinal).Reverse()
        );
        Assert.Equal(11, catalog.Findings.Single(f => f.Code == "RT6060").Line);
        var goldens = ArtifactManifestVerifier.Verify(
            Path.Combine(copy, "goldens", "hello-core", "golden-manifest.json"),
            copy
        );
        Assert.Equal(["RT6061", "RT6062"], goldens.Findings.Select(f => f.Code));
        Assert.Contains(
            "size is 679 bytes, the manifest says 678",
            goldens.Findings[1].Message,
            StringComparison.Ordinal
        );

        var escaping = Path.Combine(copy, "escape.json");
        File.WriteAllText(
            escaping,
            "{\"files\": [{\"path\": \"../outside.txt\", \"sha256\": \"" + new string('0', 64) + "\"}]}"
        );
        Assert.Equal(
            "RT1005",
            Assert.Throws<ReleaseTrainException>(() => ArtifactManifestVerifier.Verify(escaping, copy)).Diagnostic.Code
        );
    }

    private static JsonNode? V(object? value) =>
        value switch
        {
            double d => JsonValue.Create(d),
            int i => JsonValue.Create(i),
            string s => JsonValue.Create(s),
            _ => null,
        };

    private static JsonObject Stage(
        int cohort,
        object? errorRate = null,
        object? p95 = null,
        object? baseline = null,
        object? replay = null,
        object? samples = null
    ) =>
        new()
        {
            ["cohort_percent"] = cohort,
            ["samples"] = V(samples ?? 5000),
            ["error_rate"] = V(errorRate ?? 0.001),
            ["p95_latency_ms"] = V(p95 ?? 104.0),
            ["baseline_p95_latency_ms"] = V(baseline ?? 100.0),
            ["replay_determinism_failures"] = V(replay ?? 0),
        };

    private ValidationResult Canary(params JsonObject[] stages) =>
        CanaryEvaluator.Evaluate(
            Write(Guid.NewGuid().ToString("N") + ".json", new JsonObject { ["stages"] = new JsonArray(stages) }),
            CanaryThresholds.Default
        );

    [Fact]
    public void Healthy_stages_promote_to_the_next_cohort_and_complete_at_100()
    {
        var partial = Canary(Stage(1), Stage(5));
        var verdict = partial.Reports[CanaryEvaluator.ReportFile];
        Assert.Equal("promote", verdict["verdict"]!.GetValue<string>());
        Assert.Equal(25, verdict["next_cohort_percent"]!.GetValue<int>());
        Assert.Equal(0, partial.ExitCode);
        Assert.StartsWith("sha256:", verdict["metrics_snapshot_hash"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0.001, verdict["stages"]![0]!["raw"]!["error_rate"]!.GetValue<double>());

        var full = Canary(Stage(1), Stage(5), Stage(25), Stage(50), Stage(100, errorRate: 0.005, p95: 110.0));
        Assert.True(full.Reports[CanaryEvaluator.ReportFile]["complete"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(0.0051, 100.0, 0, "error_rate 0.0051 > 0.005")]
    [InlineData(0.001, 110.5, 0, "p95 latency delta 0.105")]
    [InlineData(0.001, 100.0, 1, "replay_determinism_failures 1 > 0")]
    public void Any_breach_rolls_back_naming_the_stage_and_reason(
        double errorRate,
        double p95,
        int replay,
        string reason
    )
    {
        var result = Canary(Stage(1), Stage(5, errorRate: errorRate, p95: p95, replay: replay), Stage(25, samples: 3));
        var verdict = result.Reports[CanaryEvaluator.ReportFile];
        Assert.Equal("rollback", verdict["verdict"]!.GetValue<string>());
        Assert.Equal(5, verdict["stage"]!.GetValue<int>());
        Assert.Contains(reason, verdict["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("RT6070", result.Findings[0].Code);
        Assert.Equal(1, result.ExitCode);
    }

    [Theory]
    [InlineData("NaN", 100.0, 5000, "error_rate is \"NaN\"")]
    [InlineData("Infinity", 100.0, 5000, "error_rate is \"Infinity\"")]
    [InlineData(0.001, 0.0, 5000, "baseline_p95_latency_ms is zero")]
    [InlineData(0.001, null, 5000, "baseline_p95_latency_ms is missing")]
    [InlineData(0.001, 100.0, 12, "12 samples, fewer than 100")]
    public void Unjudgeable_stages_are_inconclusive_and_block(
        object errorRate,
        object? baseline,
        int samples,
        string reason
    )
    {
        var stage = Stage(1, errorRate: errorRate, baseline: baseline ?? 1.0, samples: samples);
        if (baseline is null)
        {
            stage.Remove("baseline_p95_latency_ms");
        }

        var result = Canary(stage);
        var verdict = result.Reports[CanaryEvaluator.ReportFile];
        Assert.Equal("inconclusive", verdict["verdict"]!.GetValue<string>());
        Assert.Contains(reason, verdict["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("RT6071", Assert.Single(result.Findings).Code);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void A_snapshot_JCS_cannot_hash_is_invalid_and_stages_must_follow_the_cohort_order()
    {
        // 1e400 is outside IEEE 754 double: RFC 8785 cannot canonicalise it, so the snapshot has no
        // metrics_snapshot_hash.
        var path = _dir.Combine("huge.json");
        File.WriteAllText(
            path,
            "{\"stages\": [{\"cohort_percent\": 1, \"samples\": 500, \"error_rate\": 0.001, \"p95_latency_ms\": 1e400, "
                + "\"baseline_p95_latency_ms\": 100, \"replay_determinism_failures\": 0}]}"
        );
        Assert.Equal(
            "RT1001",
            Assert
                .Throws<ReleaseTrainException>(() => CanaryEvaluator.Evaluate(path, CanaryThresholds.Default))
                .Diagnostic.Code
        );

        var ex = Assert.Throws<ReleaseTrainException>(() => Canary(Stage(5), Stage(1)));
        Assert.Equal("RT6072", ex.Diagnostic.Code);
        Assert.Contains("rollout order is 1, 5, 25, 50, 100", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Verdicts_and_manifests_follow_their_schemas()
    {
        SchemaAssert.Valid(
            "canary-verdict.schema.json",
            Canary(Stage(1), Stage(5, errorRate: 0.2)).Reports[CanaryEvaluator.ReportFile].ToJsonString()
        );
        SchemaAssert.Valid(
            "phase-manifest.schema.json",
            Build(Input(runtime: new JsonObject { ["rollback_triggered"] = true }), "live").ToJsonString()
        );
        SchemaAssert.Valid(
            "validation-report.schema.json",
            ArtifactManifestVerifier
                .Verify(TestPaths.RealData("ml2ml", "contracts", "catalog-manifest.json"), TestPaths.RealData("ml2ml"))
                .Reports[ArtifactManifestVerifier.ReportFile]
                .ToJsonString()
        );
    }
}
