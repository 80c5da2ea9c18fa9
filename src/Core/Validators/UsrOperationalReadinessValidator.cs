using System.Text.Json.Nodes;
using NodaTime;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// The USR operational readiness policy (usr-operational-readiness-policy.json) and, when drill evidence is given, the
/// drill cadence of its blocking runbooks (docs/validators.md). Writes
/// <c>usr-operational-readiness-validation.json</c>, and from the drill evidence <c>usr-rollback-drill-report.json</c>
/// (runbooks of pre-cutover, cutover and post-cutover rows) and <c>usr-incident-response-drill-report.json</c>
/// (runbooks of incident rows).
/// </summary>
/// <remarks>
/// A drill evidence file (schemas/usr-drill-evidence.schema.json) is one drill object or <c>{"drills": [...]}</c>:
/// <c>{"runbookId", "runbookVersion", "result": "pass"|"fail", "executedAt" (ISO 8601 with offset),
/// "remediation": {"owner", "eta", "rerunEvidence"}}</c>. For each blocking row, the latest successful drill of its
/// runbook executed before the cutover window (or before the evaluation instant without one) counts; it must be at
/// most 30 days older than the cutover window's start (or the evaluation instant). A failed drill of a blocking
/// runbook needs a remediation owner, ETA and rerun evidence. Every drill pins its runbook version.
/// </remarks>
public static class UsrOperationalReadinessValidator
{
    /// <summary>The validation report file name.</summary>
    public const string ReportFile = "usr-operational-readiness-validation.json";

    /// <summary>The rollback drill report file name.</summary>
    public const string RollbackDrillReportFile = "usr-rollback-drill-report.json";

    /// <summary>The incident-response drill report file name.</summary>
    public const string IncidentDrillReportFile = "usr-incident-response-drill-report.json";

    /// <summary>The phases every policy covers.</summary>
    public static readonly string[] Phases = ["pre-cutover", "cutover", "post-cutover", "incident"];

    /// <summary>
    /// The longest a counting drill may precede the cutover window (or the evaluation instant): 30 days.
    /// </summary>
    public static readonly Duration DrillMaxAge = PolicyDurations.RollbackDrillMaxAge;

    private static readonly Dictionary<string, Field> Schema = new(StringComparer.Ordinal)
    {
        ["id"] = new(FieldType.String),
        ["phase"] = new(FieldType.String, Phases),
        ["runbookId"] = new(FieldType.String),
        ["severityClass"] = new(FieldType.String),
        ["requiredRoles"] = new(FieldType.Strings),
        ["requiredArtifacts"] = new(FieldType.Strings),
        ["communicationChannels"] = new(FieldType.Strings),
        ["maxResponseMinutes"] = new(FieldType.PositiveInteger),
        ["maxRecoveryMinutes"] = new(FieldType.PositiveInteger),
        ["blocking"] = new(FieldType.Boolean),
    };

    private sealed record Drill(
        string RunbookId,
        string? Version,
        string Result,
        Instant ExecutedAt,
        string ExecutedAtText,
        LocatedJsonObject? Remediation,
        LocatedJsonObject Node,
        Findings File
    );

