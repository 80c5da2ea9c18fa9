using ReleaseTrain.Core.Contracts;

namespace ReleaseTrain.Tests;

/// <summary>
/// Issue 16, MemoryKernel side: examples/memorykernel/release-train.json says every check of MemoryKernel's
/// scripts/verify_producer_handoff_payload.sh, verify_producer_contract_manifest.sh and
/// verify_release_evidence_bundle.sh that reads a file the real data holds. On the real files it passes where the
/// scripts pass; on each mutated copy it fails where they fail (each verdict was confirmed by running the script at
/// 1f8af2a on the same mutation).
/// </summary>
public sealed class MemoryKernelFidelityTests
{
    private const string Manifest = "contracts/integration/v1/producer-contract-manifest.json";
    private const string Payload = "docs/implementation/PRODUCER_RELEASE_HANDOFF_LATEST.json";
    private const string Bundle = "docs/implementation/RELEASE_EVIDENCE_BUNDLE_LATEST.json";
    private const string OpenApi = "openapi/openapi.yaml";
    private const string ServiceContract = "docs/spec/service-contract.md";
    private const string Status = "docs/implementation/ACTIVE_RUNTIME_STATUS_PRODUCER_2026-02-08.md";
    private const string Config = "release-train.json";

    /// <summary>
    /// The contracts of the example (memorykernel-producer-docs, which needs a checkout, has its own file).
    /// </summary>
    private static readonly string[] Contracts =
    [
        "memorykernel-producer-handoff",
        "memorykernel-producer-manifest",
        "memorykernel-release-evidence-bundle",
    ];

    private static MutableRepo Repo() =>
        new("memorykernel", Manifest, Payload, Bundle, OpenApi, ServiceContract, Status);

    private static VerificationReport Verify(MutableRepo repo) =>
        ContractVerification.Run(
            new VerifyRequest(TestPaths.InRepo("examples", "memorykernel", Config), repo.Root, repo.Root, Contracts)
        );

    [SkippableFact]
    public void Real_files_pass_every_contract_of_the_example()
    {
        using var repo = Repo();
        var report = Verify(repo);
        ReportAssert.Passes(report);
        Assert.Equal(Contracts, report.Contracts.Select(c => c.Id));
    }

    [SkippableFact]
    public void Deleting_a_named_policy_entry_is_drift_not_one_entry_fewer()
    {
        // verify_producer_handoff_payload.sh: "published: non_2xx_envelope_policy missing key: service_v3_candidate".
        using var repo = Repo();
        var text = File.ReadAllText(repo.PathOf(Payload));
        var start = text.IndexOf(",\n    \"service_v3_candidate\": {", StringComparison.Ordinal);
        var end = text.IndexOf('}', start) + 1;
        File.WriteAllText(repo.PathOf(Payload), text.Remove(start, end - start));
        var finding = ReportAssert.Single(Verify(repo), "MK-06-policy-requires", "RT2004");
        ReportAssert.At(
            finding,
            "/non_2xx_envelope_policy/service_v3_candidate",
            repo.Find(Payload, "\"non_2xx_envelope_policy\": {") is var (l, c) ? (l, c + 27) : default
        );
    }

    [SkippableFact]
    public void Candidate_mode_requires_service_v3()
    {
        // verify_producer_handoff_payload.sh: assert_mode(published, "service-v3-candidate", "service.v3") fails with
        // "published: expected_service_contract_version expected service.v3".
        using var repo = Repo();
        repo.Replace(Payload, "\"handoff_mode\": \"stable\"", "\"handoff_mode\": \"service-v3-candidate\"");
        repo.Replace(
            Payload,
            "\"expected_service_contract_version\": \"service.v3\"",
            "\"expected_service_contract_version\": \"service.v2\""
        );
        var finding = ReportAssert.Single(Verify(repo), "MK-04-candidate-service-v3", "RT2001");
        ReportAssert.At(finding, "/expected_service_contract_version", repo.Find(Payload, "\"service.v2\""));
        Assert.Equal("\"service.v3\"", finding.Expected);
    }

