using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ReleaseTrain.Tests;

/// <summary>
/// Real git for the ledger tests: an isolated configuration (HOME and GIT_CONFIG_GLOBAL in a temp folder, never the
/// user's), bare repositories, clones, and a <c>git daemon</c> on 127.0.0.1 serving them with receive-pack enabled.
/// Without git or git-daemon the test fails when CI=true and is skipped otherwise.
/// </summary>
public sealed class GitFixture : IDisposable
{
    private readonly TempDirectory _home = new("rt-githome");
    private Process? _daemon;

    public GitFixture()
    {
        Require();
        Root = new TempDirectory("rt-ledger");
        Served = Root.Combine("served");
        Directory.CreateDirectory(Served);
        var global = _home.Combine("gitconfig");
        File.WriteAllText(
            global,
            "[user]\n\tname = Ledger Test\n\temail = ledger@test.invalid\n[safe]\n\tdirectory = *\n"
                + "[init]\n\tdefaultBranch = main\n"
        );
        Environment = new Dictionary<string, string?>
        {
            ["HOME"] = _home.Path,
            ["GIT_CONFIG_GLOBAL"] = global,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["XDG_CONFIG_HOME"] = _home.Combine("xdg"),
        };
    }

    public TempDirectory Root { get; }

    /// <summary>The folder the daemon serves (its base path).</summary>
    public string Served { get; }

    /// <summary>The environment every git process of the test gets (in process and in child processes).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public int Port { get; private set; }

    /// <summary>A bare repository "name.git" under <see cref="Served"/>.</summary>
    public string Bare(string name)
    {
        var path = Path.Combine(Served, name + ".git");
        Git(Served, $"init --bare --quiet {name}.git");
        return path;
    }

    /// <summary>The git:// URL of a served repository.</summary>
    public string Url(string name) => $"git://127.0.0.1:{Port}/{name}.git";

    /// <summary>A clone (or a fresh repository with one commit when the remote is empty) with origin = url.</summary>
    public string Clone(string url, string name)
    {
        var target = Root.Combine(name);
        Directory.CreateDirectory(target);
        Git(target, "init --quiet");
        Git(target, $"remote add origin {url}");
        File.WriteAllText(Path.Combine(target, "README.md"), "work\n");
        Git(target, "add README.md");
        Git(target, "commit --quiet -m work");
        return target;
    }

    public string Git(string directory, string arguments, bool check = true)
    {
        var result = ProcessRunner.Run("git", arguments, directory, new Dictionary<string, string?>(Environment), 120);
        if (check && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {arguments} failed in {directory}: {result.Output}");
        }

        return result.StdOut.Trim();
    }

    /// <summary>Starts git daemon on a free port of 127.0.0.1 and waits until it accepts connections.</summary>
    public void StartDaemon()
    {
        if (Port == 0)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        var info = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (
            var arg in new[]
            {
                "daemon",
                "--reuseaddr",
                "--listen=127.0.0.1",
                $"--port={Port}",
                $"--base-path={Served}",
                "--export-all",
                "--enable=receive-pack",
                Served,
            }
        )
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Environment)
        {
            info.Environment[key] = value;
        }

        _daemon = Process.Start(info)!;
        _daemon.OutputDataReceived += (_, _) => { };
        _daemon.ErrorDataReceived += (_, _) => { };
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_daemon.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }

    public void StopDaemon()
    {
        if (_daemon is { HasExited: false })
        {
            _daemon.Kill(entireProcessTree: true);
            _daemon.WaitForExit();
        }

        _daemon?.Dispose();
        _daemon = null;
    }

    public void Dispose()
    {
        StopDaemon();
        Root.Dispose();
        _home.Dispose();
    }

    private static void Require()
    {
        var hasGit = false;
        var hasDaemon = false;
        try
        {
            var exec = ProcessRunner.Run("git", "--exec-path", Path.GetTempPath(), null, 30);
            hasGit = exec.ExitCode == 0;
            hasDaemon = hasGit && File.Exists(Path.Combine(exec.StdOut.Trim(), "git-daemon"));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no git on PATH
        }

        if (hasGit && hasDaemon)
        {
            return;
        }

        TestPaths.RequireInstalled(false, "git or git-daemon", "sudo apt-get install -y git");
    }
}
