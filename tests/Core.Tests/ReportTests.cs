using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.Reporting;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Core.Validators;

namespace ReleaseTrain.Tests;

/// <summary>
/// The reports of decide, freeze, sign-off and log verify, built in Core from real files: each JSON form follows its
/// schema, each text form carries the verdict line, and each exit code is the report's.
/// </summary>
public sealed class ReportTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly TempDirectory _repo = new("rt-reports");

    public void Dispose() => _repo.Dispose();

    private static Instant T(string text) =>
        OffsetDateTimePattern.ExtendedIso.Parse(text).GetValueOrThrow().ToInstant();

    private ReleaseTrainConfig Load(string json)
    {
        File.WriteAllText(_repo.Combine("release-train.json"), json);
        var config = ConfigLoader.Load(_repo.Combine("release-train.json"), null, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return config!;
    }

    private const string Freeze = """
        {
          "freezeWindows": [
            { "id": "holidays", "actions": ["release"], "start": "2026-12-20T00:00:00+01:00",
              "end": "2027-01-04T00:00:00+01:00", "reason": "year end" },
            { "id": "weekend", "actions": ["release"], "schedule": "0 18 * * FRI", "duration": "P2DT14H",
              "timeZone": "Europe/Berlin" }
          ],
          "freezeExceptions": [
            { "id": "hotfix", "windows": ["holidays"], "release": "1.4.1", "reason": "CVE fix", "requestedBy": "alice",
              "approvers": ["alice", "bob"], "validFrom": "2026-12-22T00:00:00Z", "validUntil": "2026-12-24T00:00:00Z" }
          ]
        }
        """;

    [Fact]
    public void Freeze_report_is_schema_valid_json_and_explained_text_with_exit_1_when_frozen()
    {
        var policy = Load(Freeze).Policy;
        var frozenQuery = new FreezeQuery("release", "1.4.2", null, T("2026-11-21T12:00:00Z"));
        var frozen = new FreezeReport(FreezeEvaluator.Evaluate(policy, frozenQuery, 2));
        Assert.Equal(1, frozen.ExitCode);
        var json = frozen.Render(OutputFormat.Json, explain: false);
        SchemaAssert.Valid("freeze-report.schema.json", json);
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
        var node = JsonNode.Parse(json)!;
        Assert.True(node["frozen"]!.GetValue<bool>());
        Assert.Equal("weekend", node["blocking"]![0]!["window"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", node["blocking"]![0]!["timeZone"]!.GetValue<string>());
        Assert.Equal("2026-11-23T07:00:00Z", node["nextOpening"]!.GetValue<string>());
        Assert.Equal(2, node["upcoming"]!.AsArray().Count);

        var text = frozen.Render(OutputFormat.Text, explain: true).Split('\n');
        Assert.Contains(text, l => l.Contains("error RT4005", StringComparison.Ordinal));
        Assert.Contains("release at 2026-11-21T12:00:00Z: FROZEN", text);
        Assert.Contains(text, l =>
            l.StartsWith("  window weekend (blocking): [2026-11-20T17:00:00Z, ", StringComparison.Ordinal)
            && l.Contains("; Europe/Berlin: ", StringComparison.Ordinal)
        );
        Assert.Contains("  next opening: 2026-11-23T07:00:00Z", text);
        var brief = frozen.Render(OutputFormat.Text, explain: false).Split('\n');
        Assert.DoesNotContain(brief, l => l.StartsWith("  ", StringComparison.Ordinal));

        var liftedQuery = new FreezeQuery("release", "1.4.1", null, T("2026-12-23T10:00:00Z"));
        var lifted = new FreezeReport(FreezeEvaluator.Evaluate(policy, liftedQuery, 0));
        Assert.Equal(0, lifted.ExitCode);
        var liftedJson = lifted.Render(OutputFormat.Json, explain: false);
        SchemaAssert.Valid("freeze-report.schema.json", liftedJson);
        var exception = JsonNode.Parse(liftedJson)!["exceptions"]![0]!;
        Assert.Equal(("hotfix", true), (exception["id"]!.GetValue<string>(), exception["applies"]!.GetValue<bool>()));
        Assert.Contains(
            "  window holidays (lifted by an exception): ",
            lifted.Render(OutputFormat.Text, explain: true),
            StringComparison.Ordinal
        );
        Assert.Throws<ArgumentOutOfRangeException>(() => lifted.Render(OutputFormat.Sarif, explain: false));
    }

    private const string Train = """
        { "trains": [ { "id": "main", "versions": "[1.0.0, 2.0.0)",
            "evidence": [ { "id": "scan", "kind": "security", "path": "scan.json" } ] } ] }
        """;

    [Fact]
    public void Decide_report_records_once_follows_its_schema_and_takes_the_decisions_exit_code()
    {
        var config = Load(Train);
        var at = T("2026-11-18T12:00:00Z");
        var noGo = NoCutDecision.Decide(config, new DecisionRequest("1.2.0", Sha, at));
        var recorded = DecisionLog.Record(config, noGo);
        Assert.NotNull(recorded);
        Assert.Equal(_repo.Combine("release-train", "no-cut-decision-log.jsonl"), DecisionLog.PathOf(config));
        Assert.Single(File.ReadAllLines(DecisionLog.PathOf(config)));

        var report = new DecisionReport(noGo, recorded, config.Policy.DecisionLog);
        Assert.Equal(1, report.ExitCode);
        var json = report.Render(OutputFormat.Json, explain: false);
        SchemaAssert.Valid("decide-report.schema.json", json);
        var node = JsonNode.Parse(json)!;
        Assert.Equal("NO-GO", node["verdict"]!.GetValue<string>());
        Assert.Equal("RT4102", node["reasons"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(1, node["recorded"]!["seq"]!.GetValue<long>());
        Assert.Equal(["main"], node["trains"]!.AsArray().Select(t => t!.GetValue<string>()));

        var text = report.Render(OutputFormat.Text, explain: true).Split('\n');
        Assert.Contains(text, l => l.Contains("error RT4102", StringComparison.Ordinal));
        Assert.Contains(text, l => l.StartsWith("  explain evidence [main]: ", StringComparison.Ordinal));
        Assert.Contains(text, l =>
            l.StartsWith(
                "release-train decide 1.2.0: NO-GO (train(s) main; 1 reason(s); "
                    + "evaluated at 2026-11-18T12:00:00Z; inputs sha256:",
                StringComparison.Ordinal
            )
        );
        Assert.Contains($"recorded as #1 in release-train/no-cut-decision-log.jsonl ({recorded["recordHash"]})", text);

        File.WriteAllText(_repo.Combine("scan.json"), "{\"generatedAt\": \"2026-11-18T10:00:00\"}");
        var invalid = NoCutDecision.Decide(config, new DecisionRequest("1.2.0", Sha, at));
        Assert.Null(DecisionLog.Record(config, invalid));
        Assert.Single(File.ReadAllLines(DecisionLog.PathOf(config)));
        var invalidReport = new DecisionReport(invalid, null, config.Policy.DecisionLog);
        Assert.Equal(2, invalidReport.ExitCode);
        var invalidJson = invalidReport.Render(OutputFormat.Json, explain: false);
        SchemaAssert.Valid("decide-report.schema.json", invalidJson);
        Assert.Equal("INVALID", JsonNode.Parse(invalidJson)!["verdict"]!.GetValue<string>());
        var invalidText = invalidReport.Render(OutputFormat.Text, explain: false);
        Assert.EndsWith(
            "release-train decide 1.2.0: no verdict, the inputs above are invalid\nnot recorded\n",
            invalidText,
            StringComparison.Ordinal
        );

        File.WriteAllText(_repo.Combine("scan.json"), "{\"generatedAt\": \"2026-11-18T10:00:00Z\"}");
        var goDecision = NoCutDecision.Decide(config, new DecisionRequest("1.2.0", Sha, at));
        var go = new DecisionReport(goDecision, null, config.Policy.DecisionLog);
        Assert.Equal(0, go.ExitCode);
        SchemaAssert.Valid("decide-report.schema.json", go.Render(OutputFormat.Json, explain: false));
        Assert.EndsWith(
            "\ndry run: not recorded\n",
            go.Render(OutputFormat.Text, explain: false),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Log_verification_report_exits_0_intact_1_tampered_2_absent()
    {
        var config = Load(Train);
        var log = DecisionLog.PathOf(config);
        var absent = LogVerificationReport.Run(log);
        Assert.Equal((2, "RT1003"), (absent.ExitCode, absent.Problems[0].Code));

        var decision = NoCutDecision.Decide(config, new DecisionRequest("1.2.0", Sha, T("2026-11-18T12:00:00Z")));
        DecisionLog.Record(config, decision);
        DecisionLog.Record(config, decision);
        var intact = LogVerificationReport.Run(log);
        Assert.Equal(0, intact.ExitCode);
        Assert.Equal($"decision log intact: 2 record(s) in {log}\n", intact.ToText());

        var lines = File.ReadAllLines(log);
        File.WriteAllLines(log, [lines[0].Replace("NO-GO", "GO", StringComparison.Ordinal), lines[1]]);
        var tampered = LogVerificationReport.Run(log);
        Assert.Equal((1, "RT4010"), (tampered.ExitCode, tampered.Problems[0].Code));
        Assert.EndsWith(
            $"decision log FAILED verification after 0 good record(s): {log}\n",
            tampered.ToText(),
            StringComparison.Ordinal
        );
        Assert.True(DecisionLog.IsUnreadableLog(tampered.Problems[0]));
        Assert.False(DecisionLog.IsUnreadableLog(absent.Problems[0]));
    }

    private const string SignOff =
        """
            { "signoff": { "allowUnsignedRecords": true, "roles": { "usr-architecture": ["alice"],
            """
        + """
             "usr-conformance": ["bob"] }, "maxAge": "P14D" } }
            """;

    [Fact]
    public void Sign_off_report_is_schema_valid_in_every_state_and_verify_exits_1_until_complete()
    {
        var config = Load(SignOff);
        var policy = config.Policy.SignOff!;
        var records = SignOffCheck.RecordsPath(config);
        var at = T("2026-11-21T12:00:00Z");
        SignOffRecords.Append(
            policy,
            records,
            new NewSignOffRecord(
                "1.4.0",
                "usr-architecture",
                "alice",
                SignOffVerdict.Approved,
                Sha,
                null,
                "2026-11-21T10:00:00+01:00"
            )
        );
        var request = new SignOffRequest("1.4.0", Sha, null, at, "dave");

        var partial = SignOffCheck.Run(config, request, [], null, out var errors);
        Assert.Empty(errors);
        var verify = SignOffReport.Of(partial, verify: true);
        Assert.Equal(1, verify.ExitCode);
        Assert.Equal(0, SignOffReport.Of(partial, verify: false).ExitCode);
        var json = verify.Render(OutputFormat.Json, explain: false);
        SchemaAssert.Valid("signoff-status.schema.json", json);
        var node = JsonNode.Parse(json)!;
        Assert.False(node["complete"]!.GetValue<bool>());
        Assert.Equal(["approved", "missing"], node["roles"]!.AsArray().Select(r => r!["state"]!.GetValue<string>()));
        Assert.Equal("RT5001", node["diagnostics"]![0]!["code"]!.GetValue<string>());

        var text = verify.Render(OutputFormat.Text, explain: false);
        Assert.Contains("error RT5001", text, StringComparison.Ordinal);
        Assert.Contains(
            "usr-architecture  approved  alice             2026-11-21T10:00:00+01:00",
            text,
            StringComparison.Ordinal
        );
        Assert.EndsWith(
            $"sign-off of 1.4.0: missing usr-conformance (1/2 roles; commit {Sha}; evidence none; "
                + "at 2026-11-21T12:00:00Z)\n",
            text,
            StringComparison.Ordinal
        );
        var status = SignOffReport.Of(partial, verify: false).Render(OutputFormat.Text, explain: false);
        Assert.DoesNotContain("RT5001", status, StringComparison.Ordinal);
        Assert.StartsWith("| Role |", verify.Render(OutputFormat.Markdown, explain: false), StringComparison.Ordinal);

        SignOffRecords.Append(
            policy,
            records,
            new NewSignOffRecord(
                "1.4.0",
                "usr-conformance",
                "bob",
                SignOffVerdict.Approved,
                Sha,
                null,
                "2026-11-21T11:00:00Z"
            )
        );
        var complete = SignOffReport.Of(SignOffCheck.Run(config, request, [], null, out _), verify: true);
        Assert.Equal(0, complete.ExitCode);
        SchemaAssert.Valid("signoff-status.schema.json", complete.Render(OutputFormat.Json, explain: false));

        var lines = File.ReadAllLines(records);
        File.WriteAllLines(records, [lines[1], lines[0]]);
        SignOffCheck.Run(config, request, [], null, out var unreadable);
        Assert.NotEmpty(unreadable);
        var none = SignOffReport.Unreadable("1.4.0", unreadable, verify: true);
        Assert.Equal(2, none.ExitCode);
        Assert.EndsWith(
            "sign-off of 1.4.0: no verdict, the inputs above cannot be read\n",
            none.Render(OutputFormat.Json, explain: false),
            StringComparison.Ordinal
        );
        Assert.Contains("error RT4010", none.Render(OutputFormat.Text, explain: false), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Validator_report_renders_the_schema_valid_main_report_or_the_findings_and_the_status_line()
    {
        var policy = TestPaths.RealData("pairofcleats", "tests", "lang", "matrix", "usr-waiver-policy.json");
        var waivers = new ValidationReport(UsrWaiverValidator.Validate(policy, T("2026-11-21T00:00:00Z")));
        Assert.Equal(1, waivers.ExitCode);
        var json = waivers.Render(OutputFormat.Json, _repo.Path);
        SchemaAssert.Valid("validation-report.schema.json", json);
        Assert.Equal("fail", JsonNode.Parse(json)!["status"]!.GetValue<string>());
        var lines = waivers.Render(OutputFormat.Text, Path.GetDirectoryName(policy)!).TrimEnd('\n').Split('\n');
        Assert.StartsWith("usr-waiver-policy.json(", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^release-train usr-waivers: FAIL \(4 error\(s\), \d+ warning\(s\)\) ", lines[^1]);
        Assert.EndsWith(policy, lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Phase_manifest_and_canary_reports_exit_by_their_verdicts()
    {
        var input = _repo.Combine("phases.json");
        File.WriteAllText(
            input,
            """
            {"run_id": "r1", "phases": [{"name": "gate-evaluation", "status": "pass"}],
             "runtime_governance": {"rollback_triggered": false, "drift_status": "stable"}}
            """
        );
        var manifest = PhaseManifest.Build(input, "live", PhaseContract.Torghut, null, T("2026-11-21T12:00:00Z"));
        SchemaAssert.Valid("phase-manifest.schema.json", ReportJson.Write(manifest));
        var built = new PhaseManifestReport(manifest, _repo.Combine("m.json"));
        Assert.Equal(manifest["status"]!.GetValue<string>() == "pass" ? 0 : 1, built.ExitCode);
        var text = built.ToText().Split('\n');
        var first = $"phase manifest {manifest["status"]}: {_repo.Combine("m.json")} (";
        Assert.StartsWith(first, text[0], StringComparison.Ordinal);
        Assert.StartsWith("  gate-evaluation          pass  ", text[1], StringComparison.Ordinal);
        manifest["status"] = "fail";
        Assert.Equal(1, new PhaseManifestReport(manifest, "m.json").ExitCode);

        var snapshot = _repo.Combine("snapshot.json");
        File.WriteAllText(
            snapshot,
            """
            {"stages": [{"cohort_percent": 1, "samples": 900, "error_rate": 0.02, "p95_latency_ms": 101,
                         "baseline_p95_latency_ms": 100, "replay_determinism_failures": 0}]}
            """
        );
        var limits = CanaryThresholds.Default;
        var rollback = new CanaryReport(CanaryEvaluator.Evaluate(snapshot, limits), limits);
        Assert.Equal(1, rollback.ExitCode);
        var verdict = rollback.Render(OutputFormat.Json, explain: false, _repo.Path);
        SchemaAssert.Valid("canary-verdict.schema.json", verdict);
        var explained = rollback.Render(OutputFormat.Text, explain: true, _repo.Path);
        Assert.Contains(
            "  explain stage 1%: rollback (samples 900, error_rate 0.02, p95 101 vs baseline 100",
            explained,
            StringComparison.Ordinal
        );
        Assert.Contains("canary: ROLLBACK at stage 1%: error_rate 0.02 > 0.005", explained, StringComparison.Ordinal);

        File.WriteAllText(
            snapshot,
            """
            {"stages": [{"cohort_percent": 1, "samples": 900, "error_rate": 0.001, "p95_latency_ms": 101,
                         "baseline_p95_latency_ms": 100, "replay_determinism_failures": 0}]}
            """
        );
        var promote = new CanaryReport(CanaryEvaluator.Evaluate(snapshot, limits), limits);
        Assert.Equal(0, promote.ExitCode);
        var promoted = promote.Render(OutputFormat.Text, explain: false, _repo.Path);
        Assert.Contains("canary: PROMOTE; next cohort 5%", promoted, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_verify_report_exits_2_without_a_bundle_and_1_when_it_differs()
    {
        var bundle = _repo.Combine("artifacts", "evidence", "1.0.0");
        var missing = EvidenceReport.OfVerify(bundle, ReleaseTrain.Core.Evidence.EvidenceBundle.Verify(bundle, null));
        Assert.Equal(2, missing.ExitCode);
        var json = JsonNode.Parse(missing.Render(OutputFormat.Json))!;
        Assert.Equal(("invalid", 2), (json["status"]!.GetValue<string>(), json["exitCode"]!.GetValue<int>()));
        Assert.Equal("RT1003", json["diagnostics"]![0]!["code"]!.GetValue<string>());

        Directory.CreateDirectory(bundle);
        File.WriteAllText(Path.Combine(bundle, "evidence.json"), "{}");
        File.WriteAllText(Path.Combine(bundle, "COMMITTED"), "sha256:00");
        var differs = EvidenceReport.OfVerify(bundle, ReleaseTrain.Core.Evidence.EvidenceBundle.Verify(bundle, null));
        Assert.Equal(1, differs.ExitCode);
        Assert.Equal("fail", JsonNode.Parse(differs.Render(OutputFormat.Json))!["status"]!.GetValue<string>());
        var text = differs.Render(OutputFormat.Text);
        Assert.EndsWith($"evidence FAILED verification: {bundle}\n", text, StringComparison.Ordinal);
    }
}
