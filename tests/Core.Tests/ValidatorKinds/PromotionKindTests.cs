using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Evidence.Signing;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Validators;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// <c>promotion</c> through the registry: ML2ML's real hello-core certificate against its golden identities, and a
/// certificate binding every equality of the deployment runbook's section II.F against a real evidence bundle, the
/// repository's lock files and the configured values, each field changed alone.
/// </summary>
public sealed class PromotionKindTests : IDisposable
{
    private static readonly NodaTime.Instant Now = KindRepository.At("2026-12-05T00:00:00Z");

    private readonly KindRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    private static string Goldens => TestPaths.RealData("ml2ml", "goldens", "hello-core");

    private static string Hash(string seed) => Digest.Hex(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    private void CopyGoldens()
    {
        foreach (var name in new[] { "execution_certificate.json", "golden-identities.json" })
        {
            var source = Path.Combine(Goldens, name);
            Assert.True(File.Exists(source), $"ML2ML's golden {source} is missing: see ../shared/realdata/SOURCES.md");
            _repo.CopyIn(source, "goldens/" + name);
        }
    }

    [Fact]
    public void The_ml2ml_goldens_pass_with_the_certificate_hash_recomputed()
    {
        Assert.Equal(["identities", "evidence", "expected"], new PromotionKind().Options);
        CopyGoldens();
        var options = new JsonObject { ["identities"] = "goldens/golden-identities.json" };

        var result = _repo.Run(PromotionKind.KindName, "goldens/execution_certificate.json", options, Now);

        Assert.True(result.Status == ValidationStatus.Pass, string.Join("\n", result.Findings));
        var report = result.Reports[PromotionGate.ReportName];
        Assert.Equal("flat", report["form"]!.GetValue<string>());
        var equalities = report["equalities"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(
            ["certificate_hash", "operator_contracts_root_hash", "trace_final_hash"],
            equalities.Select(e => e["field"]!.GetValue<string>()).Order(StringComparer.Ordinal)
        );
        Assert.All(equalities, e => Assert.True(e["holds"]!.GetValue<bool>()));
        var certificateHash = equalities.Single(e => e["field"]!.GetValue<string>() == "certificate_hash");
        Assert.True(certificateHash["recomputed"]!.GetValue<bool>());
        Assert.Equal(
            "sha256:3a2ac529fad55bd3957d85d609136815a8152fecaf638e6a40f3ac682612d250",
            certificateHash["actual"]!.GetValue<string>()
        );
        Assert.Contains(_repo.Root + "/goldens/golden-identities.json", result.Reads);
    }

    [Fact]
    public void A_golden_certificate_changed_in_a_field_no_identity_names_fails_its_certificate_hash_alone()
    {
        CopyGoldens();
        _repo.Mutate(
            "goldens/execution_certificate.json",
            "goldens/changed.json",
            ("hello-core-run-v1", "hello-core-run-v2")
        );
        var options = new JsonObject { ["identities"] = "goldens/golden-identities.json" };

        var result = _repo.Run(PromotionKind.KindName, "goldens/changed.json", options, Now);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("RT6100", finding.Code);
        Assert.Contains("'certificate_hash'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("expected sha256:3a2ac529", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identity_changed_in_the_golden_certificate_fails_its_field_and_the_certificate_hash()
    {
        CopyGoldens();
        const string Trace = "5d43fb5e3c39033e300c0db99561fcd0a40848d1a01132e9de0b93a4d3a2c95b";
        var other = Hash("another trace");
        _repo.Mutate("goldens/execution_certificate.json", "goldens/changed.json", (Trace, other));
        var options = new JsonObject { ["identities"] = "goldens/golden-identities.json" };

        var result = _repo.Run(PromotionKind.KindName, "goldens/changed.json", options, Now);

        Assert.Equal(["RT6100", "RT6100"], result.Findings.Select(f => f.Code));
        var trace = result.Findings.Single(f => f.Message.Contains("'trace_final_hash'", StringComparison.Ordinal));
        Assert.Contains($"is sha256:{other}, expected sha256:{Trace}", trace.Message, StringComparison.Ordinal);
        Assert.Equal((7, 23), (trace.Line, trace.Column));
    }

    [Fact]
    public void An_identities_file_with_another_comparison_rule_is_refused()
    {
        CopyGoldens();
        _repo.Mutate(
            "goldens/golden-identities.json",
            "goldens/approx.json",
            ("exact_bytes32_equality", "approximate")
        );
        var options = new JsonObject { ["identities"] = "goldens/approx.json" };

        var result = _repo.Run(PromotionKind.KindName, "goldens/execution_certificate.json", options, Now);

        Assert.Equal("RT6102", Assert.Single(result.Findings).Code);
        Assert.Equal(ValidationStatus.Fail, result.Status);
    }

    [Fact]
    public void A_contract_with_nothing_to_compare_fails_closed()
    {
        CopyGoldens();
        var result = _repo.Run(PromotionKind.KindName, "goldens/execution_certificate.json", new JsonObject(), Now);
        Assert.Equal("RT6103", Assert.Single(result.Findings).Code);
    }

    /// <summary>
    /// A repository with a lock file and a real evidence bundle of two packages, and a certificate binding every II.F
    /// field plus release_hash and sbom_hash; returns the certificate's fields and the contract's options.
    /// </summary>
    private (JsonObject Certificate, JsonObject Options) FullRelease()
    {
        _repo.CopyIn(TestPaths.InRepo("tests", "Core.Tests", "packages.lock.json"), "src/App/packages.lock.json");
        var packages = Path.Combine(_repo.Root, "artifacts", "packages");
        Directory.CreateDirectory(packages);
        foreach (var id in new[] { "Orders.Producer", "Orders.Consumer" })
        {
            File.WriteAllText(Path.Combine(packages, $"{id}.1.2.0.nupkg"), "package bytes of " + id);
            File.WriteAllBytes(
                Path.Combine(packages, $"{id}.1.2.0.cdx.json"),
                CycloneDxSbom.Generate(
                    TestPaths.InRepo("artifacts", "obj", "ReleaseTrain.Core.Tests", "project.assets.json"),
                    null,
                    new SbomOptions(DateTimeOffset.UnixEpoch, id, "1.2.0", "0.1.0")
                )
            );
        }

        var created = EvidenceBundle.Create(
            new EvidenceRequest(
                _repo.Root,
                packages,
                "1.2.0",
                Path.Combine(_repo.Root, "artifacts", "evidence"),
                new ToolchainInfo("10.0.100", null, "10.0.401", new Dictionary<string, string>()),
                RuntimeEnvironmentInfo.Current,
                DateTimeOffset.FromUnixTimeSeconds(1700000000),
                null,
                "0.1.0",
                []
            )
        );
        Assert.Empty(created.Diagnostics);
        var evidence = JsonNode.Parse(File.ReadAllText(Path.Combine(created.BundleDirectory, "evidence.json")))!;
        var hashes = evidence["hashes"]!;
        string Bare(string name) => Digest.HexOf(hashes[name]!.GetValue<string>());

        var expected = new JsonObject();
        var certificate = new JsonObject
        {
            ["certificate_id"] = "orders-1.2.0",
            ["run_id"] = "orders-run-1",
            ["lockfile_hash"] = Digest.HexOf(EvidenceHashes.Lockfile(_repo.Root, out _)),
            ["dependencies_lock_hash"] = Bare("dependencies_lock_hash"),
            ["release_hash"] = Bare("release_hash"),
            ["sbom_hash"] = "sha256:" + Bare("sbom_hash"),
        };
        foreach (var (field, name) in PromotionGate.SectionIIF)
        {
            if (name is not null)
            {
                var value = Hash(field);
                certificate[field] = value;
                expected[name] = "sha256:" + value;
            }
        }

        var options = new JsonObject { ["evidence"] = "artifacts/evidence/1.2.0", ["expected"] = expected };
        return (certificate, options);
    }

    private static string Indented(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static int LineOf(string text, string field) =>
        text.Split('\n').Select((l, i) => (l, i)).First(p => p.l.Contains($"\"{field}\"", StringComparison.Ordinal)).i
        + 1;

    [Fact]
    public void A_certificate_binding_every_section_II_F_field_passes_with_what_was_recomputed_marked()
    {
        var (certificate, options) = FullRelease();
        _repo.Write("certificate.json", Indented(certificate));

        var result = _repo.Run(PromotionKind.KindName, "certificate.json", options, Now);

        Assert.True(result.Status == ValidationStatus.Pass, string.Join("\n", result.Findings));
        var equalities = result.Reports[PromotionGate.ReportName]["equalities"]!.AsArray();
        Assert.Equal(11, equalities.Count);
        Assert.Equal(
            ["dependencies_lock_hash", "lockfile_hash"],
            equalities
                .Where(e => e!["recomputed"]!.GetValue<bool>())
                .Select(e => e!["field"]!.GetValue<string>())
                .Order(StringComparer.Ordinal)
        );
    }

    [Theory]
    [InlineData("manifest_hash")]
    [InlineData("trace_final_hash")]
    [InlineData("checkpoint_hash")]
    [InlineData("policy_bundle_hash")]
    [InlineData("lockfile_hash")]
    [InlineData("dependencies_lock_hash")]
    [InlineData("determinism_profile_hash")]
    [InlineData("operator_contracts_root_hash")]
    [InlineData("lineage_root_hash")]
    [InlineData("release_hash")]
    [InlineData("sbom_hash")]
    public void Each_equality_fails_alone_when_its_certificate_value_is_changed(string field)
    {
        var (certificate, options) = FullRelease();
        var expected = PromotionGate.Bytes32(certificate[field]!.GetValue<string>());
        var changed = Hash("changed " + field);
        certificate[field] = changed;
        var text = Indented(certificate);
        _repo.Write("changed/certificate.json", text);

        var result = _repo.Run(PromotionKind.KindName, "changed/certificate.json", options, Now);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("RT6100", finding.Code);
        Assert.Contains(
            $"'{field}' is sha256:{changed}, expected {expected}",
            finding.Message,
            StringComparison.Ordinal
        );
        Assert.Equal(LineOf(text, field), finding.Line);
        Assert.EndsWith("changed/certificate.json", finding.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_lock_file_fails_lockfile_hash_and_dependencies_lock_hash()
    {
        var (certificate, options) = FullRelease();
        _repo.Write("certificate.json", Indented(certificate));
        _repo.Mutate("src/App/packages.lock.json", "src/App/packages.lock.json", ("\"version\": 2", "\"version\": 3"));

        var result = _repo.Run(PromotionKind.KindName, "certificate.json", options, Now);

        Assert.Equal(
            ["'dependencies_lock_hash'", "'lockfile_hash'"],
            result.Findings.Select(f => f.Message.Split(' ')[4]).Order(StringComparer.Ordinal)
        );
    }

    [Fact]
    public void A_tampered_evidence_bundle_leaves_its_hashes_unresolved()
    {
        var (certificate, options) = FullRelease();
        _repo.Write("certificate.json", Indented(certificate));
        var sbom = Path.Combine(_repo.Root, "artifacts", "evidence", "1.2.0", "Orders.Producer.1.2.0.cdx.json");
        File.AppendAllText(sbom, " ");

        var result = _repo.Run(PromotionKind.KindName, "certificate.json", options, Now);

        Assert.NotEmpty(result.Findings);
        Assert.All(result.Findings, f => Assert.Equal("RT6103", f.Code));
        Assert.Contains("does not verify", result.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_value_whose_field_the_certificate_lacks_is_RT6101()
    {
        var (certificate, options) = FullRelease();
        certificate.Remove("lineage_root_hash");
        _repo.Write("certificate.json", Indented(certificate));

        var result = _repo.Run(PromotionKind.KindName, "certificate.json", options, Now);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("RT6101", finding.Code);
        Assert.Contains("'lineage_root_hash'", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Signs a certificate's signed_payload as the runbook's signed form: an SSH key made here by ssh-keygen, listed
    /// for alice in the working tree's allowed-signers file (no ledger), the envelope beside the certificate.
    /// </summary>
    private (string Path, string KeyId) Sign(JsonObject payload, string certificate)
    {
        RequireSshKeygen();
        var key = Path.Combine(_repo.Root, "alice_ed25519");
        if (!File.Exists(key))
        {
            var keygen = ProcessRunner.Run("ssh-keygen", $"-q -t ed25519 -N \"\" -C alice -f {key}", _repo.Root);
            Assert.True(keygen.ExitCode == 0, keygen.Output);
            _repo.Write(".github/release-train/allowed_signers", "alice " + File.ReadAllText(key + ".pub"));
        }

        var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var signature = SigningKeys.Sign(key, DsseEnvelope.Pae(PromotionGate.SignedPayloadType, bytes));
        var envelope = new DsseEnvelope(PromotionGate.SignedPayloadType, bytes, [signature]);
        var path = PromotionGate.EnvelopePath(Path.Combine(_repo.Root, certificate));
        File.WriteAllBytes(path, envelope.ToJsonLine());
        return (path, signature.KeyId);
    }

    /// <summary>The full release as a signed certificate <c>signed.json</c>, signed by alice.</summary>
    private (JsonObject Options, string Envelope, string KeyId) SignedRelease()
    {
        var (payload, options) = FullRelease();
        var signed = new JsonObject { ["signed_payload"] = payload, ["unsigned_metadata"] = new JsonObject() };
        _repo.Write("signed.json", Indented(signed));
        var (envelope, keyId) = Sign(payload, "signed.json");
        return (options, envelope, keyId);
    }

    private static string Codes(ValidationResult result) => string.Join("\n", result.Findings);

    [Fact]
    public void A_signed_certificate_passes_and_its_report_lists_the_signature()
    {
        var (options, envelope, keyId) = SignedRelease();
        Assert.Equal(Path.Combine(_repo.Root, "signed.dsse.json"), envelope);

        var result = _repo.Run(PromotionKind.KindName, "signed.json", options, Now);

        Assert.True(result.Status == ValidationStatus.Pass, Codes(result));
        var report = result.Reports[PromotionGate.ReportName];
        Assert.Equal("signed_payload", report["form"]!.GetValue<string>());
        Assert.Equal(11, report["equalities"]!.AsArray().Count);
        var row = Assert.Single(report["signatures"]!.AsArray())!;
        Assert.Equal(keyId, row["keyId"]!.GetValue<string>());
        Assert.Equal("alice", row["signer"]!.GetValue<string>());
        Assert.True(row["verified"]!.GetValue<bool>());
    }

    [Fact]
    public void SignCertificate_signs_the_canonical_signed_payload_that_the_gate_then_accepts_and_never_a_changed_one()
    {
        var (payload, options) = FullRelease();
        var certificate = new JsonObject { ["signed_payload"] = payload, ["unsigned_metadata"] = new JsonObject() };
        _repo.Write("signed.json", Indented(certificate));
        Sign(payload, "other.json"); // makes alice's key and lists it in the allowed-signers file
        var key = Path.Combine(_repo.Root, "alice_ed25519");
        var path = Path.Combine(_repo.Root, "signed.json");

        var (envelope, signature) = PromotionGate.SignCertificate(path, key);

        Assert.Equal(Path.Combine(_repo.Root, "signed.dsse.json"), envelope);
        var result = _repo.Run(PromotionKind.KindName, "signed.json", options, Now);
        Assert.True(result.Status == ValidationStatus.Pass, Codes(result));
        var row = Assert.Single(result.Reports[PromotionGate.ReportName]["signatures"]!.AsArray())!;
        Assert.Equal(signature.KeyId, row["keyId"]!.GetValue<string>());

        // A certificate changed after signing is not signed over the old envelope: it must be deleted first.
        var text = File.ReadAllText(path);
        var original = payload["manifest_hash"]!.GetValue<string>();
        _repo.Write("signed.json", text.Replace(original, Hash("swapped"), StringComparison.Ordinal));
        var refused = Assert.Throws<ReleaseTrainException>(() => PromotionGate.SignCertificate(path, key));
        Assert.Equal("RT6102", refused.Diagnostic.Code);
    }

    [Fact]
    public void A_signed_payload_changed_after_signing_fails_with_RT6104()
    {
        var (options, envelope, _) = SignedRelease();
        var text = File.ReadAllText(Path.Combine(_repo.Root, "signed.json"));
        var changed = Hash("a manifest swapped after signing");
        var original = JsonNode.Parse(text)!["signed_payload"]!["manifest_hash"]!.GetValue<string>();
        options["expected"]!["release_manifest_hash"] = "sha256:" + changed;
        _repo.Write("signed.json", text.Replace(original, changed, StringComparison.Ordinal));

        var result = _repo.Run(PromotionKind.KindName, "signed.json", options, Now);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("RT6104", finding.Code);
        Assert.Contains("is not the payload", finding.Message, StringComparison.Ordinal);
        Assert.Empty(result.Reports[PromotionGate.ReportName]["equalities"]!.AsArray());

        // The envelope's payload changed in its turn: its signature no longer verifies (RT3032 within RT6104).
        var json = JsonNode.Parse(File.ReadAllText(envelope))!;
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(json["payload"]!.GetValue<string>()));
        json["payload"] = Convert.ToBase64String(
            Encoding.UTF8.GetBytes(payload.Replace(original, changed, StringComparison.Ordinal))
        );
        File.WriteAllText(envelope, json.ToJsonString());

        var resigned = _repo.Run(PromotionKind.KindName, "signed.json", options, Now);

        var refused = Assert.Single(resigned.Findings);
        Assert.Equal("RT6104", refused.Code);
        Assert.Contains("RT3032", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_signed_by_a_revoked_key_fails_with_RT6104_naming_RT3036()
    {
        var (options, _, keyId) = SignedRelease();
        var list = _repo.Write(".github/release-train/revoked_keys", $"{keyId} lost laptop\n");
        _repo.Signing = new JsonObject
        {
            ["revocationList"] = new JsonObject
            {
                ["path"] = ".github/release-train/revoked_keys",
                ["sha256"] = Digest.Sha256(File.ReadAllBytes(list)),
            },
        };

        var result = _repo.Run(PromotionKind.KindName, "signed.json", options, Now);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("RT6104", finding.Code);
        Assert.Contains("RT3036", finding.Message, StringComparison.Ordinal);
        var row = Assert.Single(result.Reports[PromotionGate.ReportName]["signatures"]!.AsArray())!;
        Assert.False(row["verified"]!.GetValue<bool>());
    }

    [Fact]
    public void A_certificate_signed_by_a_key_of_another_principal_fails_with_RT6104_naming_RT3038()
    {
        var (options, _, keyId) = SignedRelease();
        // signing.keys says the key signs for bob; the allowed-signers file maps it to alice only.
        _repo.Signing = new JsonObject
        {
            ["keys"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = keyId,
                    ["principal"] = "bob",
                    ["rotationCadence"] = "P90D",
                    ["since"] = "2026-11-01T00:00:00Z",
                }
            ),
        };

        var result = _repo.Run(PromotionKind.KindName, "signed.json", options, Now);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("RT6104", finding.Code);
        Assert.Contains("RT3038", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signed_payload_form_binds_every_field_and_needs_its_signature()
    {
        var (certificate, options) = FullRelease();
        options["expected"]!.AsObject().Remove("expected_lineage_root_hash");
        var signed = new JsonObject { ["signed_payload"] = certificate, ["unsigned_metadata"] = new JsonObject() };
        _repo.Write("signed.json", Indented(signed));

        // Unsigned: refused before any field is compared.
        var unsigned = _repo.Run(PromotionKind.KindName, "signed.json", options, Now);

        Assert.Equal("signed_payload", unsigned.Reports[PromotionGate.ReportName]["form"]!.GetValue<string>());
        Assert.Contains("is missing", Assert.Single(unsigned.Findings, f => f.Code == "RT6104").Message);
        Assert.Single(unsigned.Findings);

        // Signed: every II.F field is bound, so the unconfigured one is RT6103.
        Sign(certificate, "signed.json");
        var result = _repo.Run(PromotionKind.KindName, "signed.json", options, Now);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("RT6103", finding.Code);
        Assert.Contains("'lineage_root_hash'", finding.Message, StringComparison.Ordinal);
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
