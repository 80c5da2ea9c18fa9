using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Validators;

/// <summary>Canary health thresholds (the UML_OS runbook's defaults).</summary>
/// <param name="MaxErrorRate">Highest error rate per stage: 0.005 (0.5%).</param>
/// <param name="MaxP95LatencyDelta">Highest (p95_canary - p95_baseline) / p95_baseline: 0.10 (10%).</param>
/// <param name="MaxReplayDeterminismFailures">Highest replay determinism failure count: 0.</param>
/// <param name="MinSamples">Fewest requests a stage needs to be judged: 100.</param>
/// <param name="Cohorts">The cohorts in rollout order, percent of traffic: 1, 5, 25, 50, 100.</param>
public sealed record CanaryThresholds(
    decimal MaxErrorRate,
    decimal MaxP95LatencyDelta,
    long MaxReplayDeterminismFailures,
    long MinSamples,
    IReadOnlyList<int> Cohorts
)
{
    /// <summary>The runbook defaults.</summary>
    public static CanaryThresholds Default { get; } = new(0.005m, 0.10m, 0, 100, [1, 5, 25, 50, 100]);
}

/// <summary>
/// Canary health gates (UML_OS deployment runbook; docs/validators.md, "Canary gates"). The snapshot
/// (schemas/canary-snapshot.schema.json) lists stages <c>{cohort_percent, samples, error_rate, p95_latency_ms,
/// baseline_p95_latency_ms, replay_determinism_failures}</c> in cohort order. Per stage: error_rate &lt;= 0.005,
/// p95 delta &lt;= 0.10, zero replay determinism failures. NaN or Infinity (JSON has no such numbers: the strings
/// "NaN", "Infinity", "-Infinity", or any other non-number), a zero or missing baseline, a missing or null metric, or
/// fewer samples than the minimum make a stage inconclusive, which blocks. A number outside the IEEE 754 double range
/// makes the snapshot invalid (RT1001): RFC 8785 cannot canonicalise it, so it has no snapshot hash. Any breach gives a
/// rollback verdict naming the first breaching stage and the reason; otherwise any inconclusive stage gives
/// inconclusive; otherwise promote (to the next cohort, or complete at 100%). The verdict records metrics_snapshot_hash
/// (JCS sha256 of the snapshot) and the raw values.
/// </summary>
public static class CanaryEvaluator
{
    /// <summary>The verdict file name.</summary>
    public const string ReportFile = "canary-verdict.json";