    [SkippableTheory]
    [InlineData("\"minimum_sprint_days\": 14", "\"minimum_sprint_days\": 7", "MF-05-minimum-sprint-days", "RT2001")]
    [InlineData(
        "\"standard_business_days\": 10",
        "\"standard_business_days\": 5",
        "MF-06-notice-business-days",
        "RT2001"
    )]
    [InlineData(
        "\"emergency_notice_hours\": 24",
        "\"emergency_notice_hours\": 48",
        "MF-06-notice-emergency-hours",
        "RT2001"
    )]
    [InlineData(
        "\"emergency_requires_same_day_docs_spec_tests\": true",
        "\"emergency_requires_same_day_docs_spec_tests\": 1",
        "MF-06-notice-same-day-docs",
        "RT2001"
    )]
    [InlineData(
        "\"legacy_error_removal_requires_service_v3\": true",
        "\"legacy_error_removal_requires_service_v3\": false",
        "MF-07-transition-guard",
        "RT2001"
    )]
    [InlineData(
        "\"legacy_error_removal_requires_service_v3\": true,",
        "\"legacy_error_removal_requires_service_v3_renamed\": true,",
        "MF-07-transition-guard",
        "RT2004"
    )]
    [InlineData(
        "\"invalid_json\",\n    \"validation_error\",",
        "\"validation_error\",\n    \"invalid_json\",",
        "MF-04-error-code-order",
        "RT2002"
    )]
    [InlineData("\"api.v1\"", "\"api.v2\"", "MF-03-api-v1", "RT2001")]
    [InlineData("\"integration/v1\"", "\"integration/v2\"", "MF-03-integration-v1", "RT2001")]
    [InlineData("\"service.v3\"", "\"service.v4\"", "MF-03-service-v3", "RT2001")]
    [InlineData(
        "\"producer-contract-manifest.v1\"",
        "\"producer-contract-manifest.v2\"",
        "MF-02-manifest-contract-version",
        "RT2001"
    )]
    [InlineData("\"v0.4.0\"", "\"v0.4.0\\n\"", "MK-10-manifest-release-tag", "RT2007")]
    [InlineData(
        "  \"stability_window\": {\n    \"minimum_sprint_days\": 14\n  },\n",
        "",
        "MF-01-required-keys",
        "RT2004"
    )]
    public void Literal_pins_on_the_manifest_fail_as_verify_producer_contract_manifest_does(
        string oldText,
        string newText,
        string ruleId,
        string code
    )
    {
        using var repo = Repo();
        repo.Replace(Manifest, oldText, newText);
        var finding = ReportAssert.Single(Verify(repo), ruleId, code);
        Assert.Equal(repo.PathOf(Manifest), finding.Diagnostic.File);
    }

    [SkippableFact]
    public void Every_manifest_error_code_is_in_the_openapi_yaml_error_enum()
    {
        // verify_producer_contract_manifest.sh: require_grep "\- write_failed" openapi.yaml fails.
        using var repo = Repo();
        repo.Replace(OpenApi, "                - write_failed\n", string.Empty);
        var report = Verify(repo);
        var finding = ReportAssert.Single(report, "MF-08-openapi-error-codes", "RT2016");
        Assert.Equal(repo.PathOf(OpenApi), finding.Diagnostic.File);
        // Reported at the enum's first item in the YAML file, by its own line and column.
        ReportAssert.At(
            finding,
            "/components/schemas/ServiceErrorEnvelope/properties/error/properties/code/enum",
            repo.Find(OpenApi, "- invalid_json") is var (l, c) ? (l, c) : default
        );
        Assert.Contains("[\"write_failed\"]", finding.Diagnostic.Message, StringComparison.Ordinal);

        using var version = Repo();
        version.Replace(OpenApi, "  version: service.v3\n", "  version: service.v2\n");
        var wrong = ReportAssert.Single(Verify(version), "MF-08-openapi-version", "RT2001");
        ReportAssert.At(wrong, "/info/version", (4, 12));
    }

    [SkippableTheory]
    [InlineData(Status, "- release_tag: `v0.4.0`", "- release_tag: `v0.3.2`", "MF-10-status-release-tag")]
    [InlineData(Status, "- commit_sha: `7e4806a", "- commit_sha: `0e4806a", "MF-10-status-commit-sha")]
    [InlineData(Status, "`service.v3` / `api.v1`", "`service.v2` / `api.v1`", "MF-10-status-versions")]
    [InlineData(Status, "Runtime posture: **STEADY-STATE GO**", "Runtime posture: **HOLD**", "MF-10-status-posture")]
    [InlineData(ServiceContract, "is removed in `service.v3`", "is kept in `service.v3`", "MF-09-legacy-error-removed")]
    [InlineData(
        ServiceContract,
        "API contract version surfaced in envelopes: `api.v1`",
        "API contract version: `api.v1`",
        "MF-09-api-contract-version"
    )]
    [InlineData(
        ServiceContract,
        "intentionally do **not** include",
        "do **not** include",
        "MF-09-non-2xx-no-api-version"
    )]
    public void Status_and_spec_documents_must_state_the_manifest_values(
        string file,
        string oldText,
        string newText,
        string ruleId
    )
    {
        using var repo = Repo();
        repo.Replace(file, oldText, newText);
        var finding = ReportAssert.Single(Verify(repo), ruleId, "RT2013");
        Assert.Equal(repo.PathOf(file), finding.Diagnostic.File);
    }

