using System.Text;

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
        var field = UnquotedToken(rest, ' ', '\t');
        var isOptions =
            field.Contains('=', StringComparison.Ordinal)
            || field.StartsWith("cert-authority", StringComparison.OrdinalIgnoreCase);
        if (!isOptions)
        {
            return true;
        }

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
            var before = name.Equals("valid-before", StringComparison.OrdinalIgnoreCase);
            if (!before && !name.Equals("valid-after", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (SshTime(value) is not { } limit || (before ? now > limit : now < limit))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text up to the first separator outside double quotes.</summary>
    private static string UnquotedToken(string text, params char[] separators)
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
