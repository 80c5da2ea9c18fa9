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
}
