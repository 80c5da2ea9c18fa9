using System.Text.Json.Nodes;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Reporting;

/// <summary>What a readiness report is asked about.</summary>
/// <param name="Release">The release version.</param>
/// <param name="Commit">The commit, or null (then commit binding of sign-off is not checked).</param>
/// <param name="At">The instant every gate is evaluated at.</param>
/// <param name="CalendarDays">How many days of freeze calendar to show (default 30).</param>
public sealed record ReadinessRequest(string Release, string? Commit, Instant At, int CalendarDays = 30)
{
    /// <summary>The release's author, who cannot approve it (ReleaseAuthor.Resolve), or null.</summary>
    public string? Author { get; init; }

    /// <summary>Where <see cref="Author"/> came from, or null.</summary>
    public string? AuthorSource { get; init; }

    /// <summary>The release PR's reviews, which count as sign-off decisions (source <c>review</c>).</summary>
    public IReadOnlyList<SignOff.SignOffDecision> Reviews { get; init; } = [];

    /// <summary>GitHub team memberships ("team/login" to member), or null when not asked.</summary>
    public IReadOnlyDictionary<string, bool>? Memberships { get; init; }
}

/// <summary>
/// The release-readiness scorecard (docs/report.md; schemas/usr-release-readiness-scorecard.schema.json, the seed's
/// <c>usr-release-readiness-scorecard</c>): the latest result of every gate — contract drift, evidence, the release
/// freeze, the no-cut decision (evaluated, not recorded), joint sign-off, and each validator contract — with each
/// failure's reason and location; the evidence digests and files; the sign-off table; the freeze calendar of the next
/// days; and the decision-log timeline. Every gate runs the same Core check as its own command.
/// </summary>
public static class ReadinessReport
{
    /// <summary>Builds the scorecard.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="request">The release and instant.</param>
    /// <returns>The scorecard JSON.</returns>
    public static JsonObject Scorecard(ReleaseTrainConfig config, ReadinessRequest request)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        var root = config.RootDirectory;
        var rows = new JsonArray();
        var releaseRequest = new ReleaseRequest(request.Release, request.Commit ?? string.Empty, request.At)
        {
            Author = request.Author,
            Reviews = request.Reviews,
            Memberships = request.Memberships,
        };

        // Contract drift (rules contracts) and each validator contract, from one verification.
        var verification = ContractVerifier.Verify(config, null, request.At);
        var kinds = config.Contracts.ToDictionary(c => c.Id, c => c.Kind, StringComparer.Ordinal);
        var ruleResults = verification
            .Contracts.Where(c => kinds.GetValueOrDefault(c.Id) == Validators.ValidatorKinds.Rules)
            .ToList();
        var driftFindings = ruleResults
            .SelectMany(c => c.InputErrors.Concat(c.Findings.Select(f => f.Diagnostic)))
            .Concat(verification.InputErrors)
            .ToList();
        rows.Add(
            Row(
                "contract-drift",
                "Contract drift",
                Status(driftFindings),
                driftFindings.Count == 0
                    ? $"{ruleResults.Count} contract(s), no drift"
                    : $"{driftFindings.Count(d => d.Severity == DiagnosticSeverity.Error)} error(s) in "
                        + $"{ruleResults.Count(c => c.Status != VerificationStatus.Pass)} contract(s)",
                driftFindings,
                root
            )
        );
        var verifyCommand = VerifyCommand(config);

        var gates = GateStatuses.Evaluate(config, releaseRequest, verification);
        foreach (var gate in gates.Where(g => g.Context != "release-train/drift"))
        {
            var (id, name) = gate.Context switch
            {
                "release-train/freeze" => ("freeze", "Release freeze"),
                "release-train/evidence" => ("evidence", "Evidence bundle"),
                "release-train/no-cut" => ("no-cut", "No-cut decision"),
                _ => ("signoff", "Joint sign-off"),
            };
            var status = gate.State switch
            {
                GateState.Success => CheckStatus.Pass,
                GateState.Pending => "pending",
                _ => CheckStatus.Fail,
            };
            rows.Add(Row(id, name, status, Summary(gate.Description, gate.Diagnostics), gate.Diagnostics, root));
        }

