using System.Security.Cryptography;
using System.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Evidence.Signing;

/// <summary>
/// The allowed-signers file signatures are verified against (the format of git's <c>gpg.ssh.allowedSignersFile</c>,
/// ssh-keygen(1) "ALLOWED SIGNERS", the same file as the ledger's: docs/signoff.md), and who must have signed.
/// </summary>
/// <param name="Text">The file's text, as read from where <paramref name="Source"/> says.</param>
/// <param name="Source">How diagnostics name it, e.g.
/// <c>.github/release-train/allowed_signers at 4b82c1d0e9f1</c>.</param>
public sealed record AllowedSigners(string Text, string Source)
{
    /// <summary>
    /// The principal every signature must be made by (a GitHub login, compared ignoring case), or null.
    /// </summary>
    public string? Principal { get; init; }

    /// <summary>The principal expected for a key id (<c>signing.keys[].id</c> to <c>principal</c>); a signature by a
    /// listed key must be by a line mapping the key to that principal.</summary>
    public IReadOnlyDictionary<string, string> KeyPrincipals { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>
/// A revocation list: one key fingerprint (<c>SHA256:…</c>) a line, <c>#</c> comments and blank lines ignored; a line
/// may carry a comment after the fingerprint. Only a list whose sha256 equals the configuration's pin
/// (<c>signing.revocationList.sha256</c>) is taken (<see cref="Load"/>).
/// </summary>
/// <param name="Revoked">The revoked fingerprints.</param>
/// <param name="Source">How diagnostics name the list (its path and where it was read).</param>
public sealed record RevocationList(IReadOnlySet<string> Revoked, string Source)
{
    /// <summary>Reads a revocation list after checking its bytes against the pinned digest.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="pinnedSha256">The pin: <c>sha256:</c> and 64 hex characters (case ignored).</param>
    /// <param name="source">How diagnostics name the list.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ReleaseTrainException">RT3037 when the bytes' sha256 is not the pin.</exception>
    public static RevocationList Load(byte[] bytes, string pinnedSha256, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(pinnedSha256);
        var actual = Digest.Sha256(bytes);
        if (!string.Equals(actual, pinnedSha256.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.RevocationListPinMismatch.Error(source, 0, 0, source, actual, pinnedSha256)
            );
        }

        var revoked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length > 0 && line[0] != '#')
            {
                revoked.Add(line.Split([' ', '\t'], 2)[0]);
            }
        }

        return new RevocationList(revoked, source);
    }
}

/// <summary>What was found of one signature of an envelope.</summary>
/// <param name="KeyId">The key's id: its fingerprint computed from the key itself when the key is known, otherwise the
/// envelope's <c>keyid</c>.</param>
/// <param name="Kind"><c>ssh</c> (an SSHSIG made by ssh-keygen) or <c>ecdsa</c> (a DER ECDSA P-256 signature).</param>
/// <param name="Principal">The principal the allowed-signers file maps the key to (the expected one when given), or
/// null when none.</param>
/// <param name="ValidAfter">The <c>valid-after</c> of the key's line, or null.</param>
/// <param name="ValidBefore">The <c>valid-before</c> of the key's line, or null.</param>
/// <param name="Error">Why it does not count, or null when it verifies.</param>
public sealed record SignatureVerdict(
    string KeyId,
    string Kind,
    string? Principal,
    DateTimeOffset? ValidAfter,
    DateTimeOffset? ValidBefore,
    Diagnostic? Error
)
{
    /// <summary>True when the signature verifies for its principal at the instant.</summary>
    public bool Verified => Error is null;
}

/// <summary>The outcome of verifying an envelope.</summary>
/// <param name="Envelope">The envelope read, or null when it could not be read.</param>
/// <param name="Signatures">One verdict per signature, in the envelope's order.</param>
/// <param name="Errors">Every reason it does not verify (the failed verdicts' errors, or why the envelope cannot be
/// read); empty when it verifies.</param>
public sealed record DsseVerification(
    DsseEnvelope? Envelope,
    IReadOnlyList<SignatureVerdict> Signatures,
    IReadOnlyList<Diagnostic> Errors
)
{
    /// <summary>True when the envelope was read, has a signature, and every signature verifies.</summary>
    public bool Verified => Envelope is not null && Signatures.Count > 0 && Errors.Count == 0;
}

