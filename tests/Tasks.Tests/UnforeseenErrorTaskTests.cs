using System.Text.Json.Nodes;
using ReleaseTrain.Tasks;
using static ReleaseTrain.Tests.VerifyContractsTaskTests;

namespace ReleaseTrain.Tests;

/// <summary>
/// No task lets an exception reach MSBuild (MSB4018 and a .NET stack trace, issue 14's crash list): a coded error
/// instead, RT1015 for what nobody foresaw, and the task fails.
/// </summary>
public sealed class UnforeseenErrorTaskTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-task-crash");

    public void Dispose() => _repo.Dispose();

    private sealed class Throwing(Exception exception) : ReleaseTrainTask
    {
        protected override bool Run() => throw exception;
    }

    private static Microsoft.Build.Framework.BuildErrorEventArgs Fails(Microsoft.Build.Utilities.Task task)
    {
        var engine = (RecordingEngine)task.BuildEngine;
        Assert.False(task.Execute()); // and it does not throw
        var error = Assert.Single(engine.Errors);
        Assert.DoesNotContain(" at ", error.Message, StringComparison.Ordinal); // no stack trace
        return error;
    }

    [Fact]
    public void Any_exception_is_RT1015_with_its_type_and_message_on_one_line()
    {
        var error = Fails(
            new Throwing(new InvalidOperationException("first\nsecond", new IOException("inner")))
            {
                BuildEngine = new RecordingEngine(),
            }
        );
        Assert.Equal("RT1015", error.Code);
        Assert.Contains(
            "System.InvalidOperationException: first second ---> System.IO.IOException: inner",
            error.Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void A_ReleaseTrainException_is_its_own_coded_error()
    {
        var error = Fails(
            new ResolveSourceDate
            {
                BuildEngine = new RecordingEngine(),
                RepositoryDirectory = _repo.Path,
                SourceDateEpoch = "yesterday",
            }
        );
        Assert.NotEqual("RT1015", error.Code);
        Assert.StartsWith("RT", error.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_evidence_with_an_unreadable_source_date_is_a_coded_error()
    {
        var error = Fails(
            new GeneratePackageEvidence
            {
                BuildEngine = new RecordingEngine(),
                AssetsFile = _repo.Combine("project.assets.json"),
                PackageId = "Orders",
                PackageVersion = "1.0.0",
                PackageFile = _repo.Combine("Orders.1.0.0.nupkg"),
                RootDirectory = _repo.Path,
                SdkVersion = "10.0.100",
                SourceDateSeconds = "soon",
            }
        );
        Assert.StartsWith("RT1", error.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sign_off_max_age_beyond_any_instant_fails_every_config_task_with_a_coded_error()
    {
        // maxAge "P100000000D" (issue 14): Core refuses it at load (RT4003, longer than P36525D); never MSB4018.
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            new JsonObject
            {
                ["contracts"] = new JsonArray(),
                ["signoff"] = new JsonObject
                {
                    ["roles"] = new JsonObject { ["architecture"] = new JsonArray("alice") },
                    ["maxAge"] = "P100000000D",
                },
            }.ToJsonString()
        );
        foreach (
            ReleaseTrainConfigTask task in new ReleaseTrainConfigTask[]
            {
                new VerifyContracts(),
                new CheckFreeze { Action = "pack", Release = "1.0.0" },
            }
        )
        {
            task.BuildEngine = new RecordingEngine();
            task.ProjectDirectory = _repo.Path;
            Assert.Equal("RT4003", Fails(task).Code);
        }
    }
}
