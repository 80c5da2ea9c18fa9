using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ReleaseTrain.Format;

/// <summary>
/// Wraps the C# lines that CSharpier leaves longer than the limit, without changing what the program does:
/// <list type="bullet">
/// <item>a <c>///</c> line is broken at a space in XML text (never inside a tag, an attribute, <c>&lt;code&gt;</c>
/// or CDATA), the rest goes on a new line with the same indentation and prefix;</item>
/// <item>a whole-line <c>//</c> comment likewise; the rest joins the next line when that line goes on with the same
/// paragraph (not a list item, aligned columns or a new XML element); a list item keeps a hanging indent; a
/// too-long one-line <c>&lt;summary&gt;</c> or <c>&lt;remarks&gt;</c> becomes start tag, text, end tag;</item>
/// <item>a trailing <c>//</c> comment moves to its own line above;</item>
/// <item>a regular, verbatim, interpolated or single-line raw string literal on one line is split outside every
/// interpolation hole into <c>"a " + "b"</c> (<c>$"a " + $"b"</c>), so the string at run time is the same;</item>
/// <item>a content line of a multi-line raw string is cut: the literal ends there and a second raw literal, joined
/// by <c>+</c>, starts with the rest of the line.</item>
/// </list>
/// Every line still too long afterwards is listed as <c>path:line: length: kind</c> on standard output for a human.
/// Usage: <c>WrapLongLines [--max N] [--check] PATH...</c> (folders are searched for *.cs outside bin/, obj/ and
/// artifacts/). Exit code 0 when no line is left too long, 1 when some are, 2 on bad arguments. With
/// <c>--check</c> no file is written, and the exit code is 3 when some file would change.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var max = 120;
        var check = false;
        var paths = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--max"
                    when i + 1 < args.Length
                        && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out max):
                    i++;
                    break;
                case "--check":
                    check = true;
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        Console.Error.WriteLine("usage: WrapLongLines [--max N] [--check] PATH...");
                        return 2;
                    }

                    paths.Add(args[i]);
                    break;
            }
        }

        if (paths.Count == 0 || max <= 0)
        {
            Console.Error.WriteLine("usage: WrapLongLines [--max N] [--check] PATH...");
            return 2;
        }

        var files = paths.SelectMany(SourceFiles).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var changed = 0;
        var leftovers = new List<string>();
        foreach (var file in files)
        {
            var original = File.ReadAllText(file);
            var wrapper = new Wrapper(original, max);
            wrapper.Run();
            if (!string.Equals(wrapper.Text, original, StringComparison.Ordinal))
            {
                changed++;
                if (!check)
                {
                    File.WriteAllText(file, wrapper.Text, new UTF8Encoding(original.Length > 0 && HasBom(file)));
                }
            }

            leftovers.AddRange(wrapper.Leftovers().Select(l => $"{file}:{l}"));
        }

        foreach (var line in leftovers)
        {
            Console.WriteLine(line);
        }

        Console.Error.WriteLine(
            $"WrapLongLines: {changed} file(s) {(check ? "would change" : "changed")}, "
                + $"{leftovers.Count} line(s) longer than {max} left for a human."
        );
        return check && changed > 0 ? 3
            : leftovers.Count == 0 ? 0
            : 1;
    }

    private static IEnumerable<string> SourceFiles(string path)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        var skipped = new[] { "bin", "obj", "artifacts" };
        return Directory
            .EnumerateFiles(path, "*.cs", SearchOption.AllDirectories)
            .Where(f =>
                !Path.GetRelativePath(path, f)
                    .Split(Path.DirectorySeparatorChar)
                    .Any(part => skipped.Contains(part, StringComparer.Ordinal))
            );
    }

    private static bool HasBom(string file)
    {
        using var stream = File.OpenRead(file);
        Span<byte> head = stackalloc byte[3];
        return stream.Read(head) == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
    }
}