    /// <summary>
    /// Reads thresholds from a file:
    /// <c>{max_error_rate, max_p95_latency_delta, max_replay_determinism_failures, min_samples, cohorts}</c>, each
    /// optional.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The thresholds.</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx unreadable; RT6072 a value of the wrong type.</exception>
    public static CanaryThresholds ReadThresholds(string path)
    {
        var full = Path.GetFullPath(path);
        var root =
            LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(full), full).Root as LocatedJsonObject
            ?? throw new ReleaseTrainException(
                DiagnosticCodes.CanarySnapshotInvalid.Error(full, 1, 1, "thresholds must be a JSON object")
            );
        decimal Value(string name, decimal fallback) =>
            root.GetMember(name) is null
                ? fallback
                : Node.Number(root, name)
                    ?? throw new ReleaseTrainException(
                        DiagnosticCodes.CanarySnapshotInvalid.Error(
                            full,
                            Node.At(root, name).Line,
                            Node.At(root, name).Column,
                            $"{name} must be a number"
                        )
                    );
        var d = CanaryThresholds.Default;
        var cohorts = Node.Array(root, "cohorts")
            ?.Items.OfType<LocatedJsonScalar>()
            .Select(s => s.TryGetDecimal(out var c) ? (int)c : -1)
            .ToList();
        return new CanaryThresholds(
            Value("max_error_rate", d.MaxErrorRate),
            Value("max_p95_latency_delta", d.MaxP95LatencyDelta),
            (long)Value("max_replay_determinism_failures", d.MaxReplayDeterminismFailures),
            (long)Value("min_samples", d.MinSamples),
            cohorts ?? d.Cohorts
        );
    }

    /// <summary>Evaluates a snapshot.</summary>
    /// <param name="snapshotPath">The metrics snapshot.</param>
    /// <param name="thresholds">The thresholds.</param>
    /// <returns>The result: RT6070 breaches, RT6071 inconclusive stages; its report is the verdict.</returns>
    /// <exception cref="ReleaseTrainException">RT1xxx unreadable; RT6072 a malformed snapshot (no stages, cohorts out
    /// of order).</exception>
    public static ValidationResult Evaluate(string snapshotPath, CanaryThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var full = Path.GetFullPath(snapshotPath);
        var document = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(full), full);
        var stages = Node.Array(document.Root as LocatedJsonObject, "stages")?.Items.ToList();
        if (stages is null || stages.Count == 0 || stages.Any(s => s is not LocatedJsonObject))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.CanarySnapshotInvalid.Error(
                    full,
                    document.Root.Line,
                    document.Root.Column,
                    "'stages' must be a non-empty array of stage objects"
                )
            );
        }

        var findings = new Findings(full);
        var rows = new JsonArray();
        string? verdict = null;
        JsonObject? decisive = null;
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = (LocatedJsonObject)stages[i];
            var cohort = Node.Number(stage, "cohort_percent");
            if (i >= thresholds.Cohorts.Count || cohort != thresholds.Cohorts[i])
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.CanarySnapshotInvalid.Error(
                        full,
                        Node.At(stage, "cohort_percent").Line,
                        Node.At(stage, "cohort_percent").Column,
                        $"stage {i + 1} has cohort_percent {Raw(stage, "cohort_percent") ?? "missing"}, the rollout "
                            + $"order is {string.Join(", ", thresholds.Cohorts)}"
                    )
                );
            }

            var label = ((int)cohort!.Value).ToString(CultureInfo.InvariantCulture);
            var samples = Metric(stage, "samples");
            var errorRate = Metric(stage, "error_rate");
            var p95 = Metric(stage, "p95_latency_ms");
            var baseline = Metric(stage, "baseline_p95_latency_ms");
            var replay = Metric(stage, "replay_determinism_failures");
            var inconclusive = new List<string>();
            foreach (
                var (name, value) in new[]
                {
                    ("samples", samples),
                    ("error_rate", errorRate),
                    ("p95_latency_ms", p95),
                    ("baseline_p95_latency_ms", baseline),
                    ("replay_determinism_failures", replay),
                }
            )
            {
                if (value is null)
                {
                    inconclusive.Add($"{name} is missing");
                }
                else if (double.IsNaN(value.Value) || double.IsInfinity(value.Value))
                {
                    inconclusive.Add($"{name} is {Raw(stage, name)}");
                }
            }

            if (baseline is 0)
            {
                inconclusive.Add("baseline_p95_latency_ms is zero");
            }

            if (samples is { } n && double.IsFinite(n) && n < thresholds.MinSamples)
            {
                inconclusive.Add(
                    string.Create(CultureInfo.InvariantCulture, $"{n} samples, fewer than {thresholds.MinSamples}")
                );
            }

            var breaches = new List<string>();
            double? delta = null;
            if (inconclusive.Count == 0)
            {
                delta = (p95!.Value - baseline!.Value) / baseline.Value;
                if (errorRate!.Value > (double)thresholds.MaxErrorRate)
                {
                    breaches.Add(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"error_rate {Raw(stage, "error_rate")} > {thresholds.MaxErrorRate}"
                        )
                    );
                }

                if (delta.Value > (double)thresholds.MaxP95LatencyDelta)
                {
                    breaches.Add(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"p95 latency delta {delta.Value:0.####} ((p95 {Raw(stage, "p95_latency_ms")} - baseline "
                                + $"{Raw(stage, "baseline_p95_latency_ms")}) / baseline) > "
                                + $"{thresholds.MaxP95LatencyDelta}"
                        )
                    );
                }

                if (replay!.Value > thresholds.MaxReplayDeterminismFailures)
                {
                    breaches.Add(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"replay_determinism_failures {Raw(stage, "replay_determinism_failures")} > "
                                + $"{thresholds.MaxReplayDeterminismFailures}"
                        )
                    );
                }
            }

            var status =
                breaches.Count > 0 ? "rollback"
                : inconclusive.Count > 0 ? "inconclusive"
                : "healthy";
            var row = new JsonObject
            {
                ["cohort_percent"] = (int)cohort.Value,
                ["status"] = status,
                ["reasons"] = Node.JsonStrings(breaches.Concat(inconclusive)),
                ["raw"] = JsonNode.Parse(stage.ToJson()),
                ["p95_latency_delta"] = delta is { } d && double.IsFinite(d) ? Math.Round(d, 6) : null,
            };
            rows.Add(row);
            if (breaches.Count > 0)
            {
                findings.Error(DiagnosticCodes.CanaryBreach, stage, label, string.Join("; ", breaches));
                if (verdict != "rollback")
                {
                    verdict = "rollback";
                    decisive = row;
                }
            }
            else if (inconclusive.Count > 0)
            {
                findings.Error(DiagnosticCodes.CanaryInconclusive, stage, label, string.Join("; ", inconclusive));
                if (verdict is null)
                {
                    verdict = "inconclusive";
                    decisive = row;
                }
            }
        }

        verdict ??= "promote";
        var next =
            verdict == "promote" && stages.Count < thresholds.Cohorts.Count
                ? thresholds.Cohorts[stages.Count]
                : (int?)null;
        var report = new JsonObject
        {
            ["verdict"] = verdict,
            ["stage"] = decisive?["cohort_percent"]?.DeepClone(),
            ["reason"] = decisive is null
                ? null
                : string.Join("; ", decisive["reasons"]!.AsArray().Select(r => r!.GetValue<string>())),
            ["next_cohort_percent"] = next,
            ["complete"] = verdict == "promote" && next is null,
            ["metrics_snapshot_hash"] = JsonCanonicalizer.Sha256(document.Root),
            ["thresholds"] = new JsonObject
            {
                ["max_error_rate"] = thresholds.MaxErrorRate,
                ["max_p95_latency_delta"] = thresholds.MaxP95LatencyDelta,
                ["max_replay_determinism_failures"] = thresholds.MaxReplayDeterminismFailures,
                ["min_samples"] = thresholds.MinSamples,
                ["cohorts"] = new JsonArray([.. thresholds.Cohorts.Select(c => (JsonNode)c)]),
            },
            ["stages"] = rows,
            ["findings"] = findings.ToJson(),
        };
        return new ValidationResult(
            "canary",
            full,
            findings.List,
            new Dictionary<string, JsonObject> { [ReportFile] = report }
        );
    }

    /// <summary>
    /// A metric as a double: a JSON number (beyond double range it is Infinity), a string "NaN"/"Infinity"/"-Infinity"
    /// as such, anything else NaN; null when absent or JSON null.
    /// </summary>
    private static double? Metric(LocatedJsonObject stage, string name)
    {
        var node = stage.GetMember(name)?.Value;
        return node switch
        {
            null => null,
            LocatedJsonScalar { Kind: JsonKind.Null } => null,
            LocatedJsonScalar { Kind: JsonKind.Number, Text: { } text } => double.Parse(
                text,
                NumberStyles.Float,
                CultureInfo.InvariantCulture
            ),
            LocatedJsonScalar { Kind: JsonKind.String, Text: { } text }
                when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => double.NaN,
        };
    }

    private static string? Raw(LocatedJsonObject stage, string name) => stage.GetMember(name)?.Value.ToJson();
}
