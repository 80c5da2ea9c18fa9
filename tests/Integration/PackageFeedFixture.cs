namespace ReleaseTrain.Tests;

/// <summary>
/// Packs ReleaseTrain.Tasks, ReleaseTrain.Cli and ReleaseTrain.Cake.Recipe once per test run into a local feed,
/// building them in an isolated artifacts folder, with an isolated NuGet packages folder so no stale copy is ever
/// consumed.
/// </summary>
public sealed class PackageFeedFixture : IDisposable
{
    private readonly TempDirectory _temp = new("rt-feed");

    public PackageFeedFixture()
    {
        Version =
            "0.1.0-it."
            + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Feed);
        foreach (
            var project in new[]
            {
                "src/Tasks/ReleaseTrain.Tasks.csproj",
                "src/Cli/ReleaseTrain.Cli.csproj",
                "recipe/ReleaseTrain.Cake.Recipe.csproj",
            }
        )
        {
            var result = ProcessRunner.Run(
                "dotnet",
                $"pack \"{TestPaths.InRepo(project)}\" -c Release -o \"{Feed}\" -p:Version={Version} "
                    + $"-p:ArtifactsPath=\"{_temp.Combine("artifacts")}\" -p:RestoreLockedMode=false -tl:off -nologo",
                TestPaths.RepositoryRoot
            );
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet pack failed:\n" + result.Output);
            }
        }
    }

    public string Version { get; }

    public string Feed => _temp.Combine("feed");

    public string PackagesFolder => _temp.Combine("packages");

    /// <summary>
    /// Copies the producer/consumer example into a new temp repository that restores only from the local feed, with a
    /// pinned global.json.
    /// </summary>
    public TempDirectory CreateSampleRepository()
    {
        var repo = new TempDirectory("rt-sample");
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "producer-consumer"), repo.Path);
        File.Copy(TestPaths.InRepo("global.json"), repo.Combine("global.json"));
        File.WriteAllText(
            repo.Combine("NuGet.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{PackagesFolder}" />
              </config>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
              </packageSources>
            </configuration>
            """
        );
        return repo;
    }

    public ProcessRunner.Result Build(TempDirectory repo, string extra = "") =>
        ProcessRunner.Run(
            "dotnet",
            $"build Orders.slnx -tl:off -nologo -p:ReleaseTrainTasksVersion={Version} {extra}",
            repo.Path
        );

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeedFixture>
{
    public const string Name = "package feed";
}