/// <summary>One file's text, rewritten one long line at a time (each fix re-parses the file).</summary>
internal sealed class Wrapper(string text, int max)
{
    private const int MinimumPiece = 8;

    private const int RawMargin = 8;

    private static readonly CSharpParseOptions Options = new(LanguageVersion.Preview);

    private readonly string newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private SyntaxTree tree = CSharpSyntaxTree.ParseText(text, Options);

    /// <summary>The text as it stands.</summary>
    public string Text { get; private set; } = text;

    private SourceText Source => tree.GetText();

    /// <summary>Fixes every long line that can be fixed, last line first, so earlier line numbers stay put.</summary>
    public void Run() => FixRange(0, Source.Lines.Count - 1);

    /// <summary>The lines still too long, as <c>line: length: kind</c> (1-based line numbers).</summary>
    public IEnumerable<string> Leftovers()
    {
        foreach (var line in Source.Lines)
        {
            if (line.Span.Length > max)
            {
                yield return string.Create(
                    CultureInfo.InvariantCulture,
                    $"{line.LineNumber + 1}: {line.Span.Length}: {KindOf(line)}"
                );
            }
        }
    }

    private void FixRange(int from, int to)
    {
        for (var i = to; i >= from; i--)
        {
            if (Source.Lines[i].Span.Length <= max)
            {
                continue;
            }

            var added = TryFix(i);
            if (added > 0)
            {
                FixRange(i, i + added);
            }
        }
    }

    /// <summary>Fixes line <paramref name="index"/> once; the number of lines added, 0 when it cannot.</summary>
    private int TryFix(int index)
    {
        var line = Source.Lines[index];
        var lineText = Source.ToString(line.Span);
        var indent = lineText.Length - lineText.TrimStart().Length;
        if (indent == lineText.Length)
        {
            return 0;
        }

        var root = tree.GetRoot();
        var first = root.FindTrivia(line.Start + indent, findInsideTrivia: false);
        if (
            first.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)
            && lineText.AsSpan(indent).StartsWith("///", StringComparison.Ordinal)
        )
        {
            return SplitDocElement(line, lineText, indent)
                ?? WrapComment(line, lineText, indent, 3, pos => IsDocBreak(root, pos));
        }

        if (first.IsKind(SyntaxKind.SingleLineCommentTrivia) && first.SpanStart == line.Start + indent)
        {
            return WrapComment(line, lineText, indent, 2, _ => true);
        }

        if (EnclosingMultiLineRaw(root, line) is { } raw)
        {
            return SplitRawLine(root, raw, line, lineText);
        }

        if (LineStartsInsideToken(root, line))
        {
            return 0;
        }

