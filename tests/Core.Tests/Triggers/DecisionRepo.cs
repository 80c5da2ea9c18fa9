using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Release;

namespace ReleaseTrain.Tests;

/// <summary>
/// A temporary repository for no-cut decision tests: writes release-train.json and input files, loads the
/// configuration as the CLI does and decides. Shared by DecisionTests and the per-trigger tests in Triggers/.
/// </summary>
public sealed class DecisionRepo : IDisposable
{
    /// <summary>The instant tests decide at unless they say otherwise.</summary>
    public static readonly Instant At = OffsetDateTimePattern
        .ExtendedIso.Parse("2026-11-18T12:00:00Z")
        .GetValueOrThrow()
        .ToInstant();

    private readonly TempDirectory _repo = new("rt-decide");

    /// <summary>The repository's folder.</summary>
    public string Root => _repo.Path;

    public void Dispose() => _repo.Dispose();

    /// <summary>Writes a file at a root-relative path.</summary>
    public void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_repo.Combine(path))!);
        File.WriteAllText(_repo.Combine(path), content);
    }

    /// <summary>Writes release-train.json, loads it (it must load without errors) and decides.</summary>
    public Decision Decide(string config, string release = "1.2.0", Instant? at = null)
    {
        Write("release-train.json", config);
        var loaded = ConfigLoader.Load(_repo.Combine("release-train.json"), null, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return NoCutDecision.Decide(loaded!, new DecisionRequest(release, null, at ?? At));
    }

    /// <summary>A configuration with one train "main" covering [1.0.0, 2.0.0) and the given members.</summary>
    public static string Train(string body) =>
        $$"""{ "trains": [ { "id": "main", "versions": "[1.0.0, 2.0.0)", {{body}} } ] }""";

    /// <summary>The decision's reason codes, sorted.</summary>
    public static string[] Codes(Decision d) => [.. d.Reasons.Select(r => r.Code).Order(StringComparer.Ordinal)];

    /// <summary>The one check row of a trigger (decide --explain).</summary>
    public static DecisionCheck Check(Decision d, string trigger) => Assert.Single(d.Checks, c => c.Trigger == trigger);
}
