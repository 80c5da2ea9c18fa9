using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NodaTime;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Time;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// What a verification read and until when its verdict holds (issue 14, the MSBuild gate's stale verdicts): every file
/// an artifact manifest lists, the drill evidence and its folder are inputs; a waiver's verdict changes when it starts
/// expiring and when it expires, a drill's when it starts counting and when it grows too old; a fixed <c>at</c> option
/// makes a verdict independent of the clock.
/// </summary>
public sealed class VerdictValidityTests : IDisposable
{
    private readonly KindRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    private static Instant At(string text) => KindRepository.At(text);

    [Fact]
    public void The_next_change_is_the_earliest_boundary_after_the_instant()
    {
        var at = At("2026-12-01T00:00:00Z");
        Assert.Equal(
            At("2026-12-02T00:00:00Z"),
            NextChange.Earliest(
                at,
                [At("2026-11-01T00:00:00Z"), at, null, At("2026-12-03T00:00:00Z"), At("2026-12-02T00:00:00Z")]
            )
        );
        Assert.Null(NextChange.Earliest(at, [at, At("2026-01-01T00:00:00Z")]));
        Assert.Equal(At("2026-12-31T00:00:00Z") + Duration.Epsilon, NextChange.FirstAfter(at, Duration.FromDays(30)));
        Assert.Null(NextChange.FirstAfter(Instant.MaxValue - Duration.FromDays(1), Duration.FromDays(30)));
        Assert.Null(NextChange.Plus(Instant.MinValue, -Duration.FromDays(1)));
    }

    [Fact]
    public void A_waiver_changes_when_it_starts_expiring_and_when_it_expires_and_never_after()
    {
        var until = At("2027-01-01T00:00:00Z");
        Assert.Equal(At("2026-12-18T00:00:00Z"), WaiverRules.ChangesAt(until, At("2026-12-01T00:00:00Z")));
        Assert.Equal(until, WaiverRules.ChangesAt(until, At("2026-12-18T00:00:00Z")));
        Assert.Null(WaiverRules.ChangesAt(until, until));
    }

    [Fact]
    public void A_verification_lists_the_files_an_artifact_manifest_lists_and_holds_until_a_waiver_changes()
    {
        var artifact = _repo.Write("dist/orders.bin", "release 1");
        _repo.Write(
            "dist/manifest.json",
            new JsonObject
            {
                ["files"] = new JsonArray(
                    new JsonObject
                    {
                        ["path"] = "dist/orders.bin",
                        ["sha256"] = Convert
                            .ToHexString(SHA256.HashData(File.ReadAllBytes(artifact)))
                            .ToLowerInvariant(),
                        ["size_bytes"] = 9,
                    }
                ),
            }.ToJsonString()
        );
        _repo.Write("rollout/waivers.json", Waivers("2027-01-01T00:00:00Z"));
        var config = _repo.Write(
            "release-train.json",
            """
            { "contracts": [
              { "id": "artifacts", "kind": "artifact-manifest", "manifest": "dist/manifest.json" },
              { "id": "waivers", "kind": "usr-waivers", "manifest": "rollout/waivers.json" } ] }
            """
        );
        var request = new VerifyRequest(config, _repo.Root, null, []) { At = At("2026-12-01T00:00:00Z") };

        var report = ContractVerification.Run(request);
        Assert.Equal(VerificationStatus.Pass, report.Status);
        Assert.Equal(
            ["release-train.json", "dist/manifest.json", "dist/orders.bin", "rollout/waivers.json"],
            report.InputFiles.Select(Relative)
        );
        Assert.Equal(request.At, report.EvaluatedAt);
        Assert.Equal(At("2026-12-18T00:00:00Z"), report.ValidUntil); // the waiver starts expiring

        // Fixed by the contract's 'at', the verdict no longer changes with the clock.
        _repo.Write(
            "release-train.json",
            """
            { "contracts": [ { "id": "waivers", "kind": "usr-waivers", "manifest": "rollout/waivers.json",
                               "options": { "at": "2026-12-01T00:00:00Z" } } ] }
            """
        );
        Assert.Null(ContractVerification.Run(request).ValidUntil);
    }

