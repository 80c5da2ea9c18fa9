using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// Issue 16: the USR validators give the verdicts of PairOfCleats' own checks (src/contracts/validators/usr-matrix.js
/// and tools/ci/usr/item36-backcompat-matrix-gate.js at b9398da2, run beside the project on the same real files and
/// mutated copies) on the real files and on mutated copies of them.
/// </summary>
public sealed class UsrFidelityTests : IDisposable
{
    private const string March = "2026-03-01T00:00:00Z";
    private readonly TempDirectory _dir = new();
    private readonly KindRepository _repo = new();

    public void Dispose()
    {
        _dir.Dispose();
        _repo.Dispose();
    }

    private static Instant At(string text) => InstantPattern.ExtendedIso.Parse(text).Value;

    private static string Matrix(string name) => TestPaths.RealData("pairofcleats", "tests", "lang", "matrix", name);

    private static string Item36() =>
        TestPaths.RealData("pairofcleats", "docs", "config", "usr-guardrails", "item-36-backcompat-matrix.json");

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

    private static List<Diagnostic> Errors(ValidationResult result, string code) =>
        [.. result.Findings.Where(f => f.Code == code && f.Severity == DiagnosticSeverity.Error)];

    // BC-001 as it stands in the real matrix (lines 4-16).
    private const string Bc001 =
        "\"readerMode\": \"strict\",\n      \"fixtureFamily\": \"language-core\",\n      \"expectedOutcome\": "
        + "\"accept\",\n"
        + "      \"requiredDiagnostics\": [],\n      \"blocking\": true";

