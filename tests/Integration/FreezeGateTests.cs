using System.Text.Json.Nodes;

namespace ReleaseTrain.Tests;

/// <summary>
/// `dotnet pack` fails with RT4005 during an active 'pack' freeze, unless an exception covers the package version.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class FreezeGateTests(PackageFeedFixture feed)
{
    private static void AddPolicy(TempDirectory repo, bool withException)
    {
        var path = repo.Combine("release-train.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config["freezeWindows"] = JsonNode.Parse(
            """
            [ { "id": "year-end", "actions": ["pack", "release"], "reason": "year-end freeze",
                "start": "2026-12-20T00:00:00+01:00", "end": "2027-01-04T00:00:00+01:00" } ]
            """
        );
        if (withException)
        {
            config["freezeExceptions"] = JsonNode.Parse(
                """
                [ { "id": "orders-hotfix", "windows": ["year-end"], "release": "1.0.0", "reason": "hotfix",
                """
                    + """
                     "requestedBy": "alice",
                        "approvers": ["bob"], "validFrom": "2026-12-20T00:00:00Z", "validUntil":
                    """
                    + """
                     "2026-12-31T00:00:00Z" } ]
                    """
            );
        }

        File.WriteAllText(
            path,
            config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })
        );
    }

    private ProcessRunner.Result Pack(TempDirectory repo, string extra) =>
        ProcessRunner.Run(
            "dotnet",
            $"pack Orders.slnx -o out -tl:off -nologo -p:ReleaseTrainTasksVersion={feed.Version} {extra}",
            repo.Path
        );

    [Fact]
    public void Pack_fails_during_a_pack_freeze_in_CI_and_passes_outside_it_or_with_an_exception()
    {
        using var repo = feed.CreateSampleRepository();
        AddPolicy(repo, withException: false);
        var frozen = Pack(repo, "-p:ContinuousIntegrationBuild=true -p:ReleaseTrainNow=2026-12-24T10:00:00Z");
        Assert.NotEqual(0, frozen.ExitCode);
        Assert.Contains($"{repo.Combine("release-train.json")}(", frozen.StdOut, StringComparison.Ordinal);
        Assert.Contains(
            "error RT4005: 'pack' is frozen by window 'year-end' (year-end freeze) from 2026-12-19T23:00:00Z to "
                + "2027-01-03T23:00:00Z",
            frozen.StdOut,
            StringComparison.Ordinal
        );
        Assert.False(File.Exists(repo.Combine("out", "Orders.Producer.1.0.0.nupkg")));

        Assert.Equal(
            0,
            Pack(repo, "-p:ContinuousIntegrationBuild=true -p:ReleaseTrainNow=2027-01-04T00:00:00+01:00").ExitCode
        ); // half-open: open again
        Assert.Equal(
            0,
            Pack(repo, "-p:ReleaseTrainNow=2026-12-24T10:00:00Z -p:ContinuousIntegrationBuild=false").ExitCode
        ); // not enforced outside CI

        AddPolicy(repo, withException: true);
        var excepted = Pack(repo, "-p:ReleaseTrainEnforceFreeze=true -p:ReleaseTrainNow=2026-12-24T10:00:00Z");
        Assert.True(excepted.ExitCode == 0, excepted.Output);
    }
}
