using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Validators;

namespace ReleaseTrain.Core.Tests;

/// <summary><c>canary</c> through the registry: a snapshot judged against its <c>thresholds</c> option.</summary>
public sealed class CanaryKindTests : IDisposable
{
    private readonly KindRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    private static JsonObject Stage(int cohort, double errorRate) =>
        new()
        {
            ["cohort_percent"] = cohort,
            ["samples"] = 5000,
            ["error_rate"] = errorRate,
            ["p95_latency_ms"] = 104.0,
            ["baseline_p95_latency_ms"] = 100.0,
            ["replay_determinism_failures"] = 0,
        };

    [Fact]
    public void The_kind_judges_against_its_thresholds_option_and_reports_its_codes()
    {
        Assert.Equal(["thresholds"], new CanaryKind().Options);
        var now = KindRepository.At("2026-11-21T00:00:00Z");
        var snapshot = new JsonObject { ["stages"] = new JsonArray(Stage(1, 0.004)) };
        _repo.Write("canary/snapshot.json", snapshot.ToJsonString());
        _repo.Write("canary/strict.json", new JsonObject { ["max_error_rate"] = 0.001 }.ToJsonString());

        var runbook = _repo.Run(CanaryKind.KindName, "canary/snapshot.json", null, now);
        Assert.Equal(ValidationStatus.Pass, runbook.Status);

        var thresholds = new JsonObject { ["thresholds"] = "canary/strict.json" };
        var strict = _repo.Run(CanaryKind.KindName, "canary/snapshot.json", thresholds, now);
        Assert.Equal("RT6070", Assert.Single(strict.Findings).Code);

        _repo.Write("canary/empty.json", "{\"stages\": []}");
        var invalid = Assert.Throws<ReleaseTrainException>(() =>
            _repo.Run(CanaryKind.KindName, "canary/empty.json", null, now)
        );
        Assert.Contains(new CanaryKind().Codes, c => c.Code == invalid.Diagnostic.Code);
    }
}
