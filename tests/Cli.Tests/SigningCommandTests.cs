using System.Security.Cryptography;
using ReleaseTrain.Cli;

namespace ReleaseTrain.Tests;

/// <summary>
/// `release-train evidence sign`, `evidence verify --signatures` and `signing public-key` end to end, in process,
/// with a real bundle, an SSH key made by ssh-keygen and an ECDSA P-256 key made by .NET.
/// </summary>
public sealed class SigningCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("rt-cli-signing");

    public void Dispose() => _dir.Dispose();

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApplication.Run(args, stdout, stderr, _dir.Path);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Bundle()
    {
        var packages = _dir.Combine("artifacts", "packages");
        Directory.CreateDirectory(packages);
        File.WriteAllText(Path.Combine(packages, "Sample.2.0.0.nupkg"), "nupkg bytes");
        File.WriteAllText(_dir.Combine("Sample.csproj"), "<Project />");
        var sbom = Run(
            "sbom",
            "--project",
            "Sample.csproj",
            "--assets",
            TestPaths.InRepo("artifacts", "obj", "ReleaseTrain.Cli", "project.assets.json"),
            "--output",
            Path.Combine(packages, "Sample.2.0.0.cdx.json")
        );
        Assert.True(sbom.Exit == 0, sbom.Out + sbom.Err);
        File.WriteAllText(_dir.Combine("release-train.json"), "{}");
        var created = Run("evidence", "--version", "2.0.0");
        Assert.True(created.Exit == 0, created.Out + created.Err);
        return _dir.Combine("artifacts", "evidence", "2.0.0");
    }

    [Fact]
    public void Sign_then_verify_signatures_prints_each_signature_and_where_the_signers_came_from()
    {
        RequireSshKeygen();
        var bundle = Bundle();
        var key = _dir.Combine("alice");
        var keygen = ProcessRunner.Run("ssh-keygen", $"-q -t ed25519 -N \"\" -C alice -f {key}", _dir.Path);
        Assert.True(keygen.ExitCode == 0, keygen.Output);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(_dir.Combine("bob.pem"), ecdsa.ExportPkcs8PrivateKeyPem());
        var bobLine = Run("signing", "public-key", "--key", "bob.pem");
        Assert.Equal(0, bobLine.Exit);
        Directory.CreateDirectory(_dir.Combine(".github", "release-train"));
        File.WriteAllText(
            _dir.Combine(".github", "release-train", "allowed_signers"),
            $"alice {File.ReadAllText(key + ".pub").Trim()}\nbob valid-before=\"20991231Z\" "
                + bobLine.Out.Split('\n')[0].Trim()
                + "\n"
        );

        var signed = Run("evidence", "sign", "--version", "2.0.0", "--key", key, "--principal", "alice");
        Assert.True(signed.Exit == 0, signed.Out + signed.Err);
        Assert.True(File.Exists(bundle + ".intoto.jsonl"));
        // bob's key signed for alice would not verify: not kept.
        var refused = Run("evidence", "sign", "--version", "2.0.0", "--key", "bob.pem", "--principal", "alice");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("RT3038", refused.Out, StringComparison.Ordinal);
        Assert.Equal(0, Run("evidence", "sign", "--version", "2.0.0", "--key", "bob.pem").Exit);

        var verified = Run("evidence", "verify", bundle, "--signatures");

        Assert.True(verified.Exit == 0, verified.Out + verified.Err);
        Assert.Contains("read from the working tree (no ledger configured", verified.Out, StringComparison.Ordinal);
        Assert.Contains("(ssh), signer alice, valid from any time with no end", verified.Out, StringComparison.Ordinal);
        Assert.Contains(
            "(ecdsa), signer bob, valid from any time until 2099-12-31T00:00:00Z",
            verified.Out,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("dry run", verified.Out, StringComparison.Ordinal);

        var dry = Run("evidence", "verify", bundle, "--signatures", "--at", "2100-01-01T00:00:00Z");
        Assert.Equal(1, dry.Exit);
        Assert.Contains("note: dry run at 2100-01-01T00:00:00Z (--at)", dry.Out, StringComparison.Ordinal);
        Assert.Contains("RT3034", dry.Out, StringComparison.Ordinal);
    }

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