    [Fact]
    public void A_drill_verdict_changes_when_the_newest_drill_grows_stale_or_a_later_drill_starts_counting()
    {
        _repo.Write("ops.json", Policy());
        _repo.Write("drills/a.json", Drill("2026-11-01T00:00:00Z"));
        var now = At("2026-11-20T00:00:00Z");
        var result = _repo.Run(
            UsrOperationalReadinessKind.KindName,
            "ops.json",
            new JsonObject { ["drills"] = "drills" },
            now
        );
        Assert.Equal(ValidationStatus.Pass, result.Status);
        Assert.Equal(["drills/", "drills/a.json"], result.Reads.Select(Relative));
        // More than 30 days after the drill: the first instant after 2026-12-01T00:00:00Z.
        Assert.Equal(At("2026-12-01T00:00:00Z") + Duration.Epsilon, result.ChangesAt);

        _repo.Write("drills/b.json", Drill("2026-11-25T00:00:00Z")); // recorded ahead of the instant
        var later = _repo.Run(
            UsrOperationalReadinessKind.KindName,
            "ops.json",
            new JsonObject { ["drills"] = "drills" },
            now
        );
        Assert.Equal(At("2026-11-25T00:00:00Z"), later.ChangesAt);

        var fixedAt = _repo.Run(
            UsrOperationalReadinessKind.KindName,
            "ops.json",
            new JsonObject { ["drills"] = "drills", ["at"] = "2026-11-20T00:00:00Z" },
            now
        );
        Assert.Null(fixedAt.ChangesAt);
    }

    private string Relative(string path) =>
        Path.GetRelativePath(_repo.Root, Path.TrimEndingDirectorySeparator(path)).Replace('\\', '/')
        + (Path.EndsInDirectorySeparator(path) ? "/" : string.Empty);

    private static string Waivers(string allowedUntil) =>
        new JsonObject
        {
            ["schemaVersion"] = "usr-registry-1.0.0",
            ["registryId"] = "usr-waiver-policy",
            ["rows"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = "w1",
                    ["waiverClass"] = "benchmark-overrun",
                    ["scopeType"] = "lane",
                    ["scopeId"] = "ci-long",
                    ["allowedUntil"] = allowedUntil,
                    ["approvers"] = new JsonArray("usr-architecture", "usr-operations"),
                    ["requiredCompensatingControls"] = new JsonArray("usr-waiver-active-report.json"),
                    ["maxExtensions"] = 1,
                    ["blocking"] = true,
                }
            ),
        }.ToJsonString();

    private static readonly string[] Phases = ["pre-cutover", "cutover", "post-cutover", "incident"];

    /// <summary>One blocking row per phase, each with the runbook <c>rb</c>.</summary>
    private static string Policy() =>
        new JsonObject
        {
            ["schemaVersion"] = "usr-registry-1.0.0",
            ["registryId"] = "usr-operational-readiness-policy",
            ["rows"] = new JsonArray([
                .. Phases.Select(phase =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["id"] = "ops-" + phase,
                            ["phase"] = phase,
                            ["runbookId"] = "rb",
                            ["severityClass"] = "sev1",
                            ["requiredRoles"] = new JsonArray("usr-operations"),
                            ["requiredArtifacts"] = new JsonArray("a.json"),
                            ["communicationChannels"] = new JsonArray("#ops"),
                            ["maxResponseMinutes"] = 5,
                            ["maxRecoveryMinutes"] = 30,
                            ["blocking"] = true,
                        }
                ),
            ]),
        }.ToJsonString();

    private static string Drill(string executedAt) =>
        new JsonObject
        {
            ["runbookId"] = "rb",
            ["runbookVersion"] = "1",
            ["result"] = "pass",
            ["executedAt"] = executedAt,
        }.ToJsonString();
}
