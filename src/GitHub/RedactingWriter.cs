using System.Text;

namespace ReleaseTrain.GitHub;

/// <summary>
/// A writer that passes text on line by line through <see cref="SecretRedactor.Redact(string)"/>: the CLI writes every
/// result, report and diagnostic through one of these, so nothing it prints holds a secret. A line is held until its
/// end (or <see cref="Flush"/>), so a secret written in pieces is still recognised.
/// </summary>
/// <param name="inner">Where the redacted text goes (not disposed by this writer).</param>
/// <param name="redactor">The redaction.</param>
public sealed class RedactingWriter(TextWriter inner, SecretRedactor redactor) : TextWriter
{
    private readonly StringBuilder _line = new();

    /// <inheritdoc />
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        _line.Append(value);
        if (value == '\n')
        {
            Emit();
        }
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var start = 0;
        for (var newline = value.IndexOf('\n', StringComparison.Ordinal); newline >= 0; )
        {
            _line.Append(value, start, newline + 1 - start);
            Emit();
            start = newline + 1;
            newline = value.IndexOf('\n', start);
        }

        _line.Append(value, start, value.Length - start);
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <summary>Writes the pending part of a line, redacted, and flushes the inner writer.</summary>
    public override void Flush()
    {
        if (_line.Length > 0)
        {
            Emit();
        }

        inner.Flush();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void Emit()
    {
        inner.Write(redactor.Redact(_line.ToString()));
        _line.Clear();
    }
}