    /// <summary>Validates the policy, and the drill cadence when <paramref name="drills"/> is given.</summary>
    /// <param name="path">The policy file.</param>
    /// <param name="drills">A drill evidence file or a folder of them (every *.json), or null to skip the drill
    /// checks.</param>
    /// <param name="at">The evaluation instant.</param>
    /// <param name="cutover">The start of the cutover window, or null.</param>
    /// <returns>The result; findings in drill files carry those files' paths.</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx when a file cannot be read as JSON.</exception>
    public static ValidationResult Validate(string path, string? drills, Instant at, Instant? cutover)
    {
        var full = Path.GetFullPath(path);
        var findings = new Findings(full);
        var rows = UsrRegistry.Read(full, "usr-operational-readiness-policy", findings, out var root);
        UsrRegistry.CheckUniqueIds(rows, findings);
        var valid = rows.Where(r => UsrRegistry.CheckRow(r, Schema, findings)).ToList();
        LocatedJsonNode? rowsNode = root?.GetMember("rows")?.Value ?? root;
        foreach (var phase in Phases.Where(p => !valid.Any(r => Node.Text(r, "phase") == p)))
        {
            findings.Error(DiagnosticCodes.OpsPhaseMissing, rowsNode, phase);
        }

        foreach (
            var phase in new[] { "pre-cutover", "cutover", "incident" }.Where(p =>
                valid.Any(r => Node.Text(r, "phase") == p)
                && !valid.Any(r => Node.Text(r, "phase") == p && Node.Bool(r, "blocking") == true)
            )
        )
        {
            findings.Error(DiagnosticCodes.OpsBlockingRowMissing, rowsNode, phase);
        }

        foreach (var row in valid)
        {
            var id = Node.Text(row, "id")!;
            if (Node.Bool(row, "blocking") == true && Node.Strings(row, "requiredRoles").Count == 0)
            {
                findings.Error(DiagnosticCodes.OpsBlockingRolesEmpty, Node.At(row, "requiredRoles"), id);
            }

            if (Node.Text(row, "phase") == "incident" && Node.Strings(row, "communicationChannels").Count == 0)
            {
                findings.Error(DiagnosticCodes.OpsIncidentChannelMissing, Node.At(row, "communicationChannels"), id);
            }
        }

        var extra = new List<Diagnostic>();
        var reports = new Dictionary<string, JsonObject>();
        var drillCount = 0;
        var reads = new List<string>();
        var changes = new List<Instant?>();
        if (drills is not null)
        {
            var evidence = ReadDrills(drills, extra, reads);
            var reference = cutover ?? at;

            // A drill counts from when it ran; without a cutover window the newest one grows stale with the instant.
            changes.AddRange(evidence.Select(d => (Instant?)d.ExecutedAt));
            var counting = new HashSet<Drill>();
            foreach (var row in valid.Where(r => Node.Bool(r, "blocking") == true))
            {
                var id = Node.Text(row, "id")!;
                var runbook = Node.Text(row, "runbookId")!;
                var mine = evidence.Where(d => d.RunbookId == runbook).ToList();
                var best = mine.Where(d =>
                        DrillPassed(d.Result) && d.ExecutedAt <= at && (cutover is null || d.ExecutedAt < cutover)
                    )
                    .MaxBy(d => d.ExecutedAt);
                var problem =
                    mine.Count == 0 ? "has no drill evidence"
                    : best is null
                        ? (
                            cutover is not null && mine.Any(d => DrillPassed(d.Result) && d.ExecutedAt >= cutover)
                                ? "has no successful drill before the cutover window"
                                : "has no successful drill"
                        )
                    : reference - best.ExecutedAt > DrillMaxAge
                        ? $"last succeeded at {best.ExecutedAtText}, more than {DrillMaxAge.Days} days before "
                            + $"{(cutover is null ? "the evaluation instant" : "the cutover window")} "
                            + $"{PolicyTime.Utc(reference)}"
                    : null;
                if (problem is not null)
                {
                    findings.Error(
                        DiagnosticCodes.OpsDrillMissingOrStale,
                        Node.At(row, "runbookId"),
                        id,
                        runbook,
                        problem
                    );
                }

                if (best is not null)
                {
                    counting.Add(best);
                    changes.Add(cutover is null ? NextChange.FirstAfter(best.ExecutedAt, DrillMaxAge) : null);
                }

                foreach (var failed in mine.Where(d => !DrillPassed(d.Result)))
                {
                    var missing = new[] { "owner", "eta", "rerunEvidence" }
                        .Where(k => string.IsNullOrWhiteSpace(Node.Text(failed.Remediation, k)))
                        .ToList();
                    if (missing.Count > 0)
                    {
                        extra.Add(
                            DiagnosticCodes.OpsDrillRemediationMissing.Error(
                                failed.File.Path,
                                failed.Node.Line,
                                failed.Node.Column,
                                runbook,
                                failed.ExecutedAtText,
                                string.Join(", ", missing)
                            )
                        );
                    }
                }
            }

            foreach (var drill in evidence.Where(d => d.Version is null))
            {
                extra.Add(
                    DiagnosticCodes.OpsRunbookVersionUnpinned.Error(
                        drill.File.Path,
                        drill.Node.Line,
                        drill.Node.Column,
                        drill.RunbookId
                    )
                );
            }

            var incidentRunbooks = valid
                .Where(r => Node.Text(r, "phase") == "incident")
                .Select(r => Node.Text(r, "runbookId"))
                .ToHashSet(StringComparer.Ordinal);
            JsonObject DrillReport(string registryId, IEnumerable<Drill> selected)
            {
                var list = selected
                    .OrderBy(d => d.RunbookId, StringComparer.Ordinal)
                    .ThenBy(d => d.ExecutedAt)
                    .ToList();
                var rowsJson = new JsonArray([
                    .. list.Select(d =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["runbookId"] = d.RunbookId,
                                ["runbookVersion"] = d.Version,
                                ["result"] = d.Result,
                                ["executedAt"] = d.ExecutedAtText,
                                ["ageDays"] = (int)Math.Floor((at - d.ExecutedAt).TotalDays),
                                ["counts"] = counting.Contains(d),
                                ["remediation"] = d.Remediation is null ? null : JsonNode.Parse(d.Remediation.ToJson()),
                            }
                    ),
                ]);
                var drillFindings = new Findings(full);
                var report = UsrRegistry.Report(
                    registryId,
                    list.Any(d => !DrillPassed(d.Result)) ? CheckStatus.Warn : CheckStatus.Pass,
                    new JsonObject
                    {
                        ["drillCount"] = list.Count,
                        ["passCount"] = list.Count(d => DrillPassed(d.Result)),
                        ["failCount"] = list.Count(d => !DrillPassed(d.Result)),
                    },
                    rowsJson,
                    drillFindings
                );
                report["evaluatedAt"] = PolicyTime.Utc(at);
                return report;
            }

            reports[RollbackDrillReportFile] = DrillReport(
                "usr-rollback-drill-report",
                evidence.Where(d => !incidentRunbooks.Contains(d.RunbookId))
            );
            reports[IncidentDrillReportFile] = DrillReport(
                "usr-incident-response-drill-report",
                evidence.Where(d => incidentRunbooks.Contains(d.RunbookId))
            );
            drillCount = evidence.Count;
        }

