namespace ReleaseTrain.Core.Diagnostics;

/// <summary>
/// The status vocabulary every check's report shares (the seed contracts' <c>pass</c> / <c>warn</c> / <c>fail</c>),
/// the one rule that turns findings into a status, and the words an input file may use to say that something
/// passed (a train's rollback drill result, a phase manifest's phase status). Contracts with a vocabulary of their
/// own keep it (a USR drill result, a gate result, a backcompat scenario status).
/// </summary>
public static class CheckStatus
{
    /// <summary>No finding.</summary>
    public const string Pass = "pass";

    /// <summary>Warnings only.</summary>
    public const string Warn = "warn";

    /// <summary>At least one error.</summary>
    public const string Fail = "fail";

    /// <summary>
    /// The words that mean "passed" in the files ReleaseTrain reads, compared ignoring case and surrounding white
    /// space: pass, passed, ok, success, succeeded. Anything else (failed, blocked, an empty or missing value) is not
    /// a pass.
    /// </summary>
    public static readonly IReadOnlyList<string> PassedWords = ["pass", "passed", "ok", "success", "succeeded"];

    /// <summary><see cref="Fail"/> when any finding is an error, <see cref="Warn"/> when there are others, else
    /// <see cref="Pass"/>.</summary>
    /// <param name="findings">The findings of one check (or one row of it).</param>
    /// <returns>pass, warn or fail.</returns>
    public static string Of(IEnumerable<Diagnostic> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var any = false;
        foreach (var finding in findings)
        {
            if (finding.Severity == DiagnosticSeverity.Error)
            {
                return Fail;
            }

            any = true;
        }

        return any ? Warn : Pass;
    }

    /// <summary>Whether a result word read from a file is one of <see cref="PassedWords"/>.</summary>
    /// <param name="word">The word as read, or null.</param>
    /// <returns>True for a pass.</returns>
    public static bool IsPassed(string? word) =>
        word is not null && PassedWords.Contains(word.Trim(), StringComparer.OrdinalIgnoreCase);
}