/// <summary>
/// Verifies the signatures of a DSSE envelope against an allowed-signers file at an instant (docs/evidence.md,
/// "Signing evidence"; UML_OS deployment runbook section II.I: key ids, validity windows, revocation). For each
/// signature, fail closed, in this order: the key must be on a line of the file (RT3033); it must not be revoked
/// (RT3036); a line must map it to the expected principal (RT3038 when only others); one such line must be valid at
/// the instant, by the one reading of <c>valid-after</c> / <c>valid-before</c>, CommitSignatures' (RT3034 expired,
/// RT3035 not yet valid); and the signature must verify over the envelope's PAE (RT3032): an SSH signature by
/// <c>ssh-keygen -Y verify</c> with the file narrowed to that principal at that instant (<c>-O verify-time</c>), an
/// ECDSA P-256 one by .NET's ECDsa (SHA-256, DER) with the key the line holds. Every signature must verify.
/// </summary>
public static class DsseVerifier
{
    /// <summary>Verifies an envelope.</summary>
    /// <param name="envelopeBytes">The envelope file's bytes.</param>
    /// <param name="allowedSigners">The allowed-signers file and the expected principals.</param>
    /// <param name="instant">The verification instant (the clock for any check that records anything).</param>
    /// <param name="revocations">The pinned revocation list, or null when none is configured.</param>
    /// <returns>The verdicts; RT3030 when the envelope cannot be read, RT3040 when ssh-keygen cannot run.</returns>
    public static DsseVerification Verify(
        byte[] envelopeBytes,
        AllowedSigners allowedSigners,
        DateTimeOffset instant,
        RevocationList? revocations
    ) => Verify(envelopeBytes, "DSSE envelope", allowedSigners, instant, revocations);

    /// <summary>Verifies an envelope read from a named file.</summary>
    /// <param name="envelopeBytes">The envelope file's bytes.</param>
    /// <param name="envelopeName">The envelope's path, for diagnostics.</param>
    /// <param name="allowedSigners">The allowed-signers file and the expected principals.</param>
    /// <param name="instant">The verification instant.</param>
    /// <param name="revocations">The pinned revocation list, or null.</param>
    /// <returns>The verdicts.</returns>
    public static DsseVerification Verify(
        byte[] envelopeBytes,
        string envelopeName,
        AllowedSigners allowedSigners,
        DateTimeOffset instant,
        RevocationList? revocations
    )
    {
        ArgumentNullException.ThrowIfNull(envelopeBytes);
        ArgumentNullException.ThrowIfNull(allowedSigners);
        DsseEnvelope envelope;
        try
        {
            envelope = DsseEnvelope.Parse(envelopeBytes, envelopeName);
        }
        catch (ReleaseTrainException ex)
        {
            return new DsseVerification(null, [], [ex.Diagnostic]);
        }

        var pae = envelope.Pae();
        var lines = CommitSignatures.Lines(allowedSigners.Text);
        var verdicts = envelope
            .Signatures.Select(s => One(s, pae, lines, allowedSigners, instant, revocations, envelopeName))
            .ToList();
        return new DsseVerification(
            envelope,
            verdicts,
            [.. verdicts.Where(v => v.Error is not null).Select(v => v.Error!)]
        );
    }

    private static SignatureVerdict One(
        DsseSignature signature,
        byte[] pae,
        IReadOnlyList<AllowedSignerLine> lines,
        AllowedSigners allowed,
        DateTimeOffset instant,
        RevocationList? revocations,
        string envelopeName
    )
    {
        var sshKey = SigningKeys.SshSignaturePublicKey(signature.Sig);
        var kind = sshKey is null ? "ecdsa" : "ssh";
        // The key's lines: for SSH, the lines holding the very key the signature names; for ECDSA (whose signature
        // names no key), the ecdsa-sha2-nistp256 lines whose key id is the envelope's keyid.
        var holding = lines.Where(l => Blob(l) is { } blob && Matches(blob, sshKey, signature.KeyId)).ToList();
        // ssh-keygen's rules for either kind: a cert-authority line, or one whose namespaces leave out evidence's,
        // does not let its key sign evidence (ssh-keygen refuses such an SSH signature; the ECDSA check must too).
        var keyLines = holding.Where(l => l.AllowsNamespace(SigningKeys.SshNamespace)).ToList();
        var keyId = sshKey is not null ? SigningKeys.Fingerprint(sshKey) : signature.KeyId;
        SignatureVerdict Fail(Diagnostic error, string? principal = null, AllowedSignerLine? line = null) =>
            new(keyId, kind, principal, line?.ValidAfter, line?.ValidBefore, error);
        var source = allowed.Source;
        if (keyLines.Count == 0)
        {
            return Fail(
                DiagnosticCodes.SignerKeyUnknown.Error(
                    source,
                    0,
                    0,
                    keyId,
                    source,
                    holding.Count == 0
                        ? "no line holds this key: add it, on the default branch, as 'principal keytype base64'"
                        : $"its line {holding[0].Line} is a cert-authority line or its namespaces=\"...\" leaves out "
                            + $"'{SigningKeys.SshNamespace}': add that namespace to the line, on the default branch"
                )
            );
        }

        var aliases = Aliases(keyLines[0], keyId);
        if (revocations is not null && aliases.FirstOrDefault(revocations.Revoked.Contains) is { } revoked)
        {
            return Fail(DiagnosticCodes.SignerKeyRevoked.Error(revocations.Source, 0, 0, revoked, revocations.Source));
        }

        var expected = allowed.Principal
            ?? aliases.Select(a => allowed.KeyPrincipals.GetValueOrDefault(a)).FirstOrDefault(p => p is not null);
        var mine = expected is null ? keyLines : keyLines.Where(l => l.Principals.Any(p => Same(p, expected))).ToList();
        if (mine.Count == 0)
        {
            var others = string.Join(
                ", ",
                keyLines.SelectMany(l => l.Principals).Distinct(StringComparer.OrdinalIgnoreCase)
            );
            return Fail(
                DiagnosticCodes.SignerPrincipalMismatch.Error(
                    source,
                    keyLines[0].Line,
                    1,
                    keyId,
                    others,
                    source,
                    expected!
                ),
                others
            );
        }

        var valid = mine.FirstOrDefault(l => l.ValidAt(instant));
        if (valid is null)
        {
            var line = mine[0];
            var principal = expected ?? line.Principals[0];
            var when = PolicyTimeText(instant);
            return Fail(
                line.ValidAfter is { } after && instant < after
                    ? DiagnosticCodes.SignerKeyNotYetValid.Error(
                        source,
                        line.Line,
                        1,
                        keyId,
                        principal,
                        source,
                        PolicyTimeText(after),
                        when
                    )
                    : DiagnosticCodes.SignerKeyExpired.Error(
                        source,
                        line.Line,
                        1,
                        keyId,
                        principal,
                        source,
                        line.ValidBefore is { } before ? "before " + PolicyTimeText(before) : "at no readable time",
                        when
                    ),
                principal,
                line
            );
        }

        var signer = expected ?? valid.Principals[0];
        var bad = sshKey is not null
            ? VerifySsh(signature.Sig, pae, allowed.Text, signer, instant, envelopeName)
            : VerifyEcdsa(signature.Sig, pae, Blob(valid)!, envelopeName, keyId);
        return new SignatureVerdict(keyId, kind, signer, valid.ValidAfter, valid.ValidBefore, bad);
    }

