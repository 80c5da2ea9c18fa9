using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Evidence.Signing;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Cli;

/// <summary>
/// <c>release-train evidence sign</c>, the <c>--signatures</c> part of <c>evidence verify</c>, and
/// <c>release-train signing rotate|public-key</c>: thin adapters over Core's Evidence/Signing (docs/evidence.md,
/// "Signing evidence").
/// </summary>
internal static class SigningCommands
{
    /// <summary><c>evidence sign --version V --key FILE [--principal P]</c>.</summary>
    public static Command Sign(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = PolicyCommands.ConfigOptions();
        var version = new Option<string>("--version")
        {
            Description = "The release version: signs artifacts/evidence/<version>/evidence.intoto.json.",
            Required = true,
        };
        var key = new Option<string?>("--key")
        {
            Description =
                "The private key: an OpenSSH key (signed with ssh-keygen -Y sign -n release-train-evidence) or an "
                + "ECDSA P-256 key in PEM (default: git config user.signingKey).",
        };
        var principal = new Option<string?>("--principal")
        {
            Description =
                "Check before keeping the signature that it verifies for this principal (the allowed signers, "
                + "validity and revocation list as evidence verify --signatures reads them, at the clock).",
        };
        var command = new Command(
            "sign",
            "Sign a release's evidence bundle: a DSSE envelope over its in-toto statement, written beside the bundle "
                + "as "
                + "artifacts/evidence/<version>.intoto.jsonl (another key's signature is added to it). Exit 0 signed, "
                + "1 the bundle or the signature does not verify, 2 invalid input.\n\nExamples:\n"
                + "  release-train evidence sign --version 1.2.0 --key ~/.ssh/id_ed25519\n"
                + "  release-train evidence sign --version 1.2.0 --key release-p256.pem --principal alice"
        )
        {
            config,
            root,
            version,
            key,
            principal,
        };
        command.SetAction(p =>
        {
            var loaded = PolicyCommands.Load(p.GetValue(config), p.GetValue(root), workingDirectory);
            var keyFile = p.GetValue(key) ?? GitSigningKey(loaded.RootDirectory);
            var bundle = EvidenceBundle.BundlePath(loaded.RootDirectory, p.GetValue(version)!);
            var envelopePath = EvidenceSignatures.EnvelopePath(bundle);
            var before = File.Exists(envelopePath) ? File.ReadAllBytes(envelopePath) : null;
            var signed = EvidenceSignatures.Sign(bundle, Path.GetFullPath(keyFile, workingDirectory));
            if (signed.Errors.Count > 0)
            {
                Print(stdout, signed.Errors);
                return 1;
            }

            if (p.GetValue(principal) is { } who)
            {
                var exit = Verify(stdout, loaded, bundle, who, null);
                if (exit != 0)
                {
                    // The signature would not verify for the principal: it is not kept.
                    if (before is null)
                    {
                        File.Delete(envelopePath);
                    }
                    else
                    {
                        AtomicFile.WriteAllBytes(envelopePath, before);
                    }

                    stdout.WriteLine($"not signed: the signature does not verify for {who}; {envelopePath} unchanged");
                    return exit;
                }
            }

            stdout.WriteLine($"signed {bundle} with key {signed.Signature!.KeyId}: {envelopePath}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Verifies a bundle's signatures and prints one line per signature (key id, kind, signer, validity), where the
    /// allowed signers were read, and for <paramref name="at"/> that this is a dry run.
    /// </summary>
    /// <returns>0 verified, 1 a signature does not verify, 2 the inputs cannot be read.</returns>
    public static int Verify(
        TextWriter stdout,
        ReleaseTrain.Core.Config.ReleaseTrainConfig config,
        string bundle,
        string? principal,
        string? at
    )
    {
        var trust = SigningTrust.Read(config, principal, out var errors);
        if (trust is null)
        {
            Print(stdout, errors);
            return 2;
        }

        var instant = PolicyCommands.Instant(at).ToDateTimeOffset();
        stdout.WriteLine($"note: allowed signers {trust.Signers.Source} read from {trust.Origin}");
        if (trust.Revocations is { } list)
        {
            stdout.WriteLine(
                $"note: revocation list {list.Source} matches its pin ({list.Revoked.Count} revoked keys)"
            );
        }

        if (at is not null)
        {
            stdout.WriteLine(
                $"note: dry run at {PolicyTime.Utc(PolicyCommands.Instant(at))} (--at): a gate that records always "
                    + "verifies at the clock"
            );
        }

        var verification = EvidenceSignatures.Verify(bundle, trust.Signers, instant, trust.Revocations);
        foreach (var verdict in verification.Signatures)
        {
            var after = verdict.ValidAfter is { } a ? "after " + Utc(a) : "from any time";
            var until = verdict.ValidBefore is { } b ? "until " + Utc(b) : "with no end";
            var window = $"valid {after} {until}";
            stdout.WriteLine(
                $"{(verdict.Verified ? "verified" : "FAILED")} signature: key {verdict.KeyId} ({verdict.Kind}), signer "
                    + $"{verdict.Principal ?? "unknown"}, {window}"
            );
        }

        Print(stdout, verification.Errors);
        stdout.WriteLine(
            verification.Verified ? $"signatures of {bundle} verify" : $"signatures of {bundle} do not verify"
        );
        return verification.Verified ? 0
            : verification.Errors.Any(e => e.Code is "RT3037" or "RT3040") ? 2
            : 1;
    }

    /// <summary><c>signing rotate</c> and <c>signing public-key</c>.</summary>
    public static Command Signing(TextWriter stdout, string workingDirectory)
    {
        var command = new Command(
            "signing",
            "Evidence signing keys: record a rotation in the ledger, print a key's allowed-signers form.\n\nExamples:\n"
                + "  release-train signing rotate --key SHA256:old... --new SHA256:new... --by alice\n"
                + "  release-train signing public-key --key release-p256.pem"
        );
        command.Subcommands.Add(Rotate(stdout, workingDirectory));
        command.Subcommands.Add(PublicKey(stdout, workingDirectory));
        command.Subcommands.Add(Certificate(stdout, workingDirectory));
        return command;
    }

    private static Command Rotate(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = PolicyCommands.ConfigOptions();
        var oldKey = new Option<string>("--key") { Description = "The key id rotated away from.", Required = true };
        var newKey = new Option<string>("--new") { Description = "The key id that replaces it.", Required = true };
        var by = new Option<string>("--by")
        {
            Description = "Your GitHub login (the record's principal).",
            Required = true,
        };
        var signingKey = new Option<string?>("--signing-key")
        {
            Description =
                "Sign the ledger commit with this SSH key file (default: git config user.signingKey); the record "
                + "counts "
                + "only when the allowed-signers file maps that key to --by.",
        };
        var command = new Command(
            "rotate",
            "Append a signing key rotation record to the ledger branch (rotations.jsonl), in a signed commit. Exit 0 "
                + "recorded, 2 invalid input.\n\nExamples:\n"
                + "  release-train signing rotate --key SHA256:old... --new SHA256:new... --by alice --signing-key "
                + "~/.ssh/id_ed25519"
        )
        {
            config,
            root,
            oldKey,
            newKey,
            by,
            signingKey,
        };
        command.SetAction(p =>
        {
            var loaded = PolicyCommands.Load(p.GetValue(config), p.GetValue(root), workingDirectory);
            var at = PolicyCommands.Instant(null, ("signing rotate", "a rotation record is made at the clock's time"));
            var appended = KeyRotations.Record(
                loaded,
                p.GetValue(oldKey)!,
                p.GetValue(newKey)!,
                p.GetValue(by)!,
                at,
                p.GetValue(signingKey) is { } k ? LedgerSigning.SshKey(Path.GetFullPath(k, workingDirectory)) : null
            );
            stdout.WriteLine(
                $"recorded rotation {p.GetValue(oldKey)} -> {p.GetValue(newKey)} by {appended.Record["principal"]} at "
                    + $"{appended.Record["at"]} (ledger commit {appended.Commit})"
            );
            return 0;
        });
        return command;
    }

    private static Command PublicKey(TextWriter stdout, string workingDirectory)
    {
        var key = new Option<string>("--key")
        {
            Description = "An ECDSA P-256 key in PEM (private or public).",
            Required = true,
        };
        var command = new Command(
            "public-key",
            "Print an ECDSA P-256 PEM key as an allowed-signers key (ecdsa-sha2-nistp256 ...) and its key id.\n\n"
                + "Examples:\n  release-train signing public-key --key release-p256.pem"
        )
        {
            key,
        };
        command.SetAction(p =>
        {
            var path = Path.GetFullPath(p.GetValue(key)!, workingDirectory);
            using var ecdsa = ECDsa.Create();
            try
            {
                ecdsa.ImportFromPem(Encoding.UTF8.GetString(RepositoryFiles.ReadFile(path)));
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.SigningKeyUnusable.Error(path, 0, 0, path, "not an ECDSA key in PEM: " + ex.Message)
                );
            }

            stdout.WriteLine(SigningKeys.EcdsaAllowedSignersKey(ecdsa));
            stdout.WriteLine("key id: " + SigningKeys.EcdsaKeyId(ecdsa));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>signing certificate</c>: signs a promotion certificate's <c>signed_payload</c> (docs/validators.md,
    /// "Promotion gate"); the envelope goes beside it as <c>X.dsse.json</c>.
    /// </summary>
    private static Command Certificate(TextWriter stdout, string workingDirectory)
    {
        var certificate = new Option<string>("--certificate")
        {
            Description = "The execution certificate (JSON with signed_payload) to sign.",
            Required = true,
        };
        var key = new Option<string?>("--key")
        {
            Description = "The private key: an OpenSSH key or an ECDSA P-256 PEM key (default: git's user.signingKey).",
        };
        var command = new Command(
            "certificate",
            "Sign a promotion certificate's signed_payload with a DSSE envelope written beside it (X.dsse.json).\n\n"
                + "Examples:\n  release-train signing certificate --certificate release/certificate.json "
                + "--key ~/.ssh/id_ed25519"
        )
        {
            certificate,
            key,
        };
        command.SetAction(p =>
        {
            var path = Path.GetFullPath(p.GetValue(certificate)!, workingDirectory);
            var keyFile = p.GetValue(key) is { } given
                ? Path.GetFullPath(given, workingDirectory)
                : GitSigningKey(workingDirectory);
            var (envelope, signature) = ReleaseTrain.Core.Validators.PromotionGate.SignCertificate(path, keyFile);
            stdout.WriteLine($"signed {path} with {signature.KeyId}: {envelope}");
            return 0;
        });
        return command;
    }

    private static string GitSigningKey(string root) =>
        GitCommand.Run(root, ["config", "--get", "user.signingKey"]) is { ExitCode: 0 } result
        && result.Text.Trim() is { Length: > 0 } configured
            ? configured
            : throw new ReleaseTrainException(
                DiagnosticCodes.SigningKeyUnusable.Error(
                    null,
                    0,
                    0,
                    "(no key)",
                    "give --key FILE (an OpenSSH or ECDSA P-256 PEM private key), or set git config user.signingKey"
                )
            );

    private static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Print(TextWriter stdout, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            stdout.WriteLine(diagnostic.ToCanonicalString());
        }
    }
}