    [SkippableFact]
    public void A_manifest_value_the_status_document_must_name_is_filled_in_escaped()
    {
        // The manifest's tag changes: the status document (still v0.4.0) no longer names it. A regex metacharacter in
        // the value is matched literally ("v0.4.0" does not match "v0x4x0").
        using var repo = Repo();
        repo.Replace(Status, "- release_tag: `v0.4.0`", "- release_tag: `v0x4x0`");
        ReportAssert.Single(Verify(repo), "MF-10-status-release-tag", "RT2013");
    }

    [SkippableTheory]
    [InlineData(
        "\"integration_baseline\": \"integration/v1\"\n  },\n  \"policy",
        "\"integration_baseline\": \"integration/v2\"\n  },\n  \"policy",
        "EB-02-runtime-baseline",
        "RT2006"
    )]
    [InlineData(
        "      \"invalid_json\",\n      \"validation_error\",",
        "      \"validation_error\",\n      \"invalid_json\",",
        "EB-03-error-code-enum",
        "RT2002"
    )]
    [InlineData("  \"compliance_suite\"", "  \"compliance_suites\"", "EB-01-required-keys", "RT2004")]
    [InlineData("\"path\": \"openapi/openapi.yaml\"", "\"path\": \"\"", "EB-04-artifact-path", "RT2015")]
    [InlineData("\"path\": \"openapi/openapi.yaml\",\n", "", "EB-04-artifact-path", "RT2010")]
    public void The_evidence_bundle_agrees_with_the_manifest(string oldText, string newText, string ruleId, string code)
    {
        // verify_release_evidence_bundle.sh: "published bundle runtime_baseline.integration_baseline mismatch",
        // "published bundle error_code_enum mismatch", "published evidence bundle missing keys", "published bundle
        // artifact entries require path and sha256".
        using var repo = Repo();
        repo.Replace(Bundle, oldText, newText);
        var finding = ReportAssert.Single(Verify(repo), ruleId, code);
        Assert.Equal(repo.PathOf(Bundle), finding.Diagnostic.File);
    }

    [SkippableTheory]
    [InlineData(Manifest)]
    [InlineData(Payload)]
    [InlineData(Bundle)]
    public void A_json_file_with_a_byte_order_mark_is_RT1020_at_its_first_byte(string file)
    {
        // Python's json.load raises "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)".
        using var repo = Repo();
        var bytes = File.ReadAllBytes(repo.PathOf(file));
        File.WriteAllBytes(repo.PathOf(file), [0xEF, 0xBB, 0xBF, .. bytes]);
        var report = Verify(repo);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.All(report.AllDiagnostics, d => Assert.Equal("RT1020", d.Code));
        var error = report.AllDiagnostics.First();
        Assert.Equal((repo.PathOf(file), 1, 1), (error.File, error.Line, error.Column));
    }
}

/// <summary>
/// Issue 16, AssistSupport side: examples/memorykernel/consumer.release-train.json says every file check of
/// AssistSupport's scripts/validate_memorykernel_pin_sync.mjs and validate_memorykernel_handoff_payload.mjs (at
/// a75eabd); each mutated verdict below was confirmed by running the script (node) on the same mutation.
/// </summary>
public sealed class AssistSupportFidelityTests
{
    private const string Mirror = "config/memorykernel-producer-manifest.json";
    private const string Pin = "config/memorykernel-integration-pin.json";
    private const string Matrix = "docs/MEMORYKERNEL_COMPATIBILITY_MATRIX.md";
    private const string Handoff = "services/memorykernel/docs/implementation/PRODUCER_RELEASE_HANDOFF_LATEST.json";
    private const string Config = "consumer.release-train.json";

    private static MutableRepo Repo()
    {
        var repo = new MutableRepo("assistsupport", Mirror, Pin, Matrix);
        Directory.CreateDirectory(Path.GetDirectoryName(repo.PathOf(Handoff))!);
        File.Copy(
            TestPaths.RealData("memorykernel", "docs/implementation/PRODUCER_RELEASE_HANDOFF_LATEST.json"),
            repo.PathOf(Handoff)
        );
        return repo;
    }

    [SkippableFact]
    public void Real_pin_matrix_manifest_and_handoff_pass()
    {
        using var repo = Repo();
        var report = repo.Verify(Config);
        ReportAssert.Passes(report);
        Assert.Equal(2, report.Contracts.Count);
    }