    [SkippableFact]
    public void An_expired_non_blocking_waiver_is_an_error_in_strict_mode()
    {
        // Peer (strict, its default): "waiver-observability-gap-temp waiver is expired at evaluationTime=..." is an
        // error: ok false. Before: a warning RT6034, the policy WARN.
        var result = UsrWaiverValidator.Validate(Matrix("usr-waiver-policy.json"), At("2026-03-16T00:00:00Z"));
        Assert.Equal(ValidationStatus.Fail, result.Status);
        var expired = Assert.Single(Errors(result, "RT6034"));
        Assert.Equal(42, expired.Line);
        Assert.Contains("waiver-observability-gap-temp", expired.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_strict_option_false_makes_an_expired_non_blocking_waiver_a_warning_as_the_peers_non_strict_mode()
    {
        _repo.CopyIn(Matrix("usr-waiver-policy.json"), "w.json");
        var options = new JsonObject { ["at"] = "2026-03-16T00:00:00Z", ["strict"] = false };
        var result = _repo.Run(UsrWaiversKind.KindName, "w.json", options, At(March));
        Assert.Equal(ValidationStatus.Warn, result.Status);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(result.Findings, f => f.Code == "RT6034").Severity);
        Assert.False(result.Reports[UsrWaiverValidator.ReportFile]["strict"]!.GetValue<bool>());

        // A blocking waiver expired is an error in both modes (peer: strictMode || row.blocking).
        var november = _repo.Run(
            UsrWaiversKind.KindName,
            "w.json",
            new JsonObject { ["at"] = "2026-11-21T00:00:00Z", ["strict"] = false },
            At(March)
        );
        Assert.Equal(3, Errors(november, "RT6034").Count);
    }

    [SkippableFact]
    public void Extra_envelope_keys_in_the_backcompat_matrix_are_refused()
    {
        // Peer: "/ must NOT have additional properties" (registryEnvelope, additionalProperties false). Before: PASS.
        var result = UsrBackcompatValidator.Validate(
            Mutated(
                Matrix("usr-backcompat-matrix.json"),
                (
                    "\"registryId\": \"usr-backcompat-matrix\",",
                    "\"registryId\": \"usr-backcompat-matrix\",\n  \"note\": 1,"
                )
            )
        );
        Assert.Equal(ValidationStatus.Fail, result.Status);
        var extra = Assert.Single(Errors(result, "RT6001"));
        Assert.Equal((4, 3), (extra.Line, extra.Column));
        Assert.Contains("'note'", extra.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("non-blocking", "\"blocking\": false", 1)]
    [InlineData(
        "accept-with-adapter",
        "\"readerMode\": \"non-strict\",\n      \"fixtureFamily\": \"language-core\",\n      \"expectedOutcome\": "
            + "\"accept-with-adapter\",\n      \"requiredDiagnostics\": [\"USR-W-BACKCOMPAT-ADAPTER\"],\n      "
            + "\"blocking\": false",
        3
    )]
    public void A_strict_scenario_recast_fails_as_item36_fails_it(string recast, string replacement, int errors)
    {
        // item36 gate on the same copies: "strict scenario BC-001 must be blocking=true" (and, recast as an adapter,
        // "must use readerMode=strict" and "has invalid expectedOutcome accept-with-adapter"); exit 1. Before: PASS
        // (a warning RT6009 for the non-blocking accept; nothing for the adapter row).
        var edit =
            recast == "non-blocking"
                ? (
                    Old: "\"expectedOutcome\": \"accept\",\n      \"requiredDiagnostics\": [],\n      \"blocking\": "
                        + "true",
                    New: "\"expectedOutcome\": \"accept\",\n      \"requiredDiagnostics\": [],\n      " + replacement
                )
                : (Old: Bc001, New: replacement);
        var result = UsrBackcompatValidator.Validate(Mutated(Matrix("usr-backcompat-matrix.json"), edit));
        Assert.Equal(ValidationStatus.Fail, result.Status);
        var mismatches = Errors(result, "RT6081");
        Assert.Equal(errors, mismatches.Count);
        Assert.All(mismatches, m =>
            Assert.Contains("'BC-001' is strict and blocking", m.Message, StringComparison.Ordinal)
        );
    }

    [SkippableFact]
    public void An_advisory_scenario_made_strict_and_blocking_fails_and_the_classification_file_can_be_given()
    {
        // BC-004 (advisory) as a strict blocking accept: item36 "non-strict scenario BC-004 must use
        // readerMode=non-strict", "must be blocking=false", "must use expectedOutcome=accept-with-adapter".
        var matrix = Mutated(
            Matrix("usr-backcompat-matrix.json"),
            (
                "\"readerMode\": \"non-strict\",\n      \"fixtureFamily\": \"language-core\",\n      "
                    + "\"expectedOutcome\": "
                    + "\"accept-with-adapter\",\n      \"requiredDiagnostics\": [\n        "
                    + "\"USR-W-BACKCOMPAT-ADAPTER\"\n"
                    + "      ],\n      \"blocking\": false",
                "\"readerMode\": \"strict\",\n      \"fixtureFamily\": \"language-core\",\n      \"expectedOutcome\": "
                    + "\"accept\",\n      \"requiredDiagnostics\": [],\n      \"blocking\": true"
            )
        );
        Assert.Equal(3, Errors(UsrBackcompatValidator.Validate(matrix), "RT6081").Count);

        // The real item-36 file gives the same verdicts as the built-in copy: the real matrix passes.
        var real = UsrBackcompatValidator.Validate(Matrix("usr-backcompat-matrix.json"), Item36());
        Assert.Equal(ValidationStatus.Pass, real.Status);
        Assert.Equal([Item36()], real.Reads);

        // Reclassified through review (BC-004 strict in a copy of the file), the mutated matrix passes.
        var reclassified = Mutated(
            Item36(),
            ("\"BC-003\",\n    \"BC-005\"", "\"BC-003\",\n    \"BC-004\",\n    \"BC-005\""),
            ("\"BC-004\",\n    \"BC-007\"", "\"BC-007\"")
        );
        Assert.Empty(Errors(UsrBackcompatValidator.Validate(matrix, reclassified), "RT6081"));

        // The file is checked as the gate checks it: an id in both lists, and a required id in neither.
        var broken = Mutated(Item36(), ("\"BC-004\",\n    \"BC-007\"", "\"BC-001\",\n    \"BC-007\""));
        var config = UsrBackcompatValidator.Validate(Matrix("usr-backcompat-matrix.json"), broken).Findings;
        Assert.All(config.Where(f => f.Code == "RT6082"), f => Assert.Equal(broken, f.File));
        Assert.Contains(config, f =>
            f.Code == "RT6082" && f.Message.Contains("BC-001 cannot be both", StringComparison.Ordinal)
        );
        Assert.Contains(config, f =>
            f.Code == "RT6082" && f.Message.Contains("BC-004 is classified neither", StringComparison.Ordinal)
        );
    }

    [SkippableTheory]
    [InlineData("USR-E-NOT-A-CODE", "is not in the USR diagnostic enum")]
    [InlineData("usr-e-schema-violation", "does not match")]
    public void A_required_diagnostic_outside_the_usr_enum_fails(string code, string why)
    {
        // Peer: "BC-003 requiredDiagnostics contains invalid code USR-E-NOT-A-CODE: unknown diagnostic code". Before:
        // PASS.
        var result = UsrBackcompatValidator.Validate(
            Mutated(Matrix("usr-backcompat-matrix.json"), ("\"USR-E-SCHEMA-VIOLATION\"", $"\"{code}\""))
        );
        var finding = Assert.Single(Errors(result, "RT6080"));
        Assert.Contains(why, finding.Message, StringComparison.Ordinal);
        Assert.Contains("'BC-003'", finding.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("[]", "names no evidence artifact", true)]
    [InlineData("[\"notes.md\"]", "is not a JSON evidence artifact", true)]
    [InlineData("[\"usr-made-up-report.json\"]", "maps to no governed report artifact", true)]
    public void Waiver_compensating_controls_are_non_empty_governed_json_reports(
        string controls,
        string why,
        bool error
    )
    {
        // Peer on the same copies (row 1, blocking): "requiredCompensatingControls must include at least one evidence
        // artifact", "compensating control must reference a JSON evidence artifact: notes.md", "compensating control
        // does not map to a governed report artifact: usr-made-up-report.json". Before: WARN (only RT6035).
        var result = UsrWaiverValidator.Validate(
            Mutated(
                Matrix("usr-waiver-policy.json"),
                ("[\n        \"usr-benchmark-regression-summary.json\"\n      ]", controls)
            ),
            At(March)
        );
        var finding = Assert.Single(result.Findings, f => f.Code == "RT6084");
        Assert.Equal(error, finding.Severity == DiagnosticSeverity.Error);
        Assert.Contains(why, finding.Message, StringComparison.Ordinal);
        Assert.Equal(ValidationStatus.Fail, result.Status);
    }

    [SkippableFact]
    public void An_ungoverned_control_of_a_non_blocking_waiver_is_a_warning_only_in_non_strict_mode()
    {
        var policy = Mutated(
            Matrix("usr-waiver-policy.json"),
            ("\"usr-observability-rollup.json\"", "\"usr-made-up-report.json\"")
        );
        var strict = UsrWaiverValidator.Validate(policy, At(March));
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(strict.Findings, f => f.Code == "RT6084").Severity);
        var lax = UsrWaiverValidator.Validate(policy, At(March), false, null, null);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(lax.Findings, f => f.Code == "RT6084").Severity);

        // The ownership matrix's evidenceArtifacts are governed controls too.
        var ownership = Mutated(
            Matrix("usr-ownership-matrix.json"),
            ("\"usr-validation-report.json\"", "\"usr-made-up-report.json\"")
        );
        var owned = UsrWaiverValidator.Validate(policy, At(March), true, ownership, null);
        Assert.DoesNotContain(owned.Findings, f => f.Code == "RT6084");
    }

    [SkippableFact]
    public void An_artifact_scoped_waiver_names_a_usr_report_artifact()
    {
        // Peer: "artifact scopeId is not a known USR report artifact: usr-nonexistent". Before: WARN.
        var result = UsrWaiverValidator.Validate(
            Mutated(
                Matrix("usr-waiver-policy.json"),
                ("\"scopeId\": \"usr-backcompat-matrix-results\"", "\"scopeId\": \"usr-nonexistent\"")
            ),
            At(March)
        );
        var finding = Assert.Single(Errors(result, "RT6085"));
        Assert.Equal(25, finding.Line);
    }

    [SkippableFact]
    public void A_blocking_waiver_needs_an_approver_holding_a_governance_role()
    {
        // Peer: "blocking waivers require at least one approver in ownership/escalation governance roles". Before:
        // the matrices could not be given (no option), and the policy passed with a warning.
        _repo.CopyIn(Matrix("usr-ownership-matrix.json"), "matrix/usr-ownership-matrix.json");
        _repo.CopyIn(Matrix("usr-escalation-policy.json"), "matrix/usr-escalation-policy.json");
        _repo.CopyIn(Matrix("usr-waiver-policy.json"), "matrix/usr-waiver-policy.json");
        _repo.Mutate(
            "matrix/usr-waiver-policy.json",
            "matrix/ungoverned.json",
            ("\"usr-rollout\",\n        \"usr-architecture\"", "\"usr-rollout\",\n        \"usr-qa\"")
        );
        var options = new JsonObject
        {
            ["at"] = March,
            ["ownership"] = "matrix/usr-ownership-matrix.json",
            ["escalation"] = "matrix/usr-escalation-policy.json",
        };

        var real = _repo.Run(UsrWaiversKind.KindName, "matrix/usr-waiver-policy.json", options, At(March));
        Assert.Equal(ValidationStatus.Warn, real.Status);
        Assert.Equal(2, real.Reads.Count);

        var ungoverned = _repo.Run(UsrWaiversKind.KindName, "matrix/ungoverned.json", options, At(March));
        var finding = Assert.Single(Errors(ungoverned, "RT6086"));
        Assert.Equal(27, finding.Line);
        Assert.Contains("'waiver-non-strict-backcompat-warning'", finding.Message, StringComparison.Ordinal);

        // The escalation policy alone: usr-release-manager is one of its required approvers.
        _repo.Mutate(
            "matrix/ungoverned.json",
            "matrix/release-manager.json",
            ("\"usr-qa\"", "\"usr-release-manager\"")
        );
        var escalation = _repo.Run(
            UsrWaiversKind.KindName,
            "matrix/release-manager.json",
            new JsonObject { ["at"] = March, ["escalation"] = "matrix/usr-escalation-policy.json" },
            At(March)
        );
        Assert.Empty(Errors(escalation, "RT6086"));
    }

    [SkippableFact]
    public void A_waiver_with_no_extension_left_is_valid_and_one_without_approvers_is_not()
    {
        // Peer schema: maxExtensions integer minimum 0; approvers "must contain at least one approver role".
        var result = UsrWaiverValidator.Validate(
            Mutated(
                Matrix("usr-waiver-policy.json"),
                ("\"maxExtensions\": 1,\n      \"blocking\": true", "\"maxExtensions\": 0,\n      \"blocking\": true"),
                ("[\n        \"usr-observability\",\n        \"usr-operations\"\n      ]", "[]")
            ),
            At(March)
        );
        var finding = Assert.Single(Errors(result, "RT6002"));
        Assert.Contains("'approvers' is empty", finding.Message, StringComparison.Ordinal);
    }
}
