using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Evidence.Signing;

/// <summary>The outcome of signing a bundle.</summary>
/// <param name="EnvelopePath">The envelope file (<see cref="EvidenceSignatures.EnvelopePath"/>).</param>
/// <param name="Signature">The signature added, or null when nothing was signed.</param>
/// <param name="Errors">Why nothing was signed (the bundle does not verify, the envelope there signs another
/// statement); empty on success.</param>
public sealed record SignResult(string EnvelopePath, DsseSignature? Signature, IReadOnlyList<Diagnostic> Errors);

/// <summary>
/// Detached signatures of an evidence bundle (docs/evidence.md, "Signing evidence"): one DSSE envelope whose payload
/// is the bytes of the bundle's in-toto statement (<c>evidence.intoto.json</c>, payload type
/// <c>application/vnd.in-toto+json</c>), written beside the bundle folder as <c>{bundle}.intoto.jsonl</c> (the
/// in-toto attestation bundle's name: JSON Lines, here one line, one envelope holding every signature). It lies
/// outside the bundle folder, so the bundle's own digests (COMMITTED) are untouched by signing and a bundle stays
/// exactly the files evidence.json lists.
/// </summary>
public static class EvidenceSignatures
{
    /// <summary>The suffix of the envelope file, appended to the bundle folder's path.</summary>
    public const string EnvelopeSuffix = ".intoto.jsonl";

    /// <summary>The envelope file of a bundle: <c>artifacts/evidence/1.2.0</c> →
    /// <c>artifacts/evidence/1.2.0.intoto.jsonl</c>.
    /// </summary>
    /// <param name="bundle">The bundle folder.</param>
    /// <returns>The envelope's full path.</returns>
    public static string EnvelopePath(string bundle) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(bundle)) + EnvelopeSuffix;

    /// <summary>
    /// Signs a committed bundle's statement with a key and adds the signature to the bundle's envelope (created when
    /// absent; a signature of the same key id is replaced). The bundle must verify first (EvidenceBundle.Verify): a
    /// signature never vouches for a bundle whose digests do not hold.
    /// </summary>
    /// <param name="bundle">The bundle folder.</param>
    /// <param name="keyFile">The private key (an OpenSSH key or an ECDSA P-256 PEM key; SigningKeys.Sign).</param>
    /// <returns>The result.</returns>
    /// <exception cref="ReleaseTrainException">RT3039/RT3040 when the key cannot sign; RT1xxx when a file cannot be
    /// read or written.</exception>
    public static SignResult Sign(string bundle, string keyFile)
    {
        var envelopePath = EnvelopePath(bundle);
        var problems = EvidenceBundle.Verify(bundle);
        if (problems.Count > 0)
        {
            return new SignResult(envelopePath, null, problems);
        }

        var statement = RepositoryFiles.ReadFile(Path.Combine(bundle, EvidenceBundle.StatementFile));
        var signatures = new List<DsseSignature>();
        if (File.Exists(envelopePath))
        {
            var existing = DsseEnvelope.Parse(RepositoryFiles.ReadFile(envelopePath), envelopePath);
            if (
                existing.PayloadType != DsseEnvelope.InTotoPayloadType
                || !existing.Payload.AsSpan().SequenceEqual(statement)
            )
            {
                return new SignResult(
                    envelopePath,
                    null,
                    [
                        Mismatch(
                            envelopePath,
                            bundle,
                            "it signs another statement: " + "delete it to sign this bundle afresh"
                        ),
                    ]
                );
            }

            signatures.AddRange(existing.Signatures);
        }

        var pae = DsseEnvelope.Pae(DsseEnvelope.InTotoPayloadType, statement);
        var signature = SigningKeys.Sign(keyFile, pae);
        signatures.RemoveAll(s => s.KeyId == signature.KeyId);
        signatures.Add(signature);
        var envelope = new DsseEnvelope(DsseEnvelope.InTotoPayloadType, statement, signatures);
        AtomicFile.WriteAllBytes(envelopePath, envelope.ToJsonLine());
        return new SignResult(envelopePath, signature, []);
    }

    /// <summary>
    /// Verifies the signatures of a bundle: its envelope must exist (RT3041), verify (DsseVerifier.Verify), have the
    /// in-toto payload type and sign exactly the bytes of the bundle's statement (RT3031: a statement changed after
    /// signing, or an envelope of another bundle).
    /// </summary>
    /// <param name="bundle">The bundle folder.</param>
    /// <param name="allowedSigners">The allowed-signers file (from the default branch) and the expected
    /// principals.</param>
    /// <param name="instant">The verification instant: the clock, except in a dry run.</param>
    /// <param name="revocations">The pinned revocation list, or null.</param>
    /// <returns>The verification; its errors are empty when every signature verifies.</returns>
    public static DsseVerification Verify(
        string bundle,
        AllowedSigners allowedSigners,
        DateTimeOffset instant,
        RevocationList? revocations
    )
    {
        var envelopePath = EnvelopePath(bundle);
        if (!File.Exists(envelopePath))
        {
            return new DsseVerification(
                null,
                [],
                [
                    DiagnosticCodes.SignatureMissing.Error(
                        envelopePath,
                        0,
                        0,
                        bundle,
                        $"{envelopePath} is missing (release-train evidence sign --version V --key KEY writes it)"
                    ),
                ]
            );
        }

        var verification = DsseVerifier.Verify(
            RepositoryFiles.ReadFile(envelopePath),
            envelopePath,
            allowedSigners,
            instant,
            revocations
        );
        if (verification.Envelope is not { } envelope)
        {
            return verification;
        }

        var statementPath = Path.Combine(bundle, EvidenceBundle.StatementFile);
        var statement = File.Exists(statementPath) ? RepositoryFiles.ReadFile(statementPath) : null;
        var extra = new List<Diagnostic>();
        if (envelope.PayloadType != DsseEnvelope.InTotoPayloadType)
        {
            extra.Add(
                Mismatch(
                    envelopePath,
                    bundle,
                    $"its payloadType is '{envelope.PayloadType}', not " + $"'{DsseEnvelope.InTotoPayloadType}'"
                )
            );
        }
        else if (statement is null || !envelope.Payload.AsSpan().SequenceEqual(statement))
        {
            extra.Add(
                Mismatch(
                    envelopePath,
                    bundle,
                    statement is null
                        ? $"{statementPath} is missing"
                        : $"{EvidenceBundle.StatementFile} (sha256 {Json.Digest.Sha256(statement)}) differs from the "
                            + $"signed "
                            + $"payload (sha256 {Json.Digest.Sha256(envelope.Payload)})"
                )
            );
        }

        return extra.Count == 0 ? verification : verification with { Errors = [.. extra, .. verification.Errors] };
    }

    private static Diagnostic Mismatch(string envelopePath, string bundle, string why) =>
        DiagnosticCodes.SignedStatementMismatch.Error(
            envelopePath,
            0,
            0,
            envelopePath,
            Path.Combine(bundle, EvidenceBundle.StatementFile),
            why
        );
}
