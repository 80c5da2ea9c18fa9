using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Evidence.Signing;

/// <summary>
/// The two kinds of evidence signing keys and their ids. An SSH key signs through <c>ssh-keygen -Y sign -n
/// release-train-evidence</c> (OpenSSH's SSHSIG, PROTOCOL.sshsig); an ECDSA P-256 key (a PEM private key) signs with
/// .NET's <see cref="ECDsa"/>, SHA-256, the signature in DER (ASN.1), as DSSE and in-toto practice have it. A key's id
/// is its fingerprint, <c>SHA256:</c> and the unpadded base64 of a SHA-256: of the SSH public key blob (what
/// <c>ssh-keygen -l</c> prints), and for an ECDSA key of its DER SubjectPublicKeyInfo. An ECDSA P-256 public key is
/// listed in the allowed-signers file as the SSH key <c>ecdsa-sha2-nistp256</c> (RFC 5656) it is, so one file and one
/// parser serve both kinds (<see cref="EcdsaAllowedSignersKey"/>).
/// </summary>
public static class SigningKeys
{
    /// <summary>The SSHSIG namespace evidence signatures are made in (<c>ssh-keygen -Y sign -n</c>): a key whose
    /// allowed-signers line says <c>namespaces="..."</c> must list it.</summary>
    public const string SshNamespace = "release-train-evidence";

    /// <summary>The SSH key type of an ECDSA P-256 key (RFC 5656).</summary>
    public const string EcdsaP256KeyType = "ecdsa-sha2-nistp256";

    private const string ArmorStart = "-----BEGIN SSH SIGNATURE-----";
    private const string ArmorEnd = "-----END SSH SIGNATURE-----";

    /// <summary>A fingerprint as <c>ssh-keygen -l</c> prints it: <c>SHA256:</c> and unpadded base64.</summary>
    /// <param name="bytes">The key bytes (an SSH public key blob, or a DER SubjectPublicKeyInfo).</param>
    /// <returns>The fingerprint.</returns>
    public static string Fingerprint(ReadOnlySpan<byte> bytes) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=');

