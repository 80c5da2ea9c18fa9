using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// Phase manifests as torghut (proompteng/lab) writes and reads them (issue 16): the genuine manifests of both schema
/// versions (TestData/torghut, written by torghut's own code; see its README), mutated copies of them, and manifests
/// we build from inputs, with the real autonomous-gate-policy.json.
/// </summary>
public sealed class TorghutInteropTests : IDisposable
{
    private static readonly Instant Now = InstantPattern.ExtendedIso.Parse("2026-03-01T12:00:00Z").Value;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Policy =>
        TestPaths.RealData("torghut-lab", "services", "torghut", "config", "autonomous-gate-policy.json");

    internal static string Genuine(string name) =>
        TestPaths.InRepo("tests", "Core.Tests", "TestData", "torghut", name + ".json");

    private string Write(string name, JsonNode json)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static JsonObject Load(string name) => JsonNode.Parse(File.ReadAllText(Genuine(name)))!.AsObject();

    /// <summary>A copy of a genuine v1 manifest after an edit, re-hashed as torghut would.</summary>
    private string Rehashed(string name, Action<JsonObject> edit)
    {
        var manifest = Load(name);
        edit(manifest);
        manifest["manifest_hash"] = PhaseManifest.Hash(manifest, PhaseContract.Torghut);
        return Write(name + "-mutated.json", manifest);
    }

    private static JsonObject Input(params JsonObject[] phases) =>
        new()
        {
            ["run_id"] = "run-20260301-a",
            ["candidate_id"] = "cand-42",
            ["phases"] = new JsonArray([
                .. phases.Length > 0
                    ? phases
                    :
                    [
                        new JsonObject
                        {
                            ["name"] = "gate-evaluation",
                            ["status"] = "pass",
                            ["artifact_refs"] = new JsonArray("gates/gate-evaluation.json"),
                        },
                    ],
            ]),
        };

