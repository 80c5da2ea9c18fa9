using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// The USR backcompat matrix (PairOfCleats tests/lang/matrix/usr-backcompat-matrix.json; docs/validators.md), as
/// PairOfCleats' validateUsrBackcompatMatrixCoverage and its item-36 gate (<see cref="UsrScenarioClassification"/>)
/// check it. Writes
/// <c>usr-backcompat-matrix-results.json</c>: status pass|warn|fail, summary (scenarioCount, passCount, failCount,
/// strictScenarioCount, nonStrictScenarioCount, warningCount, errorCount) and one result row per scenario (its
/// readerMode, blocking and status, the shape the no-cut decision's <c>backcompatResults</c> reads).
/// </summary>
public static partial class UsrBackcompatValidator
{
    /// <summary>The report file name.</summary>
    public const string ReportFile = "usr-backcompat-matrix-results.json";

    private static readonly Dictionary<string, Field> Schema = new(StringComparer.Ordinal)
    {
        ["id"] = new(FieldType.String),
        ["producerVersion"] = new(FieldType.String),
        ["readerVersions"] = new(FieldType.Strings),
        ["readerMode"] = new(FieldType.String, ["strict", "non-strict"]),
        ["fixtureFamily"] = new(FieldType.String),
        ["expectedOutcome"] = new(FieldType.String, ["accept", "reject", "accept-with-adapter"]),
        ["requiredDiagnostics"] = new(FieldType.Strings),
        ["blocking"] = new(FieldType.Boolean),
    };

    /// <summary>
    /// The USR diagnostic codes a row may require: PairOfCleats' <c>USR_CANONICAL_DIAGNOSTIC_CODES</c>
    /// (src/contracts/validators/usr.js at b9398da2), checked as its <c>validateUsrDiagnosticCode</c> with
    /// <c>strictEnum</c> (the default of <c>validateUsrBackcompatMatrixCoverage</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> UsrDiagnosticCodes =
    [
        "USR-E-PARSER-UNAVAILABLE",
        "USR-E-PARSER-FAILED",
        "USR-E-SEGMENT-INVALID-RANGE",
        "USR-E-SCHEMA-VIOLATION",
        "USR-E-CAPABILITY-LOST",
        "USR-E-ID-GRAMMAR-VIOLATION",
        "USR-E-EDGE-ENDPOINT-INVALID",
        "USR-E-EDGE-ENDPOINT-CONSTRAINT",
        "USR-E-RANGE-MAPPING-FAILED",
        "USR-E-DETERMINISM-DRIFT",
        "USR-E-PROFILE-CONFLICT",
        "USR-E-SECURITY-GATE-FAILED",
        "USR-E-SLO-BUDGET-FAILED",
        "USR-E-SERIALIZATION-NONCANONICAL",
        "USR-W-PARTIAL-PARSE",
        "USR-W-CAPABILITY-DOWNGRADED",
        "USR-W-FRAMEWORK-PROFILE-INCOMPLETE",
        "USR-W-REFERENCE-AMBIGUOUS",
        "USR-W-RESOLUTION-CANDIDATE-CAPPED",
        "USR-W-HEURISTIC-BINDING",
        "USR-W-TRUNCATED-FLOW",
        "USR-W-CANONICALIZATION-FALLBACK",
        "USR-W-BACKCOMPAT-ADAPTER",
        "USR-I-FALLBACK-HEURISTIC",
        "USR-I-LEGACY-ADAPTER-APPLIED",
        "USR-I-COMPAT-MINOR-IGNORED",
    ];

    /// <summary>Validates the matrix against the built-in item-36 classification.</summary>
    /// <param name="path">The matrix file.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ReleaseTrainException">RT1001/RT1002/RT1003 when the file cannot be read as JSON.</exception>
    public static ValidationResult Validate(string path) => Validate(path, null);

