using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ReleaseTrain.Tests;

/// <summary>
/// The MSBuild gate never passes a stale verdict (issue 14): a file an artifact manifest lists is an input of the
/// verify target, a verdict that depends on the instant (a blocking waiver's expiry) is not reused past the instant it
/// can change, at the real clock or at <c>ReleaseTrainNow</c>, and an unchanged repository still skips the target.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class StaleVerdictTests(PackageFeedFixture feed)
{
    private const string Skipped =
        "Skipping target \"_ReleaseTrainVerifyContractsOnce\" because all output files are up-to-date";

    private static void AddContract(TempDirectory repo, JsonObject contract)
    {
        var path = repo.Combine("release-train.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config["contracts"]!.AsArray().Add(contract);
        File.WriteAllText(path, config.ToJsonString());
    }

    private static void WriteWaivers(TempDirectory repo, string allowedUntil) =>
        File.WriteAllText(
            repo.Combine("rollout", "usr-waiver-policy.json"),
            new JsonObject
            {
                ["schemaVersion"] = "usr-registry-1.0.0",
                ["registryId"] = "usr-waiver-policy",
                ["rows"] = new JsonArray(
                    new JsonObject
                    {
                        ["id"] = "waiver-benchmark-overrun",
                        ["waiverClass"] = "benchmark-overrun",
                        ["scopeType"] = "lane",
                        ["scopeId"] = "ci-long",
                        ["allowedUntil"] = allowedUntil,
                        ["approvers"] = new JsonArray("usr-architecture", "usr-operations"),
                        ["requiredCompensatingControls"] = new JsonArray("usr-benchmark-regression-summary.json"),
                        ["maxExtensions"] = 1,
                        ["blocking"] = true,
                    }
                ),
            }.ToJsonString()
        );

    private static TempDirectory WithWaivers(PackageFeedFixture feed, string allowedUntil)
    {
        var repo = feed.CreateSampleRepository();
        Directory.CreateDirectory(repo.Combine("rollout"));
        WriteWaivers(repo, allowedUntil);
        AddContract(
            repo,
            new JsonObject
            {
                ["id"] = "waivers",
                ["kind"] = "usr-waivers",
                ["manifest"] = "rollout/usr-waiver-policy.json",
            }
        );
        return repo;
    }

    [Fact]
    public void A_changed_file_that_an_artifact_manifest_lists_fails_the_next_build()
    {
        using var repo = feed.CreateSampleRepository();
        Directory.CreateDirectory(repo.Combine("dist"));
        var artifact = repo.Combine("dist", "orders.bin");
        File.WriteAllText(artifact, "release 1");
        var digest = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(artifact))).ToLowerInvariant();
        File.WriteAllText(
            repo.Combine("dist", "artifact-manifest.json"),
            new JsonObject
            {
                ["files"] = new JsonArray(
                    new JsonObject
                    {
                        ["path"] = "dist/orders.bin",
                        ["sha256"] = digest,
                        ["size_bytes"] = 9,
                    }
                ),
            }.ToJsonString()
        );
        AddContract(
            repo,
            new JsonObject
            {
                ["id"] = "artifacts",
                ["kind"] = "artifact-manifest",
                ["manifest"] = "dist/artifact-manifest.json",
            }
        );
        var clean = feed.Build(repo);
        Assert.True(clean.ExitCode == 0, clean.Output);
        var noop = feed.Build(repo, "-v:n");
        Assert.True(noop.ExitCode == 0, noop.Output);
        Assert.Contains(Skipped, noop.StdOut, StringComparison.Ordinal); // unchanged: still skipped

        File.WriteAllText(artifact, "release 2"); // same size, another digest
        var tampered = feed.Build(repo);
        Assert.True(tampered.ExitCode != 0, tampered.Output);
        Assert.Contains("error RT6061:", tampered.StdOut, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_blocking_waiver_that_expires_by_the_clock_fails_the_next_build()
    {
        // Restored and compiled first, so that the verifying build below is quick.
        using var repo = feed.CreateSampleRepository();
        Assert.Equal(0, feed.Build(repo).ExitCode);
        var until = DateTimeOffset.UtcNow.AddSeconds(45);
        Directory.CreateDirectory(repo.Combine("rollout"));
        WriteWaivers(repo, until.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        AddContract(
            repo,
            new JsonObject
            {
                ["id"] = "waivers",
                ["kind"] = "usr-waivers",
                ["manifest"] = "rollout/usr-waiver-policy.json",
            }
        );
        var active = feed.Build(repo);
        Skip.If(DateTimeOffset.UtcNow >= until.AddSeconds(-1), "the machine took too long to build before the expiry");
        Assert.True(active.ExitCode == 0, active.Output);
        Assert.Contains("warning RT6035:", active.StdOut, StringComparison.Ordinal); // expiring within 14 days

        Thread.Sleep(until - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        var expired = feed.Build(repo);
        Assert.True(expired.ExitCode != 0, expired.Output);
        Assert.Contains("error RT6034:", expired.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verdict_at_ReleaseTrainNow_is_reused_only_at_that_instant_and_never_past_an_expiry()
    {
        using var repo = WithWaivers(feed, "2027-01-01T00:00:00Z");
        var before = feed.Build(repo, "-p:ReleaseTrainNow=2026-12-31T23:00:00Z");
        Assert.True(before.ExitCode == 0, before.Output);
        var again = feed.Build(repo, "-v:n -p:ReleaseTrainNow=2026-12-31T23:00:00Z");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains(Skipped, again.StdOut, StringComparison.Ordinal);

        var at = feed.Build(repo, "-p:ReleaseTrainNow=2027-01-01T00:00:00Z"); // allowedUntil is exclusive
        Assert.True(at.ExitCode != 0, at.Output);
        Assert.Contains("error RT6034:", at.StdOut, StringComparison.Ordinal);

        var back = feed.Build(repo, "-p:ReleaseTrainNow=2026-12-31T23:00:00Z");
        Assert.True(back.ExitCode == 0, back.Output);
    }

    [Fact]
    public void A_verdict_made_at_ReleaseTrainNow_is_not_reused_by_the_clock_after_the_expiry()
    {
        // Valid at the overridden instant, expired by the machine's clock (the waiver ended in 2020).
        using var repo = WithWaivers(feed, "2020-01-01T00:00:00Z");
        var then = feed.Build(repo, "-p:ReleaseTrainNow=2019-12-31T00:00:00Z");
        Assert.True(then.ExitCode == 0, then.Output);

        var now = feed.Build(repo);
        Assert.True(now.ExitCode != 0, now.Output);
        Assert.Contains("error RT6034:", now.StdOut, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_drill_file_added_to_the_drills_folder_with_an_old_time_fails_the_next_build()
    {
        using var repo = feed.CreateSampleRepository();
        Directory.CreateDirectory(repo.Combine("rollout", "drills"));
        File.Copy(
            TestPaths.RealData("pairofcleats", "tests", "lang", "matrix", "usr-operational-readiness-policy.json"),
            repo.Combine("rollout", "ops.json")
        );
        var drills = new JsonArray();
        foreach (
            var runbook in new[] { "usr-cutover-runbook", "usr-incident-critical-runbook", "usr-pre-cutover-checklist" }
        )
        {
            drills.Add(
                new JsonObject
                {
                    ["runbookId"] = runbook,
                    ["runbookVersion"] = "2026.12",
                    ["result"] = "pass",
                    ["executedAt"] = "2026-12-01T00:00:00Z",
                }
            );
        }

        File.WriteAllText(
            repo.Combine("rollout", "drills", "a.json"),
            new JsonObject { ["drills"] = drills }.ToJsonString()
        );
        AddContract(
            repo,
            new JsonObject
            {
                ["id"] = "ops",
                ["kind"] = "usr-operational-readiness",
                ["manifest"] = "rollout/ops.json",
                ["options"] = new JsonObject { ["drills"] = "rollout/drills", ["at"] = "2026-12-02T00:00:00Z" },
            }
        );
        var clean = feed.Build(repo);
        Assert.True(clean.ExitCode == 0, clean.Output);
        var noop = feed.Build(repo, "-v:n");
        Assert.Contains(Skipped, noop.StdOut, StringComparison.Ordinal);

        // A failed drill without remediation, in a new file that keeps an old time (as cp -p or an unpacked archive).
        var added = repo.Combine("rollout", "drills", "b.json");
        File.WriteAllText(
            added,
            """{ "runbookId": "usr-cutover-runbook", "runbookVersion": "2026.12", "result": "fail", """
                + """ "executedAt": "2026-11-30T00:00:00Z" }"""
        );
        File.SetLastWriteTimeUtc(added, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var failed = feed.Build(repo);
        Assert.True(failed.ExitCode != 0, failed.Output);
        Assert.Contains("error RT6025:", failed.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void A_max_age_past_any_instant_is_a_coded_error_in_the_build_without_a_stack_trace_not_MSB4018()
    {
        using var repo = feed.CreateSampleRepository();
        var path = repo.Combine("release-train.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config["signoff"] = JsonNode.Parse(
            """{ "allowUnsignedRecords": true, "roles": { "architecture": ["alice"] }, "maxAge": "P100000000D" }"""
        );
        File.WriteAllText(path, config.ToJsonString());
        var build = feed.Build(repo);
        Assert.True(build.ExitCode != 0, build.Output);
        Assert.DoesNotContain("MSB4018", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", build.Output, StringComparison.Ordinal);
        // Core refuses it where it is read (RT4003: longer than P36525D), so no task meets an overflow.
        Assert.Matches(@"release-train\.json\(\d+,\d+\): error RT4003:", build.StdOut);
    }
}