    /// <summary>Every id a key may be named by, whichever way it signed (<see cref="SigningKeys.KeyIds"/>).</summary>
    private static IReadOnlyList<string> Aliases(AllowedSignerLine line, string keyId) =>
        [.. SigningKeys.KeyIds(Blob(line)!).Prepend(keyId).Distinct(StringComparer.Ordinal)];

    private static bool Matches(byte[] lineBlob, byte[]? sshKey, string keyId)
    {
        if (sshKey is not null)
        {
            return lineBlob.AsSpan().SequenceEqual(sshKey);
        }

        using var key = SigningKeys.EcdsaFromSshBlob(lineBlob);
        return key is not null && SigningKeys.EcdsaKeyId(key) == keyId;
    }

    private static byte[]? Blob(AllowedSignerLine line)
    {
        try
        {
            return Convert.FromBase64String(line.KeyBase64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Diagnostic? VerifySsh(
        byte[] sig,
        byte[] pae,
        string allowedSigners,
        string principal,
        DateTimeOffset instant,
        string envelopeName
    )
    {
        var folder = Path.Combine(Path.GetTempPath(), "release-train-dsse-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var signers = Path.Combine(folder, "allowed_signers");
            var sigFile = Path.Combine(folder, "signature.sig");
            File.WriteAllText(
                signers,
                CommitSignatures.Narrow(allowedSigners, principal, instant),
                new UTF8Encoding(false)
            );
            File.WriteAllText(sigFile, SigningKeys.Armor(sig), new UTF8Encoding(false));
            var result = SigningKeys.SshKeygen(
                [
                    "-Y",
                    "verify",
                    "-f",
                    signers,
                    "-I",
                    principal,
                    "-n",
                    SigningKeys.SshNamespace,
                    "-s",
                    sigFile,
                    "-O",
                    "verify-time=" + SigningKeys.SshTime(instant),
                ],
                pae
            );
            if (result is null)
            {
                return DiagnosticCodes.SignatureUnchecked.Error(envelopeName, 0, 0, "ssh-keygen cannot be started");
            }

            return result.ExitCode == 0
                ? null
                : DiagnosticCodes.SignatureInvalid.Error(
                    envelopeName,
                    0,
                    0,
                    SigningKeys.Fingerprint(SigningKeys.SshSignaturePublicKey(sig)!),
                    "ssh-keygen -Y verify: "
                        + (result.Error.Split('\n').LastOrDefault(l => l.Trim().Length > 0) ?? "failed")
                );
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Diagnostic? VerifyEcdsa(byte[] sig, byte[] pae, byte[] blob, string envelopeName, string keyId)
    {
        using var key = SigningKeys.EcdsaFromSshBlob(blob);
        bool ok;
        try
        {
            ok =
                key is not null
                && key.VerifyData(pae, sig, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            ok = false;
        }

        return ok
            ? null
            : DiagnosticCodes.SignatureInvalid.Error(
                envelopeName,
                0,
                0,
                keyId,
                "the ECDSA P-256 signature (SHA-256, DER) does not verify with the key of the allowed-signers line"
            );
    }

    private static bool Same(string a, string b) =>
        string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string PolicyTimeText(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
