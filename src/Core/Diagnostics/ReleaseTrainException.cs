namespace ReleaseTrain.Core.Diagnostics;

/// <summary>
/// Thrown when input cannot be read or is invalid (an RT1xxx diagnostic). Callers report
/// <see cref="Diagnostic"/> and fail closed: nothing that throws this ever reports a pass.
/// </summary>
public sealed class ReleaseTrainException : Exception
{
    /// <summary>Creates the exception for one diagnostic.</summary>
    /// <param name="diagnostic">The coded diagnostic with file, line and column.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ReleaseTrainException(Diagnostic diagnostic, Exception? inner = null)
        : base(diagnostic.ToCanonicalString(), inner)
    {
        Diagnostic = diagnostic;
    }

    /// <summary>The coded diagnostic.</summary>
    public Diagnostic Diagnostic { get; }

    /// <summary>
    /// RT1015 for an exception nobody foresaw (a defect): its type and message, and the messages of its inner
    /// exceptions, on one line, never its stack trace, which users are not shown (docs/diagnostics.md, RT1015).
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The diagnostic.</returns>
    public static Diagnostic Unexpected(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var message = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
            parts.Add($"{e.GetType().FullName}: {message}");
        }

        return DiagnosticCodes.UnexpectedError.Error(null, 0, 0, string.Join(" ---> ", parts));
    }
}