        var all = findings.List.Concat(extra).ToList();
        var status = CheckStatus.Of(all);
        var rowResults = new JsonArray([
            .. rows.Select(r =>
                (JsonNode)
                    new JsonObject
                    {
                        ["id"] = Node.Text(r, "id"),
                        ["phase"] = Node.Text(r, "phase"),
                        ["runbookId"] = Node.Text(r, "runbookId"),
                        ["blocking"] = Node.Bool(r, "blocking") == true,
                        ["status"] = all.Any(d => d.File == full && d.Line >= r.Line && d.Line <= LastLine(r))
                            ? CheckStatus.Fail
                            : CheckStatus.Pass,
                    }
            ),
        ]);
        var allFindings = new Findings(full);
        allFindings.List.AddRange(all);
        var validation = UsrRegistry.Report(
            "usr-operational-readiness-validation",
            status,
            new JsonObject
            {
                ["rowCount"] = rows.Count,
                ["blockingCount"] = rows.Count(r => Node.Bool(r, "blocking") == true),
                ["phaseCount"] = Phases.Count(p => rows.Any(r => Node.Text(r, "phase") == p)),
                ["drillCount"] = drillCount,
                ["warningCount"] = allFindings.Warnings,
                ["errorCount"] = allFindings.Errors,
            },
            rowResults,
            allFindings
        );
        validation["evaluatedAt"] = PolicyTime.Utc(at);
        validation["cutoverAt"] = cutover is null ? null : PolicyTime.Utc(cutover.Value);
        validation["drillsEvaluated"] = drills is not null;
        reports[ReportFile] = validation;
        return new ValidationResult("usr-operational-readiness", full, all, reports)
        {
            Reads = reads,
            ChangesAt = NextChange.Earliest(at, changes),
        };
    }

    private static int LastLine(LocatedJsonObject row) =>
        row.Properties.Count == 0 ? row.Line : row.Properties.Max(p => p.Value.Line);

    private static List<Drill> ReadDrills(string location, List<Diagnostic> errors, List<string> reads)
    {
        var files = Directory.Exists(location)
            ? Directory.GetFiles(location, "*.json").Order(StringComparer.Ordinal).ToList()
            : [Path.GetFullPath(location)];
        if (Directory.Exists(location))
        {
            reads.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(location)) + Path.DirectorySeparatorChar);
        }

        reads.AddRange(files);
        var drills = new List<Drill>();
        foreach (var file in files)
        {
            var document = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(file), file);
            var findings = new Findings(file);
            var items =
                document.Root is LocatedJsonObject single && single.GetMember("drills") is null
                    ? [single]
                    : (Node.Array(document.Root as LocatedJsonObject, "drills")?.Items ?? []).ToList();
            if (items.Count == 0)
            {
                findings.Error(
                    DiagnosticCodes.OpsDrillInvalid,
                    document.Root,
                    "expected a drill object or {\"drills\": [...]}"
                );
            }

            foreach (var item in items)
            {
                if (
                    item is not LocatedJsonObject drill
                    || Node.Text(drill, "runbookId") is not { } runbook
                    || Node.Text(drill, "result") is not { } result
                    || Node.Text(drill, "executedAt") is not { } executed
                )
                {
                    findings.Error(
                        DiagnosticCodes.OpsDrillInvalid,
                        item,
                        "a drill needs runbookId, result and executedAt strings"
                    );
                    continue;
                }

                if (!PolicyTime.TryParseInstant(executed, out var when, out var error))
                {
                    findings.Error(
                        DiagnosticCodes.OpsDrillInvalid,
                        Node.At(drill, "executedAt"),
                        "executedAt " + error
                    );
                    continue;
                }

                drills.Add(
                    new Drill(
                        runbook,
                        Node.Text(drill, "runbookVersion"),
                        result,
                        when,
                        executed,
                        Node.Object(drill, "remediation"),
                        drill,
                        findings
                    )
                );
            }

            errors.AddRange(findings.List);
        }

        return drills;
    }

    /// <summary>
    /// Whether a USR drill's <c>result</c> is a pass: exactly <c>pass</c>, <c>passed</c> or <c>success</c>, case and
    /// white space as written. This is the USR contract's own vocabulary (usr-drill-evidence: <c>pass</c> |
    /// <c>fail</c>; these three as this validator has always read them), kept stricter on purpose than the words
    /// <see cref="CheckStatus.IsPassed"/> accepts in other files: a drill result that is not one of them fails.
    /// </summary>
    private static bool DrillPassed(string? result) => result is "pass" or "passed" or "success";
}
