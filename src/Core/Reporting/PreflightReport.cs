using System.Text;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Release;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// The report of <c>release-train preflight</c> (<see cref="Preflight"/>): text (diagnostics as canonical lines, one
/// line per check and per package, a summary) or JSON (<c>schemas/preflight-report.schema.json</c>).
/// </summary>
/// <param name="Result">The preflight's outcome.</param>
public sealed record PreflightReport(PreflightResult Result)
{
    /// <summary>0 pass (warnings allowed), 1 a check failed, 2 the configuration is invalid.</summary>
    public int ExitCode => Result.ExitCode;

    /// <summary>Renders the report.</summary>
    /// <param name="format">Text, or JSON; other formats render as text.</param>
    /// <returns>The text, ending with a newline.</returns>
    public string Render(OutputFormat format) => format == OutputFormat.Json ? ReportJson.Write(ToJson()) : ToText();

    /// <summary>The JSON report.</summary>
    /// <returns>version, status, exitCode, checks, packages, diagnostics.</returns>
    public JsonObject ToJson() =>
        new()
        {
            ["version"] = Result.Version,
            ["status"] = Result.Status,
            ["exitCode"] = Result.ExitCode,
            ["checks"] = new JsonArray([
                .. Result.Checks.Select(c =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["name"] = c.Name,
                            ["status"] = c.Status,
                            ["detail"] = c.Detail,
                        }
                ),
            ]),
            ["packages"] = new JsonArray([
                .. Result.Packages.Select(p =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["name"] = p.Name,
                            ["signature"] = p.Signature,
                            ["detail"] = p.Detail,
                        }
                ),
            ]),
            ["diagnostics"] = new JsonArray([
                .. Result.Diagnostics.Select(d =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["code"] = d.Code,
                            ["severity"] = d.Severity == Diagnostics.DiagnosticSeverity.Warning ? "warning" : "error",
                            ["message"] = d.Message,
                            ["file"] = d.File,
                            ["line"] = d.Line,
                            ["column"] = d.Column,
                        }
                ),
            ]),
        };

    /// <summary>The text report.</summary>
    /// <returns>The text, ending with a newline.</returns>
    public string ToText()
    {
        var builder = new StringBuilder();
        foreach (var d in Result.Diagnostics)
        {
            builder.AppendLine(d.ToCanonicalString());
        }

        foreach (var check in Result.Checks)
        {
            builder.AppendLine($"{check.Name}: {check.Status} ({check.Detail})");
        }

        foreach (var package in Result.Packages)
        {
            builder.AppendLine($"  {package.Name}: {package.Signature}");
        }

        builder.AppendLine($"preflight {Result.Status} for {Result.Version}");
        return builder.ToString();
    }
}
