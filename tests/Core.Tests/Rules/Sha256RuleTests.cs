using System.Security.Cryptography;
using System.Text;
using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>The <c>sha256</c> rule kind (src/Core/Rules/Sha256Rule.cs).</summary>
public sealed class Sha256RuleTests : IDisposable
{
    private const string PinsManifest = """{ "id": "r", "kind": "sha256", "pointer": "/pin", "of": "manifest" }""";
    private static readonly DriftRuleKind Kind = RuleKinds.Get("sha256");
    private readonly RuleRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static string Hex(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    [Fact]
    public void Sha256_pin_refuses_the_prefixed_forms_as_its_consumers_do_and_warns_on_upper_case()
    {
        // AssistSupport's validate_memorykernel_pin_sync.mjs: /^[0-9a-f]{64}$/ on the pin, then a string compare with
        // the bare hex digest; a "sha256:" prefix fails there, so it is drift here. Upper-case hex names the same
        // digest: a warning (RT1031) with the lower-case form, not drift.
        var manifest = "{\"v\": 1}\n";
        var hex = Hex(manifest);
        var bare = _repo.Run(
            RuleRepo.Contract(PinsManifest),
            ("m.json", manifest),
            ("p.json", $"{{\"pin\": \"{hex}\"}}")
        );
        Assert.Equal(0, bare.ExitCode);
        foreach (var pin in new[] { "sha256:" + hex, "SHA256:" + hex })
        {
            var report = _repo.Run(RuleRepo.Contract(PinsManifest), ("p.json", $"{{\"pin\": \"{pin}\"}}"));
            var finding = RuleRepo.SingleFinding(report, "RT2009");
            Assert.Equal($"\"{hex}\"", finding.Expected);
            Assert.Equal($"\"{pin}\"", finding.Actual);
        }

        var upper = _repo.Run(
            RuleRepo.Contract(PinsManifest),
            ("p.json", $"{{\"pin\": \"{hex.ToUpperInvariant()}\"}}")
        );
        Assert.Equal(0, upper.ExitCode);
        var warning = Assert.Single(upper.Contracts.SelectMany(c => c.Findings));
        Assert.Equal("RT1031", warning.Diagnostic.Code);
        Assert.Equal(ReleaseTrain.Core.Diagnostics.DiagnosticSeverity.Warning, warning.Diagnostic.Severity);
        Assert.Contains($"Write \"{hex}\" (the same digest", warning.Diagnostic.Message, StringComparison.Ordinal);
        RuleRepo.CodesAreDeclared(Kind, upper);
    }

    [Fact]
    public void The_pinned_file_is_hashed_as_raw_bytes_and_need_not_be_json()
    {
        var blob = "not json at all\r\n";
        var rule = """{ "id": "r", "kind": "sha256", "pointer": "/pin", "of": "blob" }""";
        var files = "\n      \"files\": { \"blob\": \"bin/blob.txt\" },";
        var pin = $"{{\"pin\": \"{Hex(blob)}\"}}";
        var pass = _repo.Run(RuleRepo.Contract(rule, files), ("m.json", "{}"), ("bin/blob.txt", blob), ("p.json", pin));
        Assert.Equal(0, pass.ExitCode);

        var report = _repo.Run(RuleRepo.Contract(rule, files), ("bin/blob.txt", blob + " "));
        var finding = RuleRepo.SingleFinding(report, "RT2009");
        Assert.Equal((1, 9), (finding.Diagnostic.Line, finding.Diagnostic.Column));
        Assert.Equal($"\"{Hex(blob + " ")}\"", finding.Expected);
        var now = Hex(blob + " ");
        Assert.Equal(
            $"[c/r] /pin: pin \"{Hex(blob)}\" differs from the sha256 of 'bin/blob.txt' raw bytes, \"{now}\".",
            finding.Diagnostic.Message
        );
        RuleRepo.CodesAreDeclared(Kind, report);
    }

    [Fact]
    public void An_undeclared_file_is_RT1010_at_of()
    {
        var config = RuleRepo.Contract("""{ "id": "r", "kind": "sha256", "pointer": "/pin", "of": "nope" }""");
        var d = RuleRepo.SingleError(_repo.Run(config));
        Assert.Equal("RT1010", d.Code);
        Assert.Equal((8, config.Split('\n')[7].IndexOf("\"nope\"", StringComparison.Ordinal) + 1), (d.Line, d.Column));
        Assert.Equal(
            "Rule 'r' names file 'nope', which contract 'c' does not declare (declared: manifest).",
            d.Message
        );
    }

    [Fact]
    public void A_pin_that_is_not_a_string_is_RT2011_and_fix_leaves_it()
    {
        _repo.Run(RuleRepo.Contract(PinsManifest), ("m.json", "{}"), ("p.json", "{\"pin\": 1}"));
        Assert.False(Kind.DerivesValue);
        var result = _repo.Fix();
        Assert.Equal("RT2011", Assert.Single(result.Unfixed).Finding.Diagnostic.Code);
        Assert.StartsWith("the contract is a pin", result.Unfixed[0].Why, StringComparison.Ordinal);
    }
}