    /// <summary>The key id of an ECDSA key: the fingerprint of its DER SubjectPublicKeyInfo.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The key id.</returns>
    public static string EcdsaKeyId(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Fingerprint(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>
    /// Every id one public key goes by: the fingerprint of its SSH blob and, for an ECDSA P-256 key, also its ECDSA key
    /// id (<see cref="EcdsaKeyId"/>). One P-256 private key signs both ways (as a PEM key, and through ssh-keygen once
    /// converted to OpenSSH's format), so the revocation list and <c>signing.keys</c> must catch it under either id.
    /// </summary>
    /// <param name="sshBlob">The SSH public key blob.</param>
    /// <returns>One or two ids, the SSH fingerprint first.</returns>
    public static IReadOnlyList<string> KeyIds(byte[] sshBlob)
    {
        ArgumentNullException.ThrowIfNull(sshBlob);
        var ssh = Fingerprint(sshBlob);
        using var ecdsa = EcdsaFromSshBlob(sshBlob);
        return ecdsa is null ? [ssh] : [ssh, EcdsaKeyId(ecdsa)];
    }

    /// <summary>The SSH public key blob of an ECDSA P-256 key (RFC 5656 section 3.1: string type, string
    /// <c>nistp256</c>, string Q as an uncompressed point).</summary>
    /// <param name="key">A P-256 key.</param>
    /// <returns>The blob.</returns>
    public static byte[] EcdsaSshBlob(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(false);
        using var stream = new MemoryStream();
        WriteString(stream, Encoding.ASCII.GetBytes(EcdsaP256KeyType));
        WriteString(stream, "nistp256"u8);
        WriteString(stream, [0x04, .. parameters.Q.X!, .. parameters.Q.Y!]);
        return stream.ToArray();
    }

    /// <summary>An ECDSA P-256 public key as the key part of an allowed-signers line:
    /// <c>ecdsa-sha2-nistp256 BASE64</c>.</summary>
    /// <param name="key">A P-256 key.</param>
    /// <returns>The text.</returns>
    public static string EcdsaAllowedSignersKey(ECDsa key) =>
        EcdsaP256KeyType + " " + Convert.ToBase64String(EcdsaSshBlob(key));

    /// <summary>
    /// The ECDSA P-256 public key of an SSH <c>ecdsa-sha2-nistp256</c> blob, or null when it is none.
    /// </summary>
    /// <param name="blob">An SSH public key blob.</param>
    /// <returns>The key (dispose it), or null.</returns>
    public static ECDsa? EcdsaFromSshBlob(byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var offset = 0;
        if (
            ReadString(blob, ref offset) is not { } type
            || Encoding.ASCII.GetString(type) != EcdsaP256KeyType
            || ReadString(blob, ref offset) is not { } curve
            || Encoding.ASCII.GetString(curve) != "nistp256"
            || ReadString(blob, ref offset) is not { Length: 65 } point
            || point[0] != 0x04
            || offset != blob.Length
        )
        {
            return null;
        }

        try
        {
            return ECDsa.Create(
                new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = point[1..33], Y = point[33..] },
                }
            );
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The SSH public key blob inside an SSH signature blob (PROTOCOL.sshsig: "SSHSIG", uint32 version,
    /// string publickey, string namespace, ...), or null when the bytes are no SSH signature.</summary>
    /// <param name="signature">The signature blob.</param>
    /// <returns>The public key blob, or null.</returns>
    public static byte[]? SshSignaturePublicKey(byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Length < 10 || !signature.AsSpan(0, 6).SequenceEqual("SSHSIG"u8))
        {
            return null;
        }

        var offset = 10;
        return ReadString(signature, ref offset);
    }

    /// <summary>The SSH key type named by a public key blob (its first string), or null.</summary>
    /// <param name="blob">The blob.</param>
    /// <returns>The type, e.g. <c>ssh-ed25519</c>.</returns>
    public static string? SshKeyType(byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var offset = 0;
        return ReadString(blob, ref offset) is { } type ? Encoding.ASCII.GetString(type) : null;
    }

    /// <summary>
    /// ssh-keygen's armour of an SSH signature blob (70-column base64 between the BEGIN and END lines).
    /// </summary>
    /// <param name="signature">The blob.</param>
    /// <returns>The armoured text.</returns>
    public static string Armor(byte[] signature)
    {
        var base64 = Convert.ToBase64String(signature);
        var builder = new StringBuilder(ArmorStart).Append('\n');
        for (var i = 0; i < base64.Length; i += 70)
        {
            builder.Append(base64.AsSpan(i, Math.Min(70, base64.Length - i))).Append('\n');
        }

        return builder.Append(ArmorEnd).Append('\n').ToString();
    }

    /// <summary>
    /// Signs DSSE PAE bytes with a key file: an OpenSSH private key (<c>-----BEGIN OPENSSH PRIVATE KEY-----</c>, any
    /// type ssh-keygen signs with; ssh-keygen runs with the file, so a passphrase-protected key needs ssh-agent) or an
    /// ECDSA P-256 private key in PEM (<c>-----BEGIN PRIVATE KEY-----</c> PKCS#8 or <c>-----BEGIN EC PRIVATE
    /// KEY-----</c> SEC 1).
    /// </summary>
    /// <param name="keyFile">The private key file.</param>
    /// <param name="pae">The bytes to sign.</param>
    /// <returns>The DSSE signature (key id and signature bytes).</returns>
    /// <exception cref="ReleaseTrainException">RT3039 when the key cannot be read or used, RT3040 when ssh-keygen
    /// cannot run.</exception>
    public static DsseSignature Sign(string keyFile, byte[] pae)
    {
        ArgumentNullException.ThrowIfNull(keyFile);
        string text;
        try
        {
            text = Encoding.UTF8.GetString(RepositoryFiles.ReadFile(keyFile));
        }
        catch (ReleaseTrainException ex)
        {
            throw KeyError(keyFile, ex.Diagnostic.Message.TrimEnd('.'));
        }

        if (text.Contains("-----BEGIN OPENSSH PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return SignSsh(keyFile, pae);
        }

        if (
            text.Contains("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal)
            || text.Contains("-----BEGIN EC PRIVATE KEY-----", StringComparison.Ordinal)
        )
        {
            using var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(text);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                throw KeyError(keyFile, "it is not an ECDSA private key in PEM: " + ex.Message.TrimEnd('.'));
            }

            if (key.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw KeyError(keyFile, "it is an ECDSA key on another curve than P-256");
            }

            var sig = key.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            return new DsseSignature(EcdsaKeyId(key), sig);
        }

        throw KeyError(
            keyFile,
            "it is neither an OpenSSH private key nor an ECDSA P-256 private key in PEM (give the private key file)"
        );
    }

    /// <summary>Runs <c>ssh-keygen</c> through the one process runner; null when it cannot be started.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <param name="input">Standard input.</param>
    /// <returns>The result, or null.</returns>
    internal static GitResult? SshKeygen(IReadOnlyList<string> arguments, byte[] input) =>
        ProcessCommand.Run(
            "ssh-keygen",
            Path.GetTempPath(),
            arguments,
            TimeSpan.FromSeconds(60),
            input,
            [new("SSH_ASKPASS", null), new("DISPLAY", null)]
        );

    /// <summary>ssh-keygen's <c>-O verify-time=</c> form of an instant: UTC, <c>YYYYMMDDHHMMSSZ</c>.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The text.</returns>
    internal static string SshTime(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";

    private static DsseSignature SignSsh(string keyFile, byte[] pae)
    {
        var result = SshKeygen(["-Y", "sign", "-q", "-f", Path.GetFullPath(keyFile), "-n", SshNamespace], pae);
        if (result is null)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.SignatureUnchecked.Error(
                    keyFile,
                    0,
                    0,
                    "ssh-keygen cannot be started (install OpenSSH)"
                )
            );
        }

        if (result.ExitCode != 0)
        {
            throw KeyError(keyFile, "ssh-keygen -Y sign failed: " + FirstLine(result.Error));
        }

        var body = string.Concat(
            result
                .Output.Split('\n')
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))
        );
        var blob = Convert.FromBase64String(body);
        var publicKey = SshSignaturePublicKey(blob) ?? throw KeyError(keyFile, "ssh-keygen wrote no SSH signature");
        return new DsseSignature(Fingerprint(publicKey), blob);
    }

    private static string FirstLine(string text) =>
        text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no message";

    private static ReleaseTrainException KeyError(string keyFile, string why) =>
        new(DiagnosticCodes.SigningKeyUnusable.Error(keyFile, 0, 0, keyFile, why));

    private static void WriteString(Stream stream, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        stream.Write(length);
        stream.Write(value);
    }

    private static byte[]? ReadString(byte[] bytes, ref int offset)
    {
        if (offset + 4 > bytes.Length)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset, 4));
        if (length > (uint)(bytes.Length - offset - 4))
        {
            return null;
        }

        var value = bytes.AsSpan(offset + 4, (int)length).ToArray();
        offset += 4 + (int)length;
        return value;
    }
}
