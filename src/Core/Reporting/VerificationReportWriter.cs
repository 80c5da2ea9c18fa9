using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Reporting;

/// <summary>The output formats of every checking command (<c>--format</c>).</summary>
public enum OutputFormat
{
    /// <summary>MSBuild canonical lines (<c>PATH(LINE,COL): error RT2001: ...</c>) and a summary line.</summary>
    Text,

    /// <summary>JSON described by schemas/verify-report.schema.json.</summary>
    Json,

    /// <summary>SARIF 2.1.0 (OASIS), for GitHub code scanning.</summary>
    Sarif,

    /// <summary>GitHub Actions workflow commands (<c>::error file=...,line=...::</c>).</summary>
    GitHub,

    /// <summary>A Markdown table (the sign-off role table); verify reports have no Markdown form.</summary>
    Markdown,
}

/// <summary>Renders a <see cref="VerificationReport"/> in each <see cref="OutputFormat"/>.</summary>
public static class VerificationReportWriter
{
    /// <summary>The schema id written into JSON reports.</summary>
    public const string JsonSchemaId = "https://releasetrain.dev/schemas/verify-report.schema.json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Renders a report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="format">The format.</param>
    /// <param name="workingDirectory">Paths in text and GitHub output are shown relative to this folder when inside
    /// it.</param>
    /// <returns>The rendered text, ending with a newline.</returns>
    public static string Render(VerificationReport report, OutputFormat format, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(report);
        return format switch
        {
            OutputFormat.Json => RenderJson(report, workingDirectory),
            OutputFormat.Sarif => RenderSarif(report),
            OutputFormat.GitHub => RenderGitHub(report, workingDirectory),
            _ => RenderText(report, workingDirectory),
        };
    }

    /// <summary>
    /// The one-line verdict, e.g.
    /// <c>release-train verify: PASS (2 contracts, 40 rules evaluated, 0 errors, 0 warnings)</c>.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <returns>The summary line.</returns>
    public static string Summary(VerificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var diagnostics = report.AllDiagnostics.ToList();
        var verdict = report.Status switch
        {
            VerificationStatus.Pass => "PASS",
            VerificationStatus.Drift => "DRIFT",
            _ => "INVALID INPUT",
        };
        return string.Create(
            CultureInfo.InvariantCulture,
            $"release-train verify: {verdict} ({report.Contracts.Count} contract(s), "
                + $"{report.Contracts.Sum(c => c.RulesEvaluated)} rule check(s), "
                + $"{report.Contracts.Sum(c => c.RulesNotApplicable)} not applicable, "
                + $"{diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} error(s), "
                + $"{diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning)} warning(s))"
        );
    }

    private static string RenderText(VerificationReport report, string workingDirectory)
    {
        var builder = new StringBuilder();
        foreach (var diagnostic in report.AllDiagnostics)
        {
            builder.Append(diagnostic.ToCanonicalString(DisplayPath(diagnostic.File, workingDirectory))).Append('\n');
        }

        foreach (var contract in report.Contracts)
        {
            var status = contract.Status switch
            {
                VerificationStatus.Pass => "pass",
                VerificationStatus.Drift => "DRIFT",
                _ => "INVALID",
            };
            builder.Append(
                CultureInfo.InvariantCulture,
                $"  contract {contract.Id}: {status} ({contract.RulesEvaluated} rule check(s), "
                    + $"{contract.RulesNotApplicable} not applicable, {contract.Findings.Count} finding(s))\n"
            );
        }

        builder.Append(Summary(report)).Append('\n');
        return builder.ToString();
    }