        return SplitString(root, line, lineText, indent) ?? MoveTrailingComment(root, line, lineText, indent);
    }

    private int WrapComment(TextLine line, string lineText, int indent, int slashes, Func<int, bool> canBreakAt)
    {
        var bodyStart = indent + slashes;
        while (bodyStart < lineText.Length && lineText[bodyStart] == ' ')
        {
            bodyStart++;
        }

        // A list item ("1. ", "- ") goes on with a hanging indent under its text.
        var prefix = lineText[..bodyStart] + new string(' ', ListMarkerLength(lineText[bodyStart..]));
        for (var k = Math.Min(max, lineText.Length - 1); k > bodyStart; k--)
        {
            if (lineText[k] != ' ' || lineText[k - 1] == ' ' || !canBreakAt(line.Start + k))
            {
                continue;
            }

            var rest = lineText[(k + 1)..].TrimStart(' ');
            if (rest.Length == 0 || prefix.Length + rest.Length >= lineText.Length)
            {
                continue;
            }

            var head = lineText[..k].TrimEnd(' ');
            if (line.LineNumber + 1 < Source.Lines.Count)
            {
                // Reflow: the rest joins the next line when that line goes on with the same paragraph.
                var next = Source.Lines[line.LineNumber + 1];
                var nextText = Source.ToString(next.Span);
                if (
                    nextText.Length > prefix.Length
                    && nextText.StartsWith(prefix, StringComparison.Ordinal)
                    && ContinuesParagraph(lineText[bodyStart..], rest, nextText[prefix.Length..], slashes == 3)
                )
                {
                    var merged = prefix + rest + " " + nextText[prefix.Length..];
                    Replace(TextSpan.FromBounds(line.Start, next.End), head + newline + merged);
                    return 1;
                }
            }

            Replace(line.Span, head + newline + prefix + rest);
            return 1;
        }

        return 0;
    }

    /// <summary>The length of a list marker at the start of a comment's text (<c>1. </c>, <c>- </c>), else 0.</summary>
    private static int ListMarkerLength(string body)
    {
        if (body.StartsWith("- ", StringComparison.Ordinal) || body.StartsWith("* ", StringComparison.Ordinal))
        {
            return 2;
        }

        var digits = body.TakeWhile(char.IsDigit).Count();
        var numbered = digits is > 0 and < 3 && body.Length > digits + 1;
        return numbered && body[digits] is '.' or ')' && body[digits + 1] == ' ' ? digits + 2 : 0;
    }

    /// <summary>
    /// Whether <paramref name="next"/> (a comment line's text after the same prefix) continues the paragraph that
    /// <paramref name="rest"/> is cut from: prose on both sides, no list item, no aligned columns, and in a doc
    /// comment no element starting or ending at the seam.
    /// </summary>
    private static bool ContinuesParagraph(string body, string rest, string next, bool doc)
    {
        if (next.Length == 0 || !(char.IsLetterOrDigit(next[0]) || next[0] is '(' or '`' or '"' or '\''))
        {
            return false;
        }

        if (body.Contains("  ", StringComparison.Ordinal) || next.Contains("  ", StringComparison.Ordinal))
        {
            return false;
        }

        if (ListMarkerLength(next) > 0)
        {
            return false;
        }

        return !rest.EndsWith(':') && !(doc && rest.EndsWith('>'));
    }

    /// <summary>
    /// A too-long <c>/// &lt;summary&gt;text&lt;/summary&gt;</c> (or remarks) on one line becomes three lines: the
    /// start tag, the text (wrapped in turn), the end tag. Null when the line is not such an element.
    /// </summary>
    private int? SplitDocElement(TextLine line, string lineText, int indent)
    {
        var bodyStart = indent + 3;
        while (bodyStart < lineText.Length && lineText[bodyStart] == ' ')
        {
            bodyStart++;
        }

        var prefix = lineText[..bodyStart];
        var body = lineText[bodyStart..];
        foreach (var tag in new[] { "summary", "remarks" })
        {
            var start = "<" + tag + ">";
            var end = "</" + tag + ">";
            if (
                body.StartsWith(start, StringComparison.Ordinal)
                && body.EndsWith(end, StringComparison.Ordinal)
                && body.Length > start.Length + end.Length
                && body.IndexOf(end, StringComparison.Ordinal) == body.Length - end.Length
            )
            {
                var text = body[start.Length..^end.Length].Trim();
                Replace(line.Span, prefix + start + newline + prefix + text + newline + prefix + end);
                return 2;
            }
        }

        return null;
    }

    /// <summary>The multi-line raw string literal (plain, UTF-8 or interpolated) the line lies inside, else
    /// null.</summary>
    private static SyntaxNode? EnclosingMultiLineRaw(SyntaxNode root, TextLine line)
    {
        var token = root.FindToken(line.Start, findInsideTrivia: false);
        foreach (var node in token.Parent?.AncestorsAndSelf() ?? [])
        {
            var raw = node switch
            {
                LiteralExpressionSyntax literal => literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)
                    || literal.Token.IsKind(SyntaxKind.Utf8MultiLineRawStringLiteralToken),
                InterpolatedStringExpressionSyntax interpolated => interpolated.StringStartToken.IsKind(
                    SyntaxKind.InterpolatedMultiLineRawStringStartToken
                ),
                _ => false,
            };
            if (raw)
            {
                return node.SpanStart < line.Start && node.Span.End > line.End ? node : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Splits a content line of a multi-line raw string into two raw strings joined by <c>+</c>, so the string is the
    /// same: the first ends where the line is cut (the closing delimiter on its own line with the original closing
    /// indentation, then <c>+</c> and the opening delimiter), the second starts with the rest of the line. The cut is
    /// before a space (the space begins the next piece, so no line ends in whitespace), else after punctuation, never
    /// inside an interpolation hole.
    /// </summary>
    private int SplitRawLine(SyntaxNode root, SyntaxNode raw, TextLine line, string lineText)
    {
        var closingLine = Source.Lines.GetLineFromPosition(raw.Span.End);
        var closingText = Source.ToString(closingLine.Span);
        var closingIndent = closingText[..(closingText.Length - closingText.TrimStart().Length)];
        if (!lineText.StartsWith(closingIndent, StringComparison.Ordinal))
        {
            return 0;
        }

        string open;
        string close;
        if (raw is LiteralExpressionSyntax literal)
        {
            var text = literal.Token.Text;
            var quotes = text.TakeWhile(c => c == '"').Count();
            open = new string('"', quotes);
            close = open + (literal.Token.IsKind(SyntaxKind.Utf8MultiLineRawStringLiteralToken) ? text[^2..] : "");
        }
        else
        {
            var interpolated = (InterpolatedStringExpressionSyntax)raw;
            open = interpolated.StringStartToken.Text.TrimEnd();
            close = interpolated.StringEndToken.Text.Trim();
        }

        bool InText(int k) =>
            raw is LiteralExpressionSyntax
            || (
                root.FindToken(line.Start + k) is var token
                && token.IsKind(SyntaxKind.InterpolatedStringTextToken)
                && token.SpanStart <= line.Start + k - 1
                && token.Span.End >= line.Start + k + 1
            );

        // CSharpier indents the content of a raw string that is an operand of + by four more: leave room for it.
        var lowest = closingIndent.Length + 1;
        for (var tier = 1; tier <= 2; tier++)
        {
            for (var k = Math.Min(max - RawMargin, lineText.Length - MinimumPiece); k > lowest; k--)
            {
                var before = lineText[k - 1];
                var fits =
                    tier == 1
                        ? lineText[k] == ' ' && before != ' '
                        : ",;:/>)]}".Contains(before, StringComparison.Ordinal) && lineText[k] != ' ';
                if (!fits || !InText(k))
                {
                    continue;
                }

                Replace(
                    line.Span,
                    lineText[..k]
                        + newline
                        + closingIndent
                        + close
                        + " + "
                        + open
                        + newline
                        + closingIndent
                        + lineText[k..]
                );
                return 2;
            }
        }

        return 0;
    }

    /// <summary>A space in the XML text of a doc comment, outside tags, attributes, &lt;code&gt; and CDATA.</summary>
    private static bool IsDocBreak(SyntaxNode root, int position)
    {
        var token = root.FindToken(position, findInsideTrivia: true);
        if (!token.IsKind(SyntaxKind.XmlTextLiteralToken) || !token.Span.Contains(position))
        {
            return false;
        }

        foreach (var node in token.Parent!.AncestorsAndSelf())
        {
            switch (node)
            {
                case XmlCDataSectionSyntax:
                case XmlAttributeSyntax:
                case XmlElementSyntax element
                    when element.StartTag.Name.LocalName.Text is "code" or "c" or "see" or "paramref" or "typeparamref":
                    return false;
                case DocumentationCommentTriviaSyntax:
                    return true;
            }
        }

        return true;
    }

    private static bool LineStartsInsideToken(SyntaxNode root, TextLine line)
    {
        var token = root.FindToken(line.Start, findInsideTrivia: false);
        return token.SpanStart < line.Start && token.Span.End > line.Start;
    }

    /// <summary>
    /// Splits a string literal that lies wholly on the line and starts before the limit: at a space if one fits, else
    /// after punctuation or an interpolation hole, else before an escape, else between any two characters (never inside
    /// an escape sequence, a doubled brace or quote, or a surrogate pair). Rightmost literal first within each tier.
    /// </summary>
    private int? SplitString(SyntaxNode root, TextLine line, string lineText, int indent)
    {
        var candidates = root.DescendantNodes(line.Span)
            .Where(n => n.SpanStart >= line.Start && n.Span.End <= line.End && n.SpanStart - line.Start < max)
            .Where(n => !n.Ancestors().OfType<InterpolationSyntax>().Any())
            .Select(Splittable)
            .OfType<StringPieces>()
            .OrderByDescending(p => p.Node.SpanStart)
            .ToList();
        // A continuation line of an earlier split keeps its indentation; any other line's continuation is indented.
        var continued = lineText.AsSpan(indent).StartsWith("+ ", StringComparison.Ordinal);
        var continuation = new string(' ', continued ? indent : indent + 4) + "+ ";
        var best = new (int Length, string Text)?[5];
        foreach (var pieces in candidates)
        {
            var node = pieces.Node;
            var open = NeedsParentheses(node) ? "(" : string.Empty;
            var close = open.Length == 0 ? string.Empty : ")";
            var column = node.SpanStart - line.Start;
            var after = lineText[(node.Span.End - line.Start)..];
            foreach (var (split, tier) in pieces.Splits)
            {
                var head = Source.ToString(TextSpan.FromBounds(node.SpanStart, split)) + pieces.End;
                var first = lineText[..column] + open + head;
                if (first.Length > max || (best[tier] is { } known && known.Length >= first.Length))
                {
                    continue;
                }

                var tail = pieces.Start + Source.ToString(TextSpan.FromBounds(split, node.Span.End));
                best[tier] = (first.Length, first + newline + continuation + tail + close + after);
            }
        }

        // The best tier whose first line uses at least half the width, else the longest first line of any tier.
        var chosen = best.Skip(1).FirstOrDefault(b => b is { } found && found.Length >= max / 2)
            ?? best.Where(b => b is not null).MaxBy(b => b!.Value.Length);
        if (chosen is { } split1)
        {
            Replace(line.Span, split1.Text);
            return 1;
        }

        return null;
    }

    /// <summary>A string literal that can be split, its delimiters and where it may be split; else null.</summary>
    private static StringPieces? Splittable(SyntaxNode node)
    {
        switch (node)
        {
            case LiteralExpressionSyntax literal when literal.Token.IsKind(SyntaxKind.StringLiteralToken):
            {
                var text = literal.Token.Text;
                var verbatim = text.StartsWith("@\"", StringComparison.Ordinal);
                if (
                    !(verbatim || text.StartsWith('"'))
                    || !text.EndsWith('"')
                    || text.Length < 3
                    || text.StartsWith("\"\"\"", StringComparison.Ordinal)
                )
                {
                    return null;
                }

                var startLength = verbatim ? 2 : 1;
                var units = Units(text, startLength, text.Length - 1, literal.SpanStart, verbatim, braces: false)
                    .ToList();
                return Pieces(literal, text[..startLength], units);
            }

            case LiteralExpressionSyntax literal when literal.Token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken):
            {
                var text = literal.Token.Text;
                var quotes = text.TakeWhile(c => c == '"').Count();
                var units = Units(text, quotes, text.Length - quotes, literal.SpanStart, raw: true).ToList();
                return Pieces(literal, text[..quotes], units, text[^quotes..]);
            }

            case InterpolatedStringExpressionSyntax interpolated
                when interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedSingleLineRawStringStartToken):
            {
                var units = new List<Unit>();
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolatedStringTextSyntax part)
                    {
                        var text = part.TextToken.Text;
                        units.AddRange(Units(text, 0, text.Length, part.SpanStart, raw: true));
                    }
                    else
                    {
                        units.Add(new Unit(content.SpanStart, content.Span.End, "{", Hole: true));
                    }
                }

                var start = interpolated.StringStartToken.Text;
                return Pieces(interpolated, start, units, interpolated.StringEndToken.Text);
            }

            case InterpolatedStringExpressionSyntax interpolated
                when interpolated.StringStartToken.Text is "$\"" or "$@\"" or "@$\"":
            {
                var verbatim = interpolated.StringStartToken.Text.Contains('@', StringComparison.Ordinal);
                var units = new List<Unit>();
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolatedStringTextSyntax part)
                    {
                        var text = part.TextToken.Text;
                        units.AddRange(Units(text, 0, text.Length, part.SpanStart, verbatim, braces: true));
                    }
                    else
                    {
                        units.Add(new Unit(content.SpanStart, content.Span.End, "{", Hole: true));
                    }
                }

                return Pieces(interpolated, interpolated.StringStartToken.Text, units);
            }

            default:
                return null;
        }
    }

    private static StringPieces? Pieces(SyntaxNode node, string start, List<Unit> units, string end = "\"")
    {
        // A raw string's piece may not begin or end with a quote: it would run into its delimiter.
        var raw = end.Length > 1;
        var splits = new List<(int Position, int Tier)>();
        for (var i = 1; i < units.Count; i++)
        {
            // Short pieces read badly ("reaso" + "n"): a split that is not at a space keeps 8 characters each side.
            var shortPiece =
                units[i].Start - units[0].Start < MinimumPiece || units[^1].End - units[i].Start < MinimumPiece;
            var before = units[i - 1];
            var tier =
                before.Hole ? 2
                : before.Text == " " ? 1
                : before.Text.Length == 1 && ",;:/>)]}|&-.".Contains(before.Text[0], StringComparison.Ordinal) ? 2
                : units[i].Text.StartsWith('\\') && !units[i].Hole ? 3
                : 4;
            if ((tier == 1 || !shortPiece) && !(raw && (before.Text == "\"" || units[i].Text == "\"")))
            {
                splits.Add((units[i].Start, tier));
            }
        }

        return splits.Count == 0 ? null : new StringPieces(node, start, end, splits);
    }

    /// <summary>
    /// The characters of a string's source text from <paramref name="from"/> to <paramref name="to"/>, an escape
    /// sequence (<c>\n</c>, <c>\u0041</c>, <c>\x41</c>), a doubled quote (verbatim) or brace (interpolated) or a
    /// surrogate pair each counting as one unit; a raw string has no escapes. <paramref name="offset"/> is the source
    /// position of the text.
    /// </summary>
    private static IEnumerable<Unit> Units(
        string text,
        int from,
        int to,
        int offset,
        bool verbatim = false,
        bool braces = false,
        bool raw = false
    )
    {
        var k = from;
        while (k < to)
        {
            var length = 1;
            var c = text[k];
            if (!verbatim && !raw && c == '\\' && k + 1 < to)
            {
                length = text[k + 1] switch
                {
                    'u' => 6,
                    'U' => 10,
                    'x' => 2 + text.Skip(k + 2).Take(Math.Min(4, to - k - 2)).TakeWhile(Uri.IsHexDigit).Count(),
                    _ => 2,
                };
            }
            else if ((verbatim && c == '"') || (braces && c is '{' or '}'))
            {
                length = k + 1 < to && text[k + 1] == c ? 2 : 1;
            }
            else if (char.IsHighSurrogate(c) && k + 1 < to)
            {
                length = 2;
            }

            length = Math.Min(length, to - k);
            yield return new Unit(offset + k, offset + k + length, text.Substring(k, length), Hole: false);
            k += length;
        }
    }

    /// <summary>
    /// False where <c>a + b</c> reads the same as the literal it replaces (an argument, an initializer, an operand of
    /// +, a branch of ?: or ??, a return or lambda body); elsewhere (member access, casts, patterns) it is
    /// parenthesized.
    /// </summary>
    private static bool NeedsParentheses(SyntaxNode node) =>
        node.Parent switch
        {
            ArgumentSyntax or AttributeArgumentSyntax or EqualsValueClauseSyntax or ReturnStatementSyntax => false,
            ArrowExpressionClauseSyntax or InitializerExpressionSyntax or ExpressionElementSyntax => false,
            ThrowExpressionSyntax or ThrowStatementSyntax or YieldStatementSyntax or SwitchExpressionArmSyntax => false,
            LambdaExpressionSyntax or InterpolationSyntax => false,
            BinaryExpressionSyntax binary => !binary.IsKind(SyntaxKind.AddExpression)
                && !(binary.IsKind(SyntaxKind.CoalesceExpression) && binary.Right == node),
            ConditionalExpressionSyntax conditional => conditional.Condition == node,
            AssignmentExpressionSyntax assignment => assignment.Right != node,
            _ => true,
        };

    private int MoveTrailingComment(SyntaxNode root, TextLine line, string lineText, int indent)
    {
        var last = root.FindTrivia(line.End - 1, findInsideTrivia: false);
        if (!last.IsKind(SyntaxKind.SingleLineCommentTrivia) || last.Span.End != line.End)
        {
            return 0;
        }

        var code = Source.ToString(TextSpan.FromBounds(line.Start, last.SpanStart)).TrimEnd();
        if (code.Length <= indent || code.Length >= lineText.Length)
        {
            return 0;
        }

        Replace(line.Span, lineText[..indent] + last.ToString() + newline + code);
        return 1;
    }

    private string KindOf(TextLine line)
    {
        var root = tree.GetRoot();
        var lineText = Source.ToString(line.Span);
        var trimmed = lineText.TrimStart();
        if (trimmed.StartsWith("///", StringComparison.Ordinal))
        {
            return "doc comment (no space to break at outside tags, <c>, <code> and CDATA)";
        }

        if (trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return "comment (no space to break at)";
        }

        var atStart = root.FindToken(line.Start + lineText.Length - trimmed.Length, findInsideTrivia: false);
        if (
            LineStartsInsideToken(root, line)
            || atStart.IsKind(SyntaxKind.InterpolatedStringTextToken)
            || atStart.IsKind(SyntaxKind.InterpolatedRawStringEndToken)
            || atStart.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)
        )
        {
            return "inside a multi-line string (verbatim or raw)";
        }

        var literals = root.DescendantTokens(line.Span)
            .Where(t =>
                t.IsKind(SyntaxKind.StringLiteralToken)
                || t.IsKind(SyntaxKind.InterpolatedStringStartToken)
                || t.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                || t.IsKind(SyntaxKind.Utf8StringLiteralToken)
            );
        foreach (var token in literals)
        {
            if (
                token.Text.StartsWith('@')
                || token.Text.Contains("@\"", StringComparison.Ordinal)
                || token.Text.Contains("\"\"\"", StringComparison.Ordinal)
            )
            {
                return "verbatim or raw string";
            }
        }

        return literals.Any()
            ? "string literal that cannot be split to fit (an interpolation hole longer than the room: extract a local)"
            : "code";
    }

    private void Replace(TextSpan span, string replacement)
    {
        var changed = Source.WithChanges(new TextChange(span, replacement));
        Text = changed.ToString();
        tree = CSharpSyntaxTree.ParseText(changed, Options);
    }

    /// <summary>A literal, the delimiters its pieces start and end with, and its split positions by tier.</summary>
    private sealed record StringPieces(
        SyntaxNode Node,
        string Start,
        string End,
        IReadOnlyList<(int Position, int Tier)> Splits
    );

    /// <summary>One character (or escape, doubled quote or brace, surrogate pair, interpolation hole) of a
    /// literal.</summary>
    private sealed record Unit(int Start, int End, string Text, bool Hole);
}
