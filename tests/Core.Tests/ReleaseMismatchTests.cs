using ReleaseTrain.Core.Release;

namespace ReleaseTrain.Tests;

public sealed class ReleaseMismatchTests
{
    private const string Local = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Other = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static readonly ReleaseAsset Asset = new("a.nupkg", "/tmp/a.nupkg", 10, Local, "application/zip");

    [Fact]
    public void A_stored_asset_that_is_the_local_file_is_no_difference_and_the_release_goes_on()
    {
        Assert.Null(ReleasePlanner.UploadDifference(Asset, new PublishedAsset("a.nupkg", 10, Local)));
        Assert.Null(ReleasePlanner.UploadDifference(Asset, new PublishedAsset("a.nupkg", 10, null)));
        var none = ReleaseMismatch.Of("v1.0.0", []);
        Assert.Empty(none.Diagnostics);
        Assert.Equal(0, none.ExitCode);
    }

    [Theory]
    [InlineData(10, Other)]
    [InlineData(11, null)]
    public void A_stored_asset_that_differs_is_rt5009_and_a_verdict_against_the_release(long size, string? digest)
    {
        var difference = ReleasePlanner.UploadDifference(Asset, new PublishedAsset("a.nupkg", size, digest));
        Assert.NotNull(difference);
        Assert.StartsWith($"GitHub stored a.nupkg as {size} bytes", difference, StringComparison.Ordinal);

        var mismatch = ReleaseMismatch.Of("v1.0.0", [difference]);
        var diagnostic = Assert.Single(mismatch.Diagnostics);
        Assert.Equal("RT5009", diagnostic.Code);
        Assert.Contains("v1.0.0", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(difference, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(1, mismatch.ExitCode);
    }
}