    /// <summary>
    /// The evidence a paper (or live) promotion needs under the real gate policy: the twelve artifacts, the four
    /// gates passed in gate-evaluation, and a ready rollback.
    /// </summary>
    internal static JsonObject FullPaperEvidence(JsonObject input)
    {
        var gate = input["phases"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == "gate-evaluation")!;
        gate["slo_gates"] = new JsonArray([
            .. new[]
            {
                "gate0_data_integrity",
                "gate1_statistical_robustness",
                "gate2_risk_capacity",
                "gate7_uncertainty_calibration",
            }.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["status"] = "pass" }),
        ]);
        input["promotion"] = new JsonObject
        {
            ["artifacts"] = new JsonArray([.. TwelvePaperArtifacts.Select(a => (JsonNode)("/runs/a/" + a))]),
        };
        input["rollback"] = new JsonObject
        {
            ["checks"] = new JsonObject
            {
                ["killSwitchDryRunPassed"] = true,
                ["gitopsRevertDryRunPassed"] = true,
                ["strategyDisableDryRunPassed"] = true,
            },
            ["dry_run_completed_at"] = "2026-03-01T10:00:00+01:00",
            ["human_approved"] = true,
            ["target"] = "torghut-v3-previous",
        };
        return input;
    }

    /// <summary>
    /// What torghut's policy_checks.py _required_artifacts_for_target gives for paper on the real policy.
    /// </summary>
    private static readonly string[] TwelvePaperArtifacts =
    [
        "backtest/evaluation-report.json",
        "gates/gate-evaluation.json",
        "gates/janus-event-car-v1.json",
        "gates/janus-hgrm-reward-v1.json",
        "gates/profitability-benchmark-v4.json",
        "gates/profitability-evidence-v4.json",
        "gates/profitability-evidence-validation.json",
        "gates/recalibration-report.json",
        "gates/stress-metrics-v1.json",
        "paper-candidate/strategy-configmap-patch.yaml",
        "profitability/profitability-stage-manifest-v1.json",
        "research/candidate-spec.json",
    ];

    private JsonObject Build(JsonObject input, string target, PhaseContract? contract = null, bool policy = false) =>
        PhaseManifest.Build(
            Write(Guid.NewGuid().ToString("N") + ".json", input),
            target,
            contract ?? PhaseContract.Torghut,
            policy ? Policy : null,
            Now
        );

    private static List<string> Statuses(JsonObject manifest) =>
        [.. manifest["phases"]!.AsArray().Select(p => p!["status"]!.GetValue<string>())];

    private static ReleaseTrainException Refused(Action build) => Assert.Throws<ReleaseTrainException>(build);

    // ---- Interop: verify reads both schema versions of genuine manifests, with torghut's verdicts.

    [Theory]
    [InlineData("v1-paper-pass", "pass")]
    [InlineData("v1-lane-only", "pass")]
    [InlineData("v1-emergency-stop", "fail")]
    [InlineData("v1-drift-upper", "fail")]
    [InlineData("v2-paper-pass", "pass")]
    [InlineData("v2-emergency-stop", "fail")]
    [InlineData("v2-stop-with-evidence", "fail")]
    public void Genuine_torghut_manifests_of_both_schema_versions_verify_with_torghut_verdicts(
        string name,
        string torghutStatus
    )
    {
        Assert.Equal(torghutStatus, Load(name)["status"]!.GetValue<string>());
        var result = PhaseManifest.Verify(Genuine(name), null);
        Assert.All(result.Findings, f => Assert.Equal("RT6054", f.Code)); // only the failing phases torghut names
        Assert.Equal(torghutStatus == "pass" ? 0 : 1, result.ExitCode);
        Assert.Equal(result.ExitCode, PhaseManifest.Verify(Genuine(name), PhaseContract.Torghut).ExitCode);
    }

    [Fact]
    public void A_genuine_manifest_edited_without_its_bare_hex_hash_fails_and_one_rehashed_as_torghut_does_verifies()
    {
        var manifest = Load("v1-paper-pass");
        manifest["candidate_id"] = "cand-43";
        var edited = PhaseManifest.Verify(Write("edited.json", manifest), null);
        Assert.Equal("RT6053", Assert.Single(edited.Findings).Code);
        Assert.Matches("^[0-9a-f]{64}$", manifest["manifest_hash"]!.GetValue<string>());

        var prefixed = Load("v1-paper-pass");
        prefixed["manifest_hash"] = "sha256:" + prefixed["manifest_hash"]!.GetValue<string>();
        Assert.Equal(
            "RT6053",
            Assert.Single(PhaseManifest.Verify(Write("prefixed.json", prefixed), null).Findings).Code
        );

        Assert.Empty(
            PhaseManifest.Verify(Rehashed("v1-paper-pass", m => m["candidate_id"] = "cand-43"), null).Findings
        );
    }

    [Fact]
    public void The_python_form_matches_torghuts_stable_hash_on_floats_escapes_and_key_order()
    {
        // Each expected text is what CPython 3.11 prints (repr and json.dumps(sort_keys=True, separators=(",", ":"))).
        var cases = new (double Value, string Repr)[]
        {
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (1e-05, "1e-05"),
            (-0.0, "-0.0"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (0.1 + 0.2, "0.30000000000000004"),
            (12345678901234567.0, "1.2345678901234568e+16"),
            (100.0, "100.0"),
            (-2.5e-7, "-2.5e-07"),
            (1e22, "1e+22"),
        };
        Assert.All(cases, c => Assert.Equal(c.Repr, PythonJson.FloatRepr(c.Value)));
        var json = JsonNode.Parse(
            "{\"b\":1,\"a\":[1.0,-0,\"\\u00e9\\ud83d\\ude80\\u007f\\\"\\\\\"],\"\\ud83d\\ude00\":0,\"\\uffff\":1}"
        );
        Assert.Equal(
            "{\"a\":[1.0,0,\"\\u00e9\\ud83d\\ude80\\u007f\\\"\\\\\"],\"b\":1,\"\\uffff\":1,\"\\ud83d\\ude00\":0}",
            PythonJson.Dumps(json)
        );
    }

    [SkippableFact]
    public void Build_writes_either_schema_version_and_each_verifies()
    {
        var input = FullPaperEvidence(Input());
        input["paper_canary_patch"] = "paper-candidate/strategy-configmap-patch.yaml";
        var v1 = Build(input, "paper", PhaseContract.Torghut, policy: true);
        Assert.Equal("torghut.autonomy.phase-manifest.v1", v1["schema_version"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:00:00+00:00", v1["generated_at"]!.GetValue<string>());
        var copy = (JsonObject)v1.DeepClone();
        copy.Remove("manifest_hash");
        Assert.Equal(PythonJson.StableHash(copy), v1["manifest_hash"]!.GetValue<string>());
        Assert.Equal(["pass", "pass", "pass", "skip", "pass", "skip", "skip"], Statuses(v1));

        var main = Build(input, "paper", PhaseContract.TorghutMain, policy: true);
        Assert.Equal("autonomy-phase-manifest-v1", main["schema_version"]!.GetValue<string>());
        Assert.Null(main["manifest_hash"]);
        Assert.Equal("2026-03-01T12:00:00+00:00", main["created_at"]!.GetValue<string>());
        Assert.Equal(["pass", "pass", "pass", "skipped", "pass", "skipped", "skipped"], Statuses(main));
        Assert.Equal("pass", main["status"]!.GetValue<string>());

        foreach (var (name, manifest) in new[] { ("v1.json", v1), ("main.json", main) })
        {
            SchemaAssert.Valid("phase-manifest.schema.json", manifest.ToJsonString());
            var verified = PhaseManifest.Verify(Write(name, manifest), null, GatePolicy.Load(Policy));
            Assert.True(verified.Findings.Count == 0, string.Join("\n", verified.Findings));
        }
    }

    [Fact]
    public void Status_words_torghut_reads_as_skip_are_refused_and_its_own_spellings_are_read()
    {
        // torghut's coerce_phase_status: str(raw).strip().lower() in (pass, skip, fail[, skipped]) else the default.
        var passed = Refused(() =>
            Build(Input(new JsonObject { ["name"] = "gate-evaluation", ["status"] = "passed" }), "live")
        );
        Assert.Equal("RT6091", passed.Diagnostic.Code);
        Assert.Contains("torghut would read it as 'skip'", passed.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(
            "RT6091",
            Refused(() =>
                Build(Input(new JsonObject { ["name"] = "drift-gate", ["status"] = "skipped" }), "live")
            ).Diagnostic.Code
        );

        var upper = Build(Input(new JsonObject { ["name"] = "gate-evaluation", ["status"] = " PASS " }), "live");
        Assert.Equal("pass", Statuses(upper)[0]);
        var main = Build(
            Input(new JsonObject { ["name"] = "drift-gate", ["status"] = "Skipped" }),
            "live",
            PhaseContract.TorghutMain
        );
        Assert.Equal("skipped", Statuses(main)[3]);
        Assert.Equal("pass", main["status"]!.GetValue<string>());

        // A genuine v2 manifest with a status torghut main does not write.
        var manifest = Load("v2-paper-pass");
        manifest["phases"]![0]!["status"] = "passed";
        var result = PhaseManifest.Verify(Write("passed.json", manifest), null);
        Assert.Contains(result.Findings, f =>
            f.Code == "RT6050" && f.Message.Contains("'passed'", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void An_emergency_stop_fails_rollback_proof_without_evidence_as_torghuts_scheduler_does()
    {
        var input = Input();
        input["runtime_governance"] = new JsonObject
        {
            ["rollback_triggered"] = false,
            ["emergency_stop_active"] = true,
            ["drift_status"] = "stable",
        };
        var stopped = Build(input, "live");
        Assert.Equal(["fail", "fail"], Statuses(stopped).Skip(5));
        Assert.True(stopped["runtime_governance"]!["rollback_triggered"]!.GetValue<bool>());
        Assert.Equal("fail", stopped["phases"]![6]!["slo_gates"]![0]!["status"]!.GetValue<string>());

        input["rollback_proof"] = new JsonObject { ["rollback_incident_evidence_path"] = "rollback/incident.json" };
        var evidenced = Build(input, "live");
        Assert.Equal(["fail", "pass"], Statuses(evidenced).Skip(5));
        Assert.Contains("rollback/incident.json", evidenced["artifact_refs"]!.AsArray().Select(r => r!.ToString()));

        // The genuine manifest torghut wrote after an emergency stop: both phases fail in ours too.
        var genuine = PhaseManifest.Verify(Genuine("v1-emergency-stop"), null);
        Assert.Equal(["runtime-governance", "rollback-proof"], genuine.Findings.Select(f => f.Message.Split('\'')[1]));
    }

    [Fact]
    public void Runtime_governance_artifact_refs_are_kept_in_the_phase_the_block_and_the_manifest()
    {
        var input = Input();
        input["runtime_governance"] = new JsonObject
        {
            ["drift_status"] = "stable",
            ["artifact_refs"] = new JsonArray("drift/detection.json", "drift/action.json", "drift/detection.json"),
        };
        var manifest = Build(input, "live");
        string[] expected = ["drift/action.json", "drift/detection.json"];
        Assert.Equal(expected, manifest["phases"]![5]!["artifact_refs"]!.AsArray().Select(r => r!.ToString()));
        Assert.Equal(expected, manifest["runtime_governance"]!["artifact_refs"]!.AsArray().Select(r => r!.ToString()));
        Assert.Superset(
            expected.ToHashSet(),
            manifest["artifact_refs"]!.AsArray().Select(r => r!.ToString()).ToHashSet()
        );
    }

    [Fact]
    public void Slo_gates_carry_torghuts_ids_and_shape_and_a_missing_one_is_named()
    {
        var manifest = Build(Input(), "live");
        foreach (var phase in manifest["phases"]!.AsArray())
        {
            var ids = phase!["slo_gates"]!.AsArray().Select(g => g!["id"]!.GetValue<string>()).ToList();
            Assert.Superset(
                TorghutPhases.GateIds(phase["name"]!.GetValue<string>(), PhaseManifestForm.Torghut).ToHashSet(),
                ids.ToHashSet()
            );
        }

        Assert.Equal(
            ["slo_signal_count_minimum", "slo_decision_count_minimum", "slo_gate_evaluations_present"],
            manifest["phases"]![0]!["slo_gates"]!.AsArray().Select(g => g!["id"]!.GetValue<string>())
        );
        Assert.Equal(
            "{\"id\":\"slo_drift_gate_allowed\",\"status\":\"pass\",\"threshold\":true}",
            manifest["phases"]![3]!["slo_gates"]![0]!.ToJsonString()
        );

        var path = Rehashed("v1-paper-pass", m =>
            m["phases"]![2]!["slo_gates"] = new JsonArray(new JsonObject { ["id"] = "other" })
        );
        var result = PhaseManifest.Verify(path, null);
        Assert.Equal("RT6052", Assert.Single(result.Findings).Code);
        Assert.Contains("slo_required_rollback_checks_present", result.Findings[0].Message, StringComparison.Ordinal);
    }

    // ---- drift_status and the promotion target as torghut reads them; non-boolean flags refused.

    [Fact]
    public void Drift_status_and_the_promotion_target_are_matched_as_torghut_lower_cases_them()
    {
        var input = Input();
        input["runtime_governance"] = new JsonObject { ["drift_status"] = " DRIFT_DETECTED " };
        var manifest = Build(input, " Paper ");
        Assert.Equal("fail", Statuses(manifest)[5]);
        Assert.Equal("drift_detected", manifest["runtime_governance"]!["drift_status"]!.GetValue<string>());
        Assert.Equal("paper", manifest["requested_promotion_target"]!.GetValue<string>());
        Assert.Equal("fail", Statuses(manifest)[4]); // paper without a patch

        var genuine = PhaseManifest.Verify(Genuine("v1-drift-upper"), null);
        Assert.Equal("runtime-governance", Assert.Single(genuine.Findings).Message.Split('\'')[1]);
    }

    [Theory]
    [InlineData("rollback_triggered", "\"false\"")]
    [InlineData("rollback_triggered", "0")]
    [InlineData("emergency_stop_active", "\"true\"")]
    [InlineData("emergency_stop_active", "null")]
    public void Non_boolean_rollback_flags_are_refused_where_torghut_would_coerce_them(string flag, string value)
    {
        var input = Input();
        input["runtime_governance"] = JsonNode.Parse($"{{\"drift_status\": \"stable\", \"{flag}\": {value}}}");
        var refused = Refused(() => Build(input, "live"));
        Assert.Equal("RT6090", refused.Diagnostic.Code);
        Assert.Contains("runtime_governance." + flag, refused.Diagnostic.Message, StringComparison.Ordinal);
        Assert.True(refused.Diagnostic.Line > 0);
    }

    // ---- With a policy, a phase's self-reported pass does not stand without the evidence.

    [SkippableFact]
    public void With_a_policy_and_no_evidence_the_self_reported_pass_does_not_stand()
    {
        var input = Input(
            new JsonObject { ["name"] = "gate-evaluation", ["status"] = "pass" },
            new JsonObject { ["name"] = "promotion-prerequisites", ["status"] = "pass" },
            new JsonObject { ["name"] = "rollback-readiness", ["status"] = "pass" }
        );
        var manifest = Build(input, "live", policy: true);
        Assert.Equal(["pass", "fail", "fail"], Statuses(manifest).Take(3));
        Assert.Contains(
            "no promotion evidence in the input",
            manifest["phases"]![1]!["reasons"]!.ToJsonString(),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "no rollback evidence in the input",
            manifest["phases"]![2]!["reasons"]!.ToJsonString(),
            StringComparison.Ordinal
        );
        Assert.Equal("fail", manifest["status"]!.GetValue<string>());
    }

    // ---- A non-string status or drift_status is a coded refusal (the CLI side: PhaseManifestHostileTests).

    [Fact]
    public void A_non_string_status_or_drift_status_is_refused_with_a_code()
    {
        var status = Refused(() =>
            Build(Input(new JsonObject { ["name"] = "gate-evaluation", ["status"] = 5 }), "live")
        );
        Assert.Equal("RT6090", status.Diagnostic.Code);
        Assert.Contains(
            "phase 'gate-evaluation' status is of type number",
            status.Diagnostic.Message,
            StringComparison.Ordinal
        );

        var input = Input();
        input["runtime_governance"] = new JsonObject { ["drift_status"] = new JsonArray("stable") };
        var drift = Refused(() => Build(input, "live"));
        Assert.Equal("RT6090", drift.Diagnostic.Code);
        Assert.Contains("drift_status is of type array", drift.Diagnostic.Message, StringComparison.Ordinal);

        var generic = Refused(() =>
            PhaseManifest.Build(
                Write("usr.json", Input(new JsonObject { ["name"] = "shadow-read", ["status"] = true })),
                "production",
                PhaseContract.UsrLifecycle,
                null,
                Now
            )
        );
        Assert.Equal("RT6090", generic.Diagnostic.Code);
    }

    // ---- torghut's full promotion prerequisites: the twelve paper artifacts and the gates.

    [SkippableFact]
    public void A_paper_promotion_needs_torghuts_twelve_artifacts_and_four_passed_gates()
    {
        var policy = GatePolicy.Load(Policy);
        Assert.Equal(TwelvePaperArtifacts, TorghutPhases.RequiredArtifacts(policy, "paper"));
        Assert.Equal(4, TorghutPhases.RequiredArtifacts(policy, "shadow").Count); // the stage manifest: any target

        var input = FullPaperEvidence(Input());
        input["promotion"]!["artifacts"]!.AsArray().RemoveAt(2); // janus event car
        input["phases"]![0]!["slo_gates"]![3]!["status"] = "fail"; // gate7
        var built = Build(input, "paper", policy: true);
        Assert.Equal("fail", Statuses(built)[1]);
        Assert.Equal(
            [
                "missing required artifact gates/janus-event-car-v1.json",
                "gate gate7_uncertainty_calibration has not passed in gate-evaluation",
            ],
            built["phases"]![1]!["reasons"]!.AsArray().Select(r => r!.GetValue<string>())
        );

        // The genuine manifest (its promotion check listed what _required_artifacts_for_target gave) passes.
        Assert.DoesNotContain(PhaseManifest.Verify(Genuine("v1-paper-pass"), null, policy).Findings, f =>
            f.Code == "RT6093"
        );

        // The same manifest with one required artifact dropped from a still-passing promotion phase.
        var dropped = Rehashed("v1-paper-pass", m =>
        {
            var refs = m["phases"]![1]!["artifact_refs"]!.AsArray();
            refs.Remove(
                refs.First(r => r!.GetValue<string>().EndsWith("stress-metrics-v1.json", StringComparison.Ordinal))
            );
        });
        var missing = PhaseManifest.Verify(dropped, null, policy);
        var finding = Assert.Single(missing.Findings);
        Assert.Equal("RT6093", finding.Code);
        Assert.Contains("gates/stress-metrics-v1.json", finding.Message, StringComparison.Ordinal);

        var ungated = Rehashed("v1-paper-pass", m => m["phases"]![0]!["slo_gates"]![3]!["status"] = "fail");
        Assert.Contains(
            "gate7_uncertainty_calibration",
            Assert.Single(PhaseManifest.Verify(ungated, null, policy).Findings).Message,
            StringComparison.Ordinal
        );
    }

    [SkippableFact]
    public void The_gate_policy_is_refused_when_a_member_torghut_reads_has_the_wrong_type()
    {
        var policy = JsonNode.Parse(File.ReadAllText(Policy))!.AsObject();
        policy["promotion_require_stress_evidence"] = "yes";
        var path = Write("policy.json", policy);
        var ex = Refused(() => TorghutPhases.RequiredArtifacts(GatePolicy.Load(path), "paper"));
        Assert.Equal("RT6092", ex.Diagnostic.Code);
        Assert.Equal(DiagnosticCodes.GatePolicyInvalid.Code, ex.Diagnostic.Code);
    }
}
