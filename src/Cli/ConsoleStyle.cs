using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseTrain.Cli;

/// <summary>How much the CLI prints (<c>--verbosity</c>).</summary>
internal enum Verbosity
{
    /// <summary>Diagnostics and the verdict line only.</summary>
    Quiet,

    /// <summary>The default.</summary>
    Normal,

    /// <summary>Everything <c>--explain</c> prints, on every command that explains.</summary>
    Detailed,
}

/// <summary>
/// Console presentation, outside every rule: colour on a terminal (never when output is redirected, when
/// <c>NO_COLOR</c> is set — https://no-color.org — or when <c>TERM=dumb</c>; <c>FORCE_COLOR</c> forces it), and the
/// quiet filter.
/// </summary>
internal static partial class ConsoleStyle
{
    /// <summary>
    /// Whether to colour: never with <c>NO_COLOR</c> set (non-empty); always with <c>FORCE_COLOR</c> set (non-empty,
    /// not <c>0</c>), also into a file or pipe; otherwise only on a terminal that is not <c>TERM=dumb</c>.
    /// </summary>
    /// <param name="redirected">Console.IsOutputRedirected.</param>
    /// <param name="environment">Reads a variable.</param>
    /// <returns>True to colour.</returns>
    public static bool UseColour(bool redirected, Func<string, string?> environment) =>
        string.IsNullOrEmpty(environment("NO_COLOR"))
        && (
            environment("FORCE_COLOR") is { Length: > 0 } force && force != "0"
            || !redirected && environment("TERM") != "dumb"
        );

    /// <summary>
    /// The ANSI colour of a line: red for errors and failing verdicts, yellow for warnings, green for passing ones.
    /// </summary>
    /// <param name="line">A line of output.</param>
    /// <returns>The escape sequence, or null.</returns>
    public static string? ColourOf(string line) =>
        ErrorLine().IsMatch(line) ? "\u001b[31m"
        : WarningLine().IsMatch(line) ? "\u001b[33m"
        : PassLine().IsMatch(line) ? "\u001b[32m"
        : null;

    [GeneratedRegex(
        @": error RT\d{4}:|: (FAIL|DRIFT|NO-GO|REFUSED|ROLLBACK|INCONCLUSIVE|FROZEN)\b|\bFROZEN$| MISSING | REJECTED ",
        RegexOptions.None,
        1000
    )]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@": warning RT\d{4}:|: WARN\b", RegexOptions.None, 1000)]
    private static partial Regex WarningLine();

    [GeneratedRegex(@": (PASS|GO|PROMOTE|complete)\b|: open$|intact:| approved ", RegexOptions.None, 1000)]
    private static partial Regex PassLine();

    /// <summary>A writer that colours whole lines (text is buffered to the end of each line).</summary>
    public sealed class ColourWriter(TextWriter inner) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                var text = _line.ToString().TrimEnd('\r');
                var colour = ColourOf(text);
                inner.Write(colour is null ? text + "\n" : colour + text + "\u001b[0m\n");
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }

        public override void Flush()
        {
            if (_line.Length > 0)
            {
                inner.Write(_line.ToString());
                _line.Clear();
            }

            inner.Flush();
        }
    }

    /// <summary>
    /// The quiet filter: only diagnostics, verdict lines (those starting "release-train "), and the last line, when
    /// flushed.
    /// </summary>
    public sealed partial class QuietWriter(TextWriter inner) : TextWriter
    {
        private readonly List<string> _lines = [];
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                _lines.Add(_line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }

        public override void Flush()
        {
            if (_line.Length > 0)
            {
                _lines.Add(_line.ToString());
                _line.Clear();
            }

            for (var i = 0; i < _lines.Count; i++)
            {
                if (
                    i == _lines.Count - 1
                    || Diagnostic().IsMatch(_lines[i])
                    || _lines[i].StartsWith("release-train ", StringComparison.Ordinal)
                )
                {
                    inner.WriteLine(_lines[i]);
                }
            }

            _lines.Clear();
            inner.Flush();
        }

        [GeneratedRegex(@"(error|warning) RT\d{4}:", RegexOptions.None, 1000)]
        private static partial Regex Diagnostic();
    }
}
