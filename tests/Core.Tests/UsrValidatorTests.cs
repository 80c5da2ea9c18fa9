using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>The USR validators on PairOfCleats' real files, and on mutated copies of them.</summary>
public sealed class UsrValidatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Instant At(string text) => InstantPattern.ExtendedIso.Parse(text).Value;

    private static string Matrix(string name) => TestPaths.RealData("pairofcleats", "tests", "lang", "matrix", name);

    /// <summary>A copy of a real file with each (old, new) replacement applied once (each old must occur).</summary>
    private string Mutated(string source, params (string Old, string New)[] edits)
    {
        var text = File.ReadAllText(source);
        foreach (var (old, replacement) in edits)
        {
            var index = text.IndexOf(old, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{old}' is not in {source}");
            text = string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + old.Length));
        }

        var path = _dir.Combine(Guid.NewGuid().ToString("N") + Path.GetExtension(source));
        File.WriteAllText(path, text);
        return path;
    }

    private static Diagnostic Single(ValidationResult result, string code) =>
        Assert.Single(result.Findings, f => f.Code == code);

    [SkippableFact]
    public void The_real_backcompat_matrix_passes_with_its_summary()
    {
        var result = UsrBackcompatValidator.Validate(Matrix("usr-backcompat-matrix.json"));
        Assert.Empty(result.Findings);
        Assert.Equal(ValidationStatus.Pass, result.Status);
        var report = result.Reports[UsrBackcompatValidator.ReportFile];
        Assert.Equal("pass", report["status"]!.GetValue<string>());
        var summary = report["summary"]!;
        Assert.Equal(12, summary["scenarioCount"]!.GetValue<int>());
        Assert.Equal(12, summary["passCount"]!.GetValue<int>());
        Assert.Equal(9, summary["strictScenarioCount"]!.GetValue<int>());
        Assert.Equal(3, summary["nonStrictScenarioCount"]!.GetValue<int>());
        Assert.Equal(0, summary["errorCount"]!.GetValue<int>());
    }

    [SkippableTheory]
    [InlineData("\"id\": \"BC-002\"", "\"id\": \"BC-001\"", "RT6003", 18)]
    [InlineData(
        "\"producerVersion\": \"usr-1.0.0\",\n      \"readerVersions\": [\n        \"usr-1.1.0\"",
        "\"producerVersion\": \"usr-1.0\",\n      \"readerVersions\": [\n        \"usr-1.1.0\"",
        "RT6004",
        19
    )]
    [InlineData(
        "\"fixtureFamily\": \"framework-overlay\",",
        "\"fixtureFamily\": \"framework-overlay\", \"owner\": \"x\",",
        "RT6002",
        24
    )]
    [InlineData(
        "\"readerMode\": \"strict\",\n      \"fixtureFamily\": \"framework-overlay\"",
        "\"readerMode\": \"lenient\",\n      \"fixtureFamily\": \"framework-overlay\"",
        "RT6002",
        23
    )]
    public void Mutated_rows_fail_with_the_right_code_at_the_right_line(
        string old,
        string replacement,
        string code,
        int line
    )
    {
        var result = UsrBackcompatValidator.Validate(Mutated(Matrix("usr-backcompat-matrix.json"), (old, replacement)));
        Assert.Equal(ValidationStatus.Fail, result.Status);
        Assert.Equal(line, Single(result, code).Line);
        Assert.Equal(1, result.ExitCode);
    }

    [SkippableFact]
    public void Adapter_reject_and_accept_rules()
    {
        var source = Matrix("usr-backcompat-matrix.json");
        // BC-004 accept-with-adapter made strict and blocking.
        var adapter = UsrBackcompatValidator.Validate(
            Mutated(
                source,
                (
                    "\"readerMode\": \"non-strict\",\n      \"fixtureFamily\": \"language-core\",\n      "
                        + "\"expectedOutcome\": \"accept-with-adapter\",\n      \"requiredDiagnostics\": [\n        "
                        + "\"USR-W-BACKCOMPAT-ADAPTER\"\n      ],\n      \"blocking\": false",
                    "\"readerMode\": \"strict\",\n      \"fixtureFamily\": \"language-core\",\n      "
                        + "\"expectedOutcome\": \"accept-with-adapter\",\n      \"requiredDiagnostics\": [],\n      "
                        + "\"blocking\": true"
                )
            )
        );
        Assert.Equal(2, adapter.Findings.Count(f => f.Code == "RT6006"));
        Assert.Equal(DiagnosticSeverity.Warning, Single(adapter, "RT6007").Severity);

        // BC-003 reject made non-blocking without diagnostics; BC-001 accept made non-blocking (a warning of the
        // matrix rules, and an error of the item-36 classification: BC-001 is strict and blocking).
        var reject = UsrBackcompatValidator.Validate(
            Mutated(
                source,
                (
                    "\"expectedOutcome\": \"reject\",\n      \"requiredDiagnostics\": [\n        "
                        + "\"USR-E-SCHEMA-VIOLATION\"\n      ],\n      \"blocking\": true",
                    "\"expectedOutcome\": \"reject\",\n      \"requiredDiagnostics\": [],\n      \"blocking\": false"
                ),
                (
                    "\"requiredDiagnostics\": [],\n      \"blocking\": true",
                    "\"requiredDiagnostics\": [],\n      \"blocking\": false"
                )
            )
        );
        Assert.Equal(2, reject.Findings.Count(f => f.Code == "RT6008"));
        Assert.Equal(DiagnosticSeverity.Warning, Single(reject, "RT6009").Severity);
        var rows = reject.Reports[UsrBackcompatValidator.ReportFile]["rows"]!.AsArray();
        Assert.Equal("fail", rows[0]!["status"]!.GetValue<string>());
        Assert.Equal(["RT6009", "RT6081"], rows[0]!["codes"]!.AsArray().Select(c => c!.GetValue<string>()).Order());
        Assert.Equal("fail", rows.Single(r => r!["id"]!.GetValue<string>() == "BC-003")!["status"]!.GetValue<string>());
    }

    [SkippableFact]
    public void Missing_scenarios_multi_reader_rows_and_the_envelope_are_checked()
    {
        var source = Matrix("usr-backcompat-matrix.json");
        var result = UsrBackcompatValidator.Validate(
            Mutated(
                source,
                ("\"schemaVersion\": \"usr-registry-1.0.0\"", "\"schemaVersion\": \"usr-registry-0.9.0\""),
                ("\"id\": \"BC-012\"", "\"id\": \"BC-013\""),
                (
                    "\"readerVersions\": [\n        \"usr-1.0.0\",\n        \"usr-1.1.0\"\n      ]",
                    "\"readerVersions\": [\n        \"usr-1.0.0\"\n      ]"
                )
            )
        );
        Assert.Equal(2, Single(result, "RT6001").Line);
        Assert.Contains("BC-012", Single(result, "RT6010").Message, StringComparison.Ordinal);
        Single(result, "RT6011");

        var empty = UsrBackcompatValidator.Validate(
            Mutated(
                source,
                (
                    "\"readerVersions\": [\n        \"usr-1.0.0\"\n      ],\n      \"readerMode\": \"strict\",\n      "
                        + "\"fixtureFamily\": \"language-core\",\n      \"expectedOutcome\": \"accept\"",
                    "\"readerVersions\": [],\n      \"readerMode\": \"strict\",\n      \"fixtureFamily\": "
                        + "\"language-core\",\n      \"expectedOutcome\": \"accept\""
                )
            )
        );
        Single(empty, "RT6005");
    }

    [SkippableFact]
    public void The_real_readiness_policy_passes_and_mutations_fail()
    {
        var source = Matrix("usr-operational-readiness-policy.json");
        var now = At("2026-11-21T12:00:00Z");
        var real = UsrOperationalReadinessValidator.Validate(source, null, now, null);
        Assert.Empty(real.Findings);
        Assert.False(real.Reports[UsrOperationalReadinessValidator.ReportFile]["drillsEvaluated"]!.GetValue<bool>());

        var mutated = UsrOperationalReadinessValidator.Validate(
            Mutated(
                source,
                ("\"phase\": \"incident\"", "\"phase\": \"post-cutover\""),
                (
                    "\"maxRecoveryMinutes\": 60,\n      \"blocking\": true",
                    "\"maxRecoveryMinutes\": 60,\n      \"blocking\": false"
                ),
                (
                    "\"requiredRoles\": [\n        \"usr-architecture\",\n        \"usr-rollout\"\n      ]",
                    "\"requiredRoles\": []"
                ),
                ("\"maxResponseMinutes\": 60", "\"maxResponseMinutes\": 0")
            ),
            null,
            now,
            null
        );
        Assert.Contains("'incident'", Single(mutated, "RT6020").Message, StringComparison.Ordinal);
        Assert.Contains("'cutover'", Single(mutated, "RT6021").Message, StringComparison.Ordinal);
        Assert.Contains("ops-pre-cutover-checklist", Single(mutated, "RT6022").Message, StringComparison.Ordinal);
        Assert.Contains("maxResponseMinutes", Single(mutated, "RT6002").Message, StringComparison.Ordinal);

        var silent = UsrOperationalReadinessValidator.Validate(
            Mutated(
                source,
                (
                    "\"communicationChannels\": [\n        \"incident-bridge\",\n        \"security-hotline\"\n      ]",
                    "\"communicationChannels\": []"
                )
            ),
            null,
            now,
            null
        );
        Single(silent, "RT6023");
    }

    private string Drills(params JsonObject[] drills)
    {
        var folder = _dir.Combine("drills-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        for (var i = 0; i < drills.Length; i++)
        {
            File.WriteAllText(
                Path.Combine(folder, $"drill-{i}.json"),
                drills[i].ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })
            );
        }

        return folder;
    }

    private static JsonObject Drill(
        string runbook,
        string result,
        string at,
        string? version = "2026.11",
        JsonObject? remediation = null
    )
    {
        var drill = new JsonObject
        {
            ["runbookId"] = runbook,
            ["result"] = result,
            ["executedAt"] = at,
        };
        if (version is not null)
        {
            drill["runbookVersion"] = version;
        }

        if (remediation is not null)
        {
            drill["remediation"] = remediation;
        }

        return drill;
    }

    [SkippableTheory]
    [InlineData("pass", true)]
    [InlineData("success", true)]
    [InlineData("OK", false)]
    [InlineData("succeeded", false)]
    [InlineData(" pass", false)]
    [InlineData("Pass", false)]
    public void A_usr_drill_passes_only_with_the_usr_words_as_written(string word, bool passes)
    {
        var source = Matrix("usr-operational-readiness-policy.json");
        var drills = Drills(
            Drill("usr-cutover-runbook", "pass", "2026-11-10T09:00:00+01:00"),
            Drill("usr-incident-critical-runbook", "pass", "2026-11-01T09:00:00Z"),
            Drill("usr-pre-cutover-checklist", word, "2026-11-20T09:00:00Z")
        );
        var result = UsrOperationalReadinessValidator.Validate(
            source,
            drills,
            At("2026-11-21T12:00:00Z"),
            At("2026-11-25T08:00:00Z")
        );
        Assert.True(passes == (result.Findings.Count == 0), string.Join("\n", result.Findings));
    }

    [SkippableFact]
    public void Drill_cadence_counts_the_latest_successful_drill_before_the_cutover_window()
    {
        var source = Matrix("usr-operational-readiness-policy.json");
        var now = At("2026-11-21T12:00:00Z");
        var cutover = At("2026-11-25T08:00:00Z");
        var good = Drills(
            Drill("usr-cutover-runbook", "pass", "2026-11-10T09:00:00+01:00"),
            Drill(
                "usr-cutover-runbook",
                "fail",
                "2026-11-12T09:00:00Z",
                remediation: new JsonObject
                {
                    ["owner"] = "usr-operations",
                    ["eta"] = "2026-11-14",
                    ["rerunEvidence"] = "drills/rerun.json",
                }
            ),
            Drill("usr-incident-critical-runbook", "pass", "2026-11-01T09:00:00Z"),
            Drill("usr-pre-cutover-checklist", "pass", "2026-11-20T09:00:00Z")
        );
        var result = UsrOperationalReadinessValidator.Validate(source, good, now, cutover);
        Assert.True(result.Findings.Count == 0, string.Join("\n", result.Findings));
        var rollback = result.Reports[UsrOperationalReadinessValidator.RollbackDrillReportFile];
        Assert.Equal(3, rollback["rows"]!.AsArray().Count);
        Assert.Equal("warn", rollback["status"]!.GetValue<string>());
        var incident = result.Reports[UsrOperationalReadinessValidator.IncidentDrillReportFile]["rows"]!.AsArray();
        Assert.True(Assert.Single(incident)!["counts"]!.GetValue<bool>());
        Assert.Equal(20, incident[0]!["ageDays"]!.GetValue<int>());

        var bad = Drills(
            Drill("usr-cutover-runbook", "pass", "2026-10-01T09:00:00Z"), // stale (> 30 days before the cutover window)
            Drill(
                "usr-incident-critical-runbook",
                "fail",
                "2026-11-18T09:00:00Z",
                remediation: new JsonObject { ["owner"] = "usr-oncall-platform" }
            ),
            Drill("usr-pre-cutover-checklist", "pass", "2026-11-26T09:00:00Z", version: null)
        ); // after the window opened, unpinned
        var failed = UsrOperationalReadinessValidator.Validate(source, bad, At("2026-11-27T00:00:00Z"), cutover);
        var cadence = failed.Findings.Where(f => f.Code == "RT6024").Select(f => f.Message).ToList();
        Assert.Equal(3, cadence.Count);
        Assert.Contains(cadence, m =>
            m.Contains(
                "usr-cutover-runbook' last succeeded at 2026-10-01T09:00:00Z, more than 30 days before the cutover "
                    + "window",
                StringComparison.Ordinal
            )
        );
        Assert.Contains(cadence, m =>
            m.Contains("usr-incident-critical-runbook' has no successful drill", StringComparison.Ordinal)
        );
        Assert.Contains(cadence, m =>
            m.Contains(
                "usr-pre-cutover-checklist' has no successful drill before the cutover window",
                StringComparison.Ordinal
            )
        );
        var remediation = Single(failed, "RT6025");
        Assert.Contains("eta, rerunEvidence", remediation.Message, StringComparison.Ordinal);
        Assert.EndsWith("drill-1.json", remediation.File, StringComparison.Ordinal);
        Single(failed, "RT6026");

        var none = UsrOperationalReadinessValidator.Validate(source, Drills(), now, null);
        Assert.Equal(
            3,
            none.Findings.Count(f =>
                f.Code == "RT6024" && f.Message.Contains("has no drill evidence", StringComparison.Ordinal)
            )
        );
    }

    [SkippableFact]
    public void The_real_waiver_policy_at_two_instants()
    {
        var source = Matrix("usr-waiver-policy.json");
        var march = UsrWaiverValidator.Validate(source, At("2026-03-01T00:00:00Z"));
        Assert.Equal(ValidationStatus.Warn, march.Status);
        Assert.Equal(42, Single(march, "RT6035").Line);

        var november = UsrWaiverValidator.Validate(source, At("2026-11-21T00:00:00Z"));
        Assert.Equal(ValidationStatus.Fail, november.Status);
        var expired = november.Findings.Where(f => f.Code == "RT6034").ToList();
        Assert.Equal(4, expired.Count);
        // PairOfCleats' strict mode (its default): every expired waiver is an error, the non-blocking one too.
        Assert.All(expired, f => Assert.Equal(DiagnosticSeverity.Error, f.Severity));
        Assert.Equal(4, november.Reports[UsrWaiverValidator.ReportFile]["summary"]!["errorCount"]!.GetValue<int>());
    }

    [SkippableFact]
    public void Mutated_waivers_fail_with_their_codes()
    {
        var result = UsrWaiverValidator.Validate(
            Mutated(
                Matrix("usr-waiver-policy.json"),
                ("\"waiverClass\": \"benchmark-overrun\"", "\"waiverClass\": \"strict-security-bypass\""),
                ("\"scopeType\": \"artifact\"", "\"scopeType\": \"repository\""),
                ("\"usr-rollout\",\n        \"usr-architecture\"", "\"usr-rollout\",\n        \"usr-rollout\""),
                ("\"language-perl\",\n        \"usr-architecture\"", "\"Perl-Team\"")
            ),
            At("2026-03-01T00:00:00Z")
        );
        Assert.Equal(7, Single(result, "RT6031").Line);
        Assert.Equal(24, Single(result, "RT6030").Line);
        var approvers = result.Findings.Where(f => f.Code == "RT6032").Select(f => f.Message).ToList();
        Assert.Contains(approvers, m => m.Contains("'usr-rollout' is listed twice", StringComparison.Ordinal));
        Assert.Contains(approvers, m => m.Contains("'Perl-Team' does not match", StringComparison.Ordinal));
        Assert.Equal(2, result.Findings.Count(f => f.Code == "RT6033"));
    }

    [SkippableFact]
    public void The_real_approval_lock_is_pending_and_an_approved_state_needs_every_role()
    {
        var source = TestPaths.RealData("pairofcleats", "docs", "specs", "usr-rollout-approval-lock.md");
        var real = UsrApprovalLockValidator.Validate(source);
        Assert.Empty(real.Findings);
        var report = real.Reports[UsrApprovalLockValidator.ReportFile];
        Assert.Equal("pending", report["state"]!.GetValue<string>());
        Assert.Equal("usr-rollout-approval-pending-2026-02-12", report["recordId"]!.GetValue<string>());
        Assert.False(report["approved"]!.GetValue<bool>());

        var premature = UsrApprovalLockValidator.Validate(
            Mutated(
                source,
                ("Approval state: `pending`", "Approval state: `approved`"),
                ("| `usr-architecture` | pending |", "| `usr-architecture` | approved |")
            )
        );
        Assert.Contains(
            "usr-conformance, usr-operations are not approved",
            Single(premature, "RT6041").Message,
            StringComparison.Ordinal
        );

        var approved = UsrApprovalLockValidator.Validate(
            Mutated(
                source,
                ("Approval state: `pending`", "Approval state: `approved`"),
                ("| `usr-architecture` | pending |", "| `usr-architecture` | approved |"),
                ("| `usr-conformance` | pending |", "| `usr-conformance` | approved |"),
                ("| `usr-operations` | pending |", "| `usr-operations` | approved |")
            )
        );
        Assert.Empty(approved.Findings);
        Assert.True(approved.Reports[UsrApprovalLockValidator.ReportFile]["approved"]!.GetValue<bool>());

        var broken = UsrApprovalLockValidator.Validate(
            Mutated(
                source,
                ("| `usr-operations` | pending | 2026-02-12T08:35:00Z |\n", string.Empty),
                (
                    "| `usr-conformance` | pending | 2026-02-12T08:35:00Z |",
                    "| `usr-conformance` | pending | 2026-02-12 08:35 |"
                )
            )
        );
        Assert.Equal(2, broken.Findings.Count(f => f.Code == "RT6040"));
        Assert.Contains(broken.Findings, f =>
            f.Message.Contains("no table row for role 'usr-operations'", StringComparison.Ordinal)
        );
        Assert.Contains(broken.Findings, f =>
            f.Line == 26 && f.Message.Contains("not an ISO 8601 UTC timestamp", StringComparison.Ordinal)
        );
    }

    [SkippableFact]
    public void Reports_follow_the_validation_report_schema()
    {
        var results = new[]
        {
            UsrBackcompatValidator.Validate(Matrix("usr-backcompat-matrix.json")),
            UsrWaiverValidator.Validate(Matrix("usr-waiver-policy.json"), At("2026-11-21T00:00:00Z")),
            UsrApprovalLockValidator.Validate(
                TestPaths.RealData("pairofcleats", "docs", "specs", "usr-rollout-approval-lock.md")
            ),
            UsrOperationalReadinessValidator.Validate(
                Matrix("usr-operational-readiness-policy.json"),
                Drills(Drill("usr-cutover-runbook", "pass", "2026-11-10T09:00:00Z")),
                At("2026-11-21T12:00:00Z"),
                null
            ),
        };
        foreach (var (_, report) in results.SelectMany(r => r.Reports))
        {
            SchemaAssert.Valid("validation-report.schema.json", report.ToJsonString());
        }

        Assert.Equal(6, results.Sum(r => r.Reports.Count));
    }
}
