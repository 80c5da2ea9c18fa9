using System.Text;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// The sign-off policy that decides who may sign off: the roles (and <c>maxAge</c>, <c>allowUnsignedRecords</c>) and
/// the allowed-signers file, and where they were read from.
/// </summary>
/// <param name="Policy">The sign-off policy evaluated (roles from the trusted commit).</param>
/// <param name="AllowedSigners">The allowed-signers file's text, or null without a ledger (then no ledger record
/// exists to check).</param>
/// <param name="AllowedSignersName">How reasons name that file, e.g.
/// <c>.github/release-train/allowed_signers at 1a2b3c4d5e6f</c>, or null.</param>
/// <param name="Origin">Where the policy was read from, for <c>--explain</c>: "commit … of branch main of remote
/// 'origin'" or "the working tree (no ledger configured)".</param>
/// <param name="Ledger">True when a ledger is configured (the policy then comes from the default branch).</param>
public sealed record TrustedSignOffPolicy(
    SignOffPolicy Policy,
    string? AllowedSigners,
    string? AllowedSignersName,
    string Origin,
    bool Ledger
);

/// <summary>
/// Reads the trusted sign-off policy (docs/signoff.md, "Where the policy comes from"). With a ledger configured, the
/// roles (<c>signoff</c> of release-train.json) and the allowed-signers file are read from the remote's default
/// branch as fetched (<c>git ls-remote --symref REMOTE HEAD</c>, fetched into the private ref
/// <see cref="TrustedRef"/>, then <c>git cat-file blob SHA:PATH</c>), never from the working tree or the commit being
/// released: whoever authors the release could otherwise list themselves in a role or add their own key, as GitHub
/// reads CODEOWNERS from the base branch for the same reason. What cannot be fetched or read fails closed (RT5041,
/// RT5042: no sign-off counts). Without a ledger (local use) the working tree's policy is used, and there are no
/// ledger records.
/// </summary>
public static class TrustedPolicy
{
    /// <summary>The private ref the default branch is fetched into.</summary>
    public const string TrustedRef = "refs/release-train/trusted-default-branch";

