namespace ReleaseTrain.Tests;

/// <summary>
/// <c>ReleaseTrainContracts</c> as documented: a <c>;</c>-separated list of contract ids, set in a project file.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class ContractListTests(PackageFeedFixture feed)
{
    [Fact]
    public void A_semicolon_separated_ReleaseTrainContracts_verifies_each_listed_contract()
    {
        using var repo = feed.CreateSampleRepository();
        File.WriteAllText(
            repo.Combine("Directory.Build.props"),
            File.ReadAllText(repo.Combine("Directory.Build.props"))
                .Replace(
                    "</Project>",
                    "  <PropertyGroup>\n"
                        + "    <ReleaseTrainContracts>orders-producer-handoff;orders-consumer-pin"
                        + "</ReleaseTrainContracts>\n"
                        + "  </PropertyGroup>\n</Project>",
                    StringComparison.Ordinal
                )
        );
        var pin = repo.Combine("consumer", "producer-pin.json");
        File.WriteAllText(
            pin,
            File.ReadAllText(pin).Replace("\"release_tag\": \"v", "\"release_tag\": \"x", StringComparison.Ordinal)
        );

        // Both listed contracts are verified (the second one finds the drift), none is reported unknown.
        var build = feed.Build(repo);
        Assert.NotEqual(0, build.ExitCode);
        Assert.DoesNotContain("RT1009", build.Output, StringComparison.Ordinal);
        Assert.Contains("error RT2001: [orders-consumer-pin/release-tag]", build.StdOut, StringComparison.Ordinal);
    }
}
