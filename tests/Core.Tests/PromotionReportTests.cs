using System.Text.Json.Nodes;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.Reporting;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// The readiness report (and so the release body, which carries its Markdown) shows each equality the promotion gate
/// checked and the preflight's row, on ML2ML's real goldens.
/// </summary>
public sealed class PromotionReportTests : IDisposable
{
    private static readonly NodaTime.Instant At = NodaTime.Instant.FromUtc(2026, 12, 5, 0, 0);

    private readonly TempDirectory _repo = new("promotion-report");

    public void Dispose() => _repo.Dispose();

    private ReleaseTrainConfig Load()
    {
        foreach (var name in new[] { "execution_certificate.json", "golden-identities.json" })
        {
            var source = TestPaths.RealData("ml2ml", "goldens", "hello-core", name);
            Assert.True(File.Exists(source), $"ML2ML's golden {source} is missing: see ../shared/realdata/SOURCES.md");
            _repo.CopyIn(source, "goldens/" + name);
        }

        var contract = new JsonObject
        {
            ["id"] = "hello-core",
            ["kind"] = "promotion",
            ["manifest"] = "goldens/execution_certificate.json",
            ["options"] = new JsonObject { ["identities"] = "goldens/golden-identities.json" },
        };
        var path = _repo.Combine("release-train.json");
        File.WriteAllText(path, new JsonObject { ["contracts"] = new JsonArray(contract) }.ToJsonString());
        var config = ConfigLoader.Load(path, _repo.Path, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return config!;
    }

    [SkippableFact]
    public void The_scorecard_and_its_markdown_show_each_equality_checked()
    {
        var scorecard = ReadinessReport.Scorecard(Load(), new ReadinessRequest("1.0.0", null, At));

        SchemaAssert.Valid("usr-release-readiness-scorecard.schema.json", ReportJson.Write(scorecard));
        var row = scorecard["rows"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "validator:hello-core")!;
        Assert.Equal("pass", row["status"]!.GetValue<string>());
        var equalities = row["promotion"]!["equalities"]!.AsArray();
        Assert.Equal(3, equalities.Count);
        Assert.All(equalities, e => Assert.True(e!["holds"]!.GetValue<bool>()));

        var markdown = ReadinessRenderer.Markdown(scorecard);
        Assert.Contains("### Promotion gate: promotion: hello-core (flat form)", markdown, StringComparison.Ordinal);
        Assert.Contains(
            "| `certificate_hash` | yes | `sha256:3a2ac529fad55bd3957d85d609136815a8152fecaf638e6a40f3ac682612d250` |",
            markdown,
            StringComparison.Ordinal
        );
        Assert.Contains("| recomputed |", markdown, StringComparison.Ordinal);
        Assert.Contains("Signatures: none verified.", markdown, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_preflight_report_of_the_release_is_a_row_of_the_scorecard()
    {
        var config = Load();
        var result = new PreflightResult(
            "1.0.0",
            [
                new("configuration", "pass", "ok"),
                new("package-signatures", "warn", "1"),
                new("locked-restore", "pass", "."),
            ],
            [new("Tiny.1.0.0.nupkg", "unsigned", "error: NU3004: The package is not signed.")],
            [DiagnosticCodes.PackageUnsigned.Create(DiagnosticSeverity.Warning, null, 0, 0, "Tiny.1.0.0.nupkg")],
            0
        );
        var path = ReadinessReport.PreflightReportFile(_repo.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, ReportJson.Write(new PreflightReport(result).ToJson()));

        var scorecard = ReadinessReport.Scorecard(config, new ReadinessRequest("1.0.0", null, At));
        var other = ReadinessReport.Scorecard(config, new ReadinessRequest("2.0.0", null, At));

        SchemaAssert.Valid("usr-release-readiness-scorecard.schema.json", ReportJson.Write(scorecard));
        var row = scorecard["rows"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == "preflight")!;
        Assert.Equal("warn", row["status"]!.GetValue<string>());
        Assert.Equal("RT3050", row["findings"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("warning", row["findings"]![0]!["severity"]!.GetValue<string>());
        Assert.DoesNotContain(other["rows"]!.AsArray(), r => r!["id"]!.GetValue<string>() == "preflight");
    }
}