    /// <summary>Validates the matrix.</summary>
    /// <param name="path">The matrix file.</param>
    /// <param name="scenarios">
    /// PairOfCleats' item-36 classification file (item-36-backcompat-matrix.json), or null for the built-in copy
    /// (<see cref="UsrScenarioClassification.BuiltIn"/>). Its own findings (RT6082) are against that file.
    /// </param>
    /// <returns>The result.</returns>
    /// <exception cref="ReleaseTrainException">RT1001/RT1002/RT1003 when a file cannot be read as JSON.</exception>
    public static ValidationResult Validate(string path, string? scenarios)
    {
        var full = Path.GetFullPath(path);
        var findings = new Findings(full);
        var classification = UsrScenarioClassification.BuiltIn;
        var reads = new List<string>();
        if (scenarios is not null)
        {
            var scenariosFull = Path.GetFullPath(scenarios);
            var classificationFindings = new Findings(scenariosFull);
            classification = UsrScenarioClassification.Read(scenariosFull, classificationFindings);
            findings.List.AddRange(classificationFindings.List);
            reads.Add(scenariosFull);
        }

        var rows = UsrRegistry.Read(full, "usr-backcompat-matrix", findings, out _);
        UsrRegistry.CheckUniqueIds(rows, findings);
        var results = new JsonArray();
        var pass = 0;
        var fail = 0;
        foreach (var row in rows)
        {
            var before = findings.List.Count;
            var id = Node.Text(row, "id") ?? "?";
            if (UsrRegistry.CheckRow(row, Schema, findings))
            {
                foreach (
                    var version in new[] { Node.At(row, "producerVersion") }.Concat(
                        Node.Array(row, "readerVersions")!.Items
                    )
                )
                {
                    if (version is LocatedJsonScalar { Text: { } text } && !VersionPattern().IsMatch(text))
                    {
                        findings.Error(DiagnosticCodes.UsrVersionInvalid, version, id, text);
                    }
                }

                var mode = Node.Text(row, "readerMode");
                var outcome = Node.Text(row, "expectedOutcome");
                var blocking = Node.Bool(row, "blocking") == true;
                var diagnostics = Node.Strings(row, "requiredDiagnostics");
                CheckDiagnostics(row, id, findings);
                CheckClassification(row, id, classification, findings);
                if (Node.Array(row, "readerVersions")!.Items.Count == 0)
                {
                    findings.Error(DiagnosticCodes.UsrReaderVersionsEmpty, Node.At(row, "readerVersions"), id);
                }

                switch (outcome)
                {
                    case "accept-with-adapter":
                        if (mode != "non-strict")
                        {
                            findings.Error(
                                DiagnosticCodes.UsrAdapterRowInvalid,
                                Node.At(row, "readerMode"),
                                id,
                                "non-strict"
                            );
                        }

                        if (blocking)
                        {
                            findings.Error(
                                DiagnosticCodes.UsrAdapterRowInvalid,
                                Node.At(row, "blocking"),
                                id,
                                "non-blocking"
                            );
                        }

                        if (!diagnostics.Contains("USR-W-BACKCOMPAT-ADAPTER"))
                        {
                            findings.Warn(
                                DiagnosticCodes.UsrAdapterDiagnosticMissing,
                                Node.At(row, "requiredDiagnostics"),
                                id
                            );
                        }

                        break;
                    case "reject":
                        if (!blocking)
                        {
                            findings.Error(
                                DiagnosticCodes.UsrRejectRowInvalid,
                                Node.At(row, "blocking"),
                                id,
                                "be blocking"
                            );
                        }

                        if (diagnostics.Count == 0)
                        {
                            findings.Error(
                                DiagnosticCodes.UsrRejectRowInvalid,
                                Node.At(row, "requiredDiagnostics"),
                                id,
                                "require at least one diagnostic"
                            );
                        }

                        break;
                    case "accept" when !blocking:
                        findings.Warn(DiagnosticCodes.UsrNonBlockingAccept, Node.At(row, "blocking"), id);
                        break;
                }
            }

            var rowFindings = findings.List.Skip(before).ToList();
            var status = CheckStatus.Of(rowFindings);
            if (status == CheckStatus.Fail)
            {
                fail++;
            }
            else
            {
                pass++;
            }

            results.Add(
                new JsonObject
                {
                    ["id"] = id,
                    ["producerVersion"] = Node.Text(row, "producerVersion"),
                    ["readerVersions"] = Node.JsonStrings(Node.Strings(row, "readerVersions")),
                    ["readerMode"] = Node.Text(row, "readerMode"),
                    ["fixtureFamily"] = Node.Text(row, "fixtureFamily"),
                    ["expectedOutcome"] = Node.Text(row, "expectedOutcome"),
                    ["blocking"] = Node.Bool(row, "blocking") == true,
                    ["status"] = status,
                    ["codes"] = Node.JsonStrings(rowFindings.Select(f => f.Code).Distinct()),
                }
            );
        }

        var ids = rows.Select(r => Node.Text(r, "id")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (
            var required in Enumerable
                .Range(1, 12)
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"BC-{i:000}"))
                .Concat(classification.Required)
                .Distinct(StringComparer.Ordinal)
                .Where(r => !ids.Contains(r))
        )
        {
            findings.Error(DiagnosticCodes.UsrScenarioMissing, 1, 1, required);
        }

