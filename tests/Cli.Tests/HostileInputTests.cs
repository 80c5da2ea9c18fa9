using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ReleaseTrain.Tests;

/// <summary>
/// Every command against the inputs that once ended in an unexpected error (RT1015) or a hang: a NUL byte in a
/// path, an instant at the end of time, a hundred-million-day duration, a log whose prevHash is a number, a head
/// marker with duplicate keys, a FIFO or a folder where a file belongs, /dev/zero, a newline in GITHUB_TOKEN and a
/// malformed JSON body from GitHub. Each runs the real CLI process with a deadline and must end with the coded
/// error named (exit 1 or 2), never RT1015, never a .NET stack trace, never a hang.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string DecideAt = "2026-11-18T12:00:00Z";
    private readonly TempDirectory _repo = new("rt-hostile");
    private readonly TempDirectory _outside = new("rt-hostile-outside");

    public HostileInputTests() => TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "usr-train"), _repo.Path);

    public void Dispose()
    {
        _repo.Dispose();
        _outside.Dispose();
    }

    /// <summary>Case name, then the code (a regex) the output must carry.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, code) in All)
        {
            data.Add(name, code);
        }

        return data;
    }

    private static readonly (string Name, string Code)[] All =
    [
        ("freeze --at end of time", "RT4004"),
        ("decide --at end of time", "RT4004"),
        ("signoff status --at end of time", "RT4004"),
        ("report --at end of time", "RT4004"),
        ("freeze with a 100000000-day window", "RT4003"),
        ("decide with a 100000000-day window", "RT4003"),
        ("decide with a 100000000-day maxAge", "RT4003"),
        ("report with a 100000000-day maxAge", "RT4003"),
        ("decide with a NUL in the decision log path", "RT1017"),
        ("log verify with a NUL in the decision log path", "RT1017"),
        ("decide with a NUL in an evidence path", "RT1017"),
        ("log verify with a numeric prevHash", "RT4010"),
        ("decide with a numeric prevHash", "RT4010"),
        ("log verify with a duplicate-key head marker", "RT4010"),
        ("decide with a duplicate-key head marker", "RT4010"),
        ("decide with a FIFO as decision log", "RT1016"),
        ("log verify with a FIFO as decision log", "RT1016"),
        ("verify with a FIFO as config", "RT1016"),
        ("decide with a FIFO as evidence", "RT1016"),
        ("decide with a folder as decision log", "RT1016"),
        ("log verify with a folder as decision log", "RT1016"),
        ("hash json /dev/zero", "RT1016"),
        ("log verify /dev/zero", "RT1016"),
        ("signoff status with a newline in GITHUB_TOKEN", "RT5035"),
        ("status with a newline in GITHUB_TOKEN", "RT5035"),
        ("signoff status with a malformed GitHub body", "RT5034"),
        ("decide with a release that is an absolute path", "RT1019"),
        ("signoff status with a release that climbs out", "RT1019"),
        ("signoff status with a bundle folder linked out of the root", "RT1005"),
        ("freeze --at the end of time west of UTC", "RT4004"),
        ("decide with a waiver allowed until the end of time west of UTC", "RT4004"),
        ("report --output naming a folder", "RT1011"),
        ("report --output-dir naming a file", "RT1011"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ends_with_a_coded_error_and_no_stack_trace(string name, string code)
    {
        using var github = new MalformedGitHub();
        var env = new Dictionary<string, string?>
        {
            ["GITHUB_SHA"] = Commit,
            ["GITHUB_TOKEN"] = null,
            ["GITHUB_REPOSITORY"] = "octo/usr",
            ["GITHUB_API_URL"] = github.Url,
        };
        var args = Arrange(name, env);
        var result = ProcessRunner.Run("dotnet", $"\"{TestPaths.CliDll}\" {args}", _repo.Path, env, 30);
        var output = result.Output;
        Assert.True(result.ExitCode is 1 or 2, $"{name}: exit {result.ExitCode}\n{output}");
        Assert.DoesNotContain("RT1015", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(|Exception:|\bSystem\.\w+Exception\b", output);
        Assert.Matches($"error ({code})\\b", output);
        Assert.DoesNotContain("s3cr3t", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_json_of_a_number_past_the_double_range_names_the_file_and_quotes_it_short()
    {
        // 1 and 100000 zeros: was "release-train : error RT1001: ... the number 1000...(100001 digits)" with no file.
        var file = Path.Combine(_repo.Path, "huge.json");
        File.WriteAllText(file, "{\"a\": 1" + new string('0', 100_000) + "}\n");
        var result = ProcessRunner.Run("dotnet", $"\"{TestPaths.CliDll}\" hash json huge.json", _repo.Path, null, 30);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("huge.json(1,7): error RT1001", result.Output, StringComparison.Ordinal);
        Assert.Contains(
            "(100001 characters) is outside the IEEE 754 double range",
            result.Output,
            StringComparison.Ordinal
        );
        Assert.True(result.Output.Length < 1000, $"{result.Output.Length} characters of output");
    }

    private string Arrange(string name, Dictionary<string, string?> env)
    {
        var config = Path.Combine(_repo.Path, "release-train.json");
        var log = Path.Combine(_repo.Path, "release", "no-cut-decision-log.jsonl");
        var decide = $"decide --version 1.4.0 --at {DecideAt} --dry-run";
        switch (name)
        {
            case "freeze --at end of time":
                return "freeze --action release --at 9999-12-31T23:59:59Z";
            case "decide --at end of time":
                return "decide --version 1.4.0 --at 9999-12-31T23:59:59Z --dry-run";
            case "signoff status --at end of time":
                AddSignOff();
                return "signoff status --version 1.4.0 --author zed --at 9999-12-31T23:59:59Z";
            case "report --at end of time":
                return "report --version 1.4.0 --at 9999-12-31T23:59:59Z --output-dir out";
            case "freeze with a 100000000-day window":
                EditConfig(c => c["freezeWindows"]![0]!["duration"] = "P100000000D");
                return $"freeze --action release --at {DecideAt}";
            case "decide with a 100000000-day window":
                EditConfig(c => c["freezeWindows"]![0]!["duration"] = "P100000000D");
                return decide;
            case "decide with a 100000000-day maxAge":
                EditConfig(c => c["trains"]![0]!["evidence"]![0]!["maxAge"] = "P100000000D");
                return decide;
            case "report with a 100000000-day maxAge":
                EditConfig(c => c["trains"]![0]!["evidence"]![0]!["maxAge"] = "P100000000D");
                return $"report --version 1.4.0 --at {DecideAt} --output-dir out";
            case "decide with a NUL in the decision log path":
                EditConfig(c => c["decisionLog"] = "release/log\u0000.jsonl");
                return $"decide --version 1.4.0 --commit {Commit}";
            case "log verify with a NUL in the decision log path":
                EditConfig(c => c["decisionLog"] = "release/log\u0000.jsonl");
                return "log verify";
            case "decide with a NUL in an evidence path":
                EditConfig(c => c["trains"]![0]!["evidence"]![0]!["path"] = "release/a\u0000b.json");
                return decide;
            case "log verify with a numeric prevHash":
            case "decide with a numeric prevHash":
                WriteLogWithNumericPrevHash(log);
                return name.StartsWith("log", StringComparison.Ordinal)
                    ? "log verify"
                    : $"decide --version 1.4.0 --commit {Commit}";
            case "log verify with a duplicate-key head marker":
            case "decide with a duplicate-key head marker":
                WriteLogWithNumericPrevHash(log, numeric: false);
                File.WriteAllText(log + ".head", "{\"seq\": 1, \"seq\": 2, \"recordHash\": \"x\"}\n");
                return name.StartsWith("log", StringComparison.Ordinal)
                    ? "log verify"
                    : $"decide --version 1.4.0 --commit {Commit}";
            case "decide with a FIFO as decision log":
                MakeFifo(log);
                return $"decide --version 1.4.0 --commit {Commit}";
            case "log verify with a FIFO as decision log":
                MakeFifo(log);
                return "log verify";
            case "verify with a FIFO as config":
                File.Delete(config);
                MakeFifo(config);
                return "verify";
            case "decide with a FIFO as evidence":
                var evidence = Path.Combine(_repo.Path, "release", "security-scan.json");
                File.Delete(evidence);
                MakeFifo(evidence);
                return decide;
            case "decide with a folder as decision log":
                Directory.CreateDirectory(log);
                return $"decide --version 1.4.0 --commit {Commit}";
            case "log verify with a folder as decision log":
                // Named on the command line: the path is not the configuration's, so only the log's reader sees it.
                Directory.CreateDirectory(log);
                return "log verify release/no-cut-decision-log.jsonl";
            case "hash json /dev/zero":
                return "hash json /dev/zero";
            case "log verify /dev/zero":
                return "log verify /dev/zero";
            case "signoff status with a newline in GITHUB_TOKEN":
                AddSignOff();
                env["GITHUB_TOKEN"] = "ghp_s3cr3t\nX-Injected: 1";
                return "signoff status --version 1.4.0 --pr 7";
            case "status with a newline in GITHUB_TOKEN":
                env["GITHUB_TOKEN"] = "ghp_s3cr3t\r\nX-Injected: 1";
                return $"status --version 1.4.0 --commit {Commit}";
            case "signoff status with a malformed GitHub body":
                AddSignOff();
                env["GITHUB_TOKEN"] = "ghp_s3cr3t";
                return "signoff status --version 1.4.0 --pr 7";
            case "freeze --at the end of time west of UTC":
                // Valid ISO 8601 whose UTC instant (year 10000) is past the last NodaTime holds: was RT1015.
                return "freeze --action release --at 9999-12-31T23:59:59-14:00";
            case "decide with a waiver allowed until the end of time west of UTC":
                EditConfig(c => c["trains"]![0]!["waivers"]![0]!["allowedUntil"] = "9999-12-31T23:59:59-14:00");
                return decide;
            case "report --output naming a folder":
                return $"report --version 1.4.0 --at {DecideAt} --format json --output release";
            case "report --output-dir naming a file":
                return $"report --version 1.4.0 --at {DecideAt} --output-dir release/gates.json";
            case "decide with a release that is an absolute path":
                return $"decide --version {Path.GetTempPath()} --dry-run";
            case "signoff status with a release that climbs out":
                AddSignOff();
                return "signoff status --version ../../x --author zed";
            case "signoff status with a bundle folder linked out of the root":
                AddSignOff();
                var outside = _outside.Path;
                File.WriteAllText(Path.Combine(outside, "COMMITTED"), "sha256:" + new string('0', 64) + "\n");
                Directory.CreateDirectory(Path.Combine(_repo.Path, "artifacts", "evidence"));
                Directory.CreateSymbolicLink(Path.Combine(_repo.Path, "artifacts", "evidence", "1.4.0"), outside);
                return "signoff status --version 1.4.0 --author zed";
            default:
                throw new ArgumentException("unknown case " + name, nameof(name));
        }
    }

    private void AddSignOff() =>
        EditConfig(c =>
            c["signoff"] = new JsonObject
            {
                ["allowUnsignedRecords"] = true,
                ["roles"] = new JsonObject { ["architecture"] = new JsonArray("alice") },
            }
        );

    private void EditConfig(Action<JsonNode> edit)
    {
        var path = Path.Combine(_repo.Path, "release-train.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        edit(config);
        File.WriteAllText(path, config.ToJsonString());
    }

    private static void WriteLogWithNumericPrevHash(string log, bool numeric = true)
    {
        var prev = numeric ? "12345" : "null";
        File.WriteAllText(
            log,
            "{\"seq\": 1, \"prevHash\": " + prev + ", \"recordHash\": \"sha256:" + new string('0', 64) + "\"}\n"
        );
    }

    private static void MakeFifo(string path)
    {
        var result = ProcessRunner.Run("mkfifo", $"\"{path}\"", Path.GetDirectoryName(path)!);
        Assert.Equal(0, result.ExitCode);
    }

    /// <summary>A GitHub API on 127.0.0.1 whose every answer is 200 with a truncated JSON body.</summary>
    private sealed class MalformedGitHub : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public MalformedGitHub()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _serving = Task.Run(Serve);
        }

        public string Url { get; }

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                var body = Encoding.UTF8.GetBytes("{\"state\": \"APPROVED\", \"user\": {\"login\": ");
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            var port = ((IPEndPoint)socket.LocalEndpoint).Port;
            socket.Stop();
            return port;
        }

        public void Dispose()
        {
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
