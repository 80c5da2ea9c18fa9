using System.Text.Json.Nodes;
using NodaTime;
using NuGet.Versioning;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.Time;
using ReleaseTrain.Core.Validators;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// The train's summary outputs defined by the USR rollout contract, beside the scorecard (docs/report.md), written as
/// <c>observability-rollup.json</c> (gate outcomes and durations across the decision log, per gate and per
/// release) and <c>post-cutover-stabilization-report.json</c> (regression and churn between consecutive releases,
/// waiver state and expiry cadence, scorecard continuity). Both follow the seed's USR envelope
/// (schemas/usr-observability-rollup.schema.json, schemas/usr-post-cutover-stabilization-report.schema.json).
/// </summary>
public static class TrainSummaries
{
    private sealed record Record(long Seq, Instant At, string Release, string Verdict, IReadOnlyList<string> Codes);

    /// <summary>The observability rollup of the decision log.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="at">The report's instant.</param>
    /// <returns>The rollup.</returns>
    public static JsonObject ObservabilityRollup(ReleaseTrainConfig config, Instant at)
    {
        ArgumentNullException.ThrowIfNull(config);
        var records = Read(config);
        var releases = new JsonArray();
        foreach (var group in records.GroupBy(r => r.Release).OrderBy(g => Version(g.Key)))
        {
            var list = group.OrderBy(r => r.Seq).ToList();
            var firstGo = list.FirstOrDefault(r => r.Verdict == "GO");
            releases.Add(
                new JsonObject
                {
                    ["id"] = group.Key,
                    ["decisions"] = list.Count,
                    ["go"] = list.Count(r => r.Verdict == "GO"),
                    ["noGo"] = list.Count(r => r.Verdict != "GO"),
                    ["firstDecisionAt"] = PolicyTime.Utc(list[0].At),
                    ["lastDecisionAt"] = PolicyTime.Utc(list[^1].At),
                    ["latestVerdict"] = list[^1].Verdict,
                    ["minutesToFirstGo"] = firstGo is null ? null : (long)(firstGo.At - list[0].At).TotalMinutes,
                }
            );
        }

        // Per gate (reason code): how often it blocked, in which releases, and for how long (from a NO-GO carrying it
        // to the release's next decision without it, or to the report's instant while it still blocks).
        var gates = new JsonArray();
        foreach (
            var code in records.SelectMany(r => r.Codes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
        )
        {
            long minutes = 0;
            foreach (var group in records.GroupBy(r => r.Release))
            {
                var list = group.OrderBy(r => r.Seq).ToList();
                for (var i = 0; i < list.Count; i++)
                {
                    if (!list[i].Codes.Contains(code))
                    {
                        continue;
                    }

                    var start = list[i].At;
                    while (i + 1 < list.Count && list[i + 1].Codes.Contains(code))
                    {
                        i++;
                    }

                    // the next decision without it, or still blocking now
                    var end = i + 1 < list.Count ? list[i + 1].At : at;
                    minutes += Math.Max(0, (long)(end - start).TotalMinutes);
                }
            }

            var carrying = records.Where(r => r.Codes.Contains(code)).ToList();
            gates.Add(
                new JsonObject
                {
                    ["code"] = code,
                    ["occurrences"] = carrying.Count,
                    ["releases"] = new JsonArray([
                        .. carrying.Select(r => r.Release).Distinct(StringComparer.Ordinal).Select(r => (JsonNode)r),
                    ]),
                    ["firstSeenAt"] = PolicyTime.Utc(carrying.Min(r => r.At)),
                    ["lastSeenAt"] = PolicyTime.Utc(carrying.Max(r => r.At)),
                    ["blockedMinutes"] = minutes,
                }
            );
        }

        var latestNoGo = releases.Count(r => r!["latestVerdict"]!.GetValue<string>() != "GO");
        return new JsonObject
        {
            ["schemaVersion"] = "usr-registry-1.0.0",
            ["registryId"] = "usr-observability-rollup",
            ["generatedAt"] = PolicyTime.Utc(at),
            ["status"] = latestNoGo == 0 ? CheckStatus.Pass : CheckStatus.Warn,
            ["summary"] = new JsonObject
            {
                ["decisionCount"] = records.Count,
                ["releaseCount"] = releases.Count,
                ["goCount"] = records.Count(r => r.Verdict == "GO"),
                ["noGoCount"] = records.Count(r => r.Verdict != "GO"),
                ["gateCount"] = gates.Count,
            },
            ["rows"] = releases,
            ["gates"] = gates,
        };
    }

    /// <summary>The post-cutover stabilization report.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="at">The report's instant.</param>
    /// <returns>The report.</returns>
    public static JsonObject StabilizationReport(ReleaseTrainConfig config, Instant at)
    {
        ArgumentNullException.ThrowIfNull(config);
        var records = Read(config);
        var evidenceRoot = RepositoryPaths.EvidenceRoot(config.RootDirectory);
        var bundled = Directory.Exists(evidenceRoot)
            ? Directory.GetDirectories(evidenceRoot).Select(Path.GetFileName).OfType<string>()
            : [];
        var releases = records
            .Select(r => r.Release)
            .Concat(bundled)
            .Distinct(StringComparer.Ordinal)
            .Where(r => NuGetVersion.TryParse(r, out _))
            .OrderBy(Version)
            .ToList();

        var rows = new JsonArray();
        var regressions = 0;
        var churned = 0;
        var gaps = 0;
        for (var i = 1; i < releases.Count; i++)
        {
            var (previous, current) = (releases[i - 1], releases[i]);
            var before = records.Where(r => r.Release == previous).MaxBy(r => r.Seq);
            var after = records.Where(r => r.Release == current).MaxBy(r => r.Seq);
            var newCodes = (after?.Codes ?? [])
                .Except(before?.Codes ?? [], StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            var regression = before?.Verdict == "GO" && after is not null && after.Verdict != "GO";
            var (added, removed, changed) = Churn(
                Components(evidenceRoot, previous),
                Components(evidenceRoot, current)
            );
            var continuity =
                EvidenceBundle.CommittedDigest(config.RootDirectory, previous) is not null
                && EvidenceBundle.CommittedDigest(config.RootDirectory, current) is not null
                && before?.Verdict == "GO"
                && after?.Verdict == "GO";
            regressions += regression ? 1 : 0;
            churned += added + removed + changed > 0 ? 1 : 0;
            gaps += continuity ? 0 : 1;
            rows.Add(
                new JsonObject
                {
                    ["id"] = $"{previous}->{current}",
                    ["previous"] = previous,
                    ["current"] = current,
                    ["verdicts"] = $"{before?.Verdict ?? "none"}->{after?.Verdict ?? "none"}",
                    ["regression"] = regression,
                    ["newReasonCodes"] = new JsonArray([.. newCodes.Select(c => (JsonNode)c)]),
                    ["componentsAdded"] = added,
                    ["componentsRemoved"] = removed,
                    ["componentsChanged"] = changed,
                    ["scorecardContinuity"] = continuity,
                }
            );
        }

        var waivers = config
            .Policy.Trains.SelectMany(t => t.Waivers.Select(w => (Train: t.Id, Waiver: w)))
            .OrderBy(x => x.Waiver.AllowedUntil)
            .ToList();
        var waiverRows = new JsonArray();
        Instant? previousExpiry = null;
        foreach (var (train, waiver) in waivers)
        {
            var left = waiver.AllowedUntil - at;
            waiverRows.Add(
                new JsonObject
                {
                    ["id"] = waiver.Id,
                    ["train"] = train,
                    ["severity"] = waiver.Severity,
                    ["allowedUntil"] = PolicyTime.Utc(waiver.AllowedUntil),
                    ["state"] = WaiverRules.State(waiver.AllowedUntil, at),
                    ["daysLeft"] = (long)Math.Floor(left.TotalDays),
                    ["daysSincePreviousExpiry"] = previousExpiry is null
                        ? null
                        : (long)Math.Floor((waiver.AllowedUntil - previousExpiry.Value).TotalDays),
                }
            );
            previousExpiry = waiver.AllowedUntil;
        }

        var expired = waiverRows.Count(w => w!["state"]!.GetValue<string>() == "expired");
        var expiring = waiverRows.Count(w => w!["state"]!.GetValue<string>() == "expiring");
        return new JsonObject
        {
            ["schemaVersion"] = "usr-registry-1.0.0",
            ["registryId"] = "usr-post-cutover-stabilization-report",
            ["generatedAt"] = PolicyTime.Utc(at),
            ["status"] =
                regressions > 0 || expired > 0 ? CheckStatus.Fail
                : expiring > 0 || gaps > 0 || churned > 0 ? CheckStatus.Warn
                : CheckStatus.Pass,
            ["summary"] = new JsonObject
            {
                ["releaseCount"] = releases.Count,
                ["regressionCount"] = regressions,
                ["churnCount"] = churned,
                ["continuityGapCount"] = gaps,
                ["expiredWaiverCount"] = expired,
                ["expiringWaiverCount"] = expiring,
            },
            ["rows"] = rows,
            ["waivers"] = waiverRows,
        };
    }

    private static NuGetVersion Version(string text) =>
        NuGetVersion.TryParse(text, out var v) ? v : new NuGetVersion(0, 0, 0);

    private static List<Record> Read(ReleaseTrainConfig config)
    {
        var records = new List<Record>();
        foreach (var r in DecisionLog.Read(config, out _))
        {
            if (
                r["evaluatedAt"]?.GetValue<string>() is { } stamp
                && PolicyTime.TryParseInstant(stamp, out var instant, out _)
            )
            {
                records.Add(
                    new Record(
                        r["seq"]!.GetValue<long>(),
                        instant,
                        r["release"]?.GetValue<string>() ?? "?",
                        r["verdict"]?.GetValue<string>() ?? "?",
                        [
                            .. (r["reasons"] as JsonArray ?? [])
                                .Select(x => x?["code"]?.GetValue<string>())
                                .OfType<string>(),
                        ]
                    )
                );
            }
        }

        return records;
    }

    /// <summary>The components (name to version) of a release's bundled SBOMs.</summary>
    private static Dictionary<string, string> Components(string evidenceRoot, string release)
    {
        var components = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var bundle = Path.Combine(evidenceRoot, RepositoryPaths.ReleaseVersion(release));
        if (!Directory.Exists(bundle))
        {
            return components;
        }

        foreach (var sbom in Directory.GetFiles(bundle, "*.cdx.json"))
        {
            foreach (
                var component in (
                    JsonNode.Parse(RepositoryFiles.ReadText(sbom))?["components"] as JsonArray ?? []
                ).OfType<JsonObject>()
            )
            {
                if (component["name"]?.GetValue<string>() is { } name)
                {
                    components[name] = component["version"]?.GetValue<string>() ?? string.Empty;
                }
            }
        }

        return components;
    }

    private static (int Added, int Removed, int Changed) Churn(
        Dictionary<string, string> before,
        Dictionary<string, string> after
    ) =>
        (
            after.Keys.Count(k => !before.ContainsKey(k)),
            before.Keys.Count(k => !after.ContainsKey(k)),
            after.Count(kv => before.TryGetValue(kv.Key, out var v) && v != kv.Value)
        );
}
