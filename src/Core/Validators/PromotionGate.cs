using System.Text.Json.Nodes;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Evidence.Signing;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;

namespace ReleaseTrain.Core.Validators;

/// <summary>
/// One equality the promotion gate checked: a certificate field against the release's value.
/// </summary>
/// <param name="Field">The certificate field, e.g. <c>lockfile_hash</c> (or <c>certificate_hash</c>, the hash of the
/// whole certificate).</param>
/// <param name="Expected">The expected value, <c>sha256:&lt;64 hex&gt;</c>.</param>
/// <param name="Actual">The certificate's value, <c>sha256:&lt;64 hex&gt;</c>, or null when the field is absent or
/// malformed.</param>
/// <param name="Source">Where the expected value comes from, e.g. <c>recomputed from the lock files</c> or
/// <c>options.expected.release_manifest_hash</c>.</param>
/// <param name="Recomputed">True when the product computed the expected value itself; false when it was only
/// compared with a value the configuration, the identities file or the evidence bundle names.</param>
/// <param name="Line">The certificate field's line (1-based; the certificate's start when the field is
/// absent).</param>
/// <param name="Column">The certificate field's column (1-based).</param>
public sealed record PromotionEquality(
    string Field,
    string Expected,
    string? Actual,
    string Source,
    bool Recomputed,
    int Line,
    int Column
)
{
    /// <summary>True when the certificate's value equals the expected one byte for byte (32 bytes).</summary>
    public bool Holds => Actual is not null && string.Equals(Actual, Expected, StringComparison.Ordinal);
}

/// <summary>
/// A signature over a certificate's <c>signed_payload</c> or the evidence bundle, as its verification returns it, for
/// display (the readiness report, the release body).
/// </summary>
/// <param name="KeyId">The key's id (its fingerprint).</param>
/// <param name="Signer">The principal the allowed-signers file maps the key to (empty when no line maps it).</param>
/// <param name="ValidAfter">The key's valid-after, or null when unbounded (UTC).</param>
/// <param name="ValidBefore">The key's valid-before, or null when unbounded (UTC).</param>
/// <param name="Verified">True when the signature verifies for its signer at the verification instant.</param>
/// <param name="Problem">Why it does not (its RT303x code and message), or null when it verifies.</param>
public sealed record PromotionSignature(
    string KeyId,
    string Signer,
    NodaTime.Instant? ValidAfter,
    NodaTime.Instant? ValidBefore,
    bool Verified = true,
    string? Problem = null
);

/// <summary>What the promotion gate checked.</summary>
/// <param name="Result">The validator's result.</param>
/// <param name="Form"><c>flat</c> or <c>signed_payload</c>.</param>
/// <param name="Equalities">Every equality checked, in order.</param>
/// <param name="Signatures">Every signature of the signed form's DSSE envelope, verified or not (empty for the flat
/// form).</param>
public sealed record PromotionOutcome(
    ValidationResult Result,
    string Form,
    IReadOnlyList<PromotionEquality> Equalities,
    IReadOnlyList<PromotionSignature> Signatures
);

/// <summary>
/// The promotion gate of the UML_OS / ML2ML deployment runbook (section II.F, "Promotion gate"): an execution
/// certificate's fields against the release's values, under <c>exact_bytes32_equality</c> (docs/validators.md,
/// "Promotion gate"). Two certificate forms are read: ML2ML's flat certificate (its fields at the top level, as in
/// <c>goldens/hello-core/execution_certificate.json</c>) and the runbook's <c>signed_payload</c> form, whose nine II.F
/// fields are all mandatory and whose DSSE envelope (<see cref="EnvelopePath"/>) must verify (runbook II.I).
/// </summary>
public static class PromotionGate
{
    /// <summary>
    /// The equalities as JSON, the one shape of <c>promotion-gate.json</c> and of the readiness scorecard's
    /// <c>promotion.equalities</c>: field, expected, actual (null when absent), source, recomputed, holds.
    /// </summary>
    /// <param name="equalities">The equalities checked.</param>
    /// <returns>A JSON array, in the order checked.</returns>
    public static JsonArray EqualitiesJson(IEnumerable<PromotionEquality> equalities) =>
        new([
            .. equalities.Select(e =>
                (JsonNode)
                    new JsonObject
                    {
                        ["field"] = e.Field,
                        ["expected"] = e.Expected,
                        ["actual"] = e.Actual,
                        ["source"] = e.Source,
                        ["recomputed"] = e.Recomputed,
                        ["holds"] = e.Holds,
                    }
            ),
        ]);

