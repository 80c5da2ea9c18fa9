using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// The report of <c>release-train evidence</c> (the bundle created, or the committed one compared) and of
/// <c>evidence verify</c>: the diagnostics as canonical lines and a summary line, or JSON {bundle, status (pass,
/// fail or invalid), exitCode, created and evidenceDigest (evidence only), diagnostics}.
/// </summary>
public sealed class EvidenceReport
{
    // The evidence commands' JSON has always escaped non-ASCII characters (System.Text.Json's default encoder).
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly JsonObject _extra;
    private readonly string _summary;

    private EvidenceReport(
        string bundle,
        IReadOnlyList<Diagnostic> diagnostics,
        JsonObject extra,
        Func<int, string> summary
    )
    {
        Bundle = bundle;
        Diagnostics = diagnostics;
        _extra = extra;
        _summary = summary(ExitCode);
    }

    /// <summary>The bundle folder.</summary>
    public string Bundle { get; }

    /// <summary>RT3003/RT3004 differences (a verdict) or input errors.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>0 written, identical or verified; 1 differs; 2 invalid input (<see cref="EvidenceBundle.ExitCode"/>).
    /// </summary>
    public int ExitCode => EvidenceBundle.ExitCode(Diagnostics);

    /// <summary>The report of <see cref="EvidenceBundle.Create"/>.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The report.</returns>
    public static EvidenceReport OfCreate(EvidenceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var extra = new JsonObject { ["created"] = result.Created, ["evidenceDigest"] = result.EvidenceDigest };
        return new EvidenceReport(result.BundleDirectory, result.Diagnostics, extra, exit =>
            result.Created
                ? $"committed {result.BundleDirectory} ({result.EvidenceDigest})"
                : $"a committed bundle exists at {result.BundleDirectory}: "
                    + (exit == 0 ? "verified, identical" : "it differs")
        );
    }

    /// <summary>The report of <see cref="EvidenceBundle.Verify"/>.</summary>
    /// <param name="bundle">The bundle folder.</param>
    /// <param name="diagnostics">What did not verify.</param>
    /// <returns>The report.</returns>
    public static EvidenceReport OfVerify(string bundle, IReadOnlyList<Diagnostic> diagnostics) =>
        new(bundle, diagnostics, [], exit =>
            exit == 0 ? $"evidence verified: {bundle}" : $"evidence FAILED verification: {bundle}"
        );

    /// <summary>Renders the report.</summary>
    /// <param name="format"><see cref="OutputFormat.Json"/> or <see cref="OutputFormat.Text"/>.</param>
    /// <returns>The text, ending with a newline.</returns>
    /// <exception cref="ArgumentOutOfRangeException">For any other format.</exception>
    public string Render(OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                var exit = ExitCode;
                var json = new JsonObject
                {
                    ["bundle"] = Bundle,
                    ["status"] =
                        exit == 0 ? CheckStatus.Pass
                        : exit == 1 ? CheckStatus.Fail
                        : "invalid",
                    ["exitCode"] = exit,
                };
                foreach (var (key, value) in _extra)
                {
                    json[key] = value?.DeepClone();
                }

                json["diagnostics"] = new JsonArray([
                    .. Diagnostics.Select(d =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["code"] = d.Code,
                                ["message"] = d.Message,
                                ["file"] = d.File,
                            }
                    ),
                ]);
                return json.ToJsonString(JsonOptions) + "\n";
            case OutputFormat.Text:
                var builder = new StringBuilder();
                foreach (var d in Diagnostics)
                {
                    builder.AppendLine(d.ToCanonicalString());
                }

                builder.AppendLine(_summary);
                return builder.ToString();
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "evidence reports are text or json");
        }
    }
}