    private static string RenderGitHub(VerificationReport report, string workingDirectory)
    {
        var builder = new StringBuilder();
        foreach (var d in report.AllDiagnostics)
        {
            var command = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
            var properties = new List<string>();
            if (d.File is not null)
            {
                properties.Add("file=" + EscapeProperty(DisplayPath(d.File, workingDirectory).Replace('\\', '/')));
                if (d.Line > 0)
                {
                    properties.Add(string.Create(CultureInfo.InvariantCulture, $"line={d.Line}"));
                    properties.Add(string.Create(CultureInfo.InvariantCulture, $"col={Math.Max(1, d.Column)}"));
                }
            }

            properties.Add("title=" + EscapeProperty(d.Code));
            builder
                .Append("::")
                .Append(command)
                .Append(' ')
                .Append(string.Join(",", properties))
                .Append("::")
                .Append(EscapeData(d.Code + ": " + d.Message))
                .Append('\n');
        }

        builder.Append(Summary(report)).Append('\n');
        return builder.ToString();
    }

    private static string RenderJson(VerificationReport report, string workingDirectory)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            var diagnostics = report.AllDiagnostics.ToList();
            w.WriteStartObject();
            w.WriteString("$schema", JsonSchemaId);
            w.WriteString("command", "verify");
            w.WriteString("status", report.Status.ToString().ToLowerInvariant());
            w.WriteNumber("exitCode", report.ExitCode);
            // Relative to the working directory (when inside it), so that a report is the same in every clone.
            WriteNullable(
                w,
                "config",
                report.ConfigPath is null ? null : DisplayPath(report.ConfigPath, workingDirectory).Replace('\\', '/')
            );
            WriteNullable(
                w,
                "root",
                report.RootDirectory is null ? null : RootDisplay(report.RootDirectory, workingDirectory)
            );
            w.WriteStartObject("summary");
            w.WriteNumber("contracts", report.Contracts.Count);
            w.WriteNumber("ruleChecks", report.Contracts.Sum(c => c.RulesEvaluated));
            w.WriteNumber("notApplicable", report.Contracts.Sum(c => c.RulesNotApplicable));
            w.WriteNumber("errors", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
            w.WriteNumber("warnings", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning));
            w.WriteEndObject();
            w.WriteStartArray("contracts");
            foreach (var contract in report.Contracts)
            {
                w.WriteStartObject();
                w.WriteString("id", contract.Id);
                w.WriteString("status", contract.Status.ToString().ToLowerInvariant());
                w.WriteString("manifest", RootRelative(contract.Manifest, report.RootDirectory));
                w.WriteStartArray("payloads");
                foreach (var payload in contract.Payloads)
                {
                    w.WriteStringValue(RootRelative(payload, report.RootDirectory));
                }

                w.WriteEndArray();
                w.WriteNumber("ruleChecks", contract.RulesEvaluated);
                w.WriteNumber("notApplicable", contract.RulesNotApplicable);
                w.WriteStartArray("findings");
                foreach (var finding in contract.Findings)
                {
                    w.WriteStartObject();
                    WriteDiagnosticFields(w, finding.Diagnostic, report.RootDirectory);
                    w.WriteString("contract", finding.ContractId);
                    w.WriteString("rule", finding.RuleId);
                    w.WriteString("kind", finding.RuleKind);
                    w.WriteString("pointer", finding.Pointer);
                    if (finding.Expected is not null)
                    {
                        w.WritePropertyName("expected");
                        w.WriteRawValue(finding.Expected);
                    }

                    if (finding.Actual is not null)
                    {
                        w.WritePropertyName("actual");
                        w.WriteRawValue(finding.Actual);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                WriteDiagnostics(w, "errors", contract.InputErrors, report.RootDirectory);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteDiagnostics(w, "errors", report.InputErrors, report.RootDirectory);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string RenderSarif(VerificationReport report)
    {
        var diagnostics = report.AllDiagnostics.ToList();
        var findings = report
            .Contracts.SelectMany(c => c.Findings)
            .ToDictionary(f => (object)f.Diagnostic, ReferenceEqualityComparer.Instance);
        var codes = diagnostics
            .Select(d => d.Code)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "ReleaseTrain");
            w.WriteString(
                "informationUri",
                "https://github.com/releasetrain/releasetrain/blob/main/docs/diagnostics.md"
            );
            w.WriteString("semanticVersion", typeof(VerificationReportWriter).Assembly.GetName().Version!.ToString(3));
            w.WriteStartArray("rules");
            foreach (var code in codes)
            {
                var descriptor = DiagnosticCodes.All.First(d => d.Code == code);
                w.WriteStartObject();
                w.WriteString("id", code);
                w.WriteString("name", descriptor.Name);
                w.WriteStartObject("shortDescription");
                w.WriteString("text", descriptor.Name);
                w.WriteEndObject();
                w.WriteString(
                    "helpUri",
                    "https://github.com/releasetrain/releasetrain/blob/main/docs/diagnostics.md#"
                        + code.ToLowerInvariant()
                );
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            if (report.RootDirectory is not null)
            {
                w.WriteStartObject("originalUriBaseIds");
                w.WriteStartObject("SRCROOT");
                w.WriteString(
                    "uri",
                    new Uri(
                        Path.TrimEndingDirectorySeparator(report.RootDirectory) + Path.DirectorySeparatorChar
                    ).AbsoluteUri
                );
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteStartArray("results");
            foreach (var d in diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", d.Code);
                w.WriteNumber("ruleIndex", codes.IndexOf(d.Code));
                w.WriteString("level", d.Severity == DiagnosticSeverity.Error ? "error" : "warning");
                w.WriteStartObject("message");
                w.WriteString("text", d.Message);
                w.WriteEndObject();
                if (d.File is not null)
                {
                    w.WriteStartArray("locations");
                    w.WriteStartObject();
                    w.WriteStartObject("physicalLocation");
                    w.WriteStartObject("artifactLocation");
                    var relative = RootRelative(d.File, report.RootDirectory);
                    var inRoot = !Path.IsPathRooted(relative);
                    w.WriteString("uri", inRoot ? relative : new Uri(d.File).AbsoluteUri);
                    if (inRoot)
                    {
                        w.WriteString("uriBaseId", "SRCROOT");
                    }

                    w.WriteEndObject();
                    if (d.Line > 0)
                    {
                        w.WriteStartObject("region");
                        w.WriteNumber("startLine", d.Line);
                        w.WriteNumber("startColumn", Math.Max(1, d.Column));
                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                }

                if (findings.TryGetValue(d, out var finding))
                {
                    w.WriteStartObject("properties");
                    w.WriteString("contract", finding.ContractId);
                    w.WriteString("rule", finding.RuleId);
                    w.WriteString("pointer", finding.Pointer);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteDiagnostics(
        Utf8JsonWriter w,
        string name,
        IReadOnlyList<Diagnostic> diagnostics,
        string? root
    )
    {
        w.WriteStartArray(name);
        foreach (var d in diagnostics)
        {
            w.WriteStartObject();
            WriteDiagnosticFields(w, d, root);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteDiagnosticFields(Utf8JsonWriter w, Diagnostic d, string? root)
    {
        w.WriteString("code", d.Code);
        w.WriteString("severity", d.Severity == DiagnosticSeverity.Error ? "error" : "warning");
        w.WriteString("message", d.Message);
        WriteNullable(w, "file", d.File is null ? null : RootRelative(d.File, root));
        w.WriteNumber("line", d.Line);
        w.WriteNumber("column", d.Column);
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>A path relative to the root with '/' separators, or the full path when outside it.</summary>
    private static string RootRelative(string path, string? root)
    {
        if (root is null)
        {
            return path;
        }

        var relative = Path.GetRelativePath(root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? path
            : relative.Replace('\\', '/');
    }

    private static string RootDisplay(string root, string workingDirectory)
    {
        var relative = DisplayPath(root, workingDirectory).Replace('\\', '/');
        return relative.Length == 0 ? "." : relative;
    }

    internal static string DisplayPath(string? path, string workingDirectory)
    {
        if (path is null)
        {
            return string.Empty;
        }

        var relative = Path.GetRelativePath(workingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static string EscapeData(string value) =>
        value
            .Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    private static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
