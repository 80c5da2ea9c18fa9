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
    public void Resolve_inputs_lists_config_manifest_payloads_and_files()
    {
        var engine = new RecordingEngine();
        var task = new ResolveContractInputs { BuildEngine = engine, ProjectDirectory = _repo.Path };
        Assert.True(task.Execute());
        var inputs = task.Inputs.Select(i => Path.GetRelativePath(_repo.Path, i.ItemSpec).Replace('\\', '/')).ToList();
        Assert.Equal(
            [
                "release-train.json",
                "producer/contract-manifest.json",
                "producer/handoff.json",
                "consumer/producer-pin.json",
            ],
            inputs
        );
    }

    [Fact]
    public void Resolve_inputs_reports_a_broken_config()
    {
        File.WriteAllText(_repo.Combine("release-train.json"), "{\"contracts\": 1}");
        var engine = new RecordingEngine();
        Assert.False(new ResolveContractInputs { BuildEngine = engine, ProjectDirectory = _repo.Path }.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal(("RT1004", 1, 15), (error.Code, error.LineNumber, error.ColumnNumber));
    }

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
