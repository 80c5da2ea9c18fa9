using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// How every JSON report is written: indented by two spaces, non-ASCII text as is (not <c>\u</c>-escaped), ending
/// with one newline; and the one JSON shape of a diagnostic in reports (code, message, file, line, column).
/// </summary>
public static class ReportJson
{
    /// <summary>The serializer options of every JSON report.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes a report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The indented JSON text followed by a newline (<c>\n</c>).</returns>
    public static string Write(JsonNode report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.ToJsonString(Options) + "\n";
    }

    /// <summary>Diagnostics as a JSON array of {code, message, file, line, column}.</summary>
    /// <param name="diagnostics">The diagnostics, in order.</param>
    /// <returns>The array (file is null and line and column 0 when unknown).</returns>
    public static JsonArray Diagnostics(IEnumerable<Diagnostic> diagnostics) =>
        new([
            .. diagnostics.Select(d =>
                (JsonNode)
                    new JsonObject
                    {
                        ["code"] = d.Code,
                        ["message"] = d.Message,
                        ["file"] = d.File,
                        ["line"] = d.Line,
                        ["column"] = d.Column,
                    }
            ),
        ]);
}