        if (rows.Count > 0 && !rows.Any(r => Node.Array(r, "readerVersions")?.Items.Count > 1))
        {
            findings.Error(DiagnosticCodes.UsrNoMultiReaderScenario, 1, 1);
        }

        var summary = new JsonObject
        {
            ["scenarioCount"] = rows.Count,
            ["passCount"] = pass,
            ["failCount"] = fail,
            ["strictScenarioCount"] = rows.Count(r => Node.Text(r, "readerMode") == "strict"),
            ["nonStrictScenarioCount"] = rows.Count(r => Node.Text(r, "readerMode") == "non-strict"),
            ["warningCount"] = findings.Warnings,
            ["errorCount"] = findings.Errors,
        };
        var report = UsrRegistry.Report("usr-backcompat-matrix-results", findings.Status, summary, results, findings);
        return new ValidationResult(
            "usr-backcompat",
            full,
            findings.List,
            new Dictionary<string, JsonObject> { [ReportFile] = report }
        )
        {
            Reads = reads,
        };
    }

    /// <summary>
    /// Every required diagnostic follows the USR grammar and is in <see cref="UsrDiagnosticCodes"/> (RT6080), as
    /// PairOfCleats' validateUsrBackcompatMatrixCoverage checks with strictEnum.
    /// </summary>
    private static void CheckDiagnostics(LocatedJsonObject row, string id, Findings findings)
    {
        foreach (var code in Node.Array(row, "requiredDiagnostics")!.Items.Cast<LocatedJsonScalar>())
        {
            if (!DiagnosticPattern().IsMatch(code.Text!))
            {
                findings.Error(
                    DiagnosticCodes.UsrDiagnosticCodeUnknown,
                    code,
                    id,
                    code.Text,
                    "does not match ^USR-[EWI]-[A-Z0-9-]+$"
                );
            }
            else if (!UsrDiagnosticCodes.Contains(code.Text!, StringComparer.Ordinal))
            {
                findings.Error(
                    DiagnosticCodes.UsrDiagnosticCodeUnknown,
                    code,
                    id,
                    code.Text,
                    "is not in the USR diagnostic enum"
                );
            }
        }
    }

    /// <summary>
    /// The item-36 gate's per-scenario rules (tools/ci/usr/item36-backcompat-matrix-gate.js): a strict scenario is
    /// readerMode strict, blocking and accept or reject; an advisory one non-strict, non-blocking and
    /// accept-with-adapter (RT6081, one finding per broken field); an id that is not BC-nnn is a warning (RT6083).
    /// </summary>
    private static void CheckClassification(
        LocatedJsonObject row,
        string id,
        UsrScenarioClassification classification,
        Findings findings
    )
    {
        if (!ScenarioIdPattern().IsMatch(id))
        {
            findings.Warn(DiagnosticCodes.UsrScenarioIdNonCanonical, Node.At(row, "id"), id);
        }

        var mode = Node.Text(row, "readerMode");
        var outcome = Node.Text(row, "expectedOutcome");
        var blocking = Node.Bool(row, "blocking") == true;
        void Broken(string field, string classified, string actual) =>
            findings.Error(DiagnosticCodes.UsrScenarioClassMismatch, Node.At(row, field), id, classified, actual);

        if (classification.Strict.Contains(id, StringComparer.Ordinal))
        {
            if (mode != "strict")
            {
                Broken("readerMode", "strict and blocking", $"its readerMode is {mode}, not strict");
            }

            if (!blocking)
            {
                Broken("blocking", "strict and blocking", "it is not blocking");
            }

            if (outcome is not ("accept" or "reject"))
            {
                Broken(
                    "expectedOutcome",
                    "strict and blocking",
                    $"its expectedOutcome is {outcome}, not accept or reject"
                );
            }
        }
        else if (classification.Advisory.Contains(id, StringComparer.Ordinal))
        {
            if (mode != "non-strict")
            {
                Broken("readerMode", "non-strict advisory", $"its readerMode is {mode}, not non-strict");
            }

            if (blocking)
            {
                Broken("blocking", "non-strict advisory", "it is blocking");
            }

            if (outcome != "accept-with-adapter")
            {
                Broken(
                    "expectedOutcome",
                    "non-strict advisory",
                    $"its expectedOutcome is {outcome}, not accept-with-adapter"
                );
            }
        }
    }

    [GeneratedRegex(@"^usr-\d+\.\d+\.\d+$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^USR-[EWI]-[A-Z0-9-]+$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DiagnosticPattern();

    [GeneratedRegex(@"^BC-\d{3}$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ScenarioIdPattern();
}

/// <summary>
/// The USR waiver policy (usr-waiver-policy.json) at an instant, as PairOfCleats' validateUsrWaiverPolicyControls
/// (docs/validators.md, "USR waivers"): scopeType enum, artifact scopeIds, disallowed classes, approver format and
/// uniqueness, two approvers (one with a governance role, given the matrices) for blocking waivers, governed
/// compensating controls, expiry (an error in strict mode or when blocking, else a warning) and expiry within 14 days
/// (a warning). Writes <c>usr-waiver-policy-validation.json</c> (with <c>strict</c>).
/// </summary>
public static partial class UsrWaiverValidator
{
    /// <summary>The report file name.</summary>
    public const string ReportFile = "usr-waiver-policy-validation.json";

    /// <summary>The allowed scope types.</summary>
    public static readonly string[] ScopeTypes = ["global", "lane", "language", "framework", "artifact", "phase"];

    /// <summary>Classes that may never be waived.</summary>
    public static readonly string[] DisallowedClasses = ["strict-security-bypass", "schema-hard-block-bypass"];

    private static readonly Dictionary<string, Field> Schema = new(StringComparer.Ordinal)
    {
        ["id"] = new(FieldType.String),
        ["waiverClass"] = new(FieldType.String),
        ["scopeType"] = new(FieldType.String),
        ["scopeId"] = new(FieldType.String),
        ["allowedUntil"] = new(FieldType.String),
        ["approvers"] = new(FieldType.Strings),
        ["requiredCompensatingControls"] = new(FieldType.Strings),
        ["maxExtensions"] = new(FieldType.NonNegativeInteger),
        ["blocking"] = new(FieldType.Boolean),
    };

    /// <summary>
    /// The USR report artifacts (PairOfCleats' <c>USR_REPORT_SCHEMA_DEFS</c>, src/contracts/schemas/usr.js at
    /// b9398da2): the ids an artifact-scoped waiver may name, and with <c>.json</c> the governed compensating controls.
    /// </summary>
    public static readonly IReadOnlyList<string> ReportArtifacts =
    [
        "usr-conformance-summary",
        "usr-validation-report",
        "usr-waiver-active-report",
        "usr-waiver-expiry-report",
        "usr-benchmark-summary",
        "usr-benchmark-regression-summary",
        "usr-observability-rollup",
        "usr-threat-model-coverage-report",
        "usr-failure-injection-report",
        "usr-quality-evaluation-results",
        "usr-quality-regression-report",
        "usr-release-readiness-scorecard",
        "usr-operational-readiness-validation",
        "usr-backcompat-matrix-results",
        "usr-drift-report",
        "usr-release-train-readiness",
        "usr-no-cut-decision-log",
        "usr-post-cutover-stabilization-report",
        "usr-rollback-drill-report",
        "usr-incident-response-drill-report",
        "usr-feature-flag-state",
    ];

    private static readonly Dictionary<string, Field> OwnershipSchema = new(StringComparer.Ordinal)
    {
        ["id"] = new(FieldType.String),
        ["domain"] = new(FieldType.String),
        ["ownerRole"] = new(FieldType.String),
        ["backupOwnerRole"] = new(FieldType.String),
        ["escalationPolicyId"] = new(FieldType.String),
        ["evidenceArtifacts"] = new(FieldType.Strings),
        ["blocking"] = new(FieldType.Boolean),
    };

    private static readonly Dictionary<string, Field> EscalationSchema = new(StringComparer.Ordinal)
    {
        ["id"] = new(FieldType.String),
        ["triggerClass"] = new(FieldType.String),
        ["severity"] = new(FieldType.String, ["medium", "high", "critical"]),
        ["requiredApprovers"] = new(FieldType.Strings),
        ["maxAckMinutes"] = new(FieldType.PositiveInteger),
        ["maxResolutionMinutes"] = new(FieldType.PositiveInteger),
        ["autoBlockPromotion"] = new(FieldType.Boolean),
    };

    /// <summary>Validates the waiver policy in strict mode, without the governance matrices.</summary>
    /// <param name="path">The policy file.</param>
    /// <param name="at">The evaluation instant.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when the file cannot be read as JSON.</exception>
    public static ValidationResult Validate(string path, Instant at) => Validate(path, at, true, null, null);

    /// <summary>
    /// Validates the waiver policy as PairOfCleats' validateUsrWaiverPolicyControls does
    /// (src/contracts/validators/usr-matrix.js).
    /// </summary>
    /// <param name="path">The policy file.</param>
    /// <param name="at">The evaluation instant.</param>
    /// <param name="strict">
    /// Strict mode (PairOfCleats' default): an expired waiver, and a compensating control that maps to no governed
    /// report, are errors for every waiver; when false, warnings for a non-blocking one.
    /// </param>
    /// <param name="ownership">usr-ownership-matrix.json, or null: its owner and backup-owner roles are governance
    /// roles and its evidenceArtifacts governed compensating controls.</param>
    /// <param name="escalation">usr-escalation-policy.json, or null: its requiredApprovers are governance
    /// roles.</param>
    /// <returns>The result. With either matrix, a blocking waiver needs an approver holding a governance role
    /// (RT6086); the matrices' own envelope and row findings (RT6001, RT6002) are against their files.</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when a file cannot be read as JSON.</exception>
    public static ValidationResult Validate(string path, Instant at, bool strict, string? ownership, string? escalation)
    {
        var full = Path.GetFullPath(path);
        var findings = new Findings(full);
        var reads = new List<string>();
        var controls = ReportArtifacts.Select(a => a + ".json").ToHashSet(StringComparer.Ordinal);
        HashSet<string>? governance = null;
        foreach (
            var (matrix, registryId, schema) in new[]
            {
                (ownership, "usr-ownership-matrix", OwnershipSchema),
                (escalation, "usr-escalation-policy", EscalationSchema),
            }
        )
        {
            if (matrix is null)
            {
                continue;
            }

            var matrixFull = Path.GetFullPath(matrix);
            reads.Add(matrixFull);
            var matrixFindings = new Findings(matrixFull);
            governance ??= new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in UsrRegistry.Read(matrixFull, registryId, matrixFindings, out _))
            {
                UsrRegistry.CheckRow(row, schema, matrixFindings);
                if (registryId == "usr-ownership-matrix")
                {
                    governance.UnionWith(
                        new[] { Node.Text(row, "ownerRole"), Node.Text(row, "backupOwnerRole") }.OfType<string>()
                    );
                    controls.UnionWith(Node.Strings(row, "evidenceArtifacts"));
                }
                else
                {
                    governance.UnionWith(Node.Strings(row, "requiredApprovers"));
                }
            }

            findings.List.AddRange(matrixFindings.List);
        }

        var rows = UsrRegistry.Read(full, "usr-waiver-policy", findings, out _);
        UsrRegistry.CheckUniqueIds(rows, findings);
        var results = new JsonArray();
        var active = 0;
        var expired = 0;
        var changes = new List<Instant?>();
        foreach (var row in rows)
        {
            var id = Node.Text(row, "id") ?? "?";
            var before = findings.List.Count;
            var state = "invalid";
            if (UsrRegistry.CheckRow(row, Schema, findings))
            {
                var scope = Node.Text(row, "scopeType")!;
                if (!ScopeTypes.Contains(scope))
                {
                    findings.Error(
                        DiagnosticCodes.WaiverScopeTypeInvalid,
                        Node.At(row, "scopeType"),
                        id,
                        scope,
                        string.Join("|", ScopeTypes)
                    );
                }

                var waiverClass = Node.Text(row, "waiverClass")!;
                if (DisallowedClasses.Contains(waiverClass))
                {
                    findings.Error(DiagnosticCodes.WaiverClassDisallowed, Node.At(row, "waiverClass"), id, waiverClass);
                }

                var seen = new HashSet<string>(WaiverRules.ApproverComparer);
                foreach (var approver in Node.Array(row, "approvers")!.Items.OfType<LocatedJsonScalar>())
                {
                    // A principal first (trimmed, a GitHub login: no blank, padded or zero-width twin), then the
                    // USR naming rule, then distinct as principals compare.
                    if (!Principals.TryRead(approver.Text, out var login, out var why))
                    {
                        findings.Error(
                            DiagnosticCodes.WaiverApproverInvalid,
                            approver,
                            id,
                            approver.Text,
                            "is not a GitHub login: " + why
                        );
                    }
                    else if (!ApproverPattern().IsMatch(login))
                    {
                        findings.Error(
                            DiagnosticCodes.WaiverApproverInvalid,
                            approver,
                            id,
                            approver.Text,
                            "does not match ^(usr|language|framework)-[a-z0-9][a-z0-9-]*$"
                        );
                    }
                    else if (!seen.Add(login))
                    {
                        findings.Error(
                            DiagnosticCodes.WaiverApproverInvalid,
                            approver,
                            id,
                            approver.Text,
                            "is listed twice"
                        );
                    }
                }

                var blocking = Node.Bool(row, "blocking") == true;
                if (Node.Array(row, "approvers")!.Items.Count == 0)
                {
                    findings.Error(
                        DiagnosticCodes.UsrRowInvalid,
                        Node.At(row, "approvers"),
                        id,
                        "'approvers' is empty"
                    );
                }

                if (blocking && !WaiverRules.IsApproved(seen, WaiverRules.BlockingApprovals))
                {
                    findings.Error(DiagnosticCodes.WaiverTooFewApprovers, Node.At(row, "approvers"), id, seen.Count);
                }

                if (blocking && governance is not null && !seen.Any(governance.Contains))
                {
                    findings.Error(
                        DiagnosticCodes.WaiverNoGovernanceApprover,
                        Node.At(row, "approvers"),
                        id,
                        governance.Count == 0
                            ? "the matrices name none"
                            : string.Join(", ", governance.Order(StringComparer.Ordinal))
                    );
                }

                if (scope == "artifact" && !ReportArtifacts.Contains(Node.Text(row, "scopeId"), StringComparer.Ordinal))
                {
                    findings.Error(
                        DiagnosticCodes.WaiverArtifactScopeUnknown,
                        Node.At(row, "scopeId"),
                        id,
                        Node.Text(row, "scopeId")
                    );
                }

                CheckControls(row, id, strict || blocking, controls, findings);

                var untilNode = Node.At(row, "allowedUntil");
                if (!PolicyTime.TryParseInstant(Node.Text(row, "allowedUntil")!, out var until, out var error))
                {
                    findings.Error(DiagnosticCodes.UsrRowInvalid, untilNode, id, "'allowedUntil' " + error);
                }
                else if (WaiverRules.IsExpired(until, at))
                {
                    expired++;
                    state = "expired";
                    if (strict || blocking)
                    {
                        findings.Error(
                            DiagnosticCodes.UsrWaiverExpired,
                            untilNode,
                            id,
                            PolicyTime.Utc(until),
                            PolicyTime.Utc(at)
                        );
                    }
                    else
                    {
                        findings.Warn(
                            DiagnosticCodes.UsrWaiverExpired,
                            untilNode,
                            id,
                            PolicyTime.Utc(until),
                            PolicyTime.Utc(at)
                        );
                    }
                }
                else
                {
                    active++;
                    changes.Add(WaiverRules.ChangesAt(until, at));
                    state = WaiverRules.State(until, at);
                    if (state == "expiring")
                    {
                        findings.Warn(
                            DiagnosticCodes.WaiverExpiringSoon,
                            untilNode,
                            id,
                            PolicyTime.Utc(until),
                            PolicyTime.Utc(at)
                        );
                    }
                }
            }

            var rowFindings = findings.List.Skip(before).ToList();
            results.Add(
                new JsonObject
                {
                    ["id"] = id,
                    ["waiverClass"] = Node.Text(row, "waiverClass"),
                    ["scopeType"] = Node.Text(row, "scopeType"),
                    ["scopeId"] = Node.Text(row, "scopeId"),
                    ["allowedUntil"] = Node.Text(row, "allowedUntil"),
                    ["blocking"] = Node.Bool(row, "blocking") == true,
                    ["state"] = state,
                    ["status"] = CheckStatus.Of(rowFindings),
                    ["codes"] = Node.JsonStrings(rowFindings.Select(f => f.Code).Distinct()),
                }
            );
        }

        var summary = new JsonObject
        {
            ["waiverCount"] = rows.Count,
            ["activeCount"] = active,
            ["expiredCount"] = expired,
            ["blockingCount"] = rows.Count(r => Node.Bool(r, "blocking") == true),
            ["warningCount"] = findings.Warnings,
            ["errorCount"] = findings.Errors,
        };
        var report = UsrRegistry.Report("usr-waiver-policy-validation", findings.Status, summary, results, findings);
        report["evaluatedAt"] = PolicyTime.Utc(at);
        report["strict"] = strict;
        return new ValidationResult(
            "usr-waivers",
            full,
            findings.List,
            new Dictionary<string, JsonObject> { [ReportFile] = report }
        )
        {
            ChangesAt = NextChange.Earliest(at, changes),
            Reads = reads,
        };
    }

    /// <summary>
    /// requiredCompensatingControls (RT6084): at least one, each a .json file, each a governed report artifact (a USR
    /// report or an ownership matrix evidence artifact; an error when <paramref name="governedOnly"/>, else a
    /// warning), as PairOfCleats' validateUsrWaiverPolicyControls.
    /// </summary>
    private static void CheckControls(
        LocatedJsonObject row,
        string id,
        bool governedOnly,
        HashSet<string> governed,
        Findings findings
    )
    {
        var list = Node.Array(row, "requiredCompensatingControls")!;
        if (list.Items.Count == 0)
        {
            findings.Error(
                DiagnosticCodes.WaiverControlInvalid,
                list,
                id,
                "requiredCompensatingControls names no evidence artifact; name at least one governed .json report"
            );
        }

        foreach (var control in list.Items.Cast<LocatedJsonScalar>())
        {
            if (!control.Text!.EndsWith(".json", StringComparison.Ordinal))
            {
                findings.Error(
                    DiagnosticCodes.WaiverControlInvalid,
                    control,
                    id,
                    $"compensating control '{control.Text}' is not a JSON evidence artifact (.json)"
                );
            }
            else if (!governed.Contains(control.Text))
            {
                var message =
                    $"compensating control '{control.Text}' maps to no governed report artifact (a USR report or an "
                    + "evidenceArtifacts entry of the ownership matrix)";
                if (governedOnly)
                {
                    findings.Error(DiagnosticCodes.WaiverControlInvalid, control, id, message);
                }
                else
                {
                    findings.Warn(DiagnosticCodes.WaiverControlInvalid, control, id, message);
                }
            }
        }
    }

    [GeneratedRegex(@"^(usr|language|framework)-[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ApproverPattern();
}

/// <summary>
/// The USR rollout approval lock (docs/specs/usr-rollout-approval-lock.md, a Markdown file): <c>Approval state:
/// `pending|approved`</c>, <c>Approval record ID: `usr-rollout-approval-...`</c>, and a table row per required role
/// (usr-architecture, usr-conformance, usr-operations) with its decision and a UTC timestamp. <c>approved</c> requires
/// every role approved. Writes <c>usr-approval-lock-validation.json</c>.
/// </summary>
public static partial class UsrApprovalLockValidator
{
    /// <summary>The report file name.</summary>
    public const string ReportFile = "usr-approval-lock-validation.json";

    /// <summary>The roles the lock must hold.</summary>
    public static readonly string[] Roles = ["usr-architecture", "usr-conformance", "usr-operations"];

    /// <summary>Validates the lock.</summary>
    /// <param name="path">The Markdown file.</param>
    /// <returns>The result (its report carries <c>state</c> and <c>approved</c>).</returns>
    /// <exception cref="ReleaseTrainException">RT1003/RT1011 when the file cannot be read.</exception>
    public static ValidationResult Validate(string path)
    {
        var full = Path.GetFullPath(path);
        var findings = new Findings(full);
        var lines = System
            .Text.Encoding.UTF8.GetString(RepositoryFiles.ReadFile(full))
            .Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .ToArray();
        string? state = null;
        string? recordId = null;
        var decisions = new Dictionary<string, (string Decision, string At, int Line)>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (StatePattern().Match(line) is { Success: true } s)
            {
                state = s.Groups[1].Value;
                if (state is not ("pending" or "approved"))
                {
                    findings.Error(
                        DiagnosticCodes.ApprovalLockMalformed,
                        i + 1,
                        s.Groups[1].Index + 1,
                        $"Approval state is '{state}', not pending or approved"
                    );
                }
            }
            else if (RecordPattern().Match(line) is { Success: true } r)
            {
                recordId = r.Groups[1].Value;
                if (!recordId.StartsWith("usr-rollout-approval-", StringComparison.Ordinal))
                {
                    findings.Error(
                        DiagnosticCodes.ApprovalLockMalformed,
                        i + 1,
                        r.Groups[1].Index + 1,
                        $"Approval record ID '{recordId}' does not start with usr-rollout-approval-"
                    );
                }
            }
            else if (RowPattern().Match(line) is { Success: true } row)
            {
                var role = row.Groups["role"].Value;
                if (
                    !decisions.TryAdd(role, (row.Groups["decision"].Value.Trim(), row.Groups["at"].Value.Trim(), i + 1))
                )
                {
                    findings.Error(DiagnosticCodes.ApprovalLockMalformed, i + 1, 1, $"role '{role}' has two rows");
                }
            }
        }

        if (state is null)
        {
            findings.Error(DiagnosticCodes.ApprovalLockMalformed, 1, 1, "no 'Approval state: `pending|approved`' line");
        }

        if (recordId is null)
        {
            findings.Error(
                DiagnosticCodes.ApprovalLockMalformed,
                1,
                1,
                "no 'Approval record ID: `usr-rollout-approval-...`' line"
            );
        }

        var rows = new JsonArray();
        foreach (var role in Roles)
        {
            if (!decisions.TryGetValue(role, out var d))
            {
                findings.Error(DiagnosticCodes.ApprovalLockMalformed, 1, 1, $"no table row for role '{role}'");
                rows.Add(
                    new JsonObject
                    {
                        ["role"] = role,
                        ["decision"] = null,
                        ["updatedAt"] = null,
                    }
                );
                continue;
            }

            if (d.Decision is not ("pending" or "approved" or "rejected"))
            {
                findings.Error(
                    DiagnosticCodes.ApprovalLockMalformed,
                    d.Line,
                    1,
                    $"role '{role}' has decision '{d.Decision}', not pending, approved or rejected"
                );
            }

            if (!d.At.EndsWith('Z') || !PolicyTime.TryParseInstant(d.At, out _, out _))
            {
                findings.Error(
                    DiagnosticCodes.ApprovalLockMalformed,
                    d.Line,
                    1,
                    $"role '{role}' is updated at '{d.At}', not an ISO 8601 UTC timestamp"
                );
            }

            rows.Add(
                new JsonObject
                {
                    ["role"] = role,
                    ["decision"] = d.Decision,
                    ["updatedAt"] = d.At,
                }
            );
        }

        var allApproved = Roles.All(r => decisions.TryGetValue(r, out var d) && d.Decision == "approved");
        if (state == "approved" && !allApproved)
        {
            var missing = Roles.Where(r => !decisions.TryGetValue(r, out var d) || d.Decision != "approved");
            findings.Error(
                DiagnosticCodes.ApprovalLockInconsistent,
                1,
                1,
                $"the state is approved but {string.Join(", ", missing)} {(missing.Count() == 1 ? "is" : "are")} not "
                    + $"approved: the lock is invalid and rollout authorization must be reopened"
            );
        }

        var report = UsrRegistry.Report(
            "usr-approval-lock-validation",
            findings.Status,
            new JsonObject
            {
                ["roleCount"] = Roles.Length,
                ["approvedCount"] = Roles.Count(r => decisions.TryGetValue(r, out var d) && d.Decision == "approved"),
                ["warningCount"] = findings.Warnings,
                ["errorCount"] = findings.Errors,
            },
            rows,
            findings
        );
        report["state"] = state;
        report["recordId"] = recordId;
        report["approved"] = state == "approved" && allApproved && findings.Errors == 0;
        return new ValidationResult(
            "usr-approval-lock",
            full,
            findings.List,
            new Dictionary<string, JsonObject> { [ReportFile] = report }
        );
    }

    [GeneratedRegex(@"^\s*Approval state:\s*`([^`]*)`", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex StatePattern();

    [GeneratedRegex(@"^\s*Approval record ID:\s*`([^`]*)`", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RecordPattern();

    [GeneratedRegex(
        @"^\s*\|\s*`(?<role>usr-[a-z0-9-]+)`\s*\|(?<decision>[^|]*)\|(?<at>[^|]*)\|\s*$",
        RegexOptions.CultureInvariant,
        1000
    )]
    private static partial Regex RowPattern();
}
