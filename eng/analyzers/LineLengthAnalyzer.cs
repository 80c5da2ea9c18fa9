using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ReleaseTrain.Analyzers;

/// <summary>
/// RTS001: a source line longer than the <c>max_line_length</c> that .editorconfig sets for the file
/// (docs/architecture.md, "Line length"). The length is counted in UTF-16 code units, without the line break; a tab
/// counts as one. A file without <c>max_line_length</c> (or with <c>off</c>) is not checked, and generated code
/// (<c>*.g.cs</c>, <c>*.designer.cs</c>, an <c>&lt;auto-generated&gt;</c> header, <c>generated_code = true</c>)
/// never is.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LineLengthAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// The diagnostic id. RTS ids are house-style checks of this repository, apart from the RTxxxx product codes.
    /// </summary>
    public const string DiagnosticId = "RTS001";

    /// <summary>The .editorconfig key read for each file, as the EditorConfig specification names it.</summary>
    public const string MaxLineLengthKey = "max_line_length";

    private static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        title: "Line too long",
        messageFormat: "Line is {0} characters long, longer than max_line_length = {1} (.editorconfig)",
        category: "Style",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Wrap the line; eng/format.sh rewraps comments and string literals without changing behaviour."
    );

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(AnalyzeTree);
    }

    private static void AnalyzeTree(SyntaxTreeAnalysisContext context)
    {
        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.Tree);
        if (
            !options.TryGetValue(MaxLineLengthKey, out var raw)
            || !int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            || max <= 0
        )
        {
            return;
        }

        var text = context.Tree.GetText(context.CancellationToken);
        foreach (var line in text.Lines)
        {
            var length = line.Span.Length;
            if (length <= max)
            {
                continue;
            }

            // The squiggle covers what lies past the limit, so an editor shows where to wrap.
            var overflow = TextSpan.FromBounds(line.Start + max, line.End);
            context.ReportDiagnostic(
                Diagnostic.Create(
                    Rule,
                    Location.Create(context.Tree, overflow),
                    length.ToString(CultureInfo.InvariantCulture),
                    max.ToString(CultureInfo.InvariantCulture)
                )
            );
        }
    }
}
