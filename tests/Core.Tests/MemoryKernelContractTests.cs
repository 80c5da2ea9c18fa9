using ReleaseTrain.Core.Contracts;

namespace ReleaseTrain.Tests;

/// <summary>
/// The MemoryKernel producer contract (examples/memorykernel/release-train.json) on the real files of
/// saagar210/MemoryKernel, and mutated copies of them: one test per drift its own verification scripts catch.
/// </summary>
public sealed class MemoryKernelContractTests
{
    private const string Manifest = "contracts/integration/v1/producer-contract-manifest.json";
    private const string Payload = "docs/implementation/PRODUCER_RELEASE_HANDOFF_LATEST.json";
    private const string Config = "release-train.json";

    /// <summary>The handoff contract of the example (its other contracts read files these tests do not copy).</summary>
    private const string Handoff = "memorykernel-producer-handoff";
    private const string PreCutoverConfig = "pre-cutover.release-train.json";

    private static MutableRepo PostCutover() => new("memorykernel", Manifest, Payload);

    private static MutableRepo PreCutover() => new("memorykernel-1621fe2", Manifest, Payload);

    [SkippableFact]
    public void Real_post_cutover_files_pass()
    {
        using var repo = PostCutover();
        var report = repo.Verify(Config, Handoff);
        ReportAssert.Passes(report);
        Assert.Equal(3, report.Contracts[0].RulesNotApplicable); // the three candidate-only rules
    }

    [SkippableFact]
    public void Real_pre_cutover_snapshot_passes_its_own_variant()
    {
        using var repo = PreCutover();
        ReportAssert.Passes(repo.Verify(PreCutoverConfig));
    }

    [SkippableFact]
    public void Pre_cutover_snapshot_drifts_from_the_post_cutover_policy_contract()
    {
        using var repo = PreCutover();
        var report = repo.Verify(Config, Handoff);
        Assert.Equal(VerificationStatus.Drift, report.Status);
        var requires = ReportAssert.Single(report, "MK-06-policy-requires", "RT2003");
        var (line, column) = repo.Find(Payload, "\"requires\": [");
        ReportAssert.At(
            requires,
            "/non_2xx_envelope_policy/service_v2_stable/requires",
            (line, column + "\"requires\": ".Length)
        );
    }

    [SkippableFact]
    public void Drift1_missing_required_top_level_key()
    {
        using var repo = PostCutover();
        repo.Replace(Payload, "\"changelog_path\": \"/Users/d/Projects/MemoryKernel/CHANGELOG.md\",\n", string.Empty);
        var finding = ReportAssert.Single(repo.Verify(Config, Handoff), "MK-01-required-keys", "RT2004");
        ReportAssert.At(finding, "/changelog_path", (1, 1)); // reported at the parent object
    }

    [SkippableFact]
    public void Drift2_manifest_contract_version_differs()
    {
        using var repo = PostCutover();
        repo.Replace(
            Payload,
            "\"manifest_contract_version\": \"producer-contract-manifest.v1\"",
            "\"manifest_contract_version\": \"producer-contract-manifest.v2\""
        );
        var finding = ReportAssert.Single(repo.Verify(Config, Handoff), "MK-02-manifest-contract-version", "RT2001");
        var (line, column) = repo.Find(Payload, "\"producer-contract-manifest.v2\"");
        ReportAssert.At(finding, "/manifest_contract_version", (line, column));
        Assert.Equal("\"producer-contract-manifest.v1\"", finding.Expected);
        Assert.Equal("\"producer-contract-manifest.v2\"", finding.Actual);
    }

