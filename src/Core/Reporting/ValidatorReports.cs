using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Validators;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// The report of a built-in validator command (<c>validate</c>, <c>phase-manifest verify</c>, <c>artifacts
/// verify</c>): the findings as canonical lines and the summary line, or its main JSON report (the first of
/// <see cref="ValidationResult.Reports"/>, following its schema under schemas/).
/// </summary>
/// <param name="Result">The validator's result.</param>
public sealed record ValidationReport(ValidationResult Result)
{
    /// <summary>0 pass or warn, 1 fail (<see cref="ValidationResult.ExitCode"/>).</summary>
    public int ExitCode => Result.ExitCode;

    /// <summary>Renders the report.</summary>
    /// <param name="format"><see cref="OutputFormat.Json"/> or <see cref="OutputFormat.Text"/>.</param>
    /// <param name="workingDirectory">Text: finding paths are shown relative to this folder when inside it.</param>
    /// <returns>The text, ending with a newline.</returns>
    /// <exception cref="ArgumentOutOfRangeException">For any other format.</exception>
    public string Render(OutputFormat format, string workingDirectory)
    {
        switch (format)
        {
            case OutputFormat.Json:
                return ReportJson.Write(Result.Reports.First().Value);
            case OutputFormat.Text:
                var builder = new StringBuilder();
                foreach (var d in Result.Findings)
                {
                    var shown = VerificationReportWriter.DisplayPath(d.File, workingDirectory);
                    builder.AppendLine(d.ToCanonicalString(shown));
                }

                var errors = Result.Findings.Count(f => f.Severity == DiagnosticSeverity.Error);
                builder.AppendLine(
                    CultureInfo.InvariantCulture,
                    $"release-train {Result.Validator}: {Result.StatusName.ToUpperInvariant()} ({errors} error(s), "
                        + $"{Result.Findings.Count - errors} warning(s)) {Result.File}"
                );
                return builder.ToString();
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "validator reports are text or json");
        }
    }
}

/// <summary>
/// The report of <c>phase-manifest build</c>: the manifest's status, path, phase count and hash, then one line per
/// phase with its status and reasons.
/// </summary>
/// <param name="Manifest">The built manifest (schemas/phase-manifest.schema.json).</param>
/// <param name="Path">Where it was written.</param>
public sealed record PhaseManifestReport(JsonObject Manifest, string Path)
{
    /// <summary>0 when the manifest's status is pass, 1 otherwise.</summary>
    public int ExitCode => Manifest["status"]?.GetValue<string>() == CheckStatus.Pass ? 0 : 1;

    /// <summary>The text report.</summary>
    /// <returns>The text, ending with a newline.</returns>
    public string ToText()
    {
        var builder = new StringBuilder();
        builder.AppendLine(
            CultureInfo.InvariantCulture,
            $"phase manifest {Manifest["status"]}: {Path} "
                + $"({Manifest["phase_count"]} phases; "
                + $"{Manifest["manifest_hash"]?.ToString() ?? Manifest["schema_version"] + ": no manifest_hash"})"
        );
        foreach (var phase in Manifest["phases"]!.AsArray())
        {
            var reasons = string.Join("; ", phase!["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
            builder.AppendLine(CultureInfo.InvariantCulture, $"  {phase["name"], -24} {phase["status"], -5} {reasons}");
        }

        return builder.ToString();
    }
}

/// <summary>
/// The report of <c>canary evaluate</c>: the verdict (schemas/canary-verdict.schema.json) as JSON, or as text the
/// findings, with <c>--explain</c> the thresholds and every stage's metrics, and the verdict line.
/// </summary>
/// <param name="Result">The canary evaluation.</param>
/// <param name="Thresholds">The thresholds it was judged against.</param>
public sealed record CanaryReport(ValidationResult Result, CanaryThresholds Thresholds)
{
    /// <summary>The verdict report.</summary>
    public JsonObject Verdict => Result.Reports[CanaryEvaluator.ReportFile];

    /// <summary>0 promote, 1 rollback or inconclusive.</summary>
    public int ExitCode => Verdict["verdict"]!.GetValue<string>() == "promote" ? 0 : 1;

    /// <summary>Renders the report.</summary>
    /// <param name="format"><see cref="OutputFormat.Json"/> or <see cref="OutputFormat.Text"/>.</param>
    /// <param name="explain">Text only: the thresholds and every stage against them.</param>
    /// <param name="workingDirectory">Text: finding paths are shown relative to this folder when inside it.</param>
    /// <returns>The text, ending with a newline.</returns>
    /// <exception cref="ArgumentOutOfRangeException">For any other format.</exception>
    public string Render(OutputFormat format, bool explain, string workingDirectory) =>
        format switch
        {
            OutputFormat.Json => ReportJson.Write(Verdict),
            OutputFormat.Text => Text(explain, workingDirectory),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "canary reports are text or json"),
        };

    private string Text(bool explain, string workingDirectory)
    {
        var builder = new StringBuilder();
        foreach (var d in Result.Findings)
        {
            var shown = VerificationReportWriter.DisplayPath(d.File, workingDirectory);
            builder.AppendLine(d.ToCanonicalString(shown));
        }

        var verdict = Verdict;
        if (explain)
        {
            var limits = Thresholds;
            builder.AppendLine(
                CultureInfo.CurrentCulture,
                $"  explain thresholds: error_rate <= {limits.MaxErrorRate}, p95 delta <= {limits.MaxP95LatencyDelta}, "
                    + $"replay_determinism_failures <= {limits.MaxReplayDeterminismFailures}, "
                    + $"samples >= {limits.MinSamples}, "
                    + $"cohorts {string.Join("/", limits.Cohorts)}%"
            );
            foreach (var stage in verdict["stages"]!.AsArray())
            {
                var raw = stage!["raw"]!;
                var reasons = stage["reasons"]!.AsArray();
                var why =
                    reasons.Count > 0
                        ? ": " + string.Join("; ", reasons.Select(r => r!.GetValue<string>()))
                        : string.Empty;
                builder.AppendLine(
                    CultureInfo.CurrentCulture,
                    $"  explain stage {stage["cohort_percent"]}%: {stage["status"]} (samples {Raw(raw, "samples")}, "
                        + $"error_rate {Raw(raw, "error_rate")}, p95 {Raw(raw, "p95_latency_ms")} vs baseline "
                        + $"{Raw(raw, "baseline_p95_latency_ms")} = "
                        + $"delta {stage["p95_latency_delta"]?.ToJsonString() ?? "n/a"}, "
                        + $"replay failures {Raw(raw, "replay_determinism_failures")}){why}"
                );
            }
        }

        var where =
            verdict["stage"] is { } s ? $" at stage {s}%: {verdict["reason"]}"
            : verdict["next_cohort_percent"] is { } n ? $"; next cohort {n}%"
            : "; rollout complete";
        builder.AppendLine(
            CultureInfo.CurrentCulture,
            $"canary: {verdict["verdict"]!.GetValue<string>().ToUpperInvariant()}{where} "
                + $"(snapshot {verdict["metrics_snapshot_hash"]})"
        );
        return builder.ToString();
    }

    private static string Raw(JsonNode raw, string name) => raw[name]?.ToJsonString() ?? "missing";
}
