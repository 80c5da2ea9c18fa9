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
    public const string TrustedRef = TrustedBranch.TrustedRef;

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

        var shown = GitLedger.Redact(remote);
        var failed = new TrustedSignOffPolicy(local, null, null, $"the default branch of remote '{shown}'", true);
        if (TrustedBranch.Fetch(config.RootDirectory, remote, out errors) is not { } trusted)
        {
            return failed;
        }

        var (where, atCommit) = (trusted.Where, trusted.AtCommit);
        var configPath = trusted.InTree(config.ConfigPath);
        var configBytes = trusted.Read(configPath);
        var configName = $"{atCommit}:{configPath}";
        if (configBytes is null)
        {
            errors = [DiagnosticCodes.TrustedPolicyInvalid.Error(null, 0, 0, atCommit, $"it has no {configPath}")];
            return failed;
        }

        var policy = ConfigLoader.LoadSignOffPolicy(configBytes, configName, out var configErrors);
        if (policy is null)
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

        var signersPath = trusted.InTree(Path.GetFullPath(policy.AllowedSigners, config.RootDirectory));
        var signers = trusted.Read(signersPath);
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
            policy,
            Encoding.UTF8.GetString(signers),
            $"{signersPath} at {trusted.Sha[..12]}",
            where,
            true
        );
    }
}
