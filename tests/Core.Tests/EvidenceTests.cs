using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Schema;

namespace ReleaseTrain.Tests;

/// <summary>
/// SBOMs from real restore models, validated against the official CycloneDX 1.6 schema; the evidence hashes.
/// </summary>
public sealed class SbomTests
{
    private static readonly SbomOptions Options = new(
        DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        null,
        null,
        "0.1.0"
    );

    // This test project's own restore model: a real graph of ~40 packages, one of them PrivateAssets=all.
    private static string Assets =>
        TestPaths.InRepo("artifacts", "obj", "ReleaseTrain.Core.Tests", "project.assets.json");

    private static string LockFile => TestPaths.InRepo("tests", "Core.Tests", "packages.lock.json");

    private static JsonObject Generate(string? lockFile = null, SbomOptions? options = null) =>
        (JsonObject)JsonNode.Parse(CycloneDxSbom.Generate(Assets, lockFile ?? LockFile, options ?? Options))!;

    [SkippableFact]
    public void Sbom_validates_against_the_official_CycloneDX_1_6_schema()
    {
        var validator = JsonSchemaValidator.FromFile(TestPaths.SharedSchemas("cyclonedx", "bom-1.6.schema.json"));
        var bytes = CycloneDxSbom.Generate(Assets, LockFile, Options);
        var violations = validator.Validate(LocatedJsonDocument.Parse(bytes, "sbom.json").Root);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [SkippableFact]
    public void The_schema_validator_rejects_an_invalid_sbom()
    {
        var validator = JsonSchemaValidator.FromFile(TestPaths.SharedSchemas("cyclonedx", "bom-1.6.schema.json"));
        var sbom = Generate();
        sbom["specVersion"] = "1.6";
        ((JsonObject)sbom["components"]![0]!)["scope"] = "sometimes";
        ((JsonObject)((JsonArray)((JsonObject)sbom["components"]![1]!)["hashes"]!)[0]!)["content"] = "not-hex";
        var violations = validator.Validate(LocatedJsonDocument.Parse(sbom.ToJsonString()).Root);
        Assert.Contains(violations, v => v.Pointer == "/components/0/scope");
        Assert.Contains(violations, v => v.Pointer.StartsWith("/components/1/hashes/0", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_inputs_give_byte_identical_sboms_and_the_serial_number_follows_the_content()
    {
        var a = CycloneDxSbom.Generate(Assets, LockFile, Options);
        var b = CycloneDxSbom.Generate(Assets, LockFile, Options);
        Assert.Equal(a, b);
        Assert.DoesNotContain((byte)'\r', a);
        var later = CycloneDxSbom.Generate(Assets, LockFile, Options with { Timestamp = Options.Timestamp.AddDays(1) });
        Assert.NotEqual(
            JsonNode.Parse(a)!["serialNumber"]!.ToString(),
            JsonNode.Parse(later)!["serialNumber"]!.ToString()
        );
        Assert.Matches(
            "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
            JsonNode.Parse(a)!["serialNumber"]!.ToString()
        );
        Assert.Equal("2023-11-14T22:13:20Z", JsonNode.Parse(a)!["metadata"]!["timestamp"]!.ToString());
    }

    [Fact]
    public void Components_carry_purl_sha512_scope_and_target_framework()
    {
        var sbom = Generate();
        var components = ((JsonArray)sbom["components"]!).Select(c => (JsonObject)c!).ToList();
        var xunitCore = components.Single(c => c["name"]!.ToString() == "xunit.core");
        Assert.Equal("pkg:nuget/xunit.core@2.9.3", xunitCore["purl"]!.ToString());
        // This is a test project (it references Microsoft.NET.Test.Sdk): as cyclonedx-dotnet does, what it reaches
        // is scope excluded. (SbomSolutionTests has the required side.)
        Assert.Equal("excluded", xunitCore["scope"]!.ToString());
        Assert.Equal("SHA-512", xunitCore["hashes"]![0]!["alg"]!.ToString());
        Assert.Matches("^[0-9a-f]{128}$", xunitCore["hashes"]![0]!["content"]!.ToString());
        Assert.Equal("net10.0", xunitCore["properties"]![0]!["value"]!.ToString());
        // PrivateAssets=all in tests/Directory.Build.props: it does not flow to consumers.
        Assert.Equal(
            "excluded",
            components.Single(c => c["name"]!.ToString() == "xunit.runner.visualstudio")["scope"]!.ToString()
        );
        // The project reference is a component, and the graph reaches it from the root.
        Assert.Contains(components, c => c["name"]!.ToString() == "ReleaseTrain.Core" && c["hashes"] is null);
        var root = ((JsonArray)sbom["dependencies"]!).Single(d =>
            d!["ref"]!.ToString() == sbom["metadata"]!["component"]!["bom-ref"]!.ToString()
        )!;
        Assert.Contains(
            "pkg:nuget/ReleaseTrain.Core@0.1.0",
            ((JsonArray)root["dependsOn"]!).Select(x => x!.ToString())
        );
        var names = components.Select(c => c["bom-ref"]!.ToString()).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void The_content_hash_property_is_the_lock_files_and_the_sha512_the_signed_nupkg_files_own()
    {
        var lockJson = JsonNode.Parse(File.ReadAllText(LockFile))!["dependencies"]!["net10.0"]!["xunit.core"]![
            "contentHash"
        ]!.ToString();
        var sbom = Generate();
        var component = ((JsonArray)sbom["components"]!).Single(c => c!["name"]!.ToString() == "xunit.core")!;
        var contentHash = Convert.ToHexString(Convert.FromBase64String(lockJson)).ToLowerInvariant();
        Assert.Contains(component["properties"]!.AsArray(), p =>
            p!["name"]!.ToString() == CycloneDxSbom.ContentHashProperty && p["value"]!.ToString() == contentHash
        );

        // xunit.core is signed: NuGet's content hash leaves the signature out, the .nupkg file's SHA-512 (which NuGet
        // also writes to .nupkg.sha512, and cyclonedx-dotnet reads) does not. The SBOM's SHA-512 is the file's.
        var assets = JsonNode.Parse(File.ReadAllText(Assets))!;
        var folder = Path.Combine(
            assets["packageFolders"]!.AsObject().First().Key,
            assets["libraries"]!["xunit.core/2.9.3"]!["path"]!.ToString()
        );
        var fileSha512 = Convert.ToHexStringLower(
            SHA512.HashData(File.ReadAllBytes(Path.Combine(folder, "xunit.core.2.9.3.nupkg")))
        );
        Assert.Equal(fileSha512, component["hashes"]![0]!["content"]!.ToString());
        Assert.Equal(
            fileSha512,
            Convert.ToHexStringLower(
                Convert.FromBase64String(File.ReadAllText(Path.Combine(folder, "xunit.core.2.9.3.nupkg.sha512")))
            )
        );
        Assert.NotEqual(contentHash, fileSha512);
        Assert.Equal("SHA-256", component["hashes"]![1]!["alg"]!.ToString());
    }

    [Fact]
    public void A_lock_file_that_disagrees_with_the_assets_file_is_RT3002()
    {
        using var temp = new TempDirectory("rt-sbom");
        var text = File.ReadAllText(LockFile);
        var hash = (string)JsonNode.Parse(text)!["dependencies"]!["net10.0"]!["xunit.core"]!["contentHash"]!;
        var tampered = temp.Combine("packages.lock.json");
        File.WriteAllText(tampered, text.Replace(hash, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal));
        var ex = Assert.Throws<ReleaseTrainException>(() => CycloneDxSbom.Generate(Assets, tampered, Options));
        Assert.Equal("RT3002", ex.Diagnostic.Code);
        Assert.Equal(tampered, ex.Diagnostic.File);
        Assert.True(ex.Diagnostic.Line > 0);
    }

    // A real restore (dotnet restore, RestorePackagesWithLockFile) of a project targeting net8.0 and net472: the lock
    // file names the .NET Framework target ".NETFramework,Version=v4.7.2", the assets file "net472".
    private static string Net472(string name) => TestPaths.InRepo("tests", "Core.Tests", "TestData", "net472", name);

    private static string TamperedNet472Lock(TempDirectory temp, Func<JsonObject, JsonObject> tamper)
    {
        var tampered = tamper((JsonObject)JsonNode.Parse(File.ReadAllText(Net472("fixture.packages.lock.json")))!);
        var path = temp.Combine("packages.lock.json");
        File.WriteAllText(path, tampered.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    [Theory]
    [InlineData(".NETFramework,Version=v4.7.2")]
    [InlineData("net8.0")]
    public void A_tampered_lock_entry_is_RT3002_on_NET_Framework_targets_as_on_net8(string target)
    {
        // Issue 14: the cross-check looked the lock file's target up by the assets file's name ("net472") and skipped
        // it when absent, so a tampered net472 entry passed.
        var assets = Net472("fixture.project.assets.json");
        var sbom = JsonNode.Parse(CycloneDxSbom.Generate(assets, Net472("fixture.packages.lock.json"), Options))!;
        Assert.Contains(((JsonArray)sbom["components"]!).SelectMany(c => (JsonArray)c!["properties"]!), p =>
            p!["value"]!.ToString() == "net472"
        );
        using var temp = new TempDirectory("rt-sbom");
        var tampered = TamperedNet472Lock(temp, lockFile =>
        {
            lockFile["dependencies"]![target]!["NuGet.Versioning"]!["contentHash"] = Convert.ToBase64String(
                new byte[64]
            );
            return lockFile;
        });
        var ex = Assert.Throws<ReleaseTrainException>(() => CycloneDxSbom.Generate(assets, tampered, Options));
        Assert.Equal("RT3002", ex.Diagnostic.Code);
        Assert.Equal(tampered, ex.Diagnostic.File);
        Assert.Contains("NuGet.Versioning", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lock_file_target_that_matches_no_assets_target_is_RT3008_at_its_name()
    {
        using var temp = new TempDirectory("rt-sbom");
        var tampered = TamperedNet472Lock(temp, lockFile =>
        {
            var dependencies = (JsonObject)lockFile["dependencies"]!;
            var net472 = dependencies[".NETFramework,Version=v4.7.2"]!;
            dependencies.Remove(".NETFramework,Version=v4.7.2");
            dependencies[".NETFramework,Version=v4.8"] = net472;
            return lockFile;
        });
        var ex = Assert.Throws<ReleaseTrainException>(() =>
            CycloneDxSbom.Generate(Net472("fixture.project.assets.json"), tampered, Options)
        );
        Assert.Equal("RT3008", ex.Diagnostic.Code);
        Assert.Equal(tampered, ex.Diagnostic.File);
        Assert.Contains(".NETFramework,Version=v4.8", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.True(ex.Diagnostic.Line > 1);
    }

    [Theory]
    [InlineData("not a framework")]
    [InlineData("net8.0/linux-x64")]
    public void A_lock_file_target_that_cannot_be_read_or_matched_is_RT3008(string name)
    {
        using var temp = new TempDirectory("rt-sbom");
        var tampered = TamperedNet472Lock(temp, lockFile =>
        {
            lockFile["dependencies"]![name] = new JsonObject();
            return lockFile;
        });
        var ex = Assert.Throws<ReleaseTrainException>(() =>
            CycloneDxSbom.Generate(Net472("fixture.project.assets.json"), tampered, Options)
        );
        Assert.Equal("RT3008", ex.Diagnostic.Code);
        Assert.Contains(name, ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lock_file_without_a_framework_or_a_package_the_assets_file_resolves_is_refused()
    {
        using var temp = new TempDirectory("rt-sbom");
        var withoutFramework = TamperedNet472Lock(temp, lockFile =>
        {
            ((JsonObject)lockFile["dependencies"]!).Remove(".NETFramework,Version=v4.7.2");
            return lockFile;
        });
        var ex = Assert.Throws<ReleaseTrainException>(() =>
            CycloneDxSbom.Generate(Net472("fixture.project.assets.json"), withoutFramework, Options)
        );
        Assert.Equal("RT3008", ex.Diagnostic.Code);
        Assert.Contains("net472", ex.Diagnostic.Message, StringComparison.Ordinal);

        var withoutPackage = TamperedNet472Lock(temp, lockFile =>
        {
            ((JsonObject)lockFile["dependencies"]![".NETFramework,Version=v4.7.2"]!).Remove("NuGet.Versioning");
            return lockFile;
        });
        ex = Assert.Throws<ReleaseTrainException>(() =>
            CycloneDxSbom.Generate(Net472("fixture.project.assets.json"), withoutPackage, Options)
        );
        Assert.Equal("RT3002", ex.Diagnostic.Code);
        Assert.Contains("NuGet.Versioning", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"version\": 3, \"libraries\": {}, \"project\": {\"restore\": {}}}", "'targets' is missing")]
    [InlineData(
        "{\"targets\": {\"net10.0\": {\"NoVersion\": {}}}, \"libraries\": {}, \"project\": {\"restore\": "
            + "{\"projectName\": \"P\"}}}",
        "is not Name/Version"
    )]
    [InlineData(
        "{\"targets\": {\"net10.0\": {\"A/1.0.0\": {\"type\": \"package\"}}}, \"libraries\": {\"A/1.0.0\": "
            + "{\"sha512\": \"%%%\"}}, \"project\": {\"restore\": {\"projectName\": \"P\"}}}",
        "is not base64"
    )]
    public void An_assets_file_without_what_an_sbom_needs_is_RT3001_at_its_place(string assets, string why)
    {
        using var temp = new TempDirectory("rt-assets");
        File.WriteAllText(temp.Combine("project.assets.json"), assets);
        var ex = Assert.Throws<ReleaseTrainException>(() =>
            CycloneDxSbom.Generate(temp.Combine("project.assets.json"), null, Options)
        );
        Assert.Equal("RT3001", ex.Diagnostic.Code);
        Assert.Equal(temp.Combine("project.assets.json"), ex.Diagnostic.File);
        Assert.True(ex.Diagnostic.Line > 0);
        Assert.Contains(why, ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Component_set_equals_the_sdks_own_transitive_package_listing()
    {
        // `dotnet list package --include-transitive` is the SDK's listing of the same resolved graph.
        var project = TestPaths.InRepo("tests", "Core.Tests", "ReleaseTrain.Core.Tests.csproj");
        var result = ProcessRunner.Run(
            "dotnet",
            $"list \"{project}\" package --include-transitive --format json",
            TestPaths.RepositoryRoot,
            timeoutSeconds: 180
        );
        Assert.True(result.ExitCode == 0, result.Output);
        using var listing = JsonDocument.Parse(result.StdOut);
        var expected = listing
            .RootElement.GetProperty("projects")[0]
            .GetProperty("frameworks")
            .EnumerateArray()
            .SelectMany(f =>
                (
                    f.TryGetProperty("topLevelPackages", out var top)
                        ? top.EnumerateArray()
                        : Enumerable.Empty<JsonElement>()
                ).Concat(
                    f.TryGetProperty("transitivePackages", out var transitive)
                        ? transitive.EnumerateArray()
                        : Enumerable.Empty<JsonElement>()
                )
            )
            .Select(p =>
                $"{p.GetProperty("id").GetString()}@{p.GetProperty("resolvedVersion").GetString()}".ToLowerInvariant()
            )
            .ToHashSet();
        var actual = ((JsonArray)Generate()["components"]!)
            .Where(c =>
                c!["properties"]!.AsArray().Any(p => p!["name"]!.ToString() == CycloneDxSbom.ContentHashProperty)
            )
            .Select(c => $"{c!["name"]}@{c["version"]}".ToLowerInvariant())
            .ToHashSet();
        Assert.True(
            expected.SetEquals(actual),
            $"only SDK: {string.Join(", ", expected.Except(actual))}; only SBOM: "
                + $"{string.Join(", ", actual.Except(expected))}"
        );
    }
}

public sealed class EvidenceHashTests
{
    private static byte[] Sbom() =>
        CycloneDxSbom.Generate(
            TestPaths.InRepo("artifacts", "obj", "ReleaseTrain.Core.Tests", "project.assets.json"),
            null,
            new SbomOptions(DateTimeOffset.UnixEpoch, null, null, "0.1.0")
        );

    [Fact]
    public void Sbom_hash_ignores_volatile_fields_and_formatting_but_not_components()
    {
        var original = Sbom();
        var expected = EvidenceHashes.Sbom(original, "a.json");
        var node = (JsonObject)JsonNode.Parse(original)!;
        node["serialNumber"] = "urn:uuid:00000000-0000-4000-8000-000000000000";
        node["metadata"]!["timestamp"] = "2030-01-01T00:00:00Z";
        node["metadata"]!["tools"]!["components"]![0]!["version"] = "9.9.9";
        var components = (JsonArray)node["components"]!;
        var reversed = components.Select(c => c!.DeepClone()).Reverse().ToArray();
        node["components"] = new JsonArray(reversed);
        var reformatted = Encoding.UTF8.GetBytes(
            node.ToJsonString(new JsonSerializerOptions { WriteIndented = false })
        );
        Assert.Equal(expected, EvidenceHashes.Sbom(reformatted, "b.json"));

        node["components"]![0]!["version"] = "0.0.1";
        Assert.NotEqual(expected, EvidenceHashes.Sbom(Encoding.UTF8.GetBytes(node.ToJsonString()), "c.json"));
    }

    [Fact]
    public void Lockfile_hash_ignores_whitespace_line_endings_and_key_order_but_not_versions()
    {
        using var root = new TempDirectory("rt-lock");
        Directory.CreateDirectory(root.Combine("a"));
        Directory.CreateDirectory(root.Combine("b", "obj"));
        const string lockA =
            "{\"version\":2,\"dependencies\":{\"net8.0\":{\"X\":{\"type\":\"Direct\",\"resolved\":\"1.0.0\","
            + "\"contentHash\":\"abc\"}}}}";
        File.WriteAllText(root.Combine("a", "packages.lock.json"), lockA);
        File.WriteAllText(root.Combine("b", "obj", "packages.lock.json"), "{\"ignored\": true}"); // under obj/: skipped
        var before = EvidenceHashes.Lockfile(root.Path, out var files);
        Assert.Equal(["a/packages.lock.json"], files);

        File.WriteAllText(
            root.Combine("a", "packages.lock.json"),
            "{\r\n  \"dependencies\": {\"net8.0\": {\"X\": {\"contentHash\": \"abc\", \"resolved\": \"1.0.0\", "
                + "\"type\": \"Direct\"}}},\r\n  \"version\": 2\r\n}\r\n"
        );
        Assert.Equal(before, EvidenceHashes.Lockfile(root.Path, out _));

        File.WriteAllText(
            root.Combine("a", "packages.lock.json"),
            lockA.Replace("1.0.0", "1.0.1", StringComparison.Ordinal)
        );
        Assert.NotEqual(before, EvidenceHashes.Lockfile(root.Path, out _));
        File.WriteAllText(
            root.Combine("a", "packages.lock.json"),
            lockA.Replace("abc", "abd", StringComparison.Ordinal)
        );
        Assert.NotEqual(before, EvidenceHashes.Lockfile(root.Path, out _));
    }

    [Fact]
    public void Deps_lock_hash_is_sha256_of_the_canonical_cbor_array()
    {
        string H(char c) => "sha256:" + new string(c, 64);
        var preimage = new List<byte> { 0x84, 0x6c };
        preimage.AddRange("deps_lock_v1"u8.ToArray());
        foreach (var c in "abc")
        {
            preimage.AddRange(new byte[] { 0x78, 0x40 });
            preimage.AddRange(Encoding.ASCII.GetBytes(new string(c, 64)));
        }

        var expected = "sha256:" + Convert.ToHexString(SHA256.HashData([.. preimage])).ToLowerInvariant();
        Assert.Equal(expected, EvidenceHashes.DependenciesLock(H('a'), H('b'), new string('c', 64)));
        Assert.Throws<FormatException>(() => EvidenceHashes.DependenciesLock("sha256:ABC", H('b'), H('c')));
    }

    [Fact]
    public void Release_hash_is_independent_of_order_and_tracks_bytes()
    {
        using var dir = new TempDirectory("rt-release");
        File.WriteAllText(dir.Combine("A.1.0.0.nupkg"), "a");
        File.WriteAllText(dir.Combine("B.1.0.0.nupkg"), "b");
        var (one, _) = EvidenceHashes.Release([dir.Combine("A.1.0.0.nupkg"), dir.Combine("B.1.0.0.nupkg")]);
        var (two, packages) = EvidenceHashes.Release([dir.Combine("B.1.0.0.nupkg"), dir.Combine("A.1.0.0.nupkg")]);
        Assert.Equal(one, two);
        Assert.Equal(
            "sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785" + "afee48bb",
            packages[0].Sha256
        ); // sha256("a")
        File.WriteAllText(dir.Combine("B.1.0.0.nupkg"), "c");
        Assert.NotEqual(
            one,
            EvidenceHashes.Release([dir.Combine("A.1.0.0.nupkg"), dir.Combine("B.1.0.0.nupkg")]).Digest
        );
    }

    [Fact]
    public void Toolchain_hash_reads_global_json_and_local_tools()
    {
        var toolchain = EvidenceHashes.ReadToolchain(TestPaths.RepositoryRoot, "10.0.401");
        Assert.Equal("10.0.100", toolchain.GlobalJsonSdkVersion);
        Assert.Equal("latestFeature", toolchain.GlobalJsonRollForward);
        Assert.Equal("7.0.0", toolchain.Tools["cake.tool"]);
        Assert.NotEqual(
            EvidenceHashes.Toolchain(toolchain),
            EvidenceHashes.Toolchain(toolchain with { RunningSdkVersion = "10.0.402" })
        );
    }

    [Fact]
    public void Source_date_prefers_SOURCE_DATE_EPOCH_then_the_commit()
    {
        Assert.Equal(
            (DateTimeOffset.FromUnixTimeSeconds(1700000000), SourceDateOrigin.SourceDateEpoch),
            SourceDate.Resolve("/", "1700000000")
        );
        Assert.Equal(
            "RT3007",
            Assert.Throws<ReleaseTrainException>(() => SourceDate.Resolve("/", "yesterday")).Diagnostic.Code
        );
        using var notARepo = new TempDirectory("rt-nogit");
        Assert.Equal(
            (new DateTimeOffset(1980, 1, 2, 0, 0, 0, TimeSpan.Zero), SourceDateOrigin.Fallback),
            SourceDate.Resolve(notARepo.Path, null)
        );
    }
}

/// <summary>The evidence bundle: create-if-absent, verify, and every kind of tampering named.</summary>
public sealed class EvidenceBundleTests : IDisposable
{
    private readonly TempDirectory _root = new("rt-bundle");

    public EvidenceBundleTests()
    {
        var packages = _root.Combine("artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(_root.Combine("global.json"), "{\"sdk\":{\"version\":\"10.0.100\"}}");
        foreach (var id in new[] { "Orders.Producer", "Orders.Consumer" })
        {
            File.WriteAllText(Path.Combine(packages, $"{id}.1.2.0.nupkg"), "package bytes of " + id);
            File.WriteAllBytes(
                Path.Combine(packages, $"{id}.1.2.0.cdx.json"),
                CycloneDxSbom.Generate(
                    TestPaths.InRepo("artifacts", "obj", "ReleaseTrain.Core.Tests", "project.assets.json"),
                    null,
                    new SbomOptions(DateTimeOffset.UnixEpoch, id, "1.2.0", "0.1.0")
                )
            );
        }

        File.WriteAllText(Path.Combine(packages, "Other.9.9.9.nupkg"), "another version: not bundled");
    }

    private string Packages => _root.Combine("artifacts", "packages");

    private string Bundle => _root.Combine("artifacts", "evidence", "1.2.0");

    public void Dispose() => _root.Dispose();

    private EvidenceResult Create() =>
        EvidenceBundle.Create(
            new EvidenceRequest(
                _root.Path,
                Packages,
                "1.2.0",
                _root.Combine("artifacts", "evidence"),
                new ToolchainInfo("10.0.100", null, "10.0.401", new Dictionary<string, string>()),
                RuntimeEnvironmentInfo.Current,
                DateTimeOffset.FromUnixTimeSeconds(1700000000),
                "3f2a9c4e8b1d7a6f5e4d3c2b1a0f9e8d7c6b5a49",
                "0.1.0",
                []
            )
        );

    [Fact]
    public void A_created_bundle_verifies_and_holds_what_it_promises()
    {
        var result = Create();
        Assert.True(result.Created);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            [
                "COMMITTED",
                "Orders.Consumer.1.2.0.cdx.json",
                "Orders.Producer.1.2.0.cdx.json",
                "evidence.intoto.json",
                "evidence.json",
            ],
            Directory.GetFiles(Bundle).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray()
        );
        Assert.Empty(EvidenceBundle.Verify(Bundle, Packages));
        Assert.Equal(result.EvidenceDigest + "\n", File.ReadAllText(Path.Combine(Bundle, "COMMITTED")));

        var statement = JsonNode.Parse(File.ReadAllText(Path.Combine(Bundle, "evidence.intoto.json")))!;
        Assert.Equal("https://in-toto.io/Statement/v1", statement["_type"]!.ToString());
        var subjects = ((JsonArray)statement["subject"]!).Select(s => s!["name"]!.ToString()).ToArray();
        Assert.Equal(["Orders.Consumer.1.2.0.nupkg", "Orders.Producer.1.2.0.nupkg"], subjects);
        Assert.Matches("^[0-9a-f]{64}$", statement["subject"]![0]!["digest"]!["sha256"]!.ToString());

        var evidence = JsonNode.Parse(File.ReadAllText(Path.Combine(Bundle, "evidence.json")))!;
        foreach (
            var hash in new[]
            {
                "sbom_hash",
                "lockfile_hash",
                "release_hash",
                "toolchain_hash",
                "runtime_env_hash",
                "dependencies_lock_hash",
            }
        )
        {
            Assert.Matches("^sha256:[0-9a-f]{64}$", evidence["hashes"]![hash]!.ToString());
        }

        Assert.Equal("3f2a9c4e8b1d7a6f5e4d3c2b1a0f9e8d7c6b5a49", evidence["commit"]!.ToString());
    }

    [Fact]
    public void A_second_run_never_overwrites_and_reports_differences()
    {
        Create();
        var committed = File.ReadAllBytes(Path.Combine(Bundle, "evidence.json"));
        var again = Create();
        Assert.False(again.Created);
        Assert.Empty(again.Diagnostics);

        File.WriteAllText(Path.Combine(Packages, "Orders.Producer.1.2.0.nupkg"), "a rebuilt, different package");
        var changed = Create();
        Assert.False(changed.Created);
        // Each differing file is named with how it differs (RT3012): here the package's hash in evidence.json.
        Assert.Contains(changed.Diagnostics, d =>
            d.Code == "RT3012" && d.Message.Contains("evidence.json changed", StringComparison.Ordinal)
        );
        Assert.Equal(committed, File.ReadAllBytes(Path.Combine(Bundle, "evidence.json")));
    }

    [Theory]
    [InlineData("Orders.Producer.1.2.0.cdx.json")]
    [InlineData("evidence.intoto.json")]
    [InlineData("evidence.json")]
    public void Altering_any_bundled_file_is_named(string file)
    {
        Create();
        var path = Path.Combine(Bundle, file);
        File.WriteAllText(path, File.ReadAllText(path).Replace("1.2.0", "1.2.1", StringComparison.Ordinal));
        var errors = EvidenceBundle.Verify(Bundle);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(("RT3003", path), (e.Code, e.File)));
    }

    [Fact]
    public void Missing_committed_missing_file_extra_file_and_altered_package_are_each_reported()
    {
        Create();
        File.Delete(Path.Combine(Bundle, "Orders.Consumer.1.2.0.cdx.json"));
        File.WriteAllText(Path.Combine(Bundle, "smuggled.txt"), "x");
        var errors = EvidenceBundle.Verify(Bundle);
        Assert.Contains(errors, e =>
            e.File!.EndsWith("Orders.Consumer.1.2.0.cdx.json", StringComparison.Ordinal)
            && e.Message.Contains("missing", StringComparison.Ordinal)
        );
        Assert.Contains(errors, e => e.File!.EndsWith("smuggled.txt", StringComparison.Ordinal));

        File.WriteAllText(Path.Combine(Packages, "Orders.Consumer.1.2.0.nupkg"), "tampered");
        Assert.Contains(EvidenceBundle.Verify(Bundle, Packages), e =>
            e.File!.EndsWith("Orders.Consumer.1.2.0.nupkg", StringComparison.Ordinal)
        );

        File.Delete(Path.Combine(Bundle, "COMMITTED"));
        Assert.Equal("RT3004", Assert.Single(EvidenceBundle.Verify(Bundle)).Code);
    }

    [Fact]
    public void No_package_of_the_version_is_RT3006_and_writes_nothing()
    {
        var ex = Assert.Throws<ReleaseTrainException>(() =>
            EvidenceBundle.Create(
                new EvidenceRequest(
                    _root.Path,
                    Packages,
                    "7.7.7",
                    _root.Combine("artifacts", "evidence"),
                    new ToolchainInfo(null, null, "10.0.401", new Dictionary<string, string>()),
                    RuntimeEnvironmentInfo.Current,
                    DateTimeOffset.UnixEpoch,
                    null,
                    "0.1.0",
                    []
                )
            )
        );
        Assert.Equal("RT3006", ex.Diagnostic.Code);
        Assert.False(Directory.Exists(_root.Combine("artifacts", "evidence", "7.7.7")));
    }
}
