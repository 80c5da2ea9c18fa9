using System.Text.Json.Nodes;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>
/// Evidence is reproducible in a normal workflow (issue 17, item 4): the bundle holds only what the commit
/// determines, a committed bundle that differs is explained file by file, and evidence paths may hold {version}.
/// </summary>
public sealed class ReproducibleEvidenceTests : IDisposable
{
    private readonly TempDirectory _dir = new("rt-cli-reproducible");

    public void Dispose() => _dir.Dispose();

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApplication.Run(args, stdout, stderr, _dir.Path);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    // A package of the version and its SBOM in artifacts/packages, and a gate report in artifacts/reports.
    private string Package(string id, string version)
    {
        var packages = _dir.Combine("artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, $"{id}.{version}.nupkg"), $"{id} {version} nupkg bytes");
        var sbom = Run(
            "sbom",
            "--project",
            TestPaths.InRepo("src", "Cli", "ReleaseTrain.Cli.csproj"),
            "--output",
            Path.Combine(packages, $"{id}.{version}.cdx.json")
        );
        Assert.True(sbom.Exit == 0, sbom.Out + sbom.Err);
        return packages;
    }

    private void GateReport(string content)
    {
        Directory.CreateDirectory(_dir.Combine("artifacts", "reports"));
        File.WriteAllText(_dir.Combine("artifacts", "reports", "verify.json"), content);
    }

    private (int Exit, string Out, string Err) Report(string at) =>
        Run(
            "report",
            "--version",
            "2.0.0",
            "--commit",
            FixedClock.Commit,
            "--at",
            at,
            "--output-dir",
            _dir.Combine("artifacts", "reports")
        );

    [Fact]
    public void Evidence_twice_with_a_report_between_gives_the_same_bundle()
    {
        File.WriteAllText(_dir.Combine("release-train.json"), "{\"contracts\": []}\n");
        Package("Sample", "2.0.0");
        GateReport("{\"status\": \"pass\"}\n");
        var first = Report("2026-11-18T12:00:00Z");
        Assert.True(first.Exit == 0, first.Out + first.Err);
        var created = Run("evidence", "--version", "2.0.0");
        Assert.True(created.Exit == 0, created.Out + created.Err);
        var evidence = File.ReadAllText(_dir.Combine("artifacts", "evidence", "2.0.0", "evidence.json"));
        Assert.Contains("artifacts/reports/verify.json", evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("scorecard", evidence, StringComparison.Ordinal);

        // The report again, an hour later: its generatedAt changes, the bundle must not.
        var second = Report("2026-11-18T13:00:00Z");
        Assert.True(second.Exit == 0, second.Out + second.Err);
        var again = Run("evidence", "--version", "2.0.0");
        Assert.True(again.Exit == 0, again.Out + again.Err);
        Assert.DoesNotContain("RT3003", again.Out + again.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("RT3012", again.Out + again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_names_each_file_that_differs_and_how()
    {
        var packages = Package("Sample", "2.0.0");
        Package("Gone", "2.0.0");
        GateReport("{\"status\": \"pass\"}\n");
        var created = Run("evidence", "--version", "2.0.0");
        Assert.True(created.Exit == 0, created.Out + created.Err);
        var bundle = _dir.Combine("artifacts", "evidence", "2.0.0");
        var oldSbom = "sha256:" + Sha256(Path.Combine(bundle, "Gone.2.0.0.cdx.json"));

        // A new package, one package fewer, and a gate report that changed.
        File.Delete(Path.Combine(packages, "Gone.2.0.0.nupkg"));
        File.Delete(Path.Combine(packages, "Gone.2.0.0.cdx.json"));
        Package("Added", "2.0.0");
        GateReport("{\"status\": \"fail\"}\n");
        var committedEvidence = "sha256:" + Sha256(Path.Combine(bundle, "evidence.json"));

        var again = Run("evidence", "--version", "2.0.0");
        Assert.Equal(1, again.Exit);
        var output = again.Out + again.Err;
        Assert.Contains(
            "Added.2.0.0.cdx.json : error RT3012: The committed evidence bundle differs from what this run produced: "
                + "Added.2.0.0.cdx.json added (this run produces it, sha256:",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"Gone.2.0.0.cdx.json removed (the committed bundle has it, {oldSbom}; this run does not produce " + $"it)",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"evidence.json changed (committed {committedEvidence}, this run sha256:",
            output,
            StringComparison.Ordinal
        );
        Assert.Matches("members that differ: [a-zA-Z, ]*gateReports", output);
        Assert.Contains("release-train evidence --version 2.0.0", output, StringComparison.Ordinal);
        // The unchanged files are not named; the committed bundle is untouched.
        Assert.DoesNotContain("Sample.2.0.0.cdx.json", output, StringComparison.Ordinal);
        Assert.Equal(committedEvidence, "sha256:" + Sha256(Path.Combine(bundle, "evidence.json")));
    }

    [Fact]
    public void Evidence_output_with_version_is_the_bundle_folder_and_an_unknown_placeholder_is_RT3013()
    {
        Package("Sample", "2.0.0");
        var created = Run("evidence", "--version", "2.0.0", "--output", "out/{version}/bundle");
        Assert.True(created.Exit == 0, created.Out + created.Err);
        Assert.True(File.Exists(_dir.Combine("out", "2.0.0", "bundle", "COMMITTED")));
        Assert.Equal(0, Run("evidence", "verify", _dir.Combine("out", "2.0.0", "bundle")).Exit);

        var unknown = Run("evidence", "--version", "2.0.0", "--output", "out/{release}");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("error RT3013: The path 'out/{release}' holds the placeholder '{release}'", unknown.Err);
        Assert.False(Directory.Exists(_dir.Combine("out", "{release}")));
    }

    [Fact]
    public void Decide_for_1_1_0_reads_the_bundle_of_1_1_0_not_of_1_0_0()
    {
        File.WriteAllText(
            _dir.Combine("release-train.json"),
            """
            {
              "contracts": [],
              "trains": [
                {
                  "id": "main",
                  "versions": "[1.0.0, 2.0.0)",
                  "evidence": [
                    {
                      "id": "bundle",
                      "kind": "readiness",
                      "path": "artifacts/evidence/{version}/evidence.json",
                      "timestampPointer": "/createdAt",
                      "maxAge": "P30D"
                    }
                  ]
                }
              ]
            }
            """
        );
        Bundle("1.0.0");
        string[] Decide(string version) =>
            [
                "decide",
                "--release",
                version,
                "--at",
                "2026-11-18T12:00:00Z",
                "--dry-run",
                "--commit",
                FixedClock.Commit,
            ];

        var first = Run(Decide("1.0.0"));
        Assert.True(first.Exit == 0, first.Out + first.Err);
        var next = Run(Decide("1.1.0"));
        Assert.Equal(1, next.Exit);
        Assert.Contains("artifacts/evidence/1.1.0/evidence.json", next.Out, StringComparison.Ordinal);
        Assert.Contains("RT4102", next.Out, StringComparison.Ordinal);

        Bundle("1.1.0");
        var after = Run(Decide("1.1.0"));
        Assert.True(after.Exit == 0, after.Out + after.Err);

        // A placeholder other than {version} is refused where it is written.
        File.WriteAllText(
            _dir.Combine("release-train.json"),
            File.ReadAllText(_dir.Combine("release-train.json")).Replace("{version}", "{tag}", StringComparison.Ordinal)
        );
        var unknown = Run(Decide("1.1.0"));
        Assert.Equal(2, unknown.Exit);
        Assert.Matches(@"release-train\.json\(\d+,\d+\): error RT3013:.*'\{tag\}'", unknown.Err);
    }

    private void Bundle(string version)
    {
        var folder = _dir.Combine("artifacts", "evidence", version);
        Directory.CreateDirectory(folder);
        File.WriteAllText(
            Path.Combine(folder, "evidence.json"),
            new JsonObject { ["version"] = version, ["createdAt"] = "2026-11-17T12:00:00Z" }.ToJsonString()
        );
    }

    private static string Sha256(string path) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
}
