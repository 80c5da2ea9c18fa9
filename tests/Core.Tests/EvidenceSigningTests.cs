using System.Security.Cryptography;
using System.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Evidence.Signing;

namespace ReleaseTrain.Tests;

/// <summary>
/// Signed evidence (issue 18, item 1): a DSSE envelope over a real bundle's in-toto statement, signed with an SSH key
/// made here by ssh-keygen and with an ECDSA P-256 key made here by .NET, verified against an allowed-signers file
/// by ssh-keygen -Y verify and by ECDsa. Each refusal has its own code.
/// </summary>
public sealed class EvidenceSigningTests : IDisposable
{
    private readonly TempDirectory _root = new("rt-signing");

    public EvidenceSigningTests()
    {
        RequireSshKeygen();
        var packages = _root.Combine("artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(_root.Combine("global.json"), "{\"sdk\":{\"version\":\"10.0.100\"}}");
        File.WriteAllText(Path.Combine(packages, "Orders.Producer.1.2.0.nupkg"), "package bytes");
        File.WriteAllBytes(
            Path.Combine(packages, "Orders.Producer.1.2.0.cdx.json"),
            CycloneDxSbom.Generate(
                TestPaths.InRepo("artifacts", "obj", "ReleaseTrain.Core.Tests", "project.assets.json"),
                null,
                new SbomOptions(DateTimeOffset.UnixEpoch, "Orders.Producer", "1.2.0", "0.1.0")
            )
        );
        var created = EvidenceBundle.Create(
            new EvidenceRequest(
                _root.Path,
                packages,
                "1.2.0",
                _root.Combine("artifacts", "evidence"),
                new ToolchainInfo("10.0.100", null, "10.0.401", new Dictionary<string, string>()),
                RuntimeEnvironmentInfo.Current,
                DateTimeOffset.FromUnixTimeSeconds(1700000000),
                "3f2a9c4e8b1d7a6f5e4d3c2b1a0f9e8d7c6b5a49",
                "0.1.0",
                []
            )
        );
        Assert.Empty(created.Diagnostics);
        SshKey = _root.Combine("alice_ed25519");
        var keygen = ProcessRunner.Run("ssh-keygen", $"-q -t ed25519 -N \"\" -C alice -f {SshKey}", _root.Path);
        Assert.True(keygen.ExitCode == 0, keygen.Output);
        SshPublic = File.ReadAllText(SshKey + ".pub").Trim();
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        EcdsaKey = _root.Combine("bob_p256.pem");
        File.WriteAllText(EcdsaKey, ecdsa.ExportPkcs8PrivateKeyPem());
        EcdsaPublic = SigningKeys.EcdsaAllowedSignersKey(ecdsa);
        EcdsaId = SigningKeys.EcdsaKeyId(ecdsa);
    }

    private string Bundle => _root.Combine("artifacts", "evidence", "1.2.0");

    private string SshKey { get; }

    private string SshPublic { get; }

    private string EcdsaKey { get; }

    private string EcdsaPublic { get; }

    private string EcdsaId { get; }

    public void Dispose() => _root.Dispose();

    private static AllowedSigners Signers(string text, string? principal = null) =>
        new(text + "\n", "allowed_signers") { Principal = principal };

    private DsseVerification Verify(AllowedSigners signers, RevocationList? revoked = null) =>
        EvidenceSignatures.Verify(Bundle, signers, DateTimeOffset.UtcNow, revoked);

    private static string Codes(DsseVerification v) => string.Join(" | ", v.Errors.Select(e => e.ToString()));

    [Fact]
    public void Pae_is_the_dsse_specification_encoding()
    {
        // protocol.md of github.com/secure-systems-lab/dsse: the test vector of its reference implementation.
        Assert.Equal(
            "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
            Encoding.UTF8.GetString(DsseEnvelope.Pae("http://example.com/HelloWorld", "hello world"u8.ToArray()))
        );
    }

    [Fact]
    public void An_ssh_signature_verifies_and_its_key_id_is_ssh_keygen_s_fingerprint()
    {
        var signed = EvidenceSignatures.Sign(Bundle, SshKey);
        Assert.Empty(signed.Errors);
        Assert.Equal(Bundle + ".intoto.jsonl", signed.EnvelopePath);
        var printed = ProcessRunner.Run("ssh-keygen", $"-l -f {SshKey}.pub", _root.Path).StdOut.Split(' ')[1];
        Assert.Equal(printed, signed.Signature!.KeyId);

        var verification = Verify(Signers("alice " + SshPublic));

        Assert.True(verification.Verified, Codes(verification));
        var verdict = Assert.Single(verification.Signatures);
        Assert.Equal(("ssh", "alice", printed), (verdict.Kind, verdict.Principal, verdict.KeyId));
        var envelope = DsseEnvelope.Parse(File.ReadAllBytes(signed.EnvelopePath), "e");
        Assert.Equal("application/vnd.in-toto+json", envelope.PayloadType);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Bundle, "evidence.intoto.json")), envelope.Payload);
        // The bundle itself is untouched: the envelope lies beside it.
        Assert.Empty(EvidenceBundle.Verify(Bundle));
    }

    [Fact]
    public void An_ecdsa_p256_signature_verifies_with_its_key_listed_as_an_ssh_ecdsa_key()
    {
        var signed = EvidenceSignatures.Sign(Bundle, EcdsaKey);
        Assert.Empty(signed.Errors);
        Assert.Equal(EcdsaId, signed.Signature!.KeyId);
        // The converted key is a real SSH key: ssh-keygen reads it and prints the fingerprint of its blob.
        File.WriteAllText(_root.Combine("bob.pub"), EcdsaPublic + "\n");
        var printed = ProcessRunner.Run("ssh-keygen", $"-l -f {_root.Combine("bob.pub")}", _root.Path);
        Assert.True(printed.ExitCode == 0, printed.Output);
        Assert.Contains("(ECDSA)", printed.StdOut, StringComparison.Ordinal);
        // DER (ASN.1) signature, as DSSE / in-toto practice has it.
        Assert.Equal(0x30, signed.Signature.Sig[0]);

        var verification = Verify(Signers("bob " + EcdsaPublic));

        Assert.True(verification.Verified, Codes(verification));
        Assert.Equal(("ecdsa", "bob"), (verification.Signatures[0].Kind, verification.Signatures[0].Principal));
    }

    [Fact]
    public void Two_keys_sign_one_envelope_and_both_must_verify()
    {
        Assert.Empty(EvidenceSignatures.Sign(Bundle, SshKey).Errors);
        Assert.Empty(EvidenceSignatures.Sign(Bundle, EcdsaKey).Errors);

        Assert.True(Verify(Signers($"alice {SshPublic}\nbob {EcdsaPublic}")).Verified);
        var one = Verify(Signers("alice " + SshPublic));
        Assert.False(one.Verified);
        Assert.Equal("RT3033", Assert.Single(one.Errors).Code);
    }

    [Fact]
    public void A_statement_changed_after_signing_fails_with_RT3031()
    {
        Assert.Empty(EvidenceSignatures.Sign(Bundle, SshKey).Errors);
        var statement = Path.Combine(Bundle, "evidence.intoto.json");
        File.WriteAllText(statement, File.ReadAllText(statement).Replace("1.2.0", "1.2.1", StringComparison.Ordinal));

        var verification = Verify(Signers("alice " + SshPublic));

        Assert.False(verification.Verified);
        Assert.Equal("RT3031", Assert.Single(verification.Errors).Code);
    }

    [Fact]
    public void A_payload_changed_inside_the_envelope_fails_with_RT3032_for_ssh_and_ecdsa()
    {
        foreach (var (key, line) in new[] { (SshKey, "alice " + SshPublic), (EcdsaKey, "bob " + EcdsaPublic) })
        {
            var signed = EvidenceSignatures.Sign(Bundle, key);
            var envelope = DsseEnvelope.Parse(File.ReadAllBytes(signed.EnvelopePath), "e");
            var forged = envelope.Payload.ToArray();
            forged[^2] ^= 1;
            File.WriteAllBytes(signed.EnvelopePath, (envelope with { Payload = forged }).ToJsonLine());
            var statement = Path.Combine(Bundle, "evidence.intoto.json");
            var original = File.ReadAllBytes(statement);
            File.WriteAllBytes(statement, forged); // the statement matches the forged payload: only the signature fails

            var verification = Verify(Signers(line));

            Assert.Equal("RT3032", Assert.Single(verification.Errors).Code);
            File.WriteAllBytes(statement, original);
            File.Delete(signed.EnvelopePath);
        }
    }

    [Fact]
    public void A_key_past_its_valid_before_fails_with_RT3034()
    {
        EvidenceSignatures.Sign(Bundle, SshKey);
        EvidenceSignatures.Sign(Bundle, EcdsaKey);

        var verification = Verify(
            Signers($"alice valid-before=\"20200101Z\" {SshPublic}\nbob valid-before=\"20200101Z\" {EcdsaPublic}")
        );

        Assert.Equal(["RT3034", "RT3034"], verification.Errors.Select(e => e.Code));
        Assert.Contains("2020-01-01T00:00:00Z", verification.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_not_yet_valid_fails_with_RT3035()
    {
        EvidenceSignatures.Sign(Bundle, SshKey);
        EvidenceSignatures.Sign(Bundle, EcdsaKey);

        var verification = Verify(
            Signers($"alice valid-after=\"20990101Z\" {SshPublic}\nbob valid-after=\"20990101\" {EcdsaPublic}")
        );

        Assert.Equal(["RT3035", "RT3035"], verification.Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_revoked_key_fails_with_RT3036()
    {
        var ssh = EvidenceSignatures.Sign(Bundle, SshKey).Signature!.KeyId;
        EvidenceSignatures.Sign(Bundle, EcdsaKey);
        var list = Encoding.UTF8.GetBytes($"# revoked keys\n{ssh} lost laptop\n{EcdsaId}\n");

        var verification = Verify(
            Signers($"alice {SshPublic}\nbob {EcdsaPublic}"),
            RevocationList.Load(list, Digest(list), "revoked_keys")
        );

        Assert.Equal(["RT3036", "RT3036"], verification.Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_revoked_ecdsa_key_fails_with_RT3036_when_it_signs_through_ssh_keygen_too()
    {
        // The P-256 key revoked under the id evidence sign printed for it; its holder converts the same private key to
        // OpenSSH's format and signs with ssh-keygen, whose signature names the key by its SSH fingerprint instead.
        var converted = _root.Combine("bob_p256_openssh");
        File.Copy(EcdsaKey, converted);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(converted, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var keygen = ProcessRunner.Run("ssh-keygen", $"-q -p -N \"\" -P \"\" -f {converted}", _root.Path);
        Assert.True(keygen.ExitCode == 0, keygen.Output);
        var signed = EvidenceSignatures.Sign(Bundle, converted);
        Assert.Empty(signed.Errors);
        Assert.NotEqual(EcdsaId, signed.Signature!.KeyId);
        var list = Encoding.UTF8.GetBytes($"{EcdsaId} compromised\n");

        var verification = Verify(Signers($"bob {EcdsaPublic}"), RevocationList.Load(list, Digest(list), "revoked"));

        Assert.False(verification.Verified);
        Assert.Equal("RT3036", Assert.Single(verification.Errors).Code);
        // signing.keys names it by that id too: its principal holds, whichever form signed.
        var byKey = EvidenceSignatures.Verify(
            Bundle,
            new AllowedSigners($"mallory {EcdsaPublic}\n", "s")
            {
                KeyPrincipals = new Dictionary<string, string> { [EcdsaId] = "bob" },
            },
            DateTimeOffset.UtcNow,
            null
        );
        Assert.Equal("RT3038", Assert.Single(byKey.Errors).Code);
    }

    [Fact]
    public void A_key_whose_line_is_a_cert_authority_or_leaves_out_the_namespace_fails_with_RT3033_for_ecdsa_too()
    {
        EvidenceSignatures.Sign(Bundle, EcdsaKey);
        EvidenceSignatures.Sign(Bundle, SshKey);

        // The lines say: these keys sign git commits only, or vouch only for certificates; ssh-keygen would refuse.
        var gitOnly = Verify(Signers($"bob namespaces=\"git\" {EcdsaPublic}\nalice namespaces=\"git\" {SshPublic}"));
        var authority = Verify(Signers($"bob cert-authority {EcdsaPublic}\nalice cert-authority {SshPublic}"));
        var negated = Verify(Signers($"bob namespaces=\"*,!release-train-*\" {EcdsaPublic}\nalice {SshPublic}"));
        var allowed = Verify(Signers($"bob namespaces=\"git,release-train-*\" {EcdsaPublic}\nalice {SshPublic}"));

        Assert.Equal(["RT3033", "RT3033"], gitOnly.Errors.Select(e => e.Code));
        Assert.Contains("namespaces", gitOnly.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(["RT3033", "RT3033"], authority.Errors.Select(e => e.Code));
        Assert.Equal(["RT3033"], negated.Errors.Select(e => e.Code));
        Assert.True(allowed.Verified, Codes(allowed));
    }

    [Fact]
    public void A_revocation_list_whose_sha256_differs_from_the_pin_fails_with_RT3037()
    {
        var pinned = Encoding.UTF8.GetBytes("SHA256:aaaa\n");
        var served = Encoding.UTF8.GetBytes("# emptied by whoever could write the file\n");

        var error = Assert.Throws<ReleaseTrainException>(() => RevocationList.Load(served, Digest(pinned), "list"));

        Assert.Equal("RT3037", error.Diagnostic.Code);
    }

    [Fact]
    public void A_key_mapped_to_another_principal_fails_with_RT3038()
    {
        EvidenceSignatures.Sign(Bundle, SshKey);
        EvidenceSignatures.Sign(Bundle, EcdsaKey);

        var verification = Verify(Signers($"mallory {SshPublic}\nmallory {EcdsaPublic}", principal: "alice"));

        Assert.Equal(["RT3038", "RT3038"], verification.Errors.Select(e => e.Code));
        Assert.Contains("mapped to mallory", verification.Errors[0].Message, StringComparison.Ordinal);
        // The same through signing.keys: the configured principal of the key id.
        var byKey = EvidenceSignatures.Verify(
            Bundle,
            new AllowedSigners($"mallory {EcdsaPublic}\nalice {SshPublic}\n", "s")
            {
                KeyPrincipals = new Dictionary<string, string> { [EcdsaId] = "bob" },
            },
            DateTimeOffset.UtcNow,
            null
        );
        Assert.Equal("RT3038", Assert.Single(byKey.Errors).Code);
    }

    [Fact]
    public void An_unknown_key_fails_with_RT3033_and_a_missing_envelope_with_RT3041()
    {
        Assert.Equal("RT3041", Assert.Single(Verify(Signers("alice " + SshPublic)).Errors).Code);
        EvidenceSignatures.Sign(Bundle, EcdsaKey);

        Assert.Equal("RT3033", Assert.Single(Verify(Signers("alice " + SshPublic)).Errors).Code);
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void RequireSshKeygen()
    {
        try
        {
            ProcessRunner.Run("ssh-keygen", "-?", Path.GetTempPath(), null, 30);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TestPaths.RequireInstalled(false, "ssh-keygen (openssh-client)", "apt-get install -y openssh-client");
        }
    }
}
