using System.Security.Cryptography;
using System.Text;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Evidence.Signing;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;
using static ReleaseTrain.Tests.DecisionRepo;

namespace ReleaseTrain.Tests;

/// <summary>
/// The signing trigger (issue 18, item 3; runbook II.I): a signing key past its rotation cadence without a signed
/// rotation record in the ledger is NO-GO (RT4114), a revoked key in use is NO-GO (RT4115), a revocation list that
/// differs from its pin is NO-GO (RT4116). The ledger cases run real git (a git daemon on 127.0.0.1), a real ssh key
/// and a rotation record in a signed ledger commit.
/// </summary>
public sealed class SigningKeysTriggerTests : IDisposable
{
    private const string KeyId = "SHA256:9rmt7pkVSDDm5f5sZrWx1bnDjWmSEKZPOWsF6jR3Ruc";
    private const string NewKeyId = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private readonly DecisionRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static string Signing(string extra = "", string since = "2026-01-01T00:00:00Z") =>
        $$"""
            { "signing": {
                {{extra}}
                "keys": [ { "id": "{{KeyId}}", "principal": "alice", "rotationCadence": "P90D", "since": "{{since}}" } ]
            } }
            """;

    private void Signers() =>
        _repo.Write(".github/release-train/allowed_signers", "alice ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA\n");

    [Fact]
    public void A_key_past_its_cadence_without_a_rotation_record_is_NO_GO_RT4114()
    {
        Signers();
        var decision = _repo.Decide(Signing());

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(("RT4114", 3), (reason.Code, reason.Line));
        Assert.Contains("P90D (due 2026-04-01T00:00:00Z)", reason.Message, StringComparison.Ordinal);
        Assert.Equal("NO-GO: RT4114", Check(decision, "signing").Result);
    }

    [Fact]
    public void A_key_within_its_cadence_is_GO()
    {
        Signers();
        var decision = _repo.Decide(Signing(since: "2026-10-01T00:00:00Z"));

        Assert.Empty(decision.Reasons);
        Assert.Equal(0, decision.ExitCode);
    }

