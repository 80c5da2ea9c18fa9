using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Evidence.Signing;

/// <summary>A signing key rotation recorded in the ledger.</summary>
/// <param name="Key">The key rotated away from (its id).</param>
/// <param name="NewKey">The key that replaces it (its id).</param>
/// <param name="Principal">Who recorded it (a GitHub login).</param>
/// <param name="At">When it was recorded (UTC, the clock).</param>
/// <param name="Commit">The ledger commit that added it.</param>
/// <param name="Unauthenticated">Why it does not count (its commit is not signed by a key the allowed-signers file
/// maps to its principal), or null when it counts.</param>
public sealed record KeyRotation(
    string Key,
    string NewKey,
    string Principal,
    Instant At,
    string Commit,
    string? Unauthenticated
);

/// <summary>
/// Key rotation records (UML_OS deployment runbook section II.I: "a key-rotation audit record is required before
/// promotion"): <c>release-train signing rotate --key OLD --new NEW --by LOGIN</c> appends <c>{"kind":
/// "signing-rotation", "key", "newKey", "principal", "at"}</c> to <c>rotations.jsonl</c> of the ledger branch, in a
/// commit signed like a sign-off record (GitLedger.Append with an SSH key). A record counts only when that commit is
/// signed by a key the allowed-signers file (from the default branch) maps to the record's principal, as git checks it
/// (CommitSignatures).
/// </summary>
public static partial class KeyRotations
{
    /// <summary>The record kind.</summary>
    public const string Kind = "signing-rotation";

    /// <summary>Appends a rotation record to the ledger.</summary>
    /// <param name="config">The configuration (a ledger must be configured).</param>
    /// <param name="oldKey">The key id rotated away from.</param>
    /// <param name="newKey">The key id that replaces it.</param>
    /// <param name="principal">Who records it.</param>
    /// <param name="at">The clock's instant.</param>
    /// <param name="signing">The SSH key to sign the ledger commit with, or null for the git signing
    /// configuration.</param>
    /// <returns>The record as appended and its commit.</returns>
    /// <exception cref="ReleaseTrainException">RT3042 (no ledger, a key id that is no fingerprint, the same key),
    /// RT5021 (no signing key), RT4020 (no login), RT4030-RT4036 from the ledger.</exception>
    public static LedgerAppend Record(
        ReleaseTrainConfig config,
        string oldKey,
        string newKey,
        string principal,
        Instant at,
        LedgerSigning? signing
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Policy.Ledger is not { } settings)
        {
            throw Invalid("no ledger is configured: rotation records are ledger records (docs/policy.md, The ledger)");
        }

        foreach (var id in new[] { oldKey, newKey })
        {
            if (!KeyId().IsMatch(id))
            {
                throw Invalid($"'{id}' is not a key id (SHA256: and 43 base64 characters, as ssh-keygen -l prints)");
            }
        }

        if (oldKey == newKey)
        {
            throw Invalid("--key and --new name the same key");
        }

        var login = Principals.Read(principal)
            ?? throw new ReleaseTrainException(
                Principals.Invalid("Rotation record principal", principal, "it is not a GitHub login", null, 0, 0)
            );
        var ledger = settings.Open(config.RootDirectory);
        var key = signing
            ?? ledger.DefaultSigning()
            ?? throw new ReleaseTrainException(DiagnosticCodes.SigningKeyMissing.Error(null, 0, 0, login));
        var members = new JsonObject
        {
            ["kind"] = Kind,
            ["key"] = oldKey,
            ["newKey"] = newKey,
            ["principal"] = login,
            ["at"] = PolicyTime.Utc(at),
        };
        return ledger.Append(LedgerConfig.RotationsFile, (_, _) => members.DeepClone().AsObject(), key);
    }

    /// <summary>Reads the rotation records of the ledger and checks each commit's signature.</summary>
    /// <param name="config">The configuration (a ledger must be configured).</param>
    /// <param name="allowedSigners">The allowed-signers file's text (from the default branch).</param>
    /// <param name="allowedSignersName">How reasons name it.</param>
    /// <param name="errors">Why the ledger cannot be read (then no record counts).</param>
    /// <returns>The records, each with why it does not count when it does not.</returns>
    public static IReadOnlyList<KeyRotation> Read(
        ReleaseTrainConfig config,
        string allowedSigners,
        string allowedSignersName,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        errors = [];
        if (config.Policy.Ledger is not { } settings)
        {
            return [];
        }

        var ledger = settings.Open(config.RootDirectory);
        var records = ledger.Read(LedgerConfig.RotationsFile, out var ledgerErrors);
        if (ledgerErrors.Count > 0)
        {
            errors = ledgerErrors;
            return [];
        }

        var rotations = new List<KeyRotation>();
        foreach (var (record, commit) in records)
        {
            if (
                record["kind"]?.GetValue<string>() != Kind
                || record["key"]?.GetValue<string>() is not { } oldKey
                || record["newKey"]?.GetValue<string>() is not { } newKey
                || record["principal"]?.GetValue<string>() is not { } principal
                || record["at"]?.GetValue<string>() is not { } atText
                || !PolicyTime.TryParseInstant(atText, out var at, out _)
            )
            {
                continue;
            }

            var check = CommitSignatures.Check(
                config.RootDirectory,
                commit,
                principal,
                allowedSigners,
                allowedSignersName
            );
            rotations.Add(
                new KeyRotation(
                    oldKey,
                    newKey,
                    principal,
                    at,
                    commit,
                    check.State == SignatureState.Verified ? null : check.Reason
                )
            );
        }

        return rotations;
    }

    private static ReleaseTrainException Invalid(string why) =>
        new(DiagnosticCodes.RotationRecordInvalid.Error(null, 0, 0, why));

    [GeneratedRegex("^SHA256:[A-Za-z0-9+/]{43}$")]
    private static partial Regex KeyId();
}
