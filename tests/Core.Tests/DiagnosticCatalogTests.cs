using System.Text.RegularExpressions;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Tests;

/// <summary>
/// Every code is unique, has a message resource, and is documented in docs/diagnostics.md; the doc lists no unknown
/// code.
/// </summary>
public sealed partial class DiagnosticCatalogTests
{
    [GeneratedRegex(@"^### (RT\d{4})\b", RegexOptions.Multiline)]
    private static partial Regex DocHeading();

    [Fact]
    public void Codes_and_names_are_unique_and_well_formed()
    {
        var codes = DiagnosticCodes.All.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(codes.Count, DiagnosticCodes.All.Select(d => d.Name).Distinct().Count());
        Assert.All(codes, c => Assert.Matches(@"^RT[1-6]\d{3}$", c));
        var declared = typeof(DiagnosticCodes)
            .GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        Assert.Equal(declared.Select(d => d.Code).Order(), codes.Order());
    }

    [Fact]
    public void Every_code_has_a_message_resource()
    {
        foreach (var descriptor in DiagnosticCodes.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat), descriptor.Code);
        }
    }

    [Fact]
    public void Every_code_is_documented_once_and_the_doc_names_no_unknown_code()
    {
        var doc = File.ReadAllText(TestPaths.InRepo("docs", "diagnostics.md"));
        var documented = DocHeading().Matches(doc).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(documented.Count, documented.Distinct().Count());
        Assert.Equal(DiagnosticCodes.All.Select(d => d.Code).Order(), documented.Order());
    }
}
