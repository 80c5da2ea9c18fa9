using System.Diagnostics;
using ReleaseTrain.Tasks;
using static ReleaseTrain.Tests.VerifyContractsTaskTests;

namespace ReleaseTrain.Tests;

/// <summary>The pack freeze gate takes the release commit by the CLI's chain (GITHUB_SHA, then git HEAD).</summary>
public sealed class CheckFreezeTaskTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-freeze-task");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void An_exception_naming_the_release_commit_lifts_a_pack_freeze_and_one_naming_another_does_not()
    {
        Git("init", "--quiet");
        File.WriteAllText(_repo.Combine("a.txt"), "a");
        Git("add", "a.txt");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "one");
        // On GitHub Actions GITHUB_SHA comes first; elsewhere HEAD as git itself reads it.
        var commit = Environment.GetEnvironmentVariable("GITHUB_SHA") is { Length: > 0 } sha
            ? sha
            : Git("rev-parse", "HEAD");

        Assert.True(Check(commit).Count == 0);
        var error = Assert.Single(Check(new string('0', 40)));
        Assert.Equal("RT4005", error.Code);
        Assert.Equal(_repo.Combine("release-train.json"), error.File);
    }

    private List<Microsoft.Build.Framework.BuildErrorEventArgs> Check(string commit)
    {
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            $$"""
            {
              "freezeWindows": [
                { "id": "year-end", "actions": ["pack"], "reason": "year-end change freeze",
                  "start": "2026-12-21T00:00:00+01:00", "end": "2027-01-04T00:00:00+01:00" }
              ],
              "freezeExceptions": [
                { "id": "hotfix", "windows": ["year-end"], "commit": "{{commit}}", "reason": "CVE fix",
                  "requestedBy": "alice", "approvers": ["bob"],
                  "validFrom": "2026-12-22T00:00:00Z", "validUntil": "2026-12-24T00:00:00Z" }
              ]
            }
            """
        );
        var engine = new RecordingEngine();
        var task = new CheckFreeze
        {
            BuildEngine = engine,
            ProjectDirectory = _repo.Path,
            Action = "pack",
            Release = "9.9.9",
            Now = "2026-12-23T10:00:00Z",
        };
        var passed = task.Execute();
        Assert.True(
            passed == (engine.Errors.Count == 0),
            string.Join("\n", engine.Errors.Select(e => e.Code + " " + e.Message))
        );
        return engine.Errors;
    }

    private string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = _repo.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }
}
