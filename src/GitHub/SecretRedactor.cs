using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseTrain.GitHub;

/// <summary>
/// The one redaction of ReleaseTrain's output: every error of the GitHub client and every line the CLI prints goes
/// through <see cref="Redact"/>. It replaces with <c>***</c> each secret (GITHUB_TOKEN, the password of a URL) as it
/// is, in any letter case, JSON <c>\u</c>-escaped, percent-encoded or HTML-escaped (character by character, so a
/// partly escaped echo is caught too), and base64 or base64url encoded whatever precedes it in the encoded text (e.g.
/// <c>x-access-token:TOKEN</c> or <c>user:TOKEN</c> in a Basic header: the whole base64 run is replaced); and the
/// user information of any URL (<c>https://user:password@host</c> becomes <c>https://***@host</c>). Text is
/// redacted before it is cut (<see cref="RedactAndCut"/>), so no cut leaves a piece of a secret.
/// </summary>
/// <remarks>
/// Values shorter than <see cref="MinimumSecretLength"/> characters are not treated as secrets (masking them would
/// mask common words; GitHub tokens have 40 characters or more). A secret split across lines is not recognised.
/// </remarks>
public sealed partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>The shortest value treated as a secret (4 characters).</summary>
    public const int MinimumSecretLength = 4;

    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";

    private readonly Regex? _escaped;
    private readonly List<string> _base64Cores = [];

    /// <summary>Creates a redactor for the given secrets.</summary>
    /// <param name="secrets">The secrets; null, empty and too-short values are ignored.</param>
    public SecretRedactor(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var patterns = new List<string>();
        foreach (var secret in secrets.OfType<string>().Where(s => s.Length >= MinimumSecretLength).Distinct())
        {
            patterns.Add(string.Concat(secret.Select(CharacterPattern)));
            var bytes = Encoding.UTF8.GetBytes(secret);
            for (var offset = 0; offset < 3; offset++)
            {
                var core = Base64Core(bytes, offset);
                if (core.Length >= 8)
                {
                    _base64Cores.Add(core);
                    _base64Cores.Add(core.Replace('+', '-').Replace('/', '_'));
                }
            }
        }

        // Longest first, so that a secret containing another is masked whole.
        patterns.Sort((a, b) => b.Length.CompareTo(a.Length));
        _escaped =
            patterns.Count == 0
                ? null
                : new Regex(
                    string.Join('|', patterns),
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
                    TimeSpan.FromSeconds(10)
                );
    }

    /// <summary>A redactor without secrets: it still masks the user information of URLs.</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>
    /// The secrets of the environment: GITHUB_TOKEN, and the user information (and its password) of
    /// GITHUB_API_URL.
    /// </summary>
    /// <param name="environment">Reads a variable.</param>
    /// <returns>The redactor.</returns>
    public static SecretRedactor FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var secrets = new List<string?> { environment("GITHUB_TOKEN") };
        if (
            environment("GITHUB_API_URL") is { } api
            && Uri.TryCreate(api.Trim(), UriKind.Absolute, out var uri)
            && uri.UserInfo.Length > 0
        )
        {
            secrets.Add(uri.UserInfo);
            secrets.Add(Uri.UnescapeDataString(uri.UserInfo));
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                secrets.Add(Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
            }
        }

        return new SecretRedactor(secrets);
    }

    /// <summary>Replaces every secret, in every encoding above, and every URL's user information.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>The text without them.</returns>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var core in _base64Cores)
        {
            text = MaskBase64Runs(text, core);
        }

        if (_escaped is not null)
        {
            text = _escaped.Replace(text, Mask);
        }

        return UrlUserInfo().Replace(text, "${scheme}" + Mask + "@");
    }

    /// <summary>Redacts, then cuts to at most <paramref name="maxLength"/> characters (and an ellipsis).</summary>
    /// <param name="text">Any text.</param>
    /// <param name="maxLength">The longest result, not counting the ellipsis.</param>
    /// <returns>The redacted, cut text.</returns>
    public string RedactAndCut(string text, int maxLength)
    {
        var redacted = Redact(text);
        return redacted.Length > maxLength ? redacted[..maxLength] + "…" : redacted;
    }

    /// <summary>
    /// The base64 characters that encode only the secret's bytes when it follows <paramref name="offset"/> bytes of
    /// anything (the characters next to the prefix and the end also carry other bits, so they are left out).
    /// </summary>
    private static string Base64Core(byte[] secret, int offset)
    {
        var padded = new byte[offset + secret.Length];
        secret.CopyTo(padded, offset);
        var encoded = Convert.ToBase64String(padded);
        var first = (8 * offset + 5) / 6;
        var end = 8 * (offset + secret.Length) / 6;
        return end > first ? encoded[first..end] : string.Empty;
    }

    private static string MaskBase64Runs(string text, string core)
    {
        var at = text.IndexOf(core, StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var copied = 0;
        while (at >= 0)
        {
            var start = at;
            while (start > copied && Base64Alphabet.Contains(text[start - 1], StringComparison.Ordinal))
            {
                start--;
            }

            var end = at + core.Length;
            while (end < text.Length && Base64Alphabet.Contains(text[end], StringComparison.Ordinal))
            {
                end++;
            }

            while (end < text.Length && text[end] == '=')
            {
                end++;
            }

            builder.Append(text, copied, start - copied).Append(Mask);
            copied = end;
            at = end < text.Length ? text.IndexOf(core, end, StringComparison.Ordinal) : -1;
        }

        return builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// One character of a secret: itself, or escaped as JSON, percent-encoding or HTML would escape it.
    /// </summary>
    private static string CharacterPattern(char c)
    {
        var code = (int)c;
        var options = new List<string>
        {
            Regex.Escape(c.ToString()),
            @"\\+u" + code.ToString("x4", CultureInfo.InvariantCulture),
            "&#x0*" + code.ToString("x", CultureInfo.InvariantCulture) + ";?",
            "&#0*" + code.ToString(CultureInfo.InvariantCulture) + ";?",
            string.Concat(
                Encoding
                    .UTF8.GetBytes(c.ToString())
                    .Select(b => "%(?:25)?" + b.ToString("x2", CultureInfo.InvariantCulture))
            ),
        };
        if (!char.IsLetterOrDigit(c))
        {
            options.Add(@"\\+" + Regex.Escape(c.ToString()));
        }

        return "(?:" + string.Join('|', options) + ")";
    }

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#\s@]+@", RegexOptions.None, 1000)]
    private static partial Regex UrlUserInfo();
}