        foreach (
            var result in verification.Contracts.Where(c =>
                kinds.GetValueOrDefault(c.Id) is { } kind && kind != Validators.ValidatorKinds.Rules
            )
        )
        {
            var diagnostics = result.InputErrors.Concat(result.Findings.Select(f => f.Diagnostic)).ToList();
            var row = Row(
                "validator:" + result.Id,
                $"{kinds[result.Id]}: {result.Id}",
                Status(diagnostics),
                diagnostics.Count == 0
                    ? "pass"
                    : $"{diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} error(s), "
                        + $"{diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning)} warning(s)",
                diagnostics,
                root
            );
            if (kinds[result.Id] == Validators.PromotionKind.KindName && result.InputErrors.Count == 0)
            {
                row["promotion"] = Promotion(config, result.Id, request.At);
            }

            rows.Add(row);
        }

        if (PreflightRow(root, request.Release) is { } preflight)
        {
            rows.Add(preflight);
        }

        // A decision log that does not verify is a failing row of its own (fail closed), not an empty timeline.
        var timeline = Timeline(config, out var logErrors);
        if (logErrors.Count > 0)
        {
            rows.Add(Row("decision-log", "Decision log", "fail", "the decision log does not verify", logErrors, root));
        }

        foreach (var row in rows.OfType<JsonObject>())
        {
            row["fix"] = Fix(row, rows, request.Release, verifyCommand, root);
        }

