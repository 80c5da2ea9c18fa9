using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Tests;

/// <summary>
/// A copy of real MemoryKernel/AssistSupport files in a temp folder, mutated by a test, then verified.
/// </summary>
internal sealed class MutableRepo : IDisposable
{
    private readonly TempDirectory _temp = new("rt-mk");

    public MutableRepo(string realDataFolder, params string[] files)
    {
        foreach (var file in files)
        {
            _temp.CopyIn(TestPaths.RealData(realDataFolder, file), file);
        }
    }

    public string Root => _temp.Path;

    public string PathOf(string relative) => _temp.Combine(relative);

    /// <summary>
    /// Replaces the first occurrence of a text in a file; fails when absent so a mutation never silently misses.
    /// </summary>
    public void Replace(string relative, string oldText, string newText)
    {
        var path = PathOf(relative);
        var text = File.ReadAllText(path);
        var index = text.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{oldText}' not found in {relative}");
        File.WriteAllText(path, string.Concat(text.AsSpan(0, index), newText, text.AsSpan(index + oldText.Length)));
    }

    /// <summary>1-based line and column of the first occurrence of a text.</summary>
    public (int Line, int Column) Find(string relative, string text)
    {
        var lines = File.ReadAllLines(PathOf(relative));
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(text, StringComparison.Ordinal);
            if (column >= 0)
            {
                return (i + 1, column + 1);
            }
        }

        throw new InvalidOperationException($"'{text}' not in {relative}");
    }

    /// <summary>Verifies the example config (all of its contracts, or those named).</summary>
    public VerificationReport Verify(string config, params string[] contracts) =>
        ContractVerification.Run(
            new VerifyRequest(TestPaths.InRepo("examples", "memorykernel", config), Root, Root, contracts)
        );

    public void Dispose() => _temp.Dispose();
}

internal static class ReportAssert
{
    public static DriftFinding Single(VerificationReport report, string ruleId, string code)
    {
        Assert.Empty(report.InputErrors);
        var matches = report
            .Contracts.SelectMany(c => c.Findings)
            .Where(f => f.RuleId == ruleId && f.Diagnostic.Code == code)
            .ToList();
        Assert.True(
            matches.Count == 1,
            $"expected one {code} from {ruleId}, got:\n" + string.Join("\n", report.AllDiagnostics)
        );
        return matches[0];
    }

    public static void Passes(VerificationReport report)
    {
        Assert.True(report.Status == VerificationStatus.Pass, string.Join("\n", report.AllDiagnostics));
        Assert.Equal(0, report.ExitCode);
        Assert.NotEmpty(report.Contracts);
        Assert.All(report.Contracts, c => Assert.True(c.RulesEvaluated > 0));
    }

    public static void At(DriftFinding finding, string pointer, (int Line, int Column) position)
    {
        Assert.Equal(pointer, finding.Pointer);
        Assert.Equal(position.Line, finding.Diagnostic.Line);
        Assert.Equal(position.Column, finding.Diagnostic.Column);
        Assert.Equal(DiagnosticSeverity.Error, finding.Diagnostic.Severity);
    }
}
