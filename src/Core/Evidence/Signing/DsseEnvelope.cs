using System.Globalization;
using System.Text;
using System.Text.Json;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Evidence.Signing;

/// <summary>One signature of a DSSE envelope.</summary>
/// <param name="KeyId">The key's id as the signer wrote it: its fingerprint, <c>SHA256:</c> and the unpadded base64 of
/// a SHA-256 (an SSH key: of its public key blob, as <c>ssh-keygen -l</c> prints; an ECDSA P-256 key: of its DER
/// SubjectPublicKeyInfo). A hint only: the key that verifies is the one the allowed-signers file holds.</param>
/// <param name="Sig">The signature bytes (the envelope holds them in base64): an SSH signature blob (OpenSSH
/// PROTOCOL.sshsig, the body of ssh-keygen's armour) or an ECDSA P-256 signature in DER (ASN.1) form.</param>
public sealed record DsseSignature(string KeyId, byte[] Sig);

/// <summary>
/// A DSSE envelope (Dead Simple Signing Envelope v1, github.com/secure-systems-lab/dsse, envelope.md and
/// protocol.md), the signature format of in-toto attestations: <c>{"payloadType", "payload" (base64), "signatures":
/// [{"keyid", "sig" (base64)}]}</c>. Signatures are made over the pre-authentication encoding
/// <see cref="Pae(string, byte[])"/>, never over the payload alone, so the type is signed too.
/// </summary>
/// <param name="PayloadType">The payload's media type; <see cref="InTotoPayloadType"/> for evidence.</param>
/// <param name="Payload">The payload bytes: for evidence, the bytes of the bundle's in-toto statement.</param>
/// <param name="Signatures">The signatures, in order.</param>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures)
{
    /// <summary>The payload type of an in-toto statement (in-toto attestation framework, envelope layer).</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>
    /// DSSE's pre-authentication encoding (protocol.md): <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>,
    /// where LEN is the byte length as ASCII decimal without leading zeros and SP one space (0x20); the type is UTF-8.
    /// </summary>
    /// <param name="payloadType">The payload type.</param>
    /// <param name="payload">The payload bytes.</param>
    /// <returns>The bytes that are signed.</returns>
    public static byte[] Pae(string payloadType, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        ArgumentNullException.ThrowIfNull(payload);
        var type = Encoding.UTF8.GetBytes(payloadType);
        byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
        var typeLength = type.Length.ToString(CultureInfo.InvariantCulture);
        var bodyLength = payload.Length.ToString(CultureInfo.InvariantCulture);
        return [.. Ascii($"DSSEv1 {typeLength} "), .. type, .. Ascii($" {bodyLength} "), .. payload];
    }

    /// <summary>The bytes this envelope's signatures are made over: <see cref="Pae(string, byte[])"/>.</summary>
    /// <returns>The PAE bytes.</returns>
    public byte[] Pae() => Pae(PayloadType, Payload);

    /// <summary>The envelope as one line of JSON (members in DSSE's order) ending with <c>\n</c>: a line of an
    /// in-toto attestation bundle (<c>*.intoto.jsonl</c>).</summary>
    /// <returns>UTF-8 bytes.</returns>
    public byte[] ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("payloadType", PayloadType);
            writer.WriteString("payload", Convert.ToBase64String(Payload));
            writer.WriteStartArray("signatures");
            foreach (var signature in Signatures)
            {
                writer.WriteStartObject();
                writer.WriteString("keyid", signature.KeyId);
                writer.WriteString("sig", Convert.ToBase64String(signature.Sig));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>
    /// Reads an envelope strictly: one JSON object (no duplicate members) with a string <c>payloadType</c>, a base64
    /// <c>payload</c> and a non-empty array <c>signatures</c> of objects with a string <c>keyid</c> and a base64
    /// <c>sig</c>. A file of several lines (a JSON Lines bundle) must hold exactly one envelope.
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="path">Its path, for diagnostics.</param>
    /// <returns>The envelope.</returns>
    /// <exception cref="ReleaseTrainException">RT3030 (not such an envelope), RT1001/RT1002 (not strict JSON), with
    /// the line and column where there is one.</exception>
    public static DsseEnvelope Parse(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = Encoding.UTF8.GetString(bytes).TrimEnd('\n', '\r');
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            throw Invalid(path, 0, 0, "it holds more than one line; write one envelope with every signature");
        }

        var document = LocatedJsonDocument.Parse(bytes, path);
        if (document.Root is not LocatedJsonObject root)
        {
            throw Invalid(path, document.Root.Line, document.Root.Column, "it is not a JSON object");
        }

        var payloadType = String(root, "payloadType", path);
        var payload = Base64(root, "payload", path);
        if (root.GetMember("signatures") is not { Value: LocatedJsonArray { Items.Count: > 0 } array })
        {
            throw Invalid(path, root.Line, root.Column, "it has no non-empty array 'signatures'");
        }

        var signatures = new List<DsseSignature>();
        foreach (var item in array.Items)
        {
            if (item is not LocatedJsonObject signature)
            {
                throw Invalid(path, item.Line, item.Column, "a signature is not an object");
            }

            signatures.Add(new DsseSignature(String(signature, "keyid", path), Base64(signature, "sig", path)));
        }

        return new DsseEnvelope(payloadType, payload, signatures);
    }

    private static string String(LocatedJsonObject owner, string name, string path) =>
        owner.GetMember(name) is { Value: LocatedJsonScalar { Kind: JsonKind.String, Text: { } value } }
            ? value
            : throw Invalid(path, owner.Line, owner.Column, $"it has no string '{name}'");

    private static byte[] Base64(LocatedJsonObject owner, string name, string path)
    {
        var member = owner.GetMember(name);
        var text = String(owner, name, path);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Invalid(path, member!.Line, member.Column, $"'{name}' is not base64");
        }
    }

    private static ReleaseTrainException Invalid(string path, int line, int column, string why) =>
        new(DiagnosticCodes.SignatureEnvelopeInvalid.Error(path, line, column, path, why));
}
