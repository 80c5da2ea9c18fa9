using System.Diagnostics;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>
/// Issue 14, "Paths" and "Hangs": a folder link inside the root that leads outside, a root of <c>/</c>, a NUL in a
/// path, FIFOs and devices where files belong, and unreadable files, each on the real command line. The commands that
/// could hang run as their own process under a timeout, so a hang fails the test instead of holding CI.
/// </summary>
public sealed class PathAttackTests : IDisposable
{
    private const string Config = """
        {
          "contracts": [
            {
              "id": "pin",
              "manifest": "m.json",
              "payloads": ["data/p.json"],
              "rules": [ { "id": "v", "kind": "equals", "pointer": "/v", "from": { "pointer": "/v" } } ]
            }
          ],
          "decisionLog": "release/decisions.jsonl"
        }
        """;

    private const int Timeout = 90;

    private readonly TempDirectory _repo = new("rt-paths");
    private readonly TempDirectory _outside = new("rt-outside");

    public PathAttackTests()
    {
        File.WriteAllText(_repo.Combine("release-train.json"), Config);
        File.WriteAllText(_repo.Combine("m.json"), """{ "v": "inside" }""");
        Directory.CreateDirectory(_repo.Combine("data"));
        File.WriteAllText(_repo.Combine("data", "p.json"), """{ "v": "inside" }""");
    }

