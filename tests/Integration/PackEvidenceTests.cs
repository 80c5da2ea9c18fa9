using System.Text.Json.Nodes;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Schema;

namespace ReleaseTrain.Tests;

/// <summary>
/// `dotnet pack` of the sample repository writes a deterministic CycloneDX SBOM and the hashes beside each package.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class PackEvidenceTests(PackageFeedFixture feed)
{
    private static readonly Dictionary<string, string?> FixedCommitDate = new()
    {
        ["GIT_AUTHOR_DATE"] = "2026-11-01T09:30:00Z",
        ["GIT_COMMITTER_DATE"] = "2026-11-01T09:30:00Z",
        ["SOURCE_DATE_EPOCH"] = null,
    };

    /// <summary>A sample repository as a fresh clone: one commit with a fixed date.</summary>
    private TempDirectory CleanClone()
    {
        var repo = feed.CreateSampleRepository();
        foreach (
            var command in new[]
            {
                "init -q",
                "add -A",
                "-c user.email=ci@example.invalid -c user.name=ci commit -q -m sample",
            }
        )
        {
            var git = ProcessRunner.Run("git", command, repo.Path, FixedCommitDate);
            Assert.True(git.ExitCode == 0, git.Output);
        }

        return repo;
    }

    private ProcessRunner.Result Pack(TempDirectory repo, string extra = "") =>
        ProcessRunner.Run(
            "dotnet",
            $"pack Orders.slnx -o out -tl:off -nologo -p:ContinuousIntegrationBuild=true "
                + $"-p:ReleaseTrainTasksVersion={feed.Version} {extra}",
            repo.Path,
            FixedCommitDate
        );

    [SkippableFact]
    public void Pack_writes_a_schema_valid_sbom_and_hashes_beside_each_package()
    {
        var validator = JsonSchemaValidator.FromFile(TestPaths.SharedSchemas("cyclonedx", "bom-1.6.schema.json"));
        using var repo = CleanClone();
        var pack = Pack(repo);
        Assert.True(pack.ExitCode == 0, pack.Output);

        foreach (var id in new[] { "Orders.Producer", "Orders.Consumer" })
        {
            var sbomPath = repo.Combine("out", $"{id}.1.0.0.cdx.json");
            var bytes = File.ReadAllBytes(sbomPath);
            var violations = validator.Validate(LocatedJsonDocument.Parse(bytes, sbomPath).Root);
            Assert.True(violations.Count == 0, string.Join("\n", violations));
            var sbom = JsonNode.Parse(bytes)!;
            Assert.Equal($"pkg:nuget/{id}@1.0.0", sbom["metadata"]!["component"]!["purl"]!.ToString());
            Assert.Equal("2026-11-01T09:30:00Z", sbom["metadata"]!["timestamp"]!.ToString()); // the commit time

            var tasks = ((JsonArray)sbom["components"]!).Single(c => c!["name"]!.ToString() == "ReleaseTrain.Tasks")!;
            Assert.Equal("excluded", tasks["scope"]!.ToString()); // PrivateAssets=all: a build-time tool

            var hashes = JsonNode.Parse(File.ReadAllText(repo.Combine("out", $"{id}.1.0.0.hashes.json")))!;
            Assert.Equal(
                ReleaseTrain.Core.Evidence.EvidenceHashes.Sbom(bytes, sbomPath),
                hashes["sbom_hash"]!.ToString()
            );
            Assert.Equal(
                ReleaseTrain.Core.Evidence.EvidenceHashes.File(repo.Combine("out", $"{id}.1.0.0.nupkg")),
                hashes["sha256"]!.ToString()
            );
        }

        var consumer = JsonNode.Parse(File.ReadAllText(repo.Combine("out", "Orders.Consumer.1.0.0.cdx.json")))!;
        Assert.Contains(((JsonArray)consumer["components"]!), c =>
            c!["name"]!.ToString() == "Orders.Producer" && c["scope"]!.ToString() == "required"
        );
    }

    [Fact]
    public void Two_clean_clones_pack_to_identical_packages_sboms_and_hashes()
    {
        using var first = CleanClone();
        using var second = CleanClone();
        Assert.Equal(0, Pack(first).ExitCode);
        Assert.Equal(0, Pack(second).ExitCode);
        var names = Directory
            .GetFiles(first.Combine("out"))
            .Select(f => Path.GetFileName(f)!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(6, names.Length); // 2 × (.nupkg, .cdx.json, .hashes.json)
        foreach (var name in names)
        {
            Assert.True(
                File.ReadAllBytes(first.Combine("out", name))
                    .AsSpan()
                    .SequenceEqual(File.ReadAllBytes(second.Combine("out", name))),
                name + " differs between the clones"
            );
        }
    }

    [Fact]
    public void A_no_op_pack_rewrites_nothing_and_the_sbom_can_be_turned_off()
    {
        using var repo = CleanClone();
        Assert.Equal(0, Pack(repo).ExitCode);
        var sbom = repo.Combine("out", "Orders.Producer.1.0.0.cdx.json");
        var before = File.GetLastWriteTimeUtc(sbom);
        var noop = Pack(repo, "-v:n");
        Assert.Equal(0, noop.ExitCode);
        Assert.Contains(
            "Skipping target \"_ReleaseTrainGeneratePackageEvidenceCore\" because all output files are up-to-date",
            noop.StdOut,
            StringComparison.Ordinal
        );
        Assert.Equal(before, File.GetLastWriteTimeUtc(sbom));

        using var off = CleanClone();
        Assert.Equal(0, Pack(off, "-p:ReleaseTrainGenerateSbom=false").ExitCode);
        Assert.True(File.Exists(off.Combine("out", "Orders.Producer.1.0.0.nupkg")));
        Assert.False(File.Exists(off.Combine("out", "Orders.Producer.1.0.0.cdx.json")));
    }
}