    [SkippableFact]
    public void Drift3_error_code_enum_reordered_is_drift()
    {
        using var repo = PostCutover();
        repo.Replace(
            Payload,
            "\"invalid_json\",\n    \"validation_error\",",
            "\"validation_error\",\n    \"invalid_json\","
        );
        var finding = ReportAssert.Single(repo.Verify(Config, Handoff), "MK-03-error-code-enum", "RT2002");
        ReportAssert.At(finding, "/error_code_enum", (repo.Find(Payload, "\"error_code_enum\"").Line, 22));
        Assert.StartsWith("[\"validation_error\",\"invalid_json\"", finding.Actual, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("release_tag", "\"v0.4.0\"", "\"v0.4.1\"", "MK-04-release-tag")]
    [InlineData(
        "commit_sha",
        "\"7e4806a34b98e6c06ee33fa9f11499a975e7b922\"",
        "\"7e4806a34b98e6c06ee33fa9f11499a975e7b923\"",
        "MK-04-commit-sha"
    )]
    [InlineData("expected_api_contract_version", "\"api.v1\"", "\"api.v2\"", "MK-04-expected-api-contract-version")]
    [InlineData("integration_baseline", "\"integration/v1\"", "\"integration/v2\"", "MK-04-integration-baseline")]
    [InlineData(
        "expected_service_contract_version",
        "\"service.v3\"",
        "\"service.v4\"",
        "MK-04-expected-service-contract-version"
    )]
    public void Drift4_release_baseline_field_differs(string key, string oldValue, string newValue, string ruleId)
    {
        using var repo = PostCutover();
        repo.Replace(Payload, $"\"{key}\": {oldValue}", $"\"{key}\": {newValue}"); // the top-level one comes first
        var finding = ReportAssert.Single(repo.Verify(Config, Handoff), ruleId, "RT2001");
        ReportAssert.At(finding, "/" + key, repo.Find(Payload, newValue));
    }

    [SkippableFact]
    public void Drift4_candidate_mode_may_override_the_service_contract_version()
    {
        // The real pre-cutover payload says service.v3 at the top while its manifest says service.v2: not drift in
        // candidate mode.
        using var repo = PreCutover();
        var report = repo.Verify(PreCutoverConfig);
        ReportAssert.Passes(report);
        repo.Replace(Payload, "\"handoff_mode\": \"service-v3-candidate\"", "\"handoff_mode\": \"stable\"");
        var stable = repo.Verify(PreCutoverConfig);
        ReportAssert.Single(stable, "MK-04-expected-service-contract-version", "RT2001");
    }

    [SkippableFact]
    public void Drift5_active_runtime_baseline_lacks_a_key()
    {
        using var repo = PostCutover();
        repo.Replace(
            Payload,
            "    \"integration_baseline\": \"integration/v1\"\n  },",
            "    \"integration_baselin\": \"integration/v1\"\n  },"
        );
        var finding = ReportAssert.Single(repo.Verify(Config, Handoff), "MK-05-active-runtime-baseline", "RT2006");
        ReportAssert.At(
            finding,
            "/active_runtime_baseline/integration_baseline",
            (repo.Find(Payload, "\"active_runtime_baseline\"").Line, 30)
        );
        Assert.Null(finding.Actual);
    }

    [SkippableFact]
    public void Drift5_active_runtime_baseline_value_differs()
    {
        using var repo = PostCutover();
        repo.Replace(
            Payload,
            "    \"expected_service_contract_version\": \"service.v3\",\n    \"expected_api",
            "    \"expected_service_contract_version\": \"service.v2\",\n    \"expected_api"
        );
        var finding = ReportAssert.Single(repo.Verify(Config, Handoff), "MK-05-active-runtime-baseline", "RT2006");
        ReportAssert.At(
            finding,
            "/active_runtime_baseline/expected_service_contract_version",
            repo.Find(Payload, "\"service.v2\"")
        );
    }

    [SkippableFact]
    public void Drift6_policy_sets_ignore_order_but_not_content()
    {
        using var repo = PostCutover();
        // Reordering a set is not drift.
        repo.Replace(
            Payload,
            "\"legacy_error\",\n        \"api_contract_version\"",
            "\"api_contract_version\",\n        \"legacy_error\""
        );
        ReportAssert.Passes(repo.Verify(Config, Handoff));

        // The second policy entry ("for each policy entry") loses a required field.
        repo.Replace(
            Payload,
            "\"service_v3_candidate\": {\n      \"requires\": [\n        \"service_contract_version\",\n",
            "\"service_v3_candidate\": {\n      \"requires\": [\n"
        );
        var finding = ReportAssert.Single(repo.Verify(Config, Handoff), "MK-06-policy-requires", "RT2003");
        var candidate = repo.Find(Payload, "\"service_v3_candidate\": {");
        ReportAssert.At(finding, "/non_2xx_envelope_policy/service_v3_candidate/requires", (candidate.Line + 1, 19));
        Assert.Contains("missing [\"service_contract_version\"]", finding.Diagnostic.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Drift6_policy_optional_and_forbids()
    {
        using var repo = PostCutover();
        repo.Replace(
            Payload,
            "\"error.details\"\n      ],\n      \"forbids\": [\n        \"legacy_error\",\n",
            "\"error.trace\"\n      ],\n      \"forbids\": [\n"
        );
        var report = repo.Verify(Config, Handoff);
        var optional = ReportAssert.Single(report, "MK-06-policy-optional", "RT2002");
        var (optionalLine, _) = repo.Find(Payload, "\"optional\": [");
        ReportAssert.At(optional, "/non_2xx_envelope_policy/service_v3_stable/optional", (optionalLine, 19));
        Assert.Equal("[\"error.trace\"]", optional.Actual);
        var forbids = ReportAssert.Single(report, "MK-06-policy-forbids", "RT2003");
        var (forbidsLine, _) = repo.Find(Payload, "\"forbids\": [");
        ReportAssert.At(forbids, "/non_2xx_envelope_policy/service_v3_stable/forbids", (forbidsLine, 18));
        Assert.Equal("[\"api_contract_version\"]", forbids.Actual);
    }

    [SkippableFact]
    public void Drift7_stable_payload_contains_candidate_keys()
    {
        using var repo = PostCutover();
        repo.Replace(
            Payload,
            "  \"manifest_contract_version\"",
            "  \"rehearsal_candidate\": {},\n  \"manifest_contract_version\""
        );
        var finding = ReportAssert.Single(
            repo.Verify(Config, Handoff),
            "MK-07-stable-forbids-candidate-keys",
            "RT2005"
        );
        ReportAssert.At(finding, "/rehearsal_candidate", repo.Find(Payload, "\"rehearsal_candidate\""));
    }

    [SkippableFact]
    public void Drift8_candidate_lacks_compatibility_expectations()
    {
        using var repo = PreCutover();
        repo.Replace(Payload, "\"compatibility_expectations\"", "\"compatibility_notes\"");
        var finding = ReportAssert.Single(repo.Verify(PreCutoverConfig), "MK-08-candidate-required-keys", "RT2004");
        ReportAssert.At(finding, "/compatibility_expectations", (1, 1));
    }

    [SkippableTheory]
    [InlineData("true")]
    [InlineData("\"false\"")]
    [InlineData("0")]
    public void Drift8_candidate_requires_runtime_cutover_must_be_exactly_false(string value)
    {
        using var repo = PreCutover();
        repo.Replace(Payload, "\"requires_runtime_cutover\": false", "\"requires_runtime_cutover\": " + value);
        var finding = ReportAssert.Single(
            repo.Verify(PreCutoverConfig),
            "MK-08-candidate-no-runtime-cutover",
            "RT2001"
        );
        ReportAssert.At(
            finding,
            "/rehearsal_candidate/requires_runtime_cutover",
            repo.Find(Payload, "\"requires_runtime_cutover\": " + value) is var (l, c)
                ? (l, c + "\"requires_runtime_cutover\": ".Length)
                : default
        );
        Assert.Equal("false", finding.Expected);
        Assert.Equal(value, finding.Actual);
    }

    [SkippableFact]
    public void Drift9_unknown_handoff_mode()
    {
        using var repo = PostCutover();
        repo.Replace(Payload, "\"handoff_mode\": \"stable\"", "\"handoff_mode\": \"beta\"");
        var finding = ReportAssert.Single(repo.Verify(Config, Handoff), "MK-09-handoff-mode", "RT2008");
        ReportAssert.At(finding, "/handoff_mode", repo.Find(Payload, "\"beta\""));
    }

    [SkippableFact]
    public void Drift10_manifest_release_tag_and_commit_sha_shapes()
    {
        using var repo = PostCutover();
        repo.Replace(Manifest, "\"release_tag\": \"v0.4.0\"", "\"release_tag\": \"0.4.0\"");
        repo.Replace(
            Manifest,
            "\"7e4806a34b98e6c06ee33fa9f11499a975e7b922\"",
            "\"7E4806A34B98E6C06EE33FA9F11499A975E7B922\""
        );
        var report = repo.Verify(Config, Handoff);
        var tag = ReportAssert.Single(report, "MK-10-manifest-release-tag", "RT2007");
        Assert.Equal(repo.PathOf(Manifest), tag.Diagnostic.File);
        ReportAssert.At(tag, "/release_tag", repo.Find(Manifest, "\"0.4.0\""));
        var sha = ReportAssert.Single(report, "MK-10-manifest-commit-sha", "RT2007");
        ReportAssert.At(sha, "/commit_sha", repo.Find(Manifest, "\"7E4806"));
    }

    [SkippableFact]
    public void Malformed_payload_is_invalid_input_never_a_pass()
    {
        using var repo = PostCutover();
        repo.Replace(Payload, "\"handoff_mode\": \"stable\",", "\"handoff_mode\": \"stable\",,");
        var report = repo.Verify(Config, Handoff);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.Equal(2, report.ExitCode);
        var error = Assert.Single(report.AllDiagnostics);
        Assert.Equal("RT1001", error.Code);
        Assert.Equal((3, 28), (error.Line, error.Column));
    }

    [SkippableFact]
    public void Missing_payload_is_invalid_input()
    {
        using var repo = PostCutover();
        File.Delete(repo.PathOf(Payload));
        var report = repo.Verify(Config, Handoff);
        Assert.Equal(2, report.ExitCode);
        var error = Assert.Single(report.AllDiagnostics);
        Assert.Equal("RT1003", error.Code);
        Assert.Equal(TestPaths.InRepo("examples", "memorykernel", Config), error.File); // where the config names it
        Assert.True(error.Line > 0 && error.Column > 0);
        Assert.Contains(Payload, error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The AssistSupport consumer side: the pin against the mirrored producer manifest.</summary>
public sealed class AssistSupportPinTests
{
    private const string Mirror = "config/memorykernel-producer-manifest.json";
    private const string Pin = "config/memorykernel-integration-pin.json";
    private const string Config = "consumer.release-train.json";
    private const string Matrix = "docs/MEMORYKERNEL_COMPATIBILITY_MATRIX.md";
    private const string PinContract = "assistsupport-memorykernel-pin";

    [SkippableFact]
    public void Real_pin_matches_the_mirrored_manifest()
    {
        using var repo = new MutableRepo("assistsupport", Mirror, Pin, Matrix);
        ReportAssert.Passes(repo.Verify(Config, PinContract));
    }

    [SkippableFact]
    public void One_byte_change_to_the_mirrored_manifest_breaks_the_sha256_pin()
    {
        using var repo = new MutableRepo("assistsupport", Mirror, Pin, Matrix);
        repo.Replace(Mirror, "\"emergency_notice_hours\": 24", "\"emergency_notice_hours\":  24");
        var finding = ReportAssert.Single(repo.Verify(Config, PinContract), "PIN-01-manifest-sha256", "RT2009");
        ReportAssert.At(finding, "/expected_producer_manifest_sha256", repo.Find(Pin, "\"79970ec8"));
        Assert.Equal("\"79970ec83f37fe0a272cbb62e998ab35628125dbaedaa50c2b9d370d3c53d772\"", finding.Actual);
    }

    [SkippableTheory]
    [InlineData("\"release_tag\": \"v0.4.0\"", "\"release_tag\": \"v0.3.2\"", "PIN-02-release-tag")]
    [InlineData(
        "\"expected_service_contract_version\": \"service.v3\"",
        "\"expected_service_contract_version\": \"service.v2\"",
        "PIN-04-service-contract-version"
    )]
    [InlineData(
        "\"expected_integration_baseline\": \"integration/v1\"",
        "\"expected_integration_baseline\": \"integration/v0\"",
        "PIN-06-integration-baseline"
    )]
    public void Pin_fields_equal_the_mirrored_manifest(string oldText, string newText, string ruleId)
    {
        using var repo = new MutableRepo("assistsupport", Mirror, Pin, Matrix);
        repo.Replace(Pin, oldText, newText);
        var finding = ReportAssert.Single(repo.Verify(Config, PinContract), ruleId, "RT2001");
        Assert.Equal(repo.PathOf(Pin), finding.Diagnostic.File);
        var (line, column) = repo.Find(Pin, newText);
        var key = newText[..(newText.IndexOf(':', StringComparison.Ordinal) + 2)];
        ReportAssert.At(finding, "/" + key.Trim('"', ':', ' '), (line, column + key.Length));
    }
}
