using System.Text.Json;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>`release-train hash`, `sbom`, `evidence` and `evidence verify`: outputs and exit codes.</summary>
public sealed class EvidenceCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("rt-cli-evidence");

    public void Dispose() => _dir.Dispose();

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApplication.Run(args, stdout, stderr, _dir.Path);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Hash_json_is_the_jcs_digest_and_hash_file_the_raw_one()
    {
        File.WriteAllText(_dir.Combine("a.json"), "{ \"b\": 1, \"a\": [true] }\n");
        var json = Run("hash", "json", "a.json");
        Assert.Equal(0, json.Exit);
        var canonical = System.Text.Encoding.UTF8.GetBytes("{\"a\":[true],\"b\":1}");
        Assert.Equal(
            "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(canonical)).ToLowerInvariant(),
            json.Out.Trim()
        );
        var raw = Run("hash", "file", "a.json", "--format", "json");
        using var doc = JsonDocument.Parse(raw.Out);
        Assert.Equal("file", doc.RootElement.GetProperty("kind").GetString());
        Assert.NotEqual(json.Out.Trim(), doc.RootElement.GetProperty("digest").GetString());
    }

    [Fact]
    public void Hash_of_malformed_or_missing_input_exits_2_with_a_code()
    {
        File.WriteAllText(_dir.Combine("bad.json"), "{\"a\": 1, \"a\": 2}");
        var duplicate = Run("hash", "json", "bad.json");
        Assert.Equal(2, duplicate.Exit);
        Assert.Contains("bad.json(1,10): error RT1002:", duplicate.Err, StringComparison.Ordinal);
        Assert.Equal(2, Run("hash", "file", "missing.bin").Exit);
        var digest = Run(
            "hash",
            "deps-lock",
            "--lockfile",
            "nope",
            "--toolchain",
            new string('a', 64),
            "--runtime-env",
            new string('a', 64)
        );
        Assert.Equal(2, digest.Exit);
        Assert.Contains("RT3005", digest.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_lockfile_lists_the_files_it_hashed()
    {
        var result = Run("hash", "lockfile", "--root", TestPaths.RepositoryRoot, "--format", "json");
        Assert.Equal(0, result.Exit);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Contains(
            "src/Core/packages.lock.json",
            doc.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString())
        );
    }

    [Fact]
    public void Hash_deps_lock_matches_the_core_definition()
    {
        var a = "sha256:" + new string('1', 64);
        var result = Run("hash", "deps-lock", "--lockfile", a, "--toolchain", a, "--runtime-env", a);
        Assert.Equal(0, result.Exit);
        Assert.Equal(ReleaseTrain.Core.Evidence.EvidenceHashes.DependenciesLock(a, a, a), result.Out.Trim());
    }

    [Fact]
    public void Sbom_command_writes_the_project_sbom_from_its_restore_model()
    {
        var output = _dir.Combine("cli.cdx.json");
        var result = Run(
            "sbom",
            "--project",
            TestPaths.InRepo("src", "Cli", "ReleaseTrain.Cli.csproj"),
            "--output",
            output
        );
        Assert.True(result.Exit == 0, result.Out + result.Err);
        using var sbom = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(
            "pkg:nuget/ReleaseTrain.Cli@0.1.0",
            sbom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("purl").GetString()
        );
        Assert.Contains(sbom.RootElement.GetProperty("components").EnumerateArray(), c =>
            c.GetProperty("name").GetString() == "System.CommandLine"
        );
        var again = Run(
            "sbom",
            "--project",
            TestPaths.InRepo("src", "Cli", "ReleaseTrain.Cli.csproj"),
            "--output",
            output
        );
        Assert.StartsWith("unchanged ", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Sbom_with_assets_and_output_skips_the_evaluation_and_writes_the_same_sbom()
    {
        var evaluated = _dir.Combine("evaluated.cdx.json");
        var direct = _dir.Combine("direct.cdx.json");
        var project = TestPaths.InRepo("src", "Cli", "ReleaseTrain.Cli.csproj");
        Assert.Equal(0, Run("sbom", "--project", project, "--output", evaluated).Exit);
        var assets = TestPaths.InRepo("artifacts", "obj", "ReleaseTrain.Cli", "project.assets.json");
        Assert.Equal(0, Run("sbom", "--project", project, "--assets", assets, "--output", direct).Exit);
        Assert.Equal(File.ReadAllBytes(evaluated), File.ReadAllBytes(direct));
    }

    [Fact]
    public void Evidence_creates_verifies_refuses_to_overwrite_and_names_tampering()
    {
        var packages = _dir.Combine("artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, "Sample.2.0.0.nupkg"), "nupkg bytes");
        Assert.Equal(
            0,
            Run(
                "sbom",
                "--project",
                TestPaths.InRepo("src", "Cli", "ReleaseTrain.Cli.csproj"),
                "--output",
                Path.Combine(packages, "Sample.2.0.0.cdx.json")
            ).Exit
        );

        var created = Run("evidence", "--version", "2.0.0");
        Assert.True(created.Exit == 0, created.Out + created.Err);
        Assert.Contains("committed ", created.Out, StringComparison.Ordinal);
        var bundle = _dir.Combine("artifacts", "evidence", "2.0.0");
        Assert.Equal(0, Run("evidence", "verify", bundle, "--packages", packages).Exit);

        var again = Run("evidence", "--version", "2.0.0", "--format", "json");
        Assert.Equal(0, again.Exit);
        using (var json = JsonDocument.Parse(again.Out))
        {
            Assert.False(json.RootElement.GetProperty("created").GetBoolean());
        }

        File.AppendAllText(Path.Combine(bundle, "Sample.2.0.0.cdx.json"), " ");
        var tampered = Run("evidence", "verify", bundle);
        Assert.Equal(1, tampered.Exit);
        Assert.Contains("Sample.2.0.0.cdx.json : error RT3003:", tampered.Out, StringComparison.Ordinal);
        Assert.Equal(1, Run("evidence", "--version", "2.0.0").Exit);

        File.Delete(Path.Combine(bundle, "COMMITTED"));
        var torn = Run("evidence", "verify", bundle);
        Assert.Equal(1, torn.Exit);
        Assert.Contains("RT3004", torn.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_without_packages_exits_2()
    {
        var result = Run("evidence", "--version", "9.9.9");
        Assert.Equal(2, result.Exit);
        Assert.Contains("RT3006", result.Err, StringComparison.Ordinal);
    }

    // A committed bundle of version 2.0.0 under _dir, as `evidence` writes it.
    private string CommittedBundle()
    {
        var packages = _dir.Combine("artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, "Sample.2.0.0.nupkg"), "nupkg bytes");
        File.Copy(
            TestPaths.InRepo("tests", "Core.Tests", "TestData", "net472", "fixture.packages.lock.json"),
            _dir.Combine("packages.lock.json")
        );
        var sbom = Run(
            "sbom",
            "--project",
            TestPaths.InRepo("src", "Cli", "ReleaseTrain.Cli.csproj"),
            "--output",
            Path.Combine(packages, "Sample.2.0.0.cdx.json")
        );
        Assert.True(sbom.Exit == 0, sbom.Out + sbom.Err);
        var created = Run("evidence", "--version", "2.0.0");
        Assert.True(created.Exit == 0, created.Out + created.Err);
        var bundle = _dir.Combine("artifacts", "evidence", "2.0.0");
        Assert.Equal(0, Run("evidence", "verify", bundle).Exit);
        return bundle;
    }

    // Rewrites evidence.json as an attacker would, and COMMITTED to match it (COMMITTED is only its digest).
    private static void Rewrite(string bundle, Action<System.Text.Json.Nodes.JsonObject> edit)
    {
        var path = Path.Combine(bundle, "evidence.json");
        var evidence = (System.Text.Json.Nodes.JsonObject)
            System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        edit(evidence);
        var bytes = System.Text.Encoding.UTF8.GetBytes(evidence.ToJsonString());
        File.WriteAllBytes(path, bytes);
        File.WriteAllText(
            Path.Combine(bundle, "COMMITTED"),
            "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant()
        );
    }

    private static string Sha256Of(string path) =>
        "sha256:"
        + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    [Theory]
    [InlineData("relative")]
    [InlineData("absolute")]
    public void Evidence_verify_refuses_a_files_entry_outside_the_bundle_RT3010(string how)
    {
        // Issue 14: a `files` entry "../x" (or an absolute path) was hashed wherever it pointed, so an edited bundle
        // could vouch for any file on the machine and still verify.
        var bundle = CommittedBundle();
        var outside = _dir.Combine("outside.json");
        File.WriteAllText(outside, "{\"any\": \"thing\"}");
        var entry = how == "relative" ? "../../../outside.json" : outside;
        Rewrite(bundle, evidence =>
            ((System.Text.Json.Nodes.JsonArray)evidence["files"]!).Add(
                new System.Text.Json.Nodes.JsonObject { ["path"] = entry, ["sha256"] = Sha256Of(outside) }
            )
        );
        var result = Run("evidence", "verify", bundle);
        Assert.Equal(1, result.Exit);
        Assert.Contains("error RT3010:", result.Out, StringComparison.Ordinal);
        Assert.Contains(entry, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_verify_refuses_a_listed_file_that_is_a_symbolic_link_out_of_the_bundle_RT3010()
    {
        var bundle = CommittedBundle();
        var sbom = Path.Combine(bundle, "Sample.2.0.0.cdx.json");
        var outside = _dir.Combine("elsewhere.cdx.json");
        File.Move(sbom, outside);
        File.CreateSymbolicLink(sbom, outside);
        var result = Run("evidence", "verify", bundle);
        Assert.Equal(1, result.Exit);
        Assert.Contains("Sample.2.0.0.cdx.json : error RT3010:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_verify_refuses_a_subfolder_or_a_link_in_the_bundle_RT3011()
    {
        // Issue 14: only the bundle's top-level files were compared with the list; a subfolder passed unseen.
        var bundle = CommittedBundle();
        Directory.CreateDirectory(Path.Combine(bundle, "extra"));
        File.WriteAllText(Path.Combine(bundle, "extra", "payload.bin"), "smuggled");
        Directory.CreateSymbolicLink(Path.Combine(bundle, "linked"), _dir.Path);
        var result = Run("evidence", "verify", bundle);
        Assert.Equal(1, result.Exit);
        Assert.Contains("extra : error RT3011:", result.Out, StringComparison.Ordinal);
        Assert.Contains("linked : error RT3010:", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000")]
    [InlineData("311")]
    [InlineData("644")]
    public void A_lock_file_in_an_unreadable_folder_is_refused_not_left_out_of_lockfile_hash(string mode)
    {
        // Issue 14: with mode 644 (listable, not searchable) the folder's lock file was silently left out of
        // lockfile_hash; with 000 the walk ended in RT1015 and a stack trace. A real process, as an unprivileged user
        // (root reads every folder).
        if (OperatingSystem.IsWindows())
        {
            return; // file modes and setpriv are Unix's
        }

        var lockFile = TestPaths.InRepo("tests", "Core.Tests", "TestData", "net472", "fixture.packages.lock.json");
        Directory.CreateDirectory(_dir.Combine("a", "hidden"));
        File.Copy(lockFile, _dir.Combine("a", "packages.lock.json"));
        File.Copy(lockFile, _dir.Combine("a", "hidden", "packages.lock.json"));
        var hidden = _dir.Combine("a", "hidden");
        File.SetUnixFileMode(hidden, (UnixFileMode)Convert.ToInt32(mode, 8));
        try
        {
            var result = RunUnprivileged("hash", "lockfile", "--root", _dir.Path);
            Assert.True(result.ExitCode == 2, result.Output);
            Assert.Matches(@"error RT(3009|1011):", result.StdErr);
            Assert.Contains(hidden, result.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("sha256:", result.StdOut, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(hidden, (UnixFileMode)Convert.ToInt32("755", 8));
        }
    }

    // The CLI in its own process; as root (CI), under setpriv as the unprivileged user 65534, so that file modes hold.
    private ProcessRunner.Result RunUnprivileged(params string[] args)
    {
        var cli = string.Join(' ', new[] { TestPaths.CliDll }.Concat(args).Select(a => $"\"{a}\""));
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = Path.GetTempPath(),
            ["DOTNET_CLI_HOME"] = Path.GetTempPath(),
        };
        return Environment.UserName == "root"
            ? ProcessRunner.Run(
                "setpriv",
                "--reuid=65534 --regid=65534 --clear-groups dotnet " + cli,
                _dir.Path,
                environment
            )
            : ProcessRunner.Run("dotnet", cli, _dir.Path, environment);
    }
}
