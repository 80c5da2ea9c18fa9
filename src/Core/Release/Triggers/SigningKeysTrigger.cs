using NodaTime;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Evidence;
using ReleaseTrain.Core.Evidence.Signing;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// <c>signing</c>: when <c>signing</c> is configured, each key in use — configured in <c>signing.keys</c>, or one that
/// signed the release's evidence (<c>artifacts/evidence/V.intoto.jsonl</c>) — is checked (UML_OS deployment runbook
/// section II.I): a key on the pinned revocation list is RT4115; a configured key past its <c>rotationCadence</c>
/// counted from its <c>since</c> without a counting rotation record for it in the ledger (<c>signing rotate</c>, a
/// record made at or after <c>since</c>, in a commit signed by its principal's key) is RT4114; when the revocation
/// list or the rotation records cannot be read or trusted, RT4116. The policy, allowed signers and revocation list are
/// read as evidence verification reads them (SigningTrust: the default branch with a ledger, so a release commit that
/// drops <c>signing</c> from its own configuration does not switch the trigger off).
/// </summary>
internal sealed class SigningKeysTrigger : ReleaseTrigger
{
    /// <inheritdoc/>
    public override string Name => "signing";

    /// <inheritdoc/>
    public override int Order => 80;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> ReasonCodes { get; } =
    [
        DiagnosticCodes.SigningKeyRotationDue,
        DiagnosticCodes.SigningKeyRevokedNoGo,
        DiagnosticCodes.SigningKeysUnchecked,
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Reads { get; } = ["signing", "ledger"];

    /// <inheritdoc/>
    public override IEnumerable<string> Subjects(TriggerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // With a ledger the signing policy is the default branch's: a release commit that drops 'signing' from its
        // own release-train.json does not switch the check off.
        var policy = context.Config.Policy;
        return policy.Signing is null && policy.Ledger is null ? [] : [context.Request.Release];
    }

    /// <inheritdoc/>
    public override void Evaluate(TriggerContext context, string subject)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (config, request) = (context.Config, context.Request);
        var at = config.Policy.Signing?.Location ?? new Config.ConfigLocation(config.ConfigPath, 1, 1);
        var trust = SigningTrust.Read(config, null, out var errors, optional: true);
        if (trust is { Configured: false })
        {
            context.Input("signing-policy", "not configured in " + trust.Origin);
            return;
        }

        if (trust is null)
        {
            var why = string.Join("; ", errors.Select(e => e.Message.TrimEnd('.')));
            context.Reason(DiagnosticCodes.SigningKeysUnchecked.Error(at.File, at.Line, at.Column, why));
            return;
        }

        context.Input("signing-policy", trust.Origin);
        var inUse = trust.Policy.Keys.Select(k => k.Id).ToList();
        var envelope = EvidenceSignatures.EnvelopePath(
            EvidenceBundle.BundlePath(config.RootDirectory, request.Release)
        );
        if (File.Exists(envelope))
        {
            var bytes = RepositoryFiles.ReadFile(envelope);
            context.Input(context.KeyOf(envelope), Json.Digest.Sha256(bytes));
            try
            {
                foreach (var signature in DsseEnvelope.Parse(bytes, envelope).Signatures)
                {
                    var key = SigningKeys.SshSignaturePublicKey(signature.Sig);
                    inUse.AddRange(key is null ? [signature.KeyId] : SigningKeys.KeyIds(key));
                }
            }
            catch (ReleaseTrainException ex)
            {
                context.InputError(ex.Diagnostic);
            }
        }

        if (trust.Revocations is { } revocations)
        {
            foreach (var key in inUse.Distinct(StringComparer.Ordinal).Where(revocations.Revoked.Contains))
            {
                context.Reason(
                    DiagnosticCodes.SigningKeyRevokedNoGo.Error(at.File, at.Line, at.Column, key, revocations.Source)
                );
            }
        }

        var due = trust.Policy.Keys.Where(k => request.At >= k.Since + k.RotationCadence).ToList();
        if (due.Count == 0)
        {
            return;
        }

        var rotations = KeyRotations.Read(config, trust.Signers.Text, trust.Signers.Source, out var ledgerErrors);
        if (ledgerErrors.Count > 0)
        {
            var why =
                "the ledger's rotation records cannot be read: "
                + string.Join("; ", ledgerErrors.Select(e => e.Message.TrimEnd('.')));
            context.Reason(DiagnosticCodes.SigningKeysUnchecked.Error(at.File, at.Line, at.Column, why));
            return;
        }

        foreach (var rotation in rotations)
        {
            context.Input(
                "rotation:" + rotation.Commit,
                $"{rotation.Key} -> {rotation.NewKey} by {rotation.Principal} at {PolicyTime.Utc(rotation.At)}"
                    + (rotation.Unauthenticated is { } why ? $" (does not count: {why})" : string.Empty)
            );
        }

        foreach (var key in due)
        {
            if (
                rotations.Any(r =>
                    r.Unauthenticated is null && r.Key == key.Id && r.At >= key.Since && r.At <= request.At
                )
            )
            {
                continue;
            }

            var where = key.Location;
            context.Reason(
                DiagnosticCodes.SigningKeyRotationDue.Error(
                    where.File,
                    where.Line,
                    where.Column,
                    key.Id,
                    key.Principal,
                    PeriodText(key.RotationCadence),
                    PolicyTime.Utc(key.Since + key.RotationCadence)
                )
            );
        }
    }

    private static string PeriodText(Duration duration) =>
        duration.Seconds == 0 && duration.Milliseconds == 0 && duration.Hours == 0 && duration.Minutes == 0
            ? $"P{duration.Days}D"
            : $"{duration.TotalHours:0.##} hours";
}
