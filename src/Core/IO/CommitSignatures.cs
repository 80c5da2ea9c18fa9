using System.Text;
using System.Text.RegularExpressions;

namespace ReleaseTrain.Core.IO;

/// <summary>How a commit's signature relates to a principal.</summary>
public enum SignatureState
{
    /// <summary>Signed by a key the allowed-signers file maps to the principal: git says <c>G</c> for it.</summary>
    Verified,

    /// <summary>The commit carries no signature.</summary>
    Unsigned,

    /// <summary>
    /// Signed with GPG or X.509 (S/MIME): an allowed-signers file cannot map such a key to a principal.
    /// </summary>
    NotSsh,

    /// <summary>SSH-signed by a key the file maps to other principals only.</summary>
    OtherPrincipal,

    /// <summary>
    /// SSH-signed by a key no line of the file maps to the principal (unknown key, or a line whose valid-after /
    /// valid-before excludes the commit's time), or a bad signature.
    /// </summary>
    NotAllowed,

    /// <summary>git could not check it (git or ssh-keygen missing, the commit not in the repository).</summary>
    Unchecked,
}

/// <summary>One key line of an allowed-signers file (<see cref="CommitSignatures.Lines"/>).</summary>
/// <param name="Line">Its 1-based line number in the file.</param>
/// <param name="Principals">The principals it lists, as written (compare ignoring case).</param>
/// <param name="Options">Its options field (e.g. <c>valid-before="20270101Z"</c>), or empty.</param>
/// <param name="KeyType">The key type, e.g. <c>ssh-ed25519</c> or <c>ecdsa-sha2-nistp256</c>.</param>
/// <param name="KeyBase64">The public key blob in base64, as written.</param>
/// <param name="ValidAfter">Its <c>valid-after</c>, or null.</param>
/// <param name="ValidBefore">Its <c>valid-before</c>, or null.</param>
/// <param name="TimesReadable">False when a <c>valid-after</c> / <c>valid-before</c> cannot be read (the line is then
/// valid at no instant).</param>
public sealed record AllowedSignerLine(
    int Line,
    IReadOnlyList<string> Principals,
    string Options,
    string KeyType,
    string KeyBase64,
    DateTimeOffset? ValidAfter,
    DateTimeOffset? ValidBefore,
    bool TimesReadable
)
{
    /// <summary>Whether the line counts at an instant: ssh-keygen's rule, valid-after &lt;= instant &lt;=
    /// valid-before, and never when a time cannot be read.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>True when valid then.</returns>
    public bool ValidAt(DateTimeOffset instant) =>
        TimesReadable && !(ValidAfter is { } a && instant < a) && !(ValidBefore is { } b && instant > b);

    /// <summary>
    /// Whether the line lets its key sign directly in a namespace, by ssh-keygen's rules (ssh-keygen(1), "ALLOWED
    /// SIGNERS"; sshsig.c): never on a <c>cert-authority</c> line (its key only vouches for certificates), and, when
    /// the line has a <c>namespaces</c> option, only if that pattern list matches the namespace (case-sensitive,
    /// <c>*</c> and <c>?</c> wildcards, a pattern led by <c>!</c> excludes).
    /// </summary>
    /// <param name="sshNamespace">The signature's namespace, e.g. <c>git</c>.</param>
    /// <returns>True when a plain signature by the line's key counts in that namespace.</returns>
    public bool AllowsNamespace(string sshNamespace)
    {
        ArgumentNullException.ThrowIfNull(sshNamespace);
        var field = Options;
        string? namespaces = null;
        while (field.Length > 0)
        {
            var option = CommitSignatures.UnquotedToken(field, ',');
            field = field[Math.Min(option.Length + 1, field.Length)..];
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? option : option[..equals];
            if (name.Equals("cert-authority", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (equals > 0 && name.Equals("namespaces", StringComparison.OrdinalIgnoreCase))
            {
                namespaces = option[(equals + 1)..].Trim('"');
            }
        }

        if (namespaces is null)
        {
            return true;
        }

        var matched = false;
        foreach (var pattern in namespaces.Split(','))
        {
            var negated = pattern.StartsWith('!');
            var glob =
                "^" + Regex.Escape(negated ? pattern[1..] : pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$";
            if (Regex.IsMatch(sshNamespace, glob, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                if (negated)
                {
                    return false;
                }

                matched = true;
            }
        }

        return matched;
    }
}

/// <summary>The result of checking a commit's signature for a principal.</summary>
/// <param name="State">The outcome.</param>
/// <param name="Reason">For anything but <see cref="SignatureState.Verified"/>: why it does not count, for
/// <c>--explain</c>; for a verified one, the key's fingerprint (<c>SHA256:…</c>).</param>
public sealed record SignatureCheck(SignatureState State, string Reason);

/// <summary>
/// Checks that a commit is signed by a key an allowed-signers file (the format of git's
/// <c>gpg.ssh.allowedSignersFile</c>, ssh-keygen(1) "ALLOWED SIGNERS": <c>principals [options] keytype base64-key
/// [comment]</c>) maps to a principal. git and ssh-keygen decide, never our code: the file handed to git is the given
/// one reduced to the lines that list the principal (exact, ignoring case, as GitHub logins compare; patterns such as
/// <c>*</c> are not honoured), each naming that principal only, and the commit counts when
/// <c>git log -1 --format=%G?%n%GS%n%GK</c> says <c>G</c> for it. (git 2.39 prints only the first principal of a
/// line listing several, so the file is narrowed first.) A line's valid-after / valid-before are checked by
/// ssh-keygen at the commit's committer time, which the signer chooses, and so also here at the present time (a line
/// not valid now is left out of the narrowed file): a retired key cannot sign by backdating its commit. The
/// signature's kind is read from the commit's <c>gpgsig</c> header
/// first: GPG and X.509 signatures are never handed to gpg or gpgsm, and do not count.
/// </summary>
public static class CommitSignatures
{
    private const string SshSignatureStart = "-----BEGIN SSH SIGNATURE-----";

    /// <summary>Checks a commit's signature for a principal.</summary>
    /// <param name="repositoryDirectory">A folder inside the repository holding the commit.</param>
    /// <param name="commit">The commit (full sha).</param>
    /// <param name="principal">The principal the commit must be signed for (a GitHub login).</param>
    /// <param name="allowedSigners">The allowed-signers file's text.</param>
    /// <param name="allowedSignersName">How to name the file in reasons (e.g. <c>.github/release-train/allowed_signers
    /// at 1a2b3c4</c>).</param>
    /// <returns>The result.</returns>
    public static SignatureCheck Check(
        string repositoryDirectory,
        string commit,
        string principal,
        string allowedSigners,
        string allowedSignersName
    )
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(allowedSigners);
        if (commit.Length is not (40 or 64) || !commit.All(Uri.IsHexDigit))
        {
            return new SignatureCheck(SignatureState.Unchecked, $"'{commit}' is not a full commit sha");
        }

        var raw = GitCommand.Run(repositoryDirectory, ["cat-file", "commit", commit]);
        if (raw is not { ExitCode: 0 })
        {
            return new SignatureCheck(
                SignatureState.Unchecked,
                $"git cannot read commit {commit}" + (raw is null ? " (git did not run)" : $": {raw.Error}")
            );
        }

        var kind = SignatureKind(raw.Output);
        if (kind is null)
        {
            return new SignatureCheck(SignatureState.Unsigned, $"its commit {Short(commit)} is not signed");
        }

        if (kind != "SSH")
        {
            return new SignatureCheck(
                SignatureState.NotSsh,
                $"its commit {Short(commit)} is signed with {kind}, which an allowed-signers file cannot map to a "
                    + "principal: sign ledger commits with an SSH key (git config gpg.format ssh)"
            );
        }

        var narrowed = Narrow(allowedSigners, principal, DateTimeOffset.UtcNow);
        if (
            narrowed.Length > 0
            && Verify(repositoryDirectory, commit, narrowed) is ("G", var signer, var verifiedKey)
            && string.Equals(signer, principal, StringComparison.OrdinalIgnoreCase)
        )
        {
            return new SignatureCheck(SignatureState.Verified, verifiedKey);
        }

        if (Verify(repositoryDirectory, commit, allowedSigners) is not { } full)
        {
            return new SignatureCheck(SignatureState.Unchecked, "git could not check the signature (did git run?)");
        }

        var (status, other, key) = full;

        if (status is "B")
        {
            return new SignatureCheck(
                SignatureState.NotAllowed,
                $"the signature of its commit {Short(commit)} is bad (the commit was changed after it was signed, or "
                    + "the key's line allows other namespaces than git: namespaces=...)"
            );
        }

        if (status is "E" || key.Length == 0)
        {
            return new SignatureCheck(
                SignatureState.Unchecked,
                $"git could not check the signature of its commit {Short(commit)} (is ssh-keygen installed?)"
            );
        }

        if (status == "G" && string.Equals(other, principal, StringComparison.OrdinalIgnoreCase))
        {
            return new SignatureCheck(
                SignatureState.NotAllowed,
                $"its commit {Short(commit)} is signed by key {key}, which {allowedSignersName} maps to {principal} "
                    + "only outside the present time (valid-after/valid-before): a key counts only while its line is "
                    + "valid now, whatever date its commit carries"
            );
        }

        if (status == "G" && other.Length > 0)
        {
            return new SignatureCheck(
                SignatureState.OtherPrincipal,
                $"its commit {Short(commit)} is signed by key {key}, which {allowedSignersName} maps to {other}, not "
                    + $"to {principal}"
            );
        }

        return new SignatureCheck(
            SignatureState.NotAllowed,
            $"its commit {Short(commit)} is signed by key {key}, which no line of {allowedSignersName} maps to "
                + $"{principal} (or none valid at the commit's time: valid-after/valid-before)"
        );
    }

    /// <summary>
    /// The kind of a raw commit's signature (<c>gpgsig</c> or <c>gpgsig-sha256</c> header): <c>SSH</c>, <c>GPG</c>,
    /// <c>X.509</c>, or null when unsigned.
    /// </summary>
    /// <param name="rawCommit">The output of <c>git cat-file commit</c>.</param>
    /// <returns>The kind, or null.</returns>
    public static string? SignatureKind(string rawCommit)
    {
        ArgumentNullException.ThrowIfNull(rawCommit);
        foreach (var line in rawCommit.Split('\n'))
        {
            if (line.Length == 0)
            {
                return null; // the end of the headers
            }

            if (
                line.StartsWith("gpgsig ", StringComparison.Ordinal)
                || line.StartsWith("gpgsig-sha256 ", StringComparison.Ordinal)
            )
            {
                var value = line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim();
                return value == SshSignatureStart ? "SSH"
                    : value.StartsWith("-----BEGIN PGP", StringComparison.Ordinal) ? "GPG"
                    : "X.509";
            }
        }

        return null;
    }

    /// <summary>
    /// The lines of an allowed-signers file that list <paramref name="principal"/> among their comma-separated
    /// principals (exact, ignoring case), each rewritten to name that principal only; comments, blank lines and every
    /// other line are dropped.
    /// </summary>
    /// <param name="allowedSigners">The file's text.</param>
    /// <param name="principal">The principal.</param>
    /// <returns>The narrowed file's text.</returns>
    public static string Narrow(string allowedSigners, string principal) => Narrow(allowedSigners, principal, null);

    /// <summary>
    /// <see cref="Narrow(string, string)"/>, keeping only the lines valid at <paramref name="now"/>: a line whose
    /// <c>valid-after</c> lies after it or whose <c>valid-before</c> lies before it is dropped, as is one whose time
    /// cannot be read (ssh-keygen's <c>YYYYMMDD[HHMM[SS]]</c>, UTC with a trailing <c>Z</c>, else the machine's local
    /// time). git checks a line's validity at the commit's committer time only, which whoever signs chooses: without
    /// this a key retired with <c>valid-before</c> could still sign a commit dated back into its validity.
    /// </summary>
    /// <param name="allowedSigners">The file's text.</param>
    /// <param name="principal">The principal.</param>
    /// <param name="now">The instant the lines must be valid at, or null for no time check.</param>
    /// <returns>The narrowed file's text.</returns>
    public static string Narrow(string allowedSigners, string principal, DateTimeOffset? now)
    {
        ArgumentNullException.ThrowIfNull(allowedSigners);
        var builder = new StringBuilder();
        foreach (var raw in allowedSigners.Split('\n'))
        {
            var line = raw.TrimEnd('\r').TrimStart(' ', '\t');
            if (line.Length == 0 || line[0] is '#' or '"')
            {
                continue;
            }

            var end = line.IndexOfAny([' ', '\t']);
            if (end <= 0)
            {
                continue;
            }

            var principals = line[..end].Split(',');
            if (
                principals.Any(p => string.Equals(p, principal, StringComparison.OrdinalIgnoreCase))
                && (now is null || ValidAt(line[end..].TrimStart(' ', '\t'), now.Value))
            )
            {
                builder.Append(principal).Append(line[end..]).Append('\n');
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether the options of an allowed-signers line (the text after its principals) let it count at
    /// <paramref name="now"/>: ssh-keygen's rule, valid-after &lt;= now &lt;= valid-before.
    /// </summary>
    private static bool ValidAt(string rest, DateTimeOffset now)
    {
        var (after, before, readable) = Window(rest);
        return readable && !(after is { } a && now < a) && !(before is { } b && now > b);
    }

    /// <summary>
    /// The validity window of an allowed-signers line from its options (the text after its principals): its
    /// <c>valid-after</c> and <c>valid-before</c> (null when absent), and false when one of them cannot be read.
    /// </summary>
    private static (DateTimeOffset? After, DateTimeOffset? Before, bool Readable) Window(string rest)
    {
        var field = OptionsField(rest);
        DateTimeOffset? after = null;
        DateTimeOffset? before = null;
        while (field.Length > 0)
        {
            var option = UnquotedToken(field, ',');
            field = field[Math.Min(option.Length + 1, field.Length)..];
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var name = option[..equals];
            var value = option[(equals + 1)..].Trim('"');
            var isBefore = name.Equals("valid-before", StringComparison.OrdinalIgnoreCase);
            if (!isBefore && !name.Equals("valid-after", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (SshTime(value) is not { } limit)
            {
                return (after, before, false);
            }

            if (isBefore)
            {
                before = limit;
            }
            else
            {
                after = limit;
            }
        }

        return (after, before, true);
    }

    /// <summary>The options field of a line's text after its principals, or empty when it has none.</summary>
    private static string OptionsField(string rest)
    {
        var field = UnquotedToken(rest, ' ', '\t');
        var isOptions =
            field.Contains('=', StringComparison.Ordinal)
            || field.StartsWith("cert-authority", StringComparison.OrdinalIgnoreCase);
        return isOptions ? field : string.Empty;
    }

    /// <summary>
    /// Every key line of an allowed-signers file (ssh-keygen(1), "ALLOWED SIGNERS"), read by the same rules as
    /// <see cref="Narrow(string, string, DateTimeOffset?)"/>: comments and blank lines skipped, principals
    /// comma-separated, an optional options field (quoted values), then the key type and its base64 blob. The validity
    /// window is read by the one parser of <c>valid-after</c> / <c>valid-before</c> used for commit signatures.
    /// </summary>
    /// <param name="allowedSigners">The file's text.</param>
    /// <returns>The lines, in file order; a line without a key type and blob is left out.</returns>
    public static IReadOnlyList<AllowedSignerLine> Lines(string allowedSigners)
    {
        ArgumentNullException.ThrowIfNull(allowedSigners);
        var lines = new List<AllowedSignerLine>();
        var number = 0;
        foreach (var raw in allowedSigners.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').TrimStart(' ', '\t');
            if (line.Length == 0 || line[0] is '#' or '"')
            {
                continue;
            }

            var end = line.IndexOfAny([' ', '\t']);
            if (end <= 0)
            {
                continue;
            }

            var rest = line[end..].TrimStart(' ', '\t');
            var options = OptionsField(rest);
            var key = rest[options.Length..].Trim(' ', '\t').Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (key.Length < 2)
            {
                continue;
            }

            var (after, before, readable) = Window(rest);
            lines.Add(
                new AllowedSignerLine(number, line[..end].Split(','), options, key[0], key[1], after, before, readable)
            );
        }

        return lines;
    }

    /// <summary>The text up to the first separator outside double quotes.</summary>
    internal static string UnquotedToken(string text, params char[] separators)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && separators.Contains(text[i]))
            {
                return text[..i];
            }
        }

        return text;
    }

    /// <summary>ssh-keygen's absolute time: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS; UTC with a trailing Z, else
    /// local time.</summary>
    private static DateTimeOffset? SshTime(string text)
    {
        var utc = text.EndsWith('Z') || text.EndsWith('z');
        var digits = utc ? text[..^1] : text;
        if (
            !System.DateTime.TryParseExact(
                digits,
                ["yyyyMMdd", "yyyyMMddHHmm", "yyyyMMddHHmmss"],
                System.Globalization.CultureInfo.InvariantCulture,
                utc
                    ? System.Globalization.DateTimeStyles.AssumeUniversal
                        | System.Globalization.DateTimeStyles.AdjustToUniversal
                    : System.Globalization.DateTimeStyles.AssumeLocal,
                out var time
            )
        )
        {
            return null;
        }

        return utc ? new DateTimeOffset(time, TimeSpan.Zero) : new DateTimeOffset(time);
    }

    private static (string Status, string Signer, string Key)? Verify(
        string repositoryDirectory,
        string commit,
        string allowedSigners
    )
    {
        var file = Path.Combine(Path.GetTempPath(), "release-train-allowed-signers-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(file, allowedSigners, new UTF8Encoding(false));
            var result = GitCommand.Run(
                repositoryDirectory,
                [
                    "-c",
                    "gpg.ssh.allowedSignersFile=" + file,
                    "log",
                    "-1",
                    "--no-show-signature",
                    "--format=%G?%n%GS%n%GK",
                    commit,
                    "--",
                ]
            );
            if (result is not { ExitCode: 0 })
            {
                return null;
            }

            var lines = result.Output.Split('\n');
            return (
                lines[0].Trim(),
                lines.Length > 1 ? lines[1].Trim() : string.Empty,
                lines.Length > 2 ? lines[2].Trim() : string.Empty
            );
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Short(string commit) => commit[..Math.Min(12, commit.Length)];
}