        var statuses = rows.Select(r => r!["status"]!.GetValue<string>()).ToList();
        return new JsonObject
        {
            ["schemaVersion"] = "usr-registry-1.0.0",
            ["registryId"] = "usr-release-readiness-scorecard",
            ["release"] = request.Release,
            ["commit"] = request.Commit,
            ["generatedAt"] = PolicyTime.Utc(request.At),
            ["status"] =
                statuses.Contains("fail") ? "fail"
                : statuses.Any(s => s is "warn" or "pending") ? "warn"
                : "pass",
            ["summary"] = new JsonObject
            {
                ["gateCount"] = statuses.Count,
                ["passCount"] = statuses.Count(s => s == "pass"),
                ["warnCount"] = statuses.Count(s => s == "warn"),
                ["pendingCount"] = statuses.Count(s => s == "pending"),
                ["failCount"] = statuses.Count(s => s == "fail"),
            },
            ["rows"] = rows,
            ["evidence"] = EvidenceSection(root, request.Release),
            ["signoff"] = SignOffSection(config, request),
            ["freezeCalendar"] = Calendar(config, request),
            ["decisions"] = timeline,
        };
    }

    /// <summary>
    /// A gate's one-line description without the reason it quotes (the status line GitHub shows carries the first
    /// reason; the row lists every reason below it, so the reason is printed once): "NO-GO: RT4102: ..." becomes
    /// "NO-GO (1 reason)".
    /// </summary>
    private static string Summary(string description, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (diagnostics.Count == 0)
        {
            return description;
        }

        var at = description.IndexOf(diagnostics[0].Code, StringComparison.Ordinal);
        if (at < 0)
        {
            return description;
        }

        var head = description[..at].TrimEnd(' ', ':', ';');
        return $"{head} ({diagnostics.Count} reason{(diagnostics.Count == 1 ? string.Empty : "s")})";
    }

    /// <summary>The <c>verify</c> command of this configuration, as a user types it from the root.</summary>
    private static string VerifyCommand(ReleaseTrainConfig config)
    {
        var relative = Relative(config.RootDirectory, config.ConfigPath);
        return relative == "release-train.json"
            ? "release-train verify --explain"
            : $"release-train verify --config {relative} --explain";
    }

    /// <summary>
    /// What to run to fix a row that does not pass (docs/report.md, "What fixes it"): a command of the
    /// <c>release-train</c> tool, with this release's version, never a build script's target. Null for a passing row.
    /// </summary>
    private static string? Fix(JsonObject row, JsonArray rows, string release, string verify, string root)
    {
        var status = row["status"]!.GetValue<string>();
        if (status == CheckStatus.Pass)
        {
            return null;
        }

        var bundle = Relative(root, EvidenceBundle.BundlePath(root, release));
        var evidence = $"release-train evidence --version {release}";
        var needsBundle = rows.OfType<JsonObject>()
            .Any(r => r["id"]?.GetValue<string>() == "evidence" && r["status"]?.GetValue<string>() == "pending");
        var id = row["id"]!.GetValue<string>();
        return id switch
        {
            "contract-drift" => $"run `{verify}` and correct each file it names",
            "freeze" =>
                $"run `release-train freeze --action release --version {release} --explain` for the window and its "
                    + "next opening; release after it, or add a freeze exception (docs/policy.md)",
            "evidence" when status == "pending" =>
                $"pack the release (`dotnet pack`), then run `{evidence}` to write its evidence bundle {bundle}",
            "evidence" =>
                $"run `release-train evidence verify {bundle}` to see each file that differs, then rebuild the "
                    + "release from its commit",
            "no-cut" when needsBundle => $"run `{evidence}` (the decision reads the bundle), then "
                + $"`release-train decide --version {release} --dry-run --explain`",
            "no-cut" =>
                $"run `release-train decide --version {release} --dry-run --explain` and fix each reason it names",
            "signoff" =>
                $"run `release-train signoff status --version {release}` for the roles still missing; each approver "
                    + "records a decision (docs/signoff.md)",
            "decision-log" =>
                "run `release-train log verify` to see the first problem (docs/policy.md, \"The ledger\")",
            _ => $"run `{verify}` and correct each file it names",
        };
    }

    private static string Status(IReadOnlyCollection<Diagnostic> diagnostics) =>
        diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? "fail"
        : diagnostics.Count > 0 ? "warn"
        : "pass";

    /// <summary>
    /// The promotion gate's equalities and signatures of a <c>promotion</c> contract (the same check the row's
    /// verification ran, evaluated again for its details).
    /// </summary>
    private static JsonObject Promotion(ReleaseTrainConfig config, string contractId, Instant at)
    {
        var contract = config.Contracts.First(c => c.Id == contractId);
        var files = new IO.RepositoryFiles(config.RootDirectory);
        var outcome = Validators.PromotionGate.Check(
            files.Resolve(contract.Manifest.Path),
            contract.Options,
            files,
            config,
            at
        );
        return new JsonObject
        {
            ["form"] = outcome.Form,
            ["equalities"] = Validators.PromotionGate.EqualitiesJson(outcome.Equalities),
            ["signatures"] = Validators.PromotionGate.SignaturesJson(outcome.Signatures),
        };
    }

    /// <summary>
    /// The preflight's row, from the report <c>release-train preflight</c> wrote for this release
    /// (<see cref="PreflightReportFile"/>); null when it has not run for this release.
    /// </summary>
    private static JsonObject? PreflightRow(string root, string release)
    {
        var path = PreflightReportFile(root);
        if (!File.Exists(path))
        {
            return null;
        }

        var report = Json.LocatedJsonDocument.ParseNode(IO.RepositoryFiles.ReadFile(path), path) as JsonObject;
        if (report?["version"]?.GetValue<string>() != release)
        {
            return null;
        }

        var status = report["status"]?.GetValue<string>() is "pass" or "warn"
            ? report["status"]!.GetValue<string>()
            : "fail";
        var checks = string.Join(
            ", ",
            (report["checks"] as JsonArray ?? []).Select(c => $"{c?["name"]}: {c?["status"]}")
        );
        var findings = (report["diagnostics"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(d =>
                (JsonNode)
                    new JsonObject
                    {
                        ["code"] = d["code"]?.GetValue<string>(),
                        ["severity"] = d["severity"]?.GetValue<string>() == "warning" ? "warning" : "error",
                        ["message"] = d["message"]?.GetValue<string>(),
                        ["file"] = d["file"]?.GetValue<string>() is { } file ? Relative(root, file) : null,
                        ["line"] = d["line"]?.GetValue<int>() ?? 0,
                        ["column"] = d["column"]?.GetValue<int>() ?? 0,
                    }
            );
        return new JsonObject
        {
            ["id"] = "preflight",
            ["name"] = "Preflight",
            ["status"] = status,
            ["summary"] = checks,
            ["findings"] = new JsonArray([.. findings]),
        };
    }

    /// <summary>
    /// Where <c>release-train preflight</c> writes its JSON report: <c>artifacts/reports/preflight.json</c>.
    /// </summary>
    /// <param name="root">The repository root.</param>
    /// <returns>The path.</returns>
    public static string PreflightReportFile(string root) =>
        Path.Combine(IO.RepositoryPaths.Reports(root), "preflight.json");

    private static JsonObject Row(
        string id,
        string name,
        string status,
        string summary,
        IEnumerable<Diagnostic> findings,
        string root
    ) =>
        new()
        {
            ["id"] = id,
            ["name"] = name,
            ["status"] = status,
            ["summary"] = summary,
            ["findings"] = new JsonArray([
                .. findings.Select(d =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["code"] = d.Code,
                            ["severity"] = d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
                            ["message"] = d.Message,
                            ["file"] = d.File is null ? null : Relative(root, d.File),
                            ["line"] = d.Line,
                            ["column"] = d.Column,
                        }
                ),
            ]),
        };

    /// <summary>A path relative to the root with '/' separators when inside it, else as given.</summary>
    internal static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        return relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static JsonObject EvidenceSection(string root, string release)
    {
        var bundle = EvidenceBundle.BundlePath(root, release);
        var digest = EvidenceBundle.CommittedDigest(root, release);
        var section = new JsonObject
        {
            ["bundle"] = Relative(root, bundle),
            ["digest"] = digest,
            ["hashes"] = new JsonObject(),
            ["files"] = new JsonArray(),
        };
        if (digest is null)
        {
            return section;
        }

        var evidenceJson = Path.Combine(bundle, EvidenceBundle.EvidenceFile);
        if (
            File.Exists(evidenceJson)
            && JsonNode.Parse(RepositoryFiles.ReadText(evidenceJson))?["hashes"] is JsonObject hashes
        )
        {
            section["hashes"] = hashes.DeepClone();
        }

        section["files"] = new JsonArray([
            .. Directory
                .GetFiles(bundle)
                .Order(StringComparer.Ordinal)
                .Select(f =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["name"] = Path.GetFileName(f),
                            ["path"] = Relative(root, f),
                            ["sha256"] = ReleaseTrain.Core.Json.Digest.Sha256(RepositoryFiles.ReadFile(f)),
                        }
                ),
        ]);
        return section;
    }

    private static JsonObject SignOffSection(ReleaseTrainConfig config, ReadinessRequest request)
    {
        if (config.Policy.SignOff is null)
        {
            return new JsonObject
            {
                ["configured"] = false,
                ["complete"] = true,
                ["roles"] = new JsonArray(),
            };
        }

        var status = SignOffCheck.Run(
            config,
            new SignOffRequest(
                request.Release,
                request.Commit,
                EvidenceBundle.CommittedDigest(config.RootDirectory, request.Release),
                request.At,
                request.Author
            )
            {
                AuthorSource = request.AuthorSource,
            },
            request.Reviews,
            request.Memberships,
            out var errors
        );
        return new JsonObject
        {
            ["configured"] = true,
            ["complete"] = errors.Count == 0 && status.Complete,
            ["roles"] = new JsonArray([
                .. status.Roles.Select(r =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["role"] = r.Role.Name,
                            ["state"] = r.State.ToString().ToLowerInvariant(),
                            ["principal"] = r.Decision?.Principal,
                            ["at"] = r.Decision?.AtText,
                            ["source"] = r.Decision?.SourceId,
                            ["why"] = string.Join("; ", r.Why),
                        }
                ),
            ]),
        };
    }

    private static JsonObject Calendar(ReleaseTrainConfig config, ReadinessRequest request)
    {
        var until = request.At + Duration.FromDays(request.CalendarDays);
        var occurrences = new List<(string Action, FreezeOccurrence Occurrence, bool Lifted)>();
        foreach (var action in FreezeActions.All)
        {
            var verdict = FreezeEvaluator.Evaluate(
                config.Policy,
                new FreezeQuery(action, request.Release, request.Commit, request.At),
                upcoming: 200
            );
            occurrences.AddRange(verdict.Blocking.Select(o => (action, o, false)));
            occurrences.AddRange(verdict.Lifted.Select(o => (action, o, true)));
            occurrences.AddRange(verdict.Upcoming.Where(o => o.Start < until).Select(o => (action, o, false)));
        }

        var windows = occurrences
            .GroupBy(o => (o.Occurrence.Window.Id, o.Occurrence.Start))
            .Select(g => g.First() with { Action = string.Join(", ", g.Select(x => x.Action).Distinct()) })
            .OrderBy(o => o.Occurrence.Start)
            .Select(o =>
                (JsonNode)
                    new JsonObject
                    {
                        ["window"] = o.Occurrence.Window.Id,
                        ["actions"] = o.Action,
                        ["start"] = PolicyTime.Utc(o.Occurrence.Start),
                        ["end"] = PolicyTime.Utc(o.Occurrence.End),
                        ["timeZone"] = o.Occurrence.Window.TimeZone?.Id ?? "UTC",
                        ["localStart"] = o.Occurrence.Window.TimeZone is { } zone
                            ? PolicyTime.Local(o.Occurrence.Start, zone)
                            : PolicyTime.Utc(o.Occurrence.Start),
                        ["localEnd"] = o.Occurrence.Window.TimeZone is { } zone2
                            ? PolicyTime.Local(o.Occurrence.End, zone2)
                            : PolicyTime.Utc(o.Occurrence.End),
                        ["active"] = o.Occurrence.Covers(request.At),
                        ["liftedByException"] = o.Lifted,
                        ["reason"] = o.Occurrence.Window.Reason,
                    }
            );
        return new JsonObject
        {
            ["from"] = PolicyTime.Utc(request.At),
            ["to"] = PolicyTime.Utc(until),
            ["occurrences"] = new JsonArray([.. windows]),
        };
    }

    private static JsonArray Timeline(ReleaseTrainConfig config, out IReadOnlyList<Diagnostic> errors)
    {
        return new JsonArray([
            .. DecisionLog
                .Read(config, out errors)
                .TakeLast(100)
                .Select(r =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["seq"] = r["seq"]?.DeepClone(),
                            ["evaluatedAt"] = r["evaluatedAt"]?.DeepClone(),
                            ["release"] = r["release"]?.DeepClone(),
                            ["commit"] = r["commit"]?.DeepClone(),
                            ["verdict"] = r["verdict"]?.DeepClone(),
                            ["action"] = r["action"]?.DeepClone() ?? "decide",
                            ["reasons"] = new JsonArray([
                                .. (r["reasons"] as JsonArray ?? []).Select(x => (JsonNode?)x?["code"]?.DeepClone()),
                            ]),
                        }
                ),
        ]);
    }
}