    public void Dispose()
    {
        _repo.Dispose();
        _outside.Dispose();
    }

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (CliApplication.Run(args, stdout, stderr, _repo.Path), stdout.ToString(), stderr.ToString());
    }

    /// <summary>The CLI as its own process, killed (and the test failed) if it does not finish in time.</summary>
    private ProcessRunner.Result RunProcess(string arguments, IDictionary<string, string?>? environment = null) =>
        ProcessRunner.Run(
            "dotnet",
            $"\"{TestPaths.CliDll}\" {arguments}",
            _repo.Path,
            environment,
            timeoutSeconds: Timeout
        );

    /// <summary>The folder <c>data</c> becomes a link to a folder outside holding its own <c>p.json</c>.</summary>
    private string LinkDataOutside(string outsideValue)
    {
        Directory.Delete(_repo.Combine("data"), recursive: true);
        File.WriteAllText(_outside.Combine("p.json"), $$"""{ "v": "{{outsideValue}}" }""");
        Directory.CreateSymbolicLink(_repo.Combine("data"), _outside.Path);
        return _outside.Combine("p.json");
    }

    private static void Mkfifo(string path)
    {
        using var process = Process.Start("mkfifo", $"\"{path}\"")!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static void AssertCoded(ProcessRunner.Result result, string code, string file)
    {
        Assert.True(result.ExitCode == 2, result.Output);
        Assert.True(result.Output.Contains($"error {code}:", StringComparison.Ordinal), result.Output);
        Assert.True(result.Output.Contains(file, StringComparison.Ordinal), result.Output);
        Assert.DoesNotContain("RT1015", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_refuses_a_payload_reached_through_a_folder_link_that_leaves_the_root()
    {
        LinkDataOutside("inside"); // the outside file would even pass: reading it at all is the escape
        var result = Run("verify");
        Assert.Equal(2, result.Exit);
        Assert.Contains(
            "error RT1005: Path 'data/p.json' escapes the repository root",
            result.Out + result.Err,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Verify_fix_never_rewrites_a_file_outside_the_root()
    {
        var outside = LinkDataOutside("drifted");
        var result = Run("verify", "--fix");
        Assert.Equal(2, result.Exit);
        Assert.Contains("error RT1005:", result.Out + result.Err, StringComparison.Ordinal);
        Assert.Equal("""{ "v": "drifted" }""", File.ReadAllText(outside));
    }

    [Fact]
    public void Decide_never_creates_the_decision_log_outside_the_root()
    {
        Directory.CreateSymbolicLink(_repo.Combine("release"), _outside.Path);
        var result = Run("decide", "--version", "1.0.0", "--commit", "0123456789abcdef0123456789abcdef01234567");
        Assert.Equal(2, result.Exit);
        Assert.Contains(
            "error RT1005: Path 'release/decisions.jsonl' escapes the repository root",
            result.Err,
            StringComparison.Ordinal
        );
        Assert.Empty(Directory.GetFileSystemEntries(_outside.Path));
    }

    [Fact]
    public void A_root_reached_through_a_link_and_links_that_stay_inside_still_pass()
    {
        using var links = new TempDirectory("rt-links");
        var root = Path.Combine(links.Path, "repo");
        Directory.CreateSymbolicLink(root, _repo.Path);
        File.Move(_repo.Combine("data", "p.json"), _repo.Combine("m2.json"));
        File.CreateSymbolicLink(_repo.Combine("data", "p.json"), "../m2.json"); // relative, inside
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.True(
            CliApplication.Run(
                ["verify", "--root", root, "--config", Path.Combine(root, "release-train.json")],
                stdout,
                stderr,
                links.Path
            ) == 0,
            stdout.ToString() + stderr
        );
    }

    [Fact]
    public void A_root_of_slash_is_refused_once_with_the_reason()
    {
        var result = Run("verify", "--root", "/");
        Assert.Equal(2, result.Exit);
        var lines = (result.Out + result.Err).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var refusal = Assert.Single(lines, l => l.Contains("error RT", StringComparison.Ordinal));
        Assert.Contains(
            "error RT1018: The repository root '/' is the file system's root",
            refusal,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void A_NUL_in_a_path_is_a_coded_error_from_the_command_line_and_from_the_configuration()
    {
        var argument = Run("verify", "--config", "release-train.json\0.bak");
        Assert.Equal(2, argument.Exit);
        Assert.Contains(
            "error RT1017: 'release-train.json\\0.bak' contains a NUL",
            argument.Err,
            StringComparison.Ordinal
        );

        File.WriteAllText(_repo.Combine("release-train.json"), Config.Replace("data/p.json", "data/p\\u0000.json"));
        var config = Run("verify");
        Assert.Equal(2, config.Exit);
        Assert.Contains(
            "release-train.json(6,20): error RT1017: 'data/p\\0.json'",
            config.Out + config.Err,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("RT1015", config.Out + config.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_FIFO_as_payload_config_decision_log_COMMITTED_or_listed_file_is_refused_without_hanging()
    {
        File.Delete(_repo.Combine("data", "p.json"));
        Mkfifo(_repo.Combine("data", "p.json"));
        AssertCoded(RunProcess("verify"), "RT1016", "p.json' is a FIFO (named pipe)");

        Mkfifo(_repo.Combine("fifo.json"));
        AssertCoded(RunProcess("verify --config fifo.json"), "RT1016", "fifo.json");

        // decide verifies the contracts too (the drift trigger): the payload is a regular file again.
        File.Delete(_repo.Combine("data", "p.json"));
        File.WriteAllText(_repo.Combine("data", "p.json"), """{ "v": "inside" }""");
        Directory.CreateDirectory(_repo.Combine("release"));
        Mkfifo(_repo.Combine("release", "decisions.jsonl"));
        AssertCoded(
            RunProcess("decide --version 1.0.0 --commit 0123456789abcdef0123456789abcdef01234567"),
            "RT1016",
            "decisions.jsonl"
        );
        AssertCoded(RunProcess("log verify"), "RT1016", "decisions.jsonl");

        var bundle = _repo.Combine("artifacts", "evidence", "1.0.0");
        Directory.CreateDirectory(bundle);
        File.WriteAllText(Path.Combine(bundle, "evidence.json"), "{}");
        Mkfifo(Path.Combine(bundle, "COMMITTED"));
        AssertCoded(RunProcess("evidence verify artifacts/evidence/1.0.0"), "RT1016", "COMMITTED");

        Mkfifo(_repo.Combine("listed.bin"));
        File.WriteAllText(
            _repo.Combine("manifest.json"),
            """{ "files": [ { "path": "listed.bin", "sha256": "%", "size_bytes": 0 } ] }""".Replace(
                "%",
                new string('0', 64),
                StringComparison.Ordinal
            )
        );
        AssertCoded(RunProcess("artifacts verify manifest.json --root ."), "RT1016", "listed.bin");
    }

    [SkippableFact]
    public void Dev_zero_and_a_character_device_inside_the_root_are_refused_not_read_until_memory_runs_out()
    {
        AssertCoded(RunProcess("verify --config /dev/zero"), "RT1016", "/dev/zero' is a character device");

        File.Delete(_repo.Combine("data", "p.json"));
        using (var mknod = Process.Start("mknod", $"\"{_repo.Combine("data", "p.json")}\" c 1 5")!)
        {
            mknod.WaitForExit();
            Skip.If(mknod.ExitCode != 0, "mknod needs root (CAP_MKNOD)");
        }

        AssertCoded(RunProcess("verify"), "RT1016", "p.json' is a character device");
    }

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Unreadable_files_outside_verify_give_a_coded_error_naming_the_file()
    {
        // As root every file is readable: run the CLI as nobody, as an ordinary user would.
        Skip.If(!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/setpriv"), "needs Linux and setpriv");
        File.SetUnixFileMode(_repo.Path, (UnixFileMode)Convert.ToInt32("777", 8));
        Directory.CreateDirectory(_repo.Combine("release"));
        var log = _repo.Combine("release", "decisions.jsonl");
        File.WriteAllText(log, "");
        File.SetUnixFileMode(log, UnixFileMode.None);
        ProcessRunner.Result AsNobody(string arguments) =>
            ProcessRunner.Run(
                "setpriv",
                $"--reuid=65534 --regid=65534 --clear-groups dotnet \"{TestPaths.CliDll}\" {arguments}",
                _repo.Path,
                new Dictionary<string, string?> { ["HOME"] = _repo.Path },
                timeoutSeconds: Timeout
            );

        AssertCoded(AsNobody("log verify"), "RT1011", "decisions.jsonl");
        AssertCoded(
            AsNobody("decide --version 1.0.0 --commit 0123456789abcdef0123456789abcdef01234567"),
            "RT1011",
            "decisions.jsonl"
        );

        var bundle = _repo.Combine("artifacts", "evidence", "1.0.0");
        Directory.CreateDirectory(bundle);
        File.WriteAllText(Path.Combine(bundle, "evidence.json"), "{}");
        File.WriteAllText(Path.Combine(bundle, "COMMITTED"), "sha256:0");
        File.SetUnixFileMode(Path.Combine(bundle, "COMMITTED"), UnixFileMode.None);
        AssertCoded(AsNobody("evidence verify artifacts/evidence/1.0.0"), "RT1011", "COMMITTED");
    }
}