    [Fact]
    public void A_revoked_key_is_NO_GO_RT4115_and_a_list_that_differs_from_its_pin_RT4116()
    {
        Signers();
        var list = $"{KeyId} lost\n";
        _repo.Write("revoked_keys", list);
        var pin = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(list)));
        var revocation = $$"""
            "revocationList": { "path": "revoked_keys", "sha256": "{{pin}}" },
            """;

        var revoked = _repo.Decide(Signing(revocation, since: "2026-10-01T00:00:00Z"));
        Assert.Equal(["RT4115"], Codes(revoked));

        _repo.Write("revoked_keys", "# emptied\n");
        var changed = _repo.Decide(Signing(revocation, since: "2026-10-01T00:00:00Z"));
        var reason = Assert.Single(changed.Reasons);
        Assert.Equal("RT4116", reason.Code);
        Assert.Contains("signing.revocationList.sha256 pins", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ecdsa_key_revoked_by_its_key_id_is_NO_GO_RT4115_when_its_signature_was_made_through_ssh_keygen()
    {
        try
        {
            ProcessRunner.Run("ssh-keygen", "-?", Path.GetTempPath(), null, 30);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TestPaths.RequireInstalled(false, "ssh-keygen (openssh-client)", "apt-get install -y openssh-client");
        }

        // A P-256 key, revoked under the id evidence sign prints for it, signs the envelope through ssh-keygen.
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyFile = Path.Combine(_repo.Root, "bob_openssh");
        File.WriteAllText(keyFile, ecdsa.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var keygen = ProcessRunner.Run("ssh-keygen", $"-q -p -N \"\" -P \"\" -f {keyFile}", _repo.Root);
        Assert.True(keygen.ExitCode == 0, keygen.Output);
        var statement = "{}"u8.ToArray();
        var signature = SigningKeys.Sign(keyFile, DsseEnvelope.Pae(DsseEnvelope.InTotoPayloadType, statement));
        _repo.Write(
            "artifacts/evidence/1.2.0.intoto.jsonl",
            Encoding.UTF8.GetString(
                new DsseEnvelope(DsseEnvelope.InTotoPayloadType, statement, [signature]).ToJsonLine()
            )
        );
        Signers();
        var list = $"{SigningKeys.EcdsaKeyId(ecdsa)} compromised\n";
        _repo.Write("revoked_keys", list);
        var pin = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(list)));
        var revocation = $$"""
            "revocationList": { "path": "revoked_keys", "sha256": "{{pin}}" },
            """;

        var decision = _repo.Decide(Signing(revocation, since: "2026-10-01T00:00:00Z"));

        Assert.Equal(["RT4115"], Codes(decision));
    }

    [Fact]
    public void With_a_ledger_a_signed_rotation_record_turns_the_RT4114_NO_GO_into_GO()
    {
        using var git = new GitFixture();
        git.Bare("origin");
        git.StartDaemon();
        var clone = git.Clone(git.Url("origin"), "work");
        var key = git.Root.Combine("alice");
        var keygen = ProcessRunner.Run("ssh-keygen", $"-q -t ed25519 -N \"\" -C alice -f {key}", git.Root.Path);
        Assert.True(keygen.ExitCode == 0, keygen.Output);
        var publicKey = File.ReadAllText(key + ".pub").Trim();
        var id = ProcessRunner.Run("ssh-keygen", $"-l -f {key}.pub", git.Root.Path).StdOut.Split(' ')[1];
        Directory.CreateDirectory(Path.Combine(clone, ".github", "release-train"));
        File.WriteAllText(Path.Combine(clone, ".github", "release-train", "allowed_signers"), $"alice {publicKey}\n");
        File.WriteAllText(
            Path.Combine(clone, "release-train.json"),
            Signing(since: "2026-01-01T00:00:00Z")
                .Replace(KeyId, id, StringComparison.Ordinal)
                .Replace(
                    "{ \"signing\"",
                    "{ \"ledger\": { \"remote\": \"origin\" }, \"signing\"",
                    StringComparison.Ordinal
                )
        );
        git.Git(clone, "add -A");
        git.Git(clone, "commit --quiet -m policy");
        git.Git(clone, "push --quiet origin HEAD:main");
        var config = ConfigLoader.Load(Path.Combine(clone, "release-train.json"), null, out var errors);
        Assert.Empty(errors);
        var now = SystemClock.Instance.GetCurrentInstant();

        var before = NoCutDecision.Decide(config!, new DecisionRequest("1.2.0", null, now));
        Assert.Equal(["RT4114"], Codes(before));

        // The release commit cannot switch the check off by dropping 'signing' from its own configuration: with a
        // ledger, the default branch's signing policy is the one evaluated.
        var policyText = File.ReadAllText(Path.Combine(clone, "release-train.json"));
        File.WriteAllText(Path.Combine(clone, "release-train.json"), "{ \"ledger\": { \"remote\": \"origin\" } }");
        var dropped = ConfigLoader.Load(Path.Combine(clone, "release-train.json"), null, out errors);
        Assert.Empty(errors);
        Assert.Equal(["RT4114"], Codes(NoCutDecision.Decide(dropped!, new DecisionRequest("1.2.0", null, now))));
        File.WriteAllText(Path.Combine(clone, "release-train.json"), policyText);

        // A record by someone the allowed signers do not map to the signing key does not count.
        var mallory = git.Root.Combine("mallory");
        ProcessRunner.Run("ssh-keygen", $"-q -t ed25519 -N \"\" -C m -f {mallory}", git.Root.Path);
        KeyRotations.Record(config!, id, NewKeyId, "alice", now, LedgerSigning.SshKey(mallory));
        Assert.Equal(["RT4114"], Codes(NoCutDecision.Decide(config!, new DecisionRequest("1.2.0", null, now))));

        KeyRotations.Record(config!, id, NewKeyId, "alice", now, LedgerSigning.SshKey(key));
        var after = NoCutDecision.Decide(
            config!,
            new DecisionRequest("1.2.0", null, SystemClock.Instance.GetCurrentInstant())
        );

        Assert.Empty(after.Reasons);
        Assert.Equal(0, after.ExitCode);
        Assert.Contains(after.Checks, c => c.Trigger == "signing" && c.Result == "pass");
    }
}