    /// <summary>
    /// The signatures as JSON, the one shape of <c>promotion-gate.json</c> and of the scorecard's
    /// <c>promotion.signatures</c>: keyId, signer, validAfter / validBefore (UTC ISO 8601, null when unbounded),
    /// verified, problem.
    /// </summary>
    /// <param name="signatures">The signatures verified.</param>
    /// <returns>A JSON array, in envelope order.</returns>
    public static JsonArray SignaturesJson(IEnumerable<PromotionSignature> signatures) =>
        new([
            .. signatures.Select(g =>
                (JsonNode)
                    new JsonObject
                    {
                        ["keyId"] = g.KeyId,
                        ["signer"] = g.Signer,
                        ["validAfter"] = g.ValidAfter is { } after ? Time.PolicyTime.Utc(after) : null,
                        ["validBefore"] = g.ValidBefore is { } before ? Time.PolicyTime.Utc(before) : null,
                        ["verified"] = g.Verified,
                        ["problem"] = g.Problem,
                    }
            ),
        ]);

    /// <summary>The name of the report the gate writes.</summary>
    public const string ReportName = "promotion-gate.json";

    /// <summary>The only comparison rule of an identities file the gate accepts.</summary>
    public const string ComparisonRule = "exact_bytes32_equality";

    /// <summary>The DSSE payload type of a signed certificate payload (its bytes are the <c>signed_payload</c>
    /// object's JSON).</summary>
    public const string SignedPayloadType = "application/vnd.release-train.signed-payload+json";

    /// <summary>
    /// The DSSE envelope of a signed certificate: beside it, <c>X.dsse.json</c> for <c>X.json</c> (any other name
    /// gets <c>.dsse.json</c> appended).
    /// </summary>
    /// <param name="certificate">The certificate's path.</param>
    /// <returns>The envelope's path.</returns>
    public static string EnvelopePath(string certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return (certificate.EndsWith(".json", StringComparison.Ordinal) ? certificate[..^".json".Length] : certificate)
            + ".dsse.json";
    }

