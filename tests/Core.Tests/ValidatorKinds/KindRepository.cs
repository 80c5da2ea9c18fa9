using System.Text.Json.Nodes;
using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// A throwaway repository for the validator kind tests: real files are copied in, a release-train.json with one
/// contract of the kind is loaded by <see cref="ConfigLoader"/> (schema included), and the contract runs through the
/// registry (<see cref="ValidatorKinds.Run"/>) as <c>verify</c> runs it.
/// </summary>
internal sealed class KindRepository : IDisposable
{
    private readonly TempDirectory _dir = new("kind");

    public string Root => _dir.Path;

    public static Instant At(string text) => InstantPattern.ExtendedIso.Parse(text).Value;

    public void Dispose() => _dir.Dispose();

    /// <summary>Copies a real file in, at a root-relative path.</summary>
    public string CopyIn(string source, string relative) => _dir.CopyIn(source, relative);

    /// <summary>Writes a file at a root-relative path.</summary>
    public string Write(string relative, string text)
    {
        var path = _dir.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A copy of a file at a root-relative path with each (old, new) replacement applied once.</summary>
    public string Mutate(string relative, string target, params (string Old, string New)[] edits)
    {
        var text = File.ReadAllText(_dir.Combine(relative));
        foreach (var (old, replacement) in edits)
        {
            var index = text.IndexOf(old, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{old}' is not in {relative}");
            text = string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + old.Length));
        }

        Write(target, text);
        return target;
    }

    /// <summary>The configuration's <c>signing</c> section, or null for none.</summary>
    public JsonObject? Signing { get; set; }

    /// <summary>
    /// Loads a configuration with one contract of the kind over a manifest and runs it through the registry. The
    /// result names the kind, and every code it raises is one the kind declares.
    /// </summary>
    public ValidationResult Run(string kind, string manifest, JsonObject? options, Instant now)
    {
        var contract = new JsonObject
        {
            ["id"] = "c",
            ["kind"] = kind,
            ["manifest"] = manifest,
        };
        if (options is not null)
        {
            contract["options"] = options.DeepClone();
        }

        var config = Load(contract);
        var loaded = config.Contracts[0];
        var files = new RepositoryFiles(Root);
        var result = ValidatorKinds.Run(
            loaded.Kind,
            files.Resolve(loaded.Manifest.Path),
            loaded.Options,
            files,
            now,
            config
        );
        Assert.Equal(kind, result.Validator);
        var declared = ValidatorKinds.Find(kind)!.Codes.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        Assert.All(result.Findings, f => Assert.Contains(f.Code, declared));
        return result;
    }

    private ReleaseTrainConfig Load(JsonObject contract)
    {
        var json = new JsonObject { ["contracts"] = new JsonArray(contract) };
        if (Signing is not null)
        {
            json["signing"] = Signing.DeepClone();
        }

        var path = Write("release-train.json", json.ToJsonString());
        var config = ConfigLoader.Load(path, Root, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return config!;
    }
}
