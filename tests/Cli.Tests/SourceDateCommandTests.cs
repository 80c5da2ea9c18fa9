namespace ReleaseTrain.Tests;

/// <summary><c>release-train source-date</c>: Core's one source-date rule, for scripts (the Cake Pack target).
/// </summary>
public sealed class SourceDateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("rt-source-date");

    public void Dispose() => _dir.Dispose();

    private ProcessRunner.Result Run(string? sourceDateEpoch) =>
        ProcessRunner.Run(
            "dotnet",
            $"\"{TestPaths.CliDll}\" source-date",
            _dir.Path,
            new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = sourceDateEpoch },
            timeoutSeconds: 120
        );

    [Fact]
    public void Prints_SOURCE_DATE_EPOCH_else_the_fallback_outside_git_and_refuses_a_bad_value()
    {
        var given = Run("1700000000");
        Assert.Equal((0, "1700000000\n"), (given.ExitCode, given.StdOut));
        var fallback = Run(null);
        Assert.Equal((0, "315619200\n"), (fallback.ExitCode, fallback.StdOut)); // 1980-01-02T00:00:00Z
        var bad = Run("yesterday");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("RT3007", bad.StdErr, StringComparison.Ordinal);
    }
}