    /// <summary>
    /// Signs a <c>signed_payload</c> certificate: a DSSE envelope (<see cref="SignedPayloadType"/>) over the RFC 8785
    /// form of its <c>signed_payload</c>, written atomically to <see cref="EnvelopePath"/>. An envelope already there
    /// over the same payload keeps its other signatures (the same key replaces its own); one over another payload is
    /// refused, so a changed certificate is never signed by accident.
    /// </summary>
    /// <param name="certificate">The certificate's full path (a regular file).</param>
    /// <param name="keyFile">The private key: an OpenSSH key (ssh-keygen -Y sign) or an ECDSA P-256 PEM key.</param>
    /// <returns>The envelope's path and the new signature.</returns>
    /// <exception cref="ReleaseTrainException">RT6102 when the certificate has no <c>signed_payload</c> object or the
    /// envelope beside it signs another payload; RT1xxx when a file cannot be read or written; RT3039/RT3040 when the
    /// key cannot sign.</exception>
    public static (string Envelope, DsseSignature Signature) SignCertificate(string certificate, string keyFile)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var root = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(certificate), certificate).Root;
        if (
            root is not LocatedJsonObject rootObject
            || rootObject.GetMember("signed_payload")?.Value is not LocatedJsonObject payload
        )
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.PromotionCertificateInvalid.Error(
                    certificate,
                    1,
                    1,
                    "the certificate has no signed_payload object to sign (the flat form is not signed)"
                )
            );
        }

        var bytes = JsonCanonicalizer.Canonicalize(payload);
        var envelopePath = EnvelopePath(certificate);
        var signatures = new List<DsseSignature>();
        if (File.Exists(envelopePath))
        {
            var existing = DsseEnvelope.Parse(RepositoryFiles.ReadFile(envelopePath), envelopePath);
            if (existing.PayloadType != SignedPayloadType || !existing.Payload.AsSpan().SequenceEqual(bytes))
            {
                throw new ReleaseTrainException(
                    DiagnosticCodes.PromotionCertificateInvalid.Error(
                        envelopePath,
                        1,
                        1,
                        "the envelope signs another payload than the certificate's signed_payload: delete it to sign "
                            + "the certificate afresh"
                    )
                );
            }

            signatures.AddRange(existing.Signatures);
        }

        var signature = SigningKeys.Sign(keyFile, DsseEnvelope.Pae(SignedPayloadType, bytes));
        signatures.RemoveAll(s => s.KeyId == signature.KeyId);
        signatures.Add(signature);
        AtomicFile.WriteAllBytes(envelopePath, new DsseEnvelope(SignedPayloadType, bytes, signatures).ToJsonLine());
        return (envelopePath, signature);
    }

    /// <summary>
    /// The II.F equalities of the signed form: certificate field, the name of its expected value in
    /// <c>options.expected</c> (null when the product computes it).
    /// </summary>
    public static IReadOnlyList<(string Field, string? Expected)> SectionIIF { get; } =
    [
        ("manifest_hash", "release_manifest_hash"),
        ("trace_final_hash", "approved_trace_final_hash"),
        ("checkpoint_hash", "approved_checkpoint_hash"),
        ("policy_bundle_hash", "deployment_policy_bundle_hash"),
        ("lockfile_hash", null),
        ("dependencies_lock_hash", null),
        ("determinism_profile_hash", "runtime_determinism_profile_hash"),
        ("operator_contracts_root_hash", "operator_contracts_root_hash"),
        ("lineage_root_hash", "expected_lineage_root_hash"),
    ];

    /// <summary>Evaluates a certificate against the release (see the class summary).</summary>
    /// <param name="certificate">The certificate file (full path).</param>
    /// <param name="options">The contract's options: <c>identities</c>, <c>evidence</c>, <c>expected</c>.</param>
    /// <param name="files">The repository (option paths resolve inside its root; its lock files are hashed).</param>
    /// <param name="config">The configuration, through which the signed form's allowed signers and revocation list
    /// are read (SigningTrust: the default branch with a ledger); null refuses the signed form (RT6104).</param>
    /// <param name="instant">The signature verification instant: the command's instant, i.e. the clock except in a
    /// dry run (<c>options.at</c> does not move it).</param>
    /// <returns>The result, named <c>promotion</c>, with the report <see cref="ReportName"/> listing every
    /// equality and signature.</returns>
    /// <exception cref="ReleaseTrainException">RT1001/RT1002 for malformed JSON, RT1003/RT1011 for an unreadable
    /// file, RT1005 when an option path escapes the root, RT3009 when a folder cannot be listed.</exception>
    public static ValidationResult Evaluate(
        string certificate,
        ValidatorOptions options,
        RepositoryFiles files,
        ReleaseTrainConfig? config,
        NodaTime.Instant instant
    ) => Check(certificate, options, files, config, instant).Result;

    /// <summary>
    /// Evaluates a certificate as <see cref="Evaluate"/> does and returns, besides the result, the form read and every
    /// equality checked, for the readiness report and the release body.
    /// </summary>
    /// <param name="certificate">The certificate file (full path).</param>
    /// <param name="options">The contract's options.</param>
    /// <param name="files">The repository.</param>
    /// <param name="config">The configuration (as <see cref="Evaluate"/>).</param>
    /// <param name="instant">The signature verification instant (as <see cref="Evaluate"/>).</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ReleaseTrainException">As <see cref="Evaluate"/>.</exception>
    public static PromotionOutcome Check(
        string certificate,
        ValidatorOptions options,
        RepositoryFiles files,
        ReleaseTrainConfig? config,
        NodaTime.Instant instant
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        var run = new Run(certificate, options, files, config, instant);
        run.Evaluate();
        var result = new ValidationResult(
            PromotionKind.KindName,
            certificate,
            run.Findings,
            new Dictionary<string, JsonObject> { [ReportName] = run.Report() }
        )
        {
            Reads = run.Reads,
        };
        return new PromotionOutcome(result, run.Form, run.Equalities, run.Signatures);
    }

    /// <summary>The 32 bytes of a hash written as <c>sha256:&lt;hex&gt;</c> or bare hex, as <c>sha256:&lt;64
    /// lowercase hex&gt;</c>, or null when it is not one.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalised hash or null.</returns>
    public static string? Bytes32(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return Digest.Prefix + Digest.HexOf(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class Run(
        string certificate,
        ValidatorOptions options,
        RepositoryFiles files,
        ReleaseTrainConfig? config,
        NodaTime.Instant instant
    )
    {
        private readonly List<(string Name, string Value, string Source)> _expectations = [];
        private LocatedJsonObject? _payload;
        private LocatedJsonObject? _root;
        public string Form { get; private set; } = "flat";
        private string? _certificateHash;
        private JsonObject? _evidenceHashes;
        private string? _lockfileHash;

        public List<Diagnostic> Findings { get; } = [];

        public List<PromotionEquality> Equalities { get; } = [];

        public List<string> Reads { get; } = [];

        public List<PromotionSignature> Signatures { get; } = [];

        public void Evaluate()
        {
            var bytes = RepositoryFiles.ReadFile(certificate);
            var root = LocatedJsonDocument.Parse(bytes, certificate).Root;
            if (root is not LocatedJsonObject rootObject)
            {
                Invalid(certificate, root, "the certificate is not a JSON object");
                return;
            }

            _root = rootObject;
            _certificateHash = JsonCanonicalizer.Sha256(bytes, certificate);
            _payload = rootObject;
            if (rootObject.GetMember("signed_payload") is { } signed)
            {
                Form = "signed_payload";
                if (signed.Value is not LocatedJsonObject payload)
                {
                    Invalid(certificate, signed.Value, "signed_payload is not a JSON object");
                    return;
                }

                _payload = payload;
            }

            // The signed form's fields count only once its signature verifies (runbook II.I): nothing is compared
            // before, so no value of unsigned bytes reaches the report.
            if (Form == "signed_payload" && !VerifySignature())
            {
                return;
            }

            ReadIdentities();
            ReadExpected();
            if (Form == "signed_payload")
            {
                CheckSignedForm();
            }
            else
            {
                CheckFlatForm();
            }

            if (Equalities.Count == 0 && Findings.Count == 0)
            {
                Findings.Add(
                    DiagnosticCodes.PromotionExpectationUnresolved.Error(
                        certificate,
                        rootObject.Line,
                        rootObject.Column,
                        "the certificate",
                        "the contract names no identities, expected values or evidence it could be compared with"
                    )
                );
            }
        }

        public JsonObject Report() =>
            new()
            {
                ["validator"] = PromotionKind.KindName,
                ["certificate"] = certificate,
                ["form"] = Form,
                ["certificate_hash"] = _certificateHash,
                ["status"] = CheckStatus.Of(Findings),
                ["signatures"] = SignaturesJson(Signatures),
                ["equalities"] = EqualitiesJson(Equalities),
                ["findings"] = new JsonArray([
                    .. Findings.Select(d =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["code"] = d.Code,
                                ["message"] = d.Message,
                                ["line"] = d.Line,
                                ["column"] = d.Column,
                            }
                    ),
                ]),
            };

        private void ReadIdentities()
        {
            var path = Resolve(options.Identities);
            if (path is null)
            {
                return;
            }

            Reads.Add(path);
            var root = LocatedJsonDocument.Parse(RepositoryFiles.ReadFile(path), path).Root as LocatedJsonObject;
            if (root is null)
            {
                Invalid(path, null, "the expected identities are not a JSON object");
                return;
            }

            var rule = root.GetMember("comparison_rule");
            if ((rule?.Value as LocatedJsonScalar)?.Text != ComparisonRule)
            {
                Invalid(
                    path,
                    rule?.Value ?? root,
                    $"comparison_rule must be '{ComparisonRule}', the only rule the gate applies"
                );
                return;
            }

            if (root.GetMember("expected_identities")?.Value is not LocatedJsonObject identities)
            {
                Invalid(path, root, "expected_identities is missing or not an object");
                return;
            }

            foreach (var identity in identities.Properties)
            {
                var value = Bytes32((identity.Value as LocatedJsonScalar)?.Text);
                if (value is null)
                {
                    Invalid(path, identity.Value, $"identity '{identity.Name}' is not a 32-byte hash");
                    continue;
                }

                _expectations.Add((identity.Name, value, $"expected_identities.{identity.Name}"));
            }
        }

        private void ReadExpected()
        {
            foreach (var (name, text) in options.Expected ?? new Dictionary<string, string>())
            {
                // The schema allows only the II.F names and hashes; normalised here.
                _expectations.Add(("options." + name, Bytes32(text)!, $"options.expected.{name}"));
            }
        }

        private void CheckFlatForm()
        {
            // Every configured or identity expectation applies; a computable one only to a field the certificate has.
            foreach (var (name, value, source) in _expectations)
            {
                if (name.StartsWith("options.", StringComparison.Ordinal))
                {
                    var expectedName = name["options.".Length..];
                    var field = SectionIIF.First(f => f.Expected == expectedName).Field;
                    Compare(field, value, source, recomputed: false);
                }
                else
                {
                    CompareIdentity(name, value, source);
                }
            }

            foreach (var field in new[] { "lockfile_hash", "dependencies_lock_hash", "release_hash", "sbom_hash" })
            {
                if (_payload!.GetMember(field) is not null)
                {
                    CompareComputed(field);
                }
            }
        }

        private void CheckSignedForm()
        {
            foreach (var (field, expectedName) in SectionIIF)
            {
                if (expectedName is null)
                {
                    CompareComputed(field);
                    continue;
                }

                var configured = _expectations.Where(e => e.Name == "options." + expectedName).ToList();
                if (configured.Count == 0)
                {
                    var at = Located(field);
                    Findings.Add(
                        DiagnosticCodes.PromotionExpectationUnresolved.Error(
                            certificate,
                            at.Line,
                            at.Column,
                            field,
                            $"options.expected.{expectedName} is not configured, and the signed form binds every "
                                + "field of the deployment runbook's section II.F"
                        )
                    );
                    continue;
                }

                Compare(field, configured[0].Value, configured[0].Source, recomputed: false);
            }

            foreach (var (name, value, source) in _expectations)
            {
                if (!name.StartsWith("options.", StringComparison.Ordinal))
                {
                    CompareIdentity(name, value, source);
                }
            }

            foreach (var field in new[] { "release_hash", "sbom_hash" })
            {
                if (_payload!.GetMember(field) is not null)
                {
                    CompareComputed(field);
                }
            }
        }

        /// <summary>
        /// The signed form's DSSE envelope (<see cref="EnvelopePath"/>) must verify against the trusted allowed signers
        /// and revocation list at the instant, have <see cref="SignedPayloadType"/>, and sign exactly the certificate's
        /// <c>signed_payload</c> (equal in RFC 8785 form), so the fields compared are the signed ones.
        /// </summary>
        private bool VerifySignature()
        {
            var envelopePath = EnvelopePath(certificate);
            if (!File.Exists(envelopePath))
            {
                return SignatureFails(
                    $"its DSSE envelope {envelopePath} is missing; sign the signed_payload's JSON bytes with payload "
                        + $"type {SignedPayloadType} (docs/validators.md, \"Promotion gate\")"
                );
            }

            Reads.Add(envelopePath);
            if (config is null)
            {
                return SignatureFails("no configuration names the allowed signers it would be verified against");
            }

            var trust = SigningTrust.Read(config, null, out var errors);
            if (trust is null)
            {
                return SignatureFails(
                    "the allowed signers or revocation list cannot be read: "
                        + string.Join("; ", errors.Select(e => $"{e.Code} {e.Message.TrimEnd('.')}"))
                );
            }

            var verification = DsseVerifier.Verify(
                RepositoryFiles.ReadFile(envelopePath),
                envelopePath,
                trust.Signers,
                instant.ToDateTimeOffset(),
                trust.Revocations
            );
            foreach (var verdict in verification.Signatures)
            {
                Signatures.Add(
                    new PromotionSignature(
                        verdict.KeyId,
                        verdict.Principal ?? string.Empty,
                        verdict.ValidAfter is { } after ? NodaTime.Instant.FromDateTimeOffset(after) : null,
                        verdict.ValidBefore is { } before ? NodaTime.Instant.FromDateTimeOffset(before) : null,
                        verdict.Verified,
                        verdict.Error is { } error ? $"{error.Code} {error.Message}" : null
                    )
                );
            }

            if (!verification.Verified || verification.Envelope is not { } envelope)
            {
                return SignatureFails(
                    verification.Errors.Count == 0
                        ? $"{envelopePath} holds no signature"
                        : string.Join("; ", verification.Errors.Select(e => $"{e.Code} {e.Message.TrimEnd('.')}"))
                );
            }

            if (envelope.PayloadType != SignedPayloadType)
            {
                return SignatureFails(
                    $"{envelopePath} signs a payload of type '{envelope.PayloadType}', not {SignedPayloadType}"
                );
            }

            byte[] signed;
            try
            {
                signed = JsonCanonicalizer.Canonicalize(envelope.Payload, envelopePath);
            }
            catch (ReleaseTrainException ex)
            {
                return SignatureFails($"the payload of {envelopePath} is not JSON: {ex.Diagnostic.Message}");
            }

            if (!signed.AsSpan().SequenceEqual(JsonCanonicalizer.Canonicalize(_payload!)))
            {
                return SignatureFails(
                    $"the certificate's signed_payload is not the payload {envelopePath} signs (changed after "
                        + "signing?); sign the certificate again or restore its signed values"
                );
            }

            return true;
        }

        private bool SignatureFails(string why)
        {
            Findings.Add(
                DiagnosticCodes.PromotionSignatureInvalid.Error(certificate, _payload!.Line, _payload.Column, why)
            );
            return false;
        }

        private void CompareIdentity(string name, string value, string source)
        {
            if (name == "certificate_hash")
            {
                AddEquality(
                    name,
                    value,
                    _certificateHash,
                    source + " (recomputed: SHA-256 of the certificate's RFC 8785 form)",
                    recomputed: true,
                    _root!
                );
                return;
            }

            // interface_hash is ML2ML's name for operator_contracts_root_hash (Execution-Certificate II.F).
            Compare(name == "interface_hash" ? "operator_contracts_root_hash" : name, value, source, recomputed: false);
        }

        private void CompareComputed(string field)
        {
            switch (field)
            {
                case "lockfile_hash":
                    Compare(field, LockfileHash(), "recomputed from the repository's packages.lock.json files", true);
                    break;
                case "dependencies_lock_hash":
                    var evidence = BundleHashes(field);
                    if (evidence is null)
                    {
                        return;
                    }

                    var toolchain = Bytes32(evidence["toolchain_hash"]?.GetValue<string>());
                    var runtime = Bytes32(evidence["runtime_env_hash"]?.GetValue<string>());
                    if (toolchain is null || runtime is null)
                    {
                        Unresolved(field, "the evidence bundle has no toolchain_hash or runtime_env_hash");
                        return;
                    }

                    var recomputed = EvidenceHashes.DependenciesLock(LockfileHash(), toolchain, runtime);
                    Compare(
                        field,
                        recomputed,
                        "recomputed: SHA-256(CBOR_CANONICAL([\"deps_lock_v1\", lockfile_hash, toolchain_hash, "
                            + "runtime_env_hash])) from the lock files and the bundle's toolchain and runtime hashes",
                        true
                    );
                    break;
                default:
                    var hashes = BundleHashes(field);
                    var value = Bytes32(hashes?[field]?.GetValue<string>());
                    if (hashes is null)
                    {
                        return;
                    }

                    if (value is null)
                    {
                        Unresolved(field, $"the evidence bundle has no {field}");
                        return;
                    }

                    Compare(field, value, $"the evidence bundle's {field} (verified)", false);
                    break;
            }
        }

        private void Compare(string field, string expected, string source, bool recomputed)
        {
            var member = _payload!.GetMember(field);
            if (member is null)
            {
                Findings.Add(
                    DiagnosticCodes.PromotionFieldMissing.Error(
                        certificate,
                        _payload.Line,
                        _payload.Column,
                        field,
                        $"{expected} ({source})"
                    )
                );
                Equalities.Add(new(field, expected, null, source, recomputed, _payload.Line, _payload.Column));
                return;
            }

            var actual = Bytes32((member.Value as LocatedJsonScalar)?.Text);
            if (actual is null)
            {
                Invalid(certificate, member.Value, $"'{field}' is not a 32-byte hash");
                Equalities.Add(new(field, expected, null, source, recomputed, member.Line, member.Column));
                return;
            }

            AddEquality(field, expected, actual, source, recomputed, member.Value);
        }

        private void AddEquality(
            string field,
            string expected,
            string? actual,
            string source,
            bool recomputed,
            LocatedJsonNode at
        )
        {
            var equality = new PromotionEquality(field, expected, actual, source, recomputed, at.Line, at.Column);
            Equalities.Add(equality);
            if (!equality.Holds)
            {
                Findings.Add(
                    DiagnosticCodes.PromotionFieldMismatch.Error(
                        certificate,
                        at.Line,
                        at.Column,
                        field,
                        actual,
                        expected,
                        source
                    )
                );
            }
        }

        private string LockfileHash() => _lockfileHash ??= EvidenceHashes.Lockfile(files.RootDirectory, out _);

        private JsonObject? BundleHashes(string field)
        {
            if (_evidenceHashes is not null)
            {
                return _evidenceHashes;
            }

            var bundle = Resolve(options.Evidence);
            if (bundle is null)
            {
                Unresolved(field, "options.evidence names no evidence bundle");
                return null;
            }

            Reads.Add(bundle.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar);
            var problems = EvidenceBundle.Verify(bundle);
            if (problems.Count > 0)
            {
                Unresolved(field, $"the evidence bundle {bundle} does not verify: {problems[0].Message}");
                return null;
            }

            var evidencePath = Path.Combine(bundle, EvidenceBundle.EvidenceFile);
            _evidenceHashes =
                LocatedJsonDocument.ParseNode(RepositoryFiles.ReadFile(evidencePath), evidencePath)?["hashes"]
                    as JsonObject
                ?? new JsonObject();
            return _evidenceHashes;
        }

        private void Unresolved(string field, string why)
        {
            var at = Located(field);
            Findings.Add(
                DiagnosticCodes.PromotionExpectationUnresolved.Error(certificate, at.Line, at.Column, field, why)
            );
        }

        private LocatedJsonNode Located(string field) => _payload!.GetMember(field)?.Value ?? _payload;

        private void Invalid(string path, LocatedJsonNode? at, string why) =>
            Findings.Add(DiagnosticCodes.PromotionCertificateInvalid.Error(path, at?.Line ?? 1, at?.Column ?? 1, why));

        private string? Resolve(ConfiguredPath? path) =>
            path is null ? null : files.Resolve(path.Path, null, path.Line, path.Column);
    }
}
