using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ReleaseTrain.Core.Diagnostics;

namespace ReleaseTrain.Core.Config;

/// <summary>
/// Principals (who approves, requests or signs off) as GitHub tells them apart: the one rule every approver check
/// uses (waiver approvers, freeze exception requesters and approvers, sign-off roles, sign-off records, PR reviews,
/// <c>--by</c>, <c>--author</c>). A principal is read by trimming white space (<see cref="string.Trim()"/>) and is then
/// a GitHub login: 1 to 39 ASCII letters, digits and single hyphens, not starting or ending with a hyphen. Logins are
/// compared ignoring (ASCII) case, as GitHub compares them. Anything else (empty, blank, a zero-width or other
/// non-ASCII character, <c>a--b</c>, <c>name[bot]</c>) is no principal: readers report it as RT4020 at its file, line
/// and column (<see cref="Invalid"/>), and the checks here never count it. Source of the rule: GitHub's sign-up form
/// ("Username may only contain alphanumeric characters or single hyphens, and cannot begin or end with a hyphen"),
/// 39 characters at most.
/// </summary>
public static class Principals
{
    /// <summary>The longest GitHub login: 39 characters.</summary>
    public const int MaxLoginLength = 39;

    /// <summary>How principals are told apart: ordinal, ignoring case (logins are ASCII).</summary>
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>Reads a principal: trims it and checks that it is a GitHub login.</summary>
    /// <param name="value">The principal as written, or null.</param>
    /// <param name="login">The trimmed login (case as written), or null.</param>
    /// <param name="why">Why it is no login (e.g. "it is empty after trimming"), or null.</param>
    /// <returns>True when it is a login.</returns>
    public static bool TryRead(
        string? value,
        [NotNullWhen(true)] out string? login,
        [NotNullWhen(false)] out string? why
    )
    {
        login = null;
        var text = value?.Trim() ?? string.Empty;
        why = LoginProblem(text);
        if (why is not null)
        {
            return false;
        }

        login = text;
        return true;
    }

    /// <summary>The login a principal reads as (<see cref="TryRead"/>), or null when it is none.</summary>
    /// <param name="value">The principal as written.</param>
    /// <returns>The trimmed login, or null.</returns>
    public static string? Read(string? value) => TryRead(value, out var login, out _) ? login : null;

    /// <summary>Whether a text, exactly as given (not trimmed), is a GitHub login.</summary>
    /// <param name="text">The text.</param>
    /// <returns>True for a login.</returns>
    public static bool IsLogin(string? text) => text is not null && LoginProblem(text) is null;

    /// <summary>Whether two principals are the same login; false when either is no login.</summary>
    /// <param name="a">A principal as written.</param>
    /// <param name="b">Another.</param>
    /// <returns>True when both read as logins that are equal ignoring case.</returns>
    public static bool Same(string? a, string? b) => Read(a) is { } x && Read(b) is { } y && Comparer.Equals(x, y);

    /// <summary>The distinct logins among principals, in first-seen order; what is no login is left out.</summary>
    /// <param name="values">The principals as written.</param>
    /// <returns>The logins (trimmed), each once ignoring case.</returns>
    public static IReadOnlyList<string> DistinctLogins(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. values.Select(Read).OfType<string>().Distinct(Comparer)];
    }

    /// <summary>
    /// The login of a GitHub noreply email: <c>12345+login@users.noreply.github.com</c> or
    /// <c>login@users.noreply.github.com</c> (the domain ignoring case); null for any other address or when the part
    /// before the domain is no login (e.g. <c>41898282+github-actions[bot]@...</c>).
    /// </summary>
    /// <param name="email">The email address, or null.</param>
    /// <returns>The login, or null.</returns>
    public static string? FromNoreplyEmail(string? email)
    {
        const string Domain = "@users.noreply.github.com";
        var text = email?.Trim();
        if (text is null || !text.EndsWith(Domain, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var local = text[..^Domain.Length];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            var id = local[..plus];
            if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            {
                return null;
            }

            local = local[(plus + 1)..];
        }

        return IsLogin(local) ? local : null;
    }

    /// <summary>The RT4020 error for a principal that is no login.</summary>
    /// <param name="what">What it is, e.g. "Waiver 'w' approver" or "--by".</param>
    /// <param name="value">The principal as written (shown JSON-quoted, so that blanks and invisible characters
    /// show).</param>
    /// <param name="why">Why (from <see cref="TryRead"/>).</param>
    /// <param name="file">The file, or null.</param>
    /// <param name="line">1-based line, 0 when unknown.</param>
    /// <param name="column">1-based column, 0 when unknown.</param>
    /// <returns>The error.</returns>
    public static Diagnostic Invalid(string what, string? value, string why, string? file, int line, int column) =>
        DiagnosticCodes.InvalidPrincipal.Error(file, line, column, what, Quote(value), why);

    /// <summary>A value JSON-quoted with every non-ASCII character escaped (<c>"x\u200B"</c>).</summary>
    /// <param name="value">The value, or null.</param>
    /// <returns>The quoted value, or <c>null</c>.</returns>
    public static string Quote(string? value) => JsonSerializer.Serialize(value, Quoting);

    private static string? LoginProblem(string text)
    {
        if (text.Length == 0)
        {
            return "it is empty after trimming";
        }

        if (text.Length > MaxLoginLength)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"it has {text.Length} characters, more than {MaxLoginLength}"
            );
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"character {i + 1} is U+{(int)c:X4}, not an ASCII letter, digit or hyphen"
                );
            }
        }

        if (text[0] == '-' || text[^1] == '-')
        {
            return "it starts or ends with a hyphen";
        }

        return text.Contains("--", StringComparison.Ordinal) ? "it has two hyphens in a row" : null;
    }
}
