using System.Text;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// The report of <c>release-train decide</c>: the verdict (GO, NO-GO, or INVALID when inputs could not be read), its
/// reasons and input errors, the digests and, once recorded, the decision-log record; as text (canonical diagnostic
/// lines, with <c>--explain</c> every train matched or not and why and every trigger evaluated, then the verdict and
/// the record lines) or JSON
/// (schemas/decide-report.schema.json). Instants are UTC.
/// </summary>
/// <param name="Decision">The decision.</param>
/// <param name="Recorded">The record appended to the decision log, or null (dry run, or no verdict).</param>
/// <param name="DecisionLog">The decision log as configured (root-relative), for display.</param>
public sealed record DecisionReport(Decision Decision, JsonObject? Recorded, string DecisionLog)
{
    /// <summary>0 GO, 1 NO-GO, 2 invalid input (<see cref="Release.Decision.ExitCode"/>).</summary>
    public int ExitCode => Decision.ExitCode;

    /// <summary>Renders the report.</summary>
    /// <param name="format"><see cref="OutputFormat.Json"/> or <see cref="OutputFormat.Text"/>.</param>
    /// <param name="explain">Text only: list every trigger evaluated, with the files it read and its result.</param>
    /// <returns>The text, ending with a newline.</returns>
    /// <exception cref="ArgumentOutOfRangeException">For any other format.</exception>
    public string Render(OutputFormat format, bool explain) =>
        format switch
        {
            OutputFormat.Json => ReportJson.Write(ToJson()),
            OutputFormat.Text => Text(explain),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "decide reports are text or json"),
        };

    /// <summary>The JSON report (schemas/decide-report.schema.json).</summary>
    /// <returns>The report.</returns>
    public JsonObject ToJson() =>
        new()
        {
            ["verdict"] = Decision.InputErrors.Count > 0 ? "INVALID" : Decision.Verdict,
            ["exitCode"] = Decision.ExitCode,
            ["release"] = Decision.Request.Release,
            ["trains"] = new JsonArray([.. Decision.Trains.Select(t => (JsonNode)JsonValue.Create(t)!)]),
            ["reasons"] = ReportJson.Diagnostics(Decision.Reasons),
            ["errors"] = ReportJson.Diagnostics(Decision.InputErrors),
            ["inputsDigest"] = Decision.InputsDigest,
            ["policyDigest"] = Decision.PolicyDigest,
            ["recorded"] = Recorded?.DeepClone(),
            ["trainMatches"] = new JsonArray([
                .. Decision.TrainMatches.Select(m =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["train"] = m.Train,
                            ["versions"] = m.Versions,
                            ["covers"] = m.Covers,
                            ["why"] = m.Why,
                        }
                ),
            ]),
            ["checks"] = new JsonArray([
                .. Decision.Checks.Select(c =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["trigger"] = c.Trigger,
                            ["subject"] = c.Subject,
                            ["inputs"] = c.Inputs,
                            ["result"] = c.Result,
                        }
                ),
            ]),
        };

    private string Text(bool explain)
    {
        var builder = new StringBuilder();
        foreach (var d in Decision.InputErrors.Concat(Decision.Reasons))
        {
            builder.AppendLine(d.ToCanonicalString());
        }

        if (explain)
        {
            foreach (var match in Decision.TrainMatches)
            {
                var covers = match.Covers ? "covers" : "does not cover";
                builder.AppendLine(
                    $"  explain train {match.Train} {match.Versions}: {covers} {Decision.Request.Release}: {match.Why}"
                );
            }

            foreach (var check in Decision.Checks)
            {
                builder.AppendLine($"  explain {check.Trigger} [{check.Subject}]: {check.Result}; read {check.Inputs}");
            }

            if (Decision.Checks.Count == 0)
            {
                builder.AppendLine(
                    "  explain: no train covers this release and no freeze, sign-off or validator is "
                        + "configured: nothing stands against it"
                );
            }
        }

        var release = Decision.Request.Release;
        var trains =
            Decision.Trains.Count == 0 ? "no train covers it" : "train(s) " + string.Join(", ", Decision.Trains);
        builder.AppendLine(
            Decision.InputErrors.Count > 0
                ? $"release-train decide {release}: no verdict, the inputs above are invalid"
                : $"release-train decide {release}: {Decision.Verdict} ({trains}; {Decision.Reasons.Count} reason(s); "
                    + $"evaluated at {PolicyTime.Utc(Decision.Request.At)}; inputs {Decision.InputsDigest})"
        );
        builder.AppendLine(
            Recorded is null
                ? (Decision.InputErrors.Count > 0 ? "not recorded" : "dry run: not recorded")
                : $"recorded as #{Recorded["seq"]} in {DecisionLog} ({Recorded["recordHash"]})"
        );
        return builder.ToString();
    }
}
