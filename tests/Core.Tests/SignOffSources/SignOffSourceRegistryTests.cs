using System.Text.RegularExpressions;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Tests;

namespace ReleaseTrain.Core.Tests;

/// <summary>
/// Keeps the registry of sign-off sources in step with docs/signoff.md ("Sources of sign-off" names each source) and
/// docs/diagnostics.md. The schemas do not enumerate sources: a decision's <c>source</c> in signoff-status JSON is the
/// source's name followed by where the decision is (e.g. "review 80 on PR #12").
/// </summary>
public sealed partial class SignOffSourceRegistryTests
{
    [GeneratedRegex(@"^### (RT\d{4})\b", RegexOptions.Multiline)]
    private static partial Regex DocHeading();

    [GeneratedRegex(@"^\*\*[^*]+\*\* \(source `([a-z-]+)`\)", RegexOptions.Multiline)]
    private static partial Regex SourceHeading();

    [Fact]
    public void Docs_signoff_names_exactly_the_registrys_sources()
    {
        var doc = File.ReadAllText(TestPaths.InRepo("docs", "signoff.md"));
        var start = doc.IndexOf("## Sources of sign-off", StringComparison.Ordinal);
        var section = doc[start..doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
        var documented = SourceHeading().Matches(section).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(SignOffSources.All.Select(s => s.Name), documented);
        Assert.Equal(SignOffSources.All.Count, SignOffSources.All.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public void Every_declared_code_is_documented()
    {
        var doc = File.ReadAllText(TestPaths.InRepo("docs", "diagnostics.md"));
        var documented = DocHeading().Matches(doc).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(SignOffSources.All.SelectMany(s => s.Codes), c => Assert.Contains(c.Code, documented));
    }
}