    /// <summary>Reads the trusted policy.</summary>
    /// <param name="config">The configuration (of the working tree), with <c>signoff</c>.</param>
    /// <param name="remote">The ledger's git remote (a remote name or URL), or null when no ledger is
    /// configured.</param>
    /// <param name="errors">RT5041 (the default branch cannot be resolved or fetched), RT5042 (it has no usable
    /// release-train.json <c>signoff</c> or allowed-signers file); non-empty means no sign-off counts.</param>
    /// <returns>The trusted policy; with errors, the working tree's roles (so a report can still name them) and no
    /// allowed signers.</returns>
    /// <exception cref="InvalidOperationException">Sign-off is not configured.</exception>
    public static TrustedSignOffPolicy Read(
        ReleaseTrainConfig config,
        string? remote,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        var local = config.Policy.SignOff ?? throw new InvalidOperationException("signoff is not configured.");
        errors = [];
        if (remote is null)
        {
            return new TrustedSignOffPolicy(
                local,
                null,
                null,
                "the working tree (no ledger configured: roles come from this checkout and there are no ledger "
                    + "records)",
                false
            );
        }

        // A remote may be a URL with a token in it (https://x-access-token:TOKEN@host/...): messages name it redacted.
        var shown = GitLedger.Redact(remote);
        var failed = new TrustedSignOffPolicy(local, null, null, $"the default branch of remote '{shown}'", true);
        var root = config.RootDirectory;
        // ledger.remote comes from the work tree, that is from the commit being released: a URL there could point at
        // a repository its author controls, whose default branch lists them. Only the clone's own remotes (its
        // .git/config, which no commit changes) are trusted: a remote's name, or a URL one of them has.
        var remotes = GitCommand.Run(root, ["config", "--get-regexp", @"^remote\..*\.url$"]);
        var known = (remotes?.Output ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2)
            .Any(parts => parts[1].Trim() == remote || parts[0] == "remote." + remote + ".url");
        if (!known)
        {
            errors =
            [
                DiagnosticCodes.TrustedPolicyUnavailable.Error(
                    null,
                    0,
                    0,
                    shown,
                    "ledger.remote is neither a remote of this clone nor the URL of one; the roles and allowed signers "
                        + "are only trusted from the clone's own remote (git remote -v)"
                ),
            ];
            return failed;
        }

        var symref = GitCommand.Run(root, ["ls-remote", "--symref", "--", remote, "HEAD"]);
        var branch = symref is { ExitCode: 0 }
            ? symref
                .Output.Split('\n')
                .Select(l => l.Split('\t'))
                .Where(parts =>
                    parts.Length == 2
                    && parts[1].Trim() == "HEAD"
                    && parts[0].StartsWith("ref: refs/heads/", StringComparison.Ordinal)
                )
                .Select(parts => parts[0]["ref: ".Length..].Trim())
                .FirstOrDefault()
            : null;
        if (branch is null)
        {
            errors =
            [
                DiagnosticCodes.TrustedPolicyUnavailable.Error(
                    null,
                    0,
                    0,
                    shown,
                    symref is null ? "git did not run"
                        : symref.ExitCode != 0 ? $"git ls-remote failed: {FirstLine(symref.Error)}"
                        : "the remote names no default branch (HEAD is not a symbolic ref to refs/heads/...)"
                ),
            ];
            return failed;
        }

        var fetch = GitCommand.Run(
            root,
            ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", remote, $"+{branch}:{TrustedRef}"]
        );
        var sha = fetch is { ExitCode: 0 }
            ? GitCommand.Run(root, ["rev-parse", "--verify", "--quiet", TrustedRef + "^{commit}"])?.Output.Trim()
            : null;
        if (sha is not { Length: 40 or 64 })
        {
            errors =
            [
                DiagnosticCodes.TrustedPolicyUnavailable.Error(
                    null,
                    0,
                    0,
                    shown,
                    $"git fetch of {branch} failed" + (fetch is null ? string.Empty : $": {FirstLine(fetch.Error)}")
                ),
            ];
            return failed;
        }

        var branchName = branch["refs/heads/".Length..];
        var where = $"commit {sha} of branch {branchName} of remote '{shown}'";
        var atCommit = $"{branchName} at {sha[..12]}";
        var top = GitCommand.Run(root, ["rev-parse", "--show-toplevel"])?.Output.Trim();
        if (string.IsNullOrEmpty(top))
        {
            errors = [DiagnosticCodes.TrustedPolicyUnavailable.Error(null, 0, 0, shown, $"{root} is not a work tree")];
            return failed;
        }

        string InTree(string fullPath) => Path.GetRelativePath(top, fullPath).Replace('\\', '/');
        var configPath = InTree(config.ConfigPath);
        var configBytes = Blob(root, sha, configPath);
        var configName = $"{atCommit}:{configPath}";
        if (configBytes is null)
        {
            errors = [DiagnosticCodes.TrustedPolicyInvalid.Error(null, 0, 0, atCommit, $"it has no {configPath}")];
            return failed;
        }

        var trusted = ConfigLoader.LoadSignOffPolicy(configBytes, configName, out var configErrors);
        if (trusted is null)
        {
            errors =
            [
                DiagnosticCodes.TrustedPolicyInvalid.Error(
                    null,
                    0,
                    0,
                    atCommit,
                    configErrors.Count > 0
                        ? $"{configPath} does not load: " + string.Join("; ", configErrors.Select(e => e.Message))
                        : $"{configPath} has no 'signoff' section"
                ),
                .. configErrors,
            ];
            return failed;
        }

        var signersPath = InTree(Path.GetFullPath(trusted.AllowedSigners, root));
        var signers = signersPath.StartsWith("../", StringComparison.Ordinal) ? null : Blob(root, sha, signersPath);
        if (signers is null)
        {
            errors =
            [
                DiagnosticCodes.TrustedPolicyInvalid.Error(
                    null,
                    0,
                    0,
                    atCommit,
                    $"it has no allowed-signers file {signersPath} (signoff.allowedSigners)"
                ),
            ];
            return failed;
        }

        return new TrustedSignOffPolicy(
            trusted,
            Encoding.UTF8.GetString(signers),
            $"{signersPath} at {sha[..12]}",
            where,
            true
        );
    }

    private static byte[]? Blob(string root, string sha, string path)
    {
        var result = GitCommand.Run(root, ["cat-file", "blob", $"{sha}:{path}"]);
        return result is { ExitCode: 0 } ? result.Bytes : null;
    }

    private static string FirstLine(string text) =>
        GitLedger.Redact(text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no message");
}
