using System.Text.RegularExpressions;

namespace ReleaseTrain.Tests;

/// <summary>
/// Messages written for a person (what is wrong, where, how to fix it), each on a real file through the built CLI as
/// a process: JSON syntax, a --config that does not exist, an offset-less timestamp, the pin rules of sha256 and
/// <c>verify --fix</c>.
/// </summary>
public sealed class PersonMessageTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-cli-person");

    public void Dispose() => _repo.Dispose();

    private ProcessRunner.Result Cli(string arguments) =>
        ProcessRunner.Run("dotnet", $"\"{TestPaths.CliDll}\" {arguments}", _repo.Path, timeoutSeconds: 120);

    [Theory]
    [InlineData(
        "{ \"decisionLog\": \"a.jsonl\", }",
        "release-train.json(1,27): error RT1001: Malformed JSON: a trailing comma: JSON allows no comma after the last "
            + "member of the object. Remove this comma."
    )]
    [InlineData(
        "{\n  \"decisionLog\": \"a.jsonl\" // where decisions go\n}",
        "release-train.json(2,28): error RT1001: Malformed JSON: a comment. JSON has no comments (neither // nor /* */)"
    )]
    [InlineData(
        "",
        "release-train.json(1,1): error RT1001: Malformed JSON: the file is empty. It must hold one JSON value, e.g. {}"
    )]
    [InlineData(
        "{ \"decisionLog\": \"a.jsonl\"\n",
        "release-train.json(2,1): error RT1001: Malformed JSON: the file ends with 1 object(s) or array(s) still open."
    )]
    [InlineData(
        "{\n  \"decisionLog\": \"a.jsonl\"\n  \"uncoveredReleases\": \"go\"\n}",
        "release-train.json(3,3): error RT1001: Malformed JSON: a ',' is missing before this"
    )]
    [InlineData(
        "{ \"decisionLog\" \"a.jsonl\" }",
        "release-train.json(1,17): error RT1001: Malformed JSON: a ':' is missing between the member's name and its "
            + "value."
    )]
    [InlineData("{} {}", "release-train.json(1,4): error RT1001: Malformed JSON: more text after the JSON value")]
    public void A_json_syntax_error_says_what_is_wrong_where_and_how_to_fix_it(string text, string expected)
    {
        File.WriteAllText(_repo.Combine("release-train.json"), text);
        var result = Cli("verify");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("isFinalBlock", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("is invalid after a value", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_given_that_does_not_exist_is_named_as_given()
    {
        File.WriteAllText(_repo.Combine("release-train.json"), "{}");
        var result = Cli("verify --config nope.json");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(
            $"error RT1030: The configuration file '{_repo.Combine("nope.json")}' does not exist. Check the path given "
                + "with --config",
            result.StdOut,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("any folder above", result.Output, StringComparison.Ordinal);
        var decide = Cli("decide --config nope.json --version 1.0.0 --dry-run --commit " + FixedClock.Commit);
        Assert.Equal(2, decide.ExitCode);
        Assert.Contains("error RT1030:", decide.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offset_less_timestamp_of_a_window_is_its_one_error_not_an_unknown_window_too()
    {
        File.WriteAllText(
            _repo.Combine("release-train.json"),
            """
            { "freezeWindows": [ { "id": "xmas", "actions": ["release"], "reason": "holidays",
                                   "start": "2026-12-20T00:00:00", "end": "2026-12-27T00:00:00Z" } ],
              "freezeExceptions": [ { "id": "hotfix", "windows": ["xmas"], "release": "1.2.1", "reason": "fix",
                                      "requestedBy": "ann", "approvers": ["bob"],
                                      "validFrom": "2026-12-20T00:00:00Z", "validUntil": "2026-12-30T00:00:00Z" } ] }
            """
        );
        var result = Cli("verify");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(
            "release-train.json(2,33): error RT4004: Invalid timestamp: '2026-12-20T00:00:00' has no offset",
            result.StdOut,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("RT4007", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 error(s)", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void The_release_refusal_names_the_release_train_command_not_a_build_target()
    {
        File.WriteAllText(_repo.Combine("release-train.json"), "{}");
        var result = Cli("release --version 1.2.0 --commit " + FixedClock.Commit);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "error RT5010: Release 1.2.0 has nothing to publish: no evidence bundle "
                + "artifacts/evidence/1.2.0/COMMITTED. Pack the release (dotnet pack), then write its bundle: "
                + "release-train evidence --version 1.2.0",
            result.StdOut,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("target", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void An_upper_case_sha256_pin_names_the_same_digest_a_warning_not_drift()
    {
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "producer-consumer"), _repo.Path);
        var pin = _repo.Combine("consumer", "producer-pin.json");
        const string Digest = "4ea4f4afe660304fbb038bc7dd362b0e76e12665dc022b699254e7e5539c0ad2";
        File.WriteAllText(
            pin,
            File.ReadAllText(pin).Replace(Digest, Digest.ToUpperInvariant(), StringComparison.Ordinal)
        );
        var result = Cli("verify");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("RT2009", result.Output, StringComparison.Ordinal);
        Assert.Contains(
            "producer-pin.json(8,40): warning RT1031: [orders-consumer-pin/manifest-sha256] "
                + "/expected_producer_manifest_sha256: the pin names the sha256 of 'producer/contract-manifest.json' "
                + $"in upper-case hex; digests are written in lower case. Write \"{Digest}\"",
            result.StdOut.Replace('\\', '/'),
            StringComparison.Ordinal
        );

        // Another digest is still drift.
        File.WriteAllText(pin, File.ReadAllText(pin).Replace("4EA4", "5EA4", StringComparison.Ordinal));
        var other = Cli("verify");
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("error RT2009:", other.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_fix_never_rewrites_a_pin_and_keeps_a_one_line_array_on_one_line()
    {
        TempDirectory.CopyDirectory(TestPaths.InRepo("examples", "producer-consumer"), _repo.Path);
        var handoff = _repo.Combine("producer", "handoff.json");
        var pin = _repo.Combine("consumer", "producer-pin.json");
        var manifest = _repo.Combine("producer", "contract-manifest.json");

        // The handoff writes its enum on one line; the producer then adds a code and moves to v1.3.0.
        var oneLine = Regex.Replace(
            File.ReadAllText(handoff),
            "\"error_code_enum\": \\[[^\\]]*\\]",
            "\"error_code_enum\": [\"invalid_json\", \"validation_error\", \"order_not_found\", \"write_conflict\", "
                + "\"internal_error\"]"
        );
        File.WriteAllText(handoff, oneLine);
        Assert.Equal(0, Cli("verify").ExitCode);
        File.WriteAllText(
            manifest,
            File.ReadAllText(manifest)
                .Replace("v1.2.0", "v1.3.0", StringComparison.Ordinal)
                .Replace("\"internal_error\"", "\"internal_error\",\n    \"rate_limited\"", StringComparison.Ordinal)
        );
        var pinBefore = File.ReadAllBytes(pin);

        var result = Cli("verify --fix");

        Assert.Equal(pinBefore, File.ReadAllBytes(pin));
        Assert.Contains("a pin is the consumer's decision", result.StdOut, StringComparison.Ordinal);
        var expected = oneLine
            .Replace("v1.2.0", "v1.3.0", StringComparison.Ordinal)
            .Replace("\"internal_error\"]", "\"internal_error\", \"rate_limited\"]", StringComparison.Ordinal);
        Assert.Equal(expected, File.ReadAllText(handoff));
    }
}
