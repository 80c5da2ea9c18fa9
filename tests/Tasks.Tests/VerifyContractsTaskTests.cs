using System.Collections;
using Microsoft.Build.Framework;
using ReleaseTrain.Tasks;

namespace ReleaseTrain.Tests;

/// <summary>
/// The task adapters against a recording build engine: coded errors with file, line and column; the semaphore only on
/// success.
/// </summary>
public sealed class VerifyContractsTaskTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-task");

    public VerifyContractsTaskTests() =>
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "producer-consumer"), _repo.Path);

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Drift_is_logged_as_a_coded_error_at_the_payload_line_and_no_semaphore_is_written()
    {
        var handoff = _repo.Combine("producer", "handoff.json");
        File.WriteAllText(
            handoff,
            File.ReadAllText(handoff).Replace("\"api.v1\"", "\"api.v9\"", StringComparison.Ordinal)
        );
        var engine = new RecordingEngine();
        var semaphore = _repo.Combine("obj", "verify.semaphore");
        var task = new VerifyContracts
        {
            BuildEngine = engine,
            ProjectDirectory = _repo.Combine("src", "Orders.Producer"),
            SemaphoreFile = semaphore,
        };

        Assert.False(task.Execute());
        var errors = engine.Errors.OrderBy(e => e.LineNumber).ToList();
        Assert.Equal(2, errors.Count); // the top-level field and the mirrored active_runtime_baseline field
        Assert.All(errors, e => Assert.Equal(handoff, e.File));
        Assert.Equal(("RT2001", 7, 36), (errors[0].Code, errors[0].LineNumber, errors[0].ColumnNumber));
        Assert.Equal(("RT2006", 13, 38), (errors[1].Code, errors[1].LineNumber, errors[1].ColumnNumber));
        Assert.Null(errors[0].Subcategory);
        Assert.False(File.Exists(semaphore));
    }

    [Fact]
    public void Pass_writes_the_semaphore()
    {
        var engine = new RecordingEngine();
        var semaphore = _repo.Combine("obj", "verify.semaphore");
        var task = new VerifyContracts
        {
            BuildEngine = engine,
            ProjectDirectory = _repo.Path,
            SemaphoreFile = semaphore,
        };
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.Empty(engine.Errors);
        Assert.Contains("PASS", File.ReadAllText(semaphore), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_config_fails_closed_with_RT1006()
    {
        using var empty = new TempDirectory("rt-task-empty");
        var engine = new RecordingEngine();
        Assert.False(new VerifyContracts { BuildEngine = engine, ProjectDirectory = empty.Path }.Execute());
        Assert.Equal("RT1006", Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void Pass_lists_what_it_read_and_stamps_a_verdict_that_holds_until_nothing_changes()
    {
        var engine = new RecordingEngine();
        var semaphore = _repo.Combine("obj", "verify.semaphore");
        var inputsFile = _repo.Combine("obj", "inputs.txt");
        var before = DateTime.UtcNow.AddSeconds(-1);
        var task = new VerifyContracts
        {
            BuildEngine = engine,
            ProjectDirectory = _repo.Path,
            SemaphoreFile = semaphore,
            InputsFile = inputsFile,
        };
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        string[] expected =
        [
            "release-train.json",
            "producer/contract-manifest.json",
            "producer/handoff.json",
            "consumer/producer-pin.json",
        ];
        Assert.Equal(expected, task.Inputs.Select(i => Relative(i.ItemSpec)));
        Assert.Equal(expected, File.ReadAllLines(inputsFile).Select(Relative));
        var stamp = File.ReadAllLines(semaphore);
        Assert.Matches(@"^valid-from: \d{21}$", stamp[1]);
        Assert.Equal(["valid-until: none", "now: "], stamp[2..]); // rules contracts do not depend on the instant
        // The stamp is as old as the start of the run: a file changed while it ran is newer than it.
        Assert.InRange(File.GetLastWriteTimeUtc(semaphore), before, File.GetLastWriteTimeUtc(inputsFile));
    }

    [Fact]
    public void A_waiver_verdict_holds_until_the_waiver_starts_expiring_then_until_it_expires()
    {
        Directory.CreateDirectory(_repo.Combine("rollout"));
        File.WriteAllText(
            _repo.Combine("rollout", "waivers.json"),
            """
            { "schemaVersion": "usr-registry-1.0.0", "registryId": "usr-waiver-policy", "rows": [
              { "id": "w1", "waiverClass": "benchmark-overrun", "scopeType": "lane", "scopeId": "ci-long",
                "allowedUntil": "2027-01-01T00:00:00Z", "approvers": ["usr-architecture", "usr-operations"],
                "requiredCompensatingControls": ["usr-waiver-active-report.json"], "maxExtensions": 1,
                "blocking": true } ] }
            """
        );
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            """
            { "contracts": [ { "id": "waivers", "kind": "usr-waivers", "manifest": "rollout/waivers.json" } ] }
            """
        );
        string[] Stamp(string now)
        {
            var engine = new RecordingEngine();
            var semaphore = _repo.Combine("obj", "verify.semaphore");
            var task = new VerifyContracts
            {
                BuildEngine = engine,
                ProjectDirectory = _repo.Path,
                SemaphoreFile = semaphore,
                Now = now,
            };
            Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Code + e.Message)));
            return File.ReadAllLines(semaphore)[1..];
        }

        Assert.Equal(
            ["valid-from: 202612010000000000000", "valid-until: 202612180000000000000", "now: 2026-12-01T00:00:00Z"],
            Stamp("2026-12-01T00:00:00Z")
        );
        Assert.Equal(
            ["valid-from: 202612200000000000000", "valid-until: 202701010000000000000", "now: 2026-12-20T00:00:00Z"],
            Stamp("2026-12-20T00:00:00Z")
        );
    }

    [Fact]
    public void A_broken_config_is_reported_at_its_line()
    {
        File.WriteAllText(_repo.Combine("release-train.json"), "{\"contracts\": 1}");
        var engine = new RecordingEngine();
        Assert.False(new VerifyContracts { BuildEngine = engine, ProjectDirectory = _repo.Path }.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(("RT1004", 1, 15), (error.Code, error.LineNumber, error.ColumnNumber));
    }

    [Fact]
    public void An_invalid_ReleaseTrainNow_is_RT4004()
    {
        var engine = new RecordingEngine();
        Assert.False(
            new VerifyContracts
            {
                BuildEngine = engine,
                ProjectDirectory = _repo.Path,
                Now = "tomorrow",
            }.Execute()
        );
        Assert.Equal("RT4004", Assert.Single(engine.Errors).Code);
    }

    private string Relative(string path) => Path.GetRelativePath(_repo.Path, path).Replace('\\', '/');

    internal sealed class RecordingEngine : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = [];

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.proj";

        public bool BuildProjectFile(
            string projectFileName,
            string[] targetNames,
            IDictionary globalProperties,
            IDictionary targetOutputs
        ) => false;

        public void LogCustomEvent(CustomBuildEventArgs e) { }

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e) { }

        public void LogWarningEvent(BuildWarningEventArgs e) { }
    }
}
