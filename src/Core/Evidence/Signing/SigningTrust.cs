using System.Text;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Evidence.Signing;

/// <summary>The signing policy, allowed signers and revocation list signatures are verified against, and where they
/// were read.</summary>
/// <param name="Policy">The <c>signing</c> section (defaults when absent).</param>
/// <param name="Signers">The allowed-signers file and the expected principals (<c>signing.keys</c>, the requested
/// principal).</param>
/// <param name="Revocations">The revocation list after its pin was checked, or null when none is configured.</param>
/// <param name="Origin">Where they were read, for the output: "commit … of branch main of remote 'origin'", or the
/// working tree.</param>
public sealed record TrustedSigning(
    SigningPolicy Policy,
    AllowedSigners Signers,
    RevocationList? Revocations,
    string Origin
)
{
    /// <summary>False when the trusted source has no <c>signing</c> section (read with <c>optional</c>): then nothing
    /// else was read.</summary>
    public bool Configured { get; init; } = true;
}

/// <summary>
/// Reads what evidence signatures are verified against the way the sign-off policy is read (docs/signoff.md, "Where
/// the policy comes from"): with a ledger configured, <c>signing</c> of release-train.json, the allowed-signers file
/// and the revocation list come from the remote's default branch as fetched (TrustedBranch), never from the work tree
/// or the commit being released; without a ledger (local use) from the working tree, and the origin says so. The
/// revocation list is taken only when its bytes have the pinned sha256 (RT3037).
/// </summary>
public static class SigningTrust
{
    /// <summary>Reads the trusted signing inputs.</summary>
    /// <param name="config">The configuration of the working tree.</param>
    /// <param name="principal">The principal every signature must be made by, or null (then <c>signing.keys</c>
    /// says, for the keys it lists).</param>
    /// <param name="errors">RT5041/RT5042 (the default branch or a file on it), RT1xxx (a work-tree file), RT3037
    /// (the revocation list differs from its pin); non-empty means nothing verifies.</param>
    /// <param name="optional">True to return <see cref="TrustedSigning.Configured"/> false, reading nothing more, when
    /// the trusted source has no <c>signing</c> section (the no-cut trigger); false to verify with the
    /// defaults.</param>
    /// <returns>The inputs, or null with errors.</returns>
    public static TrustedSigning? Read(
        ReleaseTrainConfig config,
        string? principal,
        out IReadOnlyList<Diagnostic> errors,
        bool optional = false
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        var root = config.RootDirectory;
        SigningPolicy policy;
        string origin;
        Func<string, byte[]?> read;
        Func<string, string> name;
        bool configured;
        if (config.Policy.Ledger is { } ledger)
        {
            if (TrustedBranch.Fetch(root, ledger.Remote, out errors) is not { } trusted)
            {
                return null;
            }

            var configPath = trusted.InTree(config.ConfigPath);
            var configName = $"{trusted.AtCommit}:{configPath}";
            var bytes = trusted.Read(configPath);
            var loaded = bytes is null ? null : ConfigLoader.LoadPolicy(bytes, configName, out errors);
            if (loaded is null)
            {
                errors =
                [
                    DiagnosticCodes.TrustedPolicyInvalid.Error(
                        null,
                        0,
                        0,
                        trusted.AtCommit,
                        bytes is null ? $"it has no {configPath}" : $"{configPath} does not load"
                    ),
                    .. errors,
                ];
                return null;
            }

            configured = loaded.Signing is not null;
            policy = loaded.Signing ?? Default(config);
            origin = trusted.Where;
            read = path => trusted.Read(trusted.InTree(Path.GetFullPath(path, root)));
            name = path => $"{trusted.InTree(Path.GetFullPath(path, root))} at {trusted.Sha[..12]}";
        }
        else
        {
            configured = config.Policy.Signing is not null;
            policy = config.Policy.Signing ?? Default(config);
            origin =
                "the working tree (no ledger configured: the allowed signers and revocation list come from this "
                + "checkout, not from a protected default branch)";
            var files = new RepositoryFiles(root);
            read = path =>
            {
                var full = Path.GetFullPath(path, root);
                return File.Exists(full) ? files.ReadBytes(full) : null;
            };
            name = path => Path.GetRelativePath(root, Path.GetFullPath(path, root)).Replace('\\', '/');
        }

        if (optional && !configured)
        {
            errors = [];
            return new TrustedSigning(policy, new AllowedSigners(string.Empty, origin), null, origin)
            {
                Configured = false,
            };
        }

        var signers = read(policy.AllowedSigners);
        if (signers is null)
        {
            errors =
            [
                DiagnosticCodes.SignatureUnchecked.Error(
                    null,
                    0,
                    0,
                    $"the allowed-signers file {name(policy.AllowedSigners)} (signing.allowedSigners) is missing in "
                        + origin
                ),
            ];
            return null;
        }

        RevocationList? revocations = null;
        if (policy.RevocationList is { } pin)
        {
            var listName = name(pin.Path);
            var list = read(pin.Path);
            try
            {
                revocations = list is null
                    ? throw new ReleaseTrainException(
                        DiagnosticCodes.RevocationListPinMismatch.Error(
                            listName,
                            0,
                            0,
                            listName,
                            "(none: missing)",
                            pin.Sha256
                        )
                    )
                    : RevocationList.Load(list, pin.Sha256, listName);
            }
            catch (ReleaseTrainException ex)
            {
                errors = [ex.Diagnostic];
                return null;
            }
        }

        errors = [];
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in policy.Keys)
        {
            keys[key.Id] = key.Principal;
        }

        return new TrustedSigning(
            policy,
            new AllowedSigners(Encoding.UTF8.GetString(signers), name(policy.AllowedSigners))
            {
                Principal = principal,
                KeyPrincipals = keys,
            },
            revocations,
            origin
        );
    }

    private static SigningPolicy Default(ReleaseTrainConfig config) =>
        new(SignOffPolicy.DefaultAllowedSigners, null, [], new ConfigLocation(config.ConfigPath, 1, 1));
}
