using System.Text.Json.Nodes;
using ReleaseTrain.Cli;
using ReleaseTrain.Core.Validators;

namespace ReleaseTrain.Tests;

/// <summary>
/// examples/rollout/torghut.release-train.json (issue 16): the phase manifest built from
/// examples/rollout/torghut/phase-input.json with torghut's real gate policy, in either schema version, verified by
/// the <c>phase-manifest</c> contract whose <c>gatePolicy</c> option holds it to torghut's full promotion
/// prerequisites (the twelve paper artifacts and gates 0, 1, 2 and 7).
/// </summary>
public sealed class TorghutRolloutExampleTests : IDisposable
{
    private readonly TempDirectory _root = new("rt-torghut-example");

    public void Dispose() => _root.Dispose();

    private static (int Exit, string Out) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApplication.Run(args, stdout, stderr, TestPaths.RepositoryRoot);
        return (exit, stdout.ToString() + stderr);
    }

    private string Manifest => _root.Combine("torghut-lab", "rollout", "phase-manifest.json");

    private (int Exit, string Out) Build(string input, params string[] extra) =>
        Run([
            "phase-manifest",
            "build",
            "--input",
            input,
            "--target",
            "paper",
            "--policy",
            _root.Combine("torghut-lab", "services", "torghut", "config", "autonomous-gate-policy.json"),
            "--at",
            "2026-03-01T12:00:00Z",
            "--output",
            Manifest,
            .. extra,
        ]);

    private (int Exit, string Out) Verify() =>
        Run(
            "verify",
            "--config",
            TestPaths.InRepo("examples", "rollout", "torghut.release-train.json"),
            "--root",
            _root.Path
        );

    [SkippableFact]
    public void The_example_paper_promotion_meets_torghuts_full_prerequisites_in_both_schema_versions()
    {
        TempDirectory.CopyDirectory(TestPaths.RealData("torghut-lab"), _root.Combine("torghut-lab"));
        var input = TestPaths.InRepo("examples", "rollout", "torghut", "phase-input.json");
        foreach (var version in new[] { "torghut.autonomy.phase-manifest.v1", "autonomy-phase-manifest-v1" })
        {
            var built = Build(input, "--schema-version", version);
            Assert.True(built.Exit == 0, built.Out);
            var verified = Verify();
            Assert.True(verified.Exit == 0, verified.Out);
            Assert.Contains("PASS (1 contract(s)", verified.Out, StringComparison.Ordinal);
        }

        // One artifact short: the build fails the promotion phase itself.
        var shortInput = JsonNode.Parse(File.ReadAllText(input))!;
        shortInput["promotion"]!["artifacts"]!.AsArray().RemoveAt(11);
        var shortPath = _root.Combine("short-input.json");
        File.WriteAllText(shortPath, shortInput.ToJsonString());
        var failed = Build(shortPath);
        Assert.Equal(1, failed.Exit);
        Assert.Contains("missing required artifact gates/stress-metrics-v1.json", failed.Out, StringComparison.Ordinal);

        // A manifest whose promotion phase still passes without it (re-hashed as torghut would): the contract fails.
        Assert.Equal(0, Build(input).Exit);
        var manifest = JsonNode.Parse(File.ReadAllText(Manifest))!.AsObject();
        var refs = manifest["phases"]![1]!["artifact_refs"]!.AsArray();
        refs.Remove(
            refs.First(r => r!.GetValue<string>().EndsWith("stress-metrics-v1.json", StringComparison.Ordinal))
        );
        manifest["manifest_hash"] = PhaseManifest.Hash(manifest, PhaseContract.Torghut);
        File.WriteAllText(Manifest, manifest.ToJsonString());
        var rejected = Verify();
        Assert.Equal(1, rejected.Exit);
        Assert.Contains("error RT6093", rejected.Out, StringComparison.Ordinal);
        Assert.Contains("gates/stress-metrics-v1.json", rejected.Out, StringComparison.Ordinal);
    }
}
