using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Tests;
using Xunit;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// Issue 15 review: a remote given as a URL with a token in it (<c>https://x-access-token:TOKEN@host/...</c>, as some
/// CI setups configure origin) never reaches a diagnostic of the trusted sign-off policy, whatever adapter prints it
/// (the CLI also redacts its whole output; Core must not rely on that).
/// </summary>
public sealed class TrustedPolicyRedactionTests : IDisposable
{
    private const string Url = "http://x-access-token:s3cr3t-t0ken@127.0.0.1:9/origin.git";
    private readonly GitFixture _git = new();

    public void Dispose() => _git.Dispose();

    [SkippableFact]
    public void A_token_in_the_ledger_remotes_URL_is_not_in_the_diagnostics_or_the_explanation()
    {
        var clone = _git.Clone(_git.Bare("origin"), "work");
        _git.Git(clone, "remote set-url origin " + Url);
        var path = Path.Combine(clone, "release-train.json");
        File.WriteAllText(
            path,
            """
            { "ledger": { "remote": "origin", "branch": "release-train/ledger" },
              "signoff": { "roles": { "architecture": ["alice"] } } }
            """
        );
        var config = ConfigLoader.Load(path, clone, out var loadErrors);
        Assert.Empty(loadErrors);

        var policy = TrustedPolicy.Read(config!, Url, out var errors);

        var error = Assert.Single(errors);
        Assert.Equal("RT5041", error.Code);
        Assert.Contains("http://***@127.0.0.1:9/origin.git", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", policy.Origin, StringComparison.Ordinal);
    }
}
