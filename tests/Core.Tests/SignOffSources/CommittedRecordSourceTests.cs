using NodaTime.Text;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// The <c>record</c> source: records appended by <c>signoff add</c> to the configured log of a repository, read back
/// as decisions through the registry, bound to the evidence digest, and refused (with a declared code) when the log is
/// tampered with or lies outside the repository.
/// </summary>
public sealed class CommittedRecordSourceTests : IDisposable
{
    private const string Sha = "89abcdef0123456789abcdef0123456789abcdef";
    private const string Evidence = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private readonly TempDirectory _dir = new("record-source");

    public void Dispose() => _dir.Dispose();

    private static CommittedRecordSource Source => SignOffSources.Of<CommittedRecordSource>();

    private ReleaseTrainConfig Load()
    {
        var path = _dir.Combine("release-train.json");
        File.WriteAllText(
            path,
            """
            { "signoff": { "allowUnsignedRecords": true, "roles": { "usr-architecture": ["alice"],
            """
                + """
                 "usr-conformance": ["bob"] },
                               "records": "release-train/signoff-log.jsonl" } }
                """
        );
        var config = ConfigLoader.Load(path, _dir.Path, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return config!;
    }

    private void Add(ReleaseTrainConfig config, string role, string who, string? evidence)
    {
        var record = new NewSignOffRecord(
            "1.2.0",
            role,
            who,
            SignOffVerdict.Approved,
            Sha,
            evidence,
            "2026-11-21T08:00:00Z"
        );
        SignOffRecords.Append(config.Policy.SignOff!, SignOffCheck.RecordsPath(config), record);
    }

    [Fact]
    public void Records_of_the_configured_log_are_decisions_of_the_record_source()
    {
        var config = Load();
        Add(config, "usr-architecture", "alice", Evidence);
        Add(config, "usr-conformance", "bob", null);

        var decisions = SignOffCheck.ReadDecisions(config, "1.2.0", out var errors);
        Assert.Empty(errors);
        Assert.Equal(["alice", "bob"], decisions.Select(d => d.Principal));
        Assert.All(decisions, d => Assert.Same(Source, d.Source));
        Assert.Equal("record #1 of release-train/signoff-log.jsonl", decisions[0].SourceId);
        Assert.StartsWith(Source.Name + " ", decisions[1].SourceId, StringComparison.Ordinal);

        // A record must name the release's evidence digest: bob's, naming none, does not count.
        var at = InstantPattern.ExtendedIso.Parse("2026-11-21T09:00:00Z").Value;
        var status = SignOffCheck.Run(config, new SignOffRequest("1.2.0", Sha, Evidence, at, null), [], null, out _);
        Assert.Equal(["usr-conformance"], status.MissingRoles);
        Assert.Contains(status.Ignored, i =>
            i.Decision.Principal == "bob" && i.Why.Contains("names no evidence digest", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void A_tampered_or_escaping_log_yields_no_decisions_and_a_declared_code()
    {
        var config = Load();
        Add(config, "usr-architecture", "alice", Evidence);
        var log = SignOffCheck.RecordsPath(config);
        File.WriteAllText(log, File.ReadAllText(log).Replace("\"alice\"", "\"eve\"", StringComparison.Ordinal));
        Assert.Empty(SignOffCheck.ReadDecisions(config, "1.2.0", out var tampered));
        Assert.Equal("RT4010", Assert.Single(tampered).Code);

        // The loader refuses such a path already; the source refuses it again (fail closed).
        var outside = config with
        {
            Policy = config.Policy with { SignOff = config.Policy.SignOff! with { Records = "../outside.jsonl" } },
        };
        var trusted = SignOffCheck.Trusted(outside, out _);
        Assert.Empty(Source.Read(outside, trusted, "1.2.0", out var escaping));
        Assert.Equal("RT1005", Assert.Single(escaping).Code);

        Assert.All(tampered.Concat(escaping), d => Assert.Contains(Source.Codes, c => c.Code == d.Code));
    }
}