    [SkippableTheory]
    [InlineData(
        Pin,
        "\"default_timeout_ms\": 2500",
        "\"default_timeout_ms\": 99",
        "PIN-08-default-timeout-ms",
        "RT2015"
    )]
    [InlineData(
        Pin,
        "\"default_timeout_ms\": 2500",
        "\"default_timeout_ms\": \"2500\"",
        "PIN-08-default-timeout-ms",
        "RT2011"
    )]
    [InlineData(
        Pin,
        "\"default_timeout_ms\": 2500",
        "\"default_timeout_ms\": 250.5",
        "PIN-08-default-timeout-ms",
        "RT2011"
    )]
    [InlineData(
        Pin,
        "\"default_base_url\": \"http://127.0.0.1:4010\"",
        "\"default_base_url\": \" \"",
        "PIN-07-default-base-url",
        "RT2015"
    )]
    [InlineData(
        Pin,
        "\"memorykernel_repo\": \"https://github.com/saagar210/MemoryKernel\"",
        "\"memorykernel_repo\": 7",
        "PIN-07-memorykernel-repo",
        "RT2011"
    )]
    [InlineData(
        Mirror,
        "\"integration_baseline\": \"integration/v1\"",
        "\"integration_baseline\": \"\"",
        "PIN-11-manifest-integration-baseline",
        "RT2015"
    )]
    [InlineData(
        Mirror,
        "    \"internal_error\"\n",
        "    \"internal_error\",\n    \"internal_error\"\n",
        "PIN-12-manifest-error-codes-shape",
        "RT2015"
    )]
    [InlineData(
        Mirror,
        "    \"internal_error\"\n",
        "    \"internal_error\",\n    \"rate_limited\"\n",
        "PIN-12-manifest-error-codes-set",
        "RT2003"
    )]
    [InlineData(
        Matrix,
        "- MemoryKernel release tag: `v0.4.0`",
        "- MemoryKernel release tag: `v0.3.2`",
        "PIN-13-matrix-tag",
        "RT2013"
    )]
    [InlineData(
        Matrix,
        "| v0.4.0 | 7e4806a34b98e6c06ee33fa9f11499a975e7b922 |",
        "| v0.4.0 | 7e4806a |",
        "PIN-13-matrix-row",
        "RT2013"
    )]
    public void Pin_field_types_and_formats_the_manifest_error_code_set_and_the_matrix(
        string file,
        string oldText,
        string newText,
        string ruleId,
        string code
    )
    {
        using var repo = Repo();
        repo.Replace(file, oldText, newText);
        if (file == Mirror)
        {
            // Re-pin the changed mirror, so that the check under test (not the sha256 pin) is what fails, as the
            // script then reports it ("producer manifest error_code_enum contains duplicate values", ...).
            var digest = Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(repo.PathOf(Mirror)))
            );
            repo.Replace(Pin, "79970ec83f37fe0a272cbb62e998ab35628125dbaedaa50c2b9d370d3c53d772", digest);
        }

        var report = repo.Verify(Config);
        ReportAssert.Single(report, ruleId, code);
        Assert.DoesNotContain(report.AllDiagnostics, d => d.Code == "RT2009");
    }

    [SkippableFact]
    public void A_sha256_prefixed_pin_is_drift_as_the_consumer_refuses_it()
    {
        // validate_memorykernel_pin_sync.mjs: "expected_producer_manifest_sha256 must be a 64-character SHA-256 hex".
        using var repo = Repo();
        repo.Replace(Pin, "\"79970ec8", "\"sha256:79970ec8");
        var report = repo.Verify(Config);
        ReportAssert.Single(report, "PIN-01-manifest-sha256", "RT2009");
        ReportAssert.Single(report, "PIN-09-manifest-sha256-shape", "RT2007");
    }

    [SkippableTheory]
    [InlineData("\"release_tag\": \"v0.4.0\"", "\"release_tag\": \"v0.4.1\"", "HO-02-release-tag", "RT2001")]
    [InlineData(
        "\"verification_commands\": [",
        "\"verification_commands\": [],\n  \"x\": [",
        "HO-07-verification-commands",
        "RT2015"
    )]
    [InlineData(
        "\"handoff_generated_at_utc\": \"",
        "\"handoff_generated_at_utc\": \"not a date ",
        "HO-08-generated-at",
        "RT2007"
    )]
    [InlineData("\"error_code_enum\": [\n", "\"error_code_enum\": [\n    \"\",\n", "HO-06-error-codes-shape", "RT2015")]
    public void The_handoff_payload_agrees_with_the_pin_and_the_mirror(
        string oldText,
        string newText,
        string ruleId,
        string code
    )
    {
        using var repo = Repo();
        repo.Replace(Handoff, oldText, newText);
        ReportAssert.Single(repo.Verify(Config), ruleId, code);
    }
}
