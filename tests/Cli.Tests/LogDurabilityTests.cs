using System.Diagnostics;
using System.Text.Json;
using ReleaseTrain.Cli;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Tests;

/// <summary>
/// The hash-chained logs under a real full disk (a small tmpfs), a real file size limit (RLIMIT_FSIZE), a real
/// read-only mount and a read-only folder, one log named through a symlink by two configurations and written by 16
/// processes at once, and <c>log repair</c> of a torn tail. Every case runs the CLI as its own process.
/// </summary>
public sealed class LogDurabilityTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Config = """{ "decisionLog": "logs/decisions.jsonl" }""";

    private readonly TempDirectory _repo = new("rt-log-durable");
    private readonly List<TmpfsMount> _mounts = [];

    public LogDurabilityTests() => File.WriteAllText(_repo.Combine("release-train.json"), Config);

    private string Log => _repo.Combine("logs", "decisions.jsonl");

    public void Dispose()
    {
        foreach (var mount in _mounts)
        {
            mount.Dispose();
        }

        if (!OperatingSystem.IsWindows() && Directory.Exists(_repo.Combine("logs")))
        {
            File.SetUnixFileMode(_repo.Combine("logs"), (UnixFileMode)0b111_101_101);
        }

        _repo.Dispose();
    }

    private ProcessRunner.Result Decide(int release, string extra = "", int timeoutSeconds = 120) =>
        ProcessRunner.Run(
            "dotnet",
            $"\"{TestPaths.CliDll}\" decide --version 1.0.{release} --commit {Commit} {extra}",
            _repo.Path,
            timeoutSeconds: timeoutSeconds
        );

    /// <summary>A decide run that recorded its verdict (GO exits 0, NO-GO 1).</summary>
    private static void Recorded(ProcessRunner.Result result) =>
        Assert.True(result.ExitCode is 0 or 1, $"exit {result.ExitCode}: {result.Output}");

    private static void AssertNoCrash(ProcessRunner.Result result)
    {
        Assert.DoesNotContain("RT1015", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// One decide run against a log that may not take it: either the record landed whole (exit 0 or 1, one more
    /// record, the chain verifies) or the run failed with RT4014 and the log and its head marker are byte for byte
    /// what they were. Returns whether it landed.
    /// </summary>
    private bool DecideLandsWholeOrNotAtAll(int release, Func<int, ProcessRunner.Result>? run = null)
    {
        var before = File.ReadAllBytes(Log);
        var headBefore = File.ReadAllBytes(HashChainedLog.HeadPath(Log));
        Assert.Empty(HashChainedLog.Verify(Log, out var recordsBefore));
        var result = (run ?? (r => Decide(r)))(release);
        AssertNoCrash(result);
        if (result.ExitCode is 0 or 1)
        {
            Assert.True(HashChainedLog.Verify(Log, out var after).Count == 0, result.Output);
            Assert.Equal(recordsBefore + 1, after);
            return true;
        }

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("error RT4014:", result.Output, StringComparison.Ordinal);
        Assert.True(before.AsSpan().SequenceEqual(File.ReadAllBytes(Log)), "a failed append changed the log");
        Assert.Equal(headBefore, File.ReadAllBytes(HashChainedLog.HeadPath(Log)));
        return false;
    }

    [SkippableFact]
    public void On_a_full_disk_an_append_lands_whole_or_leaves_the_log_as_it_was()
    {
        // A real full disk: a 64 KiB tmpfs mounted over the log's folder (as root, else through sudo -n).
        var logs = _repo.Combine("logs");
        Directory.CreateDirectory(logs);
        _mounts.Add(TmpfsMount.Mount(logs, 64));
        Recorded(Decide(0));
        var filler = Path.Combine(logs, "filler");
        TmpfsMount.Fill(filler);

        // The log's last page still has room for a few records, a new file (the head marker) has none: the first
        // runs used to append their record and then fail, the next left a partial line.
        var failed = 0;
        for (var i = 1; i <= 8; i++)
        {
            failed += DecideLandsWholeOrNotAtAll(i) ? 0 : 1;
        }

        Assert.True(failed > 0, "the disk was never full");
        File.Delete(filler);
        Assert.True(DecideLandsWholeOrNotAtAll(99), "with space again, the next append lands");
    }

    [Fact]
    public void Under_a_file_size_limit_an_append_lands_whole_or_leaves_the_log_as_it_was()
    {
        // RLIMIT_FSIZE (ulimit -f, in KiB) with SIGXFSZ ignored: a write past the limit is cut short, then EFBIG.
        // (The runtime's W^X double mapping sizes a file beyond any small limit, so it is off for this process.)
        Recorded(Decide(0));
        var limitKiB = (new FileInfo(Log).Length / 1024) + 1;
        var failed = 0;
        for (var i = 1; i <= 6 && failed == 0; i++)
        {
            failed += DecideLandsWholeOrNotAtAll(i, r =>
                ProcessRunner.Run(
                    "bash",
                    $"-c \"trap '' XFSZ; ulimit -f {limitKiB}; DOTNET_EnableWriteXorExecute=0 exec dotnet "
                        + $"'{TestPaths.CliDll}' decide "
                        + $"--version 1.0.{r} --commit {Commit}\"",
                    _repo.Path,
                    timeoutSeconds: 120
                )
            )
                ? 0
                : 1;
        }

        Assert.True(failed > 0, "no append ever reached the file size limit");
        Assert.True(DecideLandsWholeOrNotAtAll(99), "without the limit, the next append lands");
    }

    [Fact]
    public async Task Two_configurations_naming_one_log_through_a_symlink_take_one_lock()
    {
        // release-train.json names logs/decisions.jsonl; alias.json names alias/decisions.jsonl, a symlink to it.
        Recorded(Decide(0));
        Directory.CreateDirectory(_repo.Combine("alias"));
        File.CreateSymbolicLink(
            _repo.Combine("alias", "decisions.jsonl"),
            Path.Combine("..", "logs", "decisions.jsonl")
        );
        File.WriteAllText(_repo.Combine("alias.json"), """{ "decisionLog": "alias/decisions.jsonl" }""");
        var processes = Enumerable
            .Range(1, 16)
            .Select(i =>
                Task.Run(() =>
                    ProcessRunner.Run(
                        "dotnet",
                        $"\"{TestPaths.CliDll}\" decide --version 1.0.{i} --commit {Commit}"
                            + (i % 2 == 0 ? " --config alias.json" : ""),
                        _repo.Path,
                        timeoutSeconds: 180
                    )
                )
            )
            .ToArray();
        var results = await Task.WhenAll(processes);
        Assert.All(results, r => Assert.True(r.ExitCode is 0 or 1, r.Output));
        var seqs = File.ReadLines(Log).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq").GetInt32());
        Assert.Equal(Enumerable.Range(1, 17), seqs);
        Assert.Empty(HashChainedLog.Verify(Log, out var count));
        Assert.Equal(17, count);
    }

    [SkippableFact]
    public void A_read_only_file_system_is_said_at_once_not_taken_for_lock_contention()
    {
        var logs = _repo.Combine("logs");
        Directory.CreateDirectory(logs);
        var mount = TmpfsMount.Mount(logs, 256);
        _mounts.Add(mount);
        Recorded(Decide(0));
        mount.RemountReadOnly();
        var before = File.ReadAllBytes(Log);
        var clock = Stopwatch.StartNew();
        var result = Decide(1, timeoutSeconds: 30); // the old code waited 60 s for a lock it could never create
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        AssertNoCrash(result);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error RT4013:", result.Output, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("RT4012", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Log));
    }

    [SkippableFact]
    public void A_read_only_folder_is_said_at_once_not_taken_for_lock_contention()
    {
        // chmod 555 on the log's folder; root ignores modes, so as root the CLI runs as nobody (setpriv).
        if (OperatingSystem.IsWindows())
        {
            Skip.If(true, "file modes are a Unix test");
            return;
        }

        Recorded(Decide(0));
        File.Delete(Log + ".lock");
        File.SetUnixFileMode(_repo.Combine("logs"), (UnixFileMode)0b101_101_101);
        var asRoot = TmpfsMount.IsRoot();
        Skip.If(asRoot && !File.Exists("/usr/bin/setpriv"), "running as root without setpriv to drop privileges");
        var command = $"\"{TestPaths.CliDll}\" decide --version 1.0.1 --commit {Commit}";
        var clock = Stopwatch.StartNew();
        var result = asRoot
            ? ProcessRunner.Run(
                "setpriv",
                $"--reuid=65534 --regid=65534 --clear-groups dotnet {command}",
                _repo.Path,
                new Dictionary<string, string?> { ["HOME"] = Path.GetTempPath() },
                timeoutSeconds: 30
            )
            : ProcessRunner.Run("dotnet", command, _repo.Path, timeoutSeconds: 30);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        AssertNoCrash(result);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error RT4013:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("RT4012", result.Output, StringComparison.Ordinal);
        Assert.Single(File.ReadLines(Log));
    }

    [Fact]
    public void Log_repair_removes_only_an_incomplete_last_line_and_keeps_a_backup()
    {
        for (var i = 0; i < 3; i++)
        {
            Recorded(Decide(i));
        }

        // An intact log: nothing to repair, no backup.
        var intact = Run("log", "repair");
        Assert.Equal(0, intact.Exit);
        Assert.Contains("nothing to repair", intact.Out, StringComparison.Ordinal);
        Assert.Empty(Backups());

        // A crash mid-append (SIGKILL) leaves the start of a line without its newline.
        var good = File.ReadAllBytes(Log);
        File.AppendAllText(Log, "{\"seq\":4,\"decisionId\":\"urn:uuid:");
        var torn = File.ReadAllBytes(Log);
        Assert.Equal(1, Run("log", "verify").Exit);
        Assert.Equal(2, Decide(9).ExitCode); // RT4011: nothing is appended after a torn line

        var repaired = Run("log", "repair");
        Assert.True(repaired.Exit == 0, repaired.Out + repaired.Err);
        Assert.Contains("removed an incomplete last line", repaired.Out, StringComparison.Ordinal);
        Assert.Equal(good, File.ReadAllBytes(Log));
        Assert.Equal(torn, File.ReadAllBytes(Assert.Single(Backups())));
        Assert.Equal(0, Run("log", "verify").Exit);
        Recorded(Decide(4));

        // Any other damage is refused and left alone: an edited complete record is not removed.
        var lines = File.ReadAllLines(Log);
        lines[^1] = lines[^1].Replace("1.0.4", "1.0.5", StringComparison.Ordinal);
        File.WriteAllText(Log, string.Join("\n", lines) + "\n");
        var edited = File.ReadAllBytes(Log);
        var refused = Run("log", "repair");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("error RT4017:", refused.Out, StringComparison.Ordinal);
        Assert.Equal(edited, File.ReadAllBytes(Log));
        Assert.Single(Backups());

        // ... and so is a torn tail after an edited record.
        File.AppendAllText(Log, "{\"seq\":");
        var both = File.ReadAllBytes(Log);
        Assert.Equal(1, Run("log", "repair").Exit);
        Assert.Equal(both, File.ReadAllBytes(Log));
    }

    [Fact]
    public void An_append_does_not_erase_the_cut_a_head_marker_shows()
    {
        // The head marker is what catches a log cut at a line boundary. decide used to append over the cut and
        // rewrite the marker, after which the shortened log verified again: a NO-GO cut off the end was gone.
        Recorded(Decide(0));
        Recorded(Decide(1));
        var first = File.ReadAllLines(Log)[0] + "\n";
        var head = File.ReadAllBytes(HashChainedLog.HeadPath(Log));
        foreach (var cut in new[] { first, string.Empty })
        {
            File.WriteAllText(Log, cut);
            var decide = Decide(2);
            AssertNoCrash(decide);
            Assert.True(decide.ExitCode == 2, decide.Output);
            Assert.Contains("error RT4010: Hash-chained log record at line", decide.Output, StringComparison.Ordinal);
            Assert.Contains(
                "its head marker names record #2: records were cut off the end",
                decide.Output,
                StringComparison.Ordinal
            );
            Assert.Equal(cut, File.ReadAllText(Log));
            Assert.Equal(head, File.ReadAllBytes(HashChainedLog.HeadPath(Log)));
            Assert.Equal(1, Run("log", "verify").Exit);
        }
    }

    [Theory]
    [InlineData("prevHash-number")]
    [InlineData("head-duplicate-keys")]
    [InlineData("record-duplicate-keys")]
    [InlineData("recordHash-number")]
    public void A_malformed_log_or_head_marker_is_a_located_error_for_every_log_command(string damage)
    {
        Recorded(Decide(0));
        var line = File.ReadAllText(Log).TrimEnd('\n');
        var head = HashChainedLog.HeadPath(Log);
        var (file, expected) = damage switch
        {
            "prevHash-number" => (Log, Replace(Log, line, "\"prevHash\":\"sha256:", "\"prevHash\":1234,\"x\":\"")),
            "head-duplicate-keys" => (
                head,
                Replace(head, File.ReadAllText(head), "{\"seq\":1,", "{\"seq\":1,\"seq\":1,")
            ),
            "record-duplicate-keys" => (Log, Replace(Log, line, "{\"seq\":1,", "{\"seq\":1,\"seq\":1,")),
            _ => (Log, Replace(Log, line, "\"recordHash\":\"sha256:", "\"recordHash\":5,\"y\":\"")),
        };
        var verify = Run("log", "verify");
        var repair = Run("log", "repair");
        var decide = Decide(1);
        foreach (
            var (exit, output) in new[]
            {
                (verify.Exit, verify.Out + verify.Err),
                (repair.Exit, repair.Out + repair.Err),
                (decide.ExitCode, decide.Output),
            }
        )
        {
            Assert.DoesNotContain("RT1015", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }

        Assert.True(verify.Exit == 1, verify.Out + verify.Err);
        Assert.True(repair.Exit == 1, repair.Out + repair.Err);
        Assert.Contains($"{file}(1,{expected}): error RT4010:", verify.Out, StringComparison.Ordinal);
        Assert.Contains($"{file}(1,{expected}): error RT4010:", repair.Out, StringComparison.Ordinal);
        if (file == Log)
        {
            // decide reads only the last record, and says where it is malformed
            Assert.True(decide.ExitCode == 2, decide.Output);
            Assert.Contains($"{file}(1,{expected}): error RT4010:", decide.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>Applies a one-place edit to a file's text and returns the 1-based column where it starts.</summary>
    private static int Replace(string path, string text, string find, string replacement)
    {
        var index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0, find);
        File.WriteAllText(path, text[..index] + replacement + text[(index + find.Length)..] + "\n");
        var offset = replacement.StartsWith('{') ? replacement.IndexOf(',', StringComparison.Ordinal) + 1 : 0;
        var column = index + offset + 1;
        return find.Contains(':', StringComparison.Ordinal) && !replacement.StartsWith('{')
            ? column + find.IndexOf(':', StringComparison.Ordinal) + 1
            : column;
    }

    private string[] Backups() => Directory.GetFiles(_repo.Combine("logs"), "decisions.jsonl.*.bak");

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (CliApplication.Run(args, stdout, stderr, _repo.Path), stdout.ToString(), stderr.ToString());
    }
}

/// <summary>
/// A small tmpfs mounted over a folder, for a real full disk and a real read-only file system: as root with mount,
/// otherwise through <c>sudo -n</c> (CI runners); skipped where neither can mount.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private readonly string _directory;
    private readonly bool _sudo;

    private TmpfsMount(string directory, bool sudo)
    {
        _directory = directory;
        _sudo = sudo;
    }

    public static bool IsRoot() =>
        ProcessRunner.Run("id", "-u", Path.GetTempPath(), timeoutSeconds: 10).StdOut.Trim() == "0";

    public static TmpfsMount Mount(string directory, int kibibytes)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "tmpfs mounts are a Linux test");
        var sudo = !IsRoot();
        var result = Privileged(sudo, $"mount -t tmpfs -o size={kibibytes}k,mode=1777 tmpfs \"{directory}\"");
        Skip.If(result.ExitCode != 0, $"cannot mount a tmpfs here: {result.Output}");
        return new TmpfsMount(directory, sudo);
    }

    /// <summary>Writes a file until the file system is full (ENOSPC).</summary>
    public static void Fill(string path)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
        var block = new byte[512];
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException) { }
    }

    public void RemountReadOnly()
    {
        var result = Privileged(_sudo, $"mount -o remount,ro \"{_directory}\"");
        Assert.True(result.ExitCode == 0, result.Output);
    }

    public void Dispose() => Privileged(_sudo, $"umount -l \"{_directory}\"");

    private static ProcessRunner.Result Privileged(bool sudo, string command)
    {
        var parts = command.Split(' ', 2);
        return ProcessRunner.Run(
            sudo ? "sudo" : parts[0],
            sudo ? "-n " + command : parts[1],
            Path.GetTempPath(),
            timeoutSeconds: 30
        );
    }
}
