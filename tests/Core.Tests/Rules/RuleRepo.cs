using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Rules;

namespace ReleaseTrain.Tests;

/// <summary>
/// A small repository on disk for the tests of one rule kind: release-train.json with one contract (manifest m.json,
/// payload p.json) and the files a test writes; verification and --fix as the adapters call them.
/// </summary>
internal sealed class RuleRepo : IDisposable
{
    private readonly TempDirectory _dir = new("rt-rule");

    public string Combine(string path) => _dir.Combine(path);

    public void Dispose() => _dir.Dispose();

    /// <summary>One contract <c>c</c> with the given rules; the rule objects start on line 8, column 9.</summary>
    public static string Contract(string rules, string extra = "") =>
        $$"""
            {
              "contracts": [
                {
                  "id": "c",
                  "manifest": "m.json",
                  "payloads": ["p.json"],{{extra}}
                  "rules": [
                    {{rules}}
                  ]
                }
              ]
            }
            """;

    public void Write(params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_dir.Combine(path))!);
            File.WriteAllText(_dir.Combine(path), content);
        }
    }

    public VerificationReport Run(string config, params (string Path, string Content)[] files)
    {
        Write(files);
        File.WriteAllText(_dir.Combine("release-train.json"), config);
        return ContractVerification.Run(new VerifyRequest(null, _dir.Path, null, []));
    }

    public FixResult Fix() => ContractFixer.Fix(new VerifyRequest(null, _dir.Path, null, []));

    /// <summary>The single diagnostic of a report, which must be an input error (exit 2).</summary>
    public static Diagnostic SingleError(VerificationReport report)
    {
        Assert.Equal(2, report.ExitCode);
        return Assert.Single(report.AllDiagnostics);
    }

    /// <summary>The single finding of a report, which must be drift of <paramref name="code"/> (exit 1).</summary>
    public static DriftFinding SingleFinding(VerificationReport report, string code)
    {
        Assert.True(report.ExitCode == 1, string.Join("\n", report.AllDiagnostics));
        var finding = Assert.Single(report.Contracts.SelectMany(c => c.Findings));
        Assert.Equal(code, finding.Diagnostic.Code);
        return finding;
    }

    /// <summary>Every code in the report is one the kind declares (or one the engine raises for any kind).</summary>
    public static void CodesAreDeclared(DriftRuleKind kind, VerificationReport report)
    {
        var declared = kind.Codes.Concat(RuleKinds.CommonCodes).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        Assert.All(report.AllDiagnostics, d => Assert.Contains(d.Code, declared));
    }
}
