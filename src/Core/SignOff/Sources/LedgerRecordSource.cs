using System.Globalization;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// <c>ledger</c>: the sign-off records of the ledger (<c>signoffs.jsonl</c> of the <c>ledger</c> branch, appended by
/// <c>release-train signoff add</c> as signed commits; <see cref="GitLedger"/>). The branch is fetched and verified
/// first (linear history, one record per commit, the hash chain): a ledger that does not verify yields no sign-off
/// (fail closed). A record counts only when the commit that added it is signed by a key that the trusted
/// allowed-signers file (<see cref="TrustedPolicy"/>: read from the remote's default branch) maps to the principal the
/// record names, as git checks it (<see cref="CommitSignatures"/>); otherwise it is returned
/// <see cref="SignOffDecision.Unauthenticated"/>, with the reason (unsigned, signed with GPG or X.509, by an unknown
/// key, by a key mapped to another principal). A record names its role and is bound to its commit and evidence
/// digest, like a committed record; recording it changes neither the release commit nor its evidence (the ledger
/// is another branch). Without a ledger configured there are no ledger records.
/// </summary>
public sealed class LedgerRecordSource : SignOffSource
{
    /// <inheritdoc/>
    public override string Name => "ledger";

    /// <inheritdoc/>
    public override bool RequiresEvidenceDigest => true;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.InvalidTimestamp,
        DiagnosticCodes.DecisionLogTampered,
        DiagnosticCodes.DecisionLogTorn,
        DiagnosticCodes.InvalidSignOff,
        DiagnosticCodes.InvalidPrincipal,
        DiagnosticCodes.LedgerGitMissing,
        DiagnosticCodes.LedgerFetchFailed,
        DiagnosticCodes.LedgerHistoryInvalid,
        DiagnosticCodes.LedgerGitFailed,
    ];

    /// <summary>The release's decisions on the ledger, each checked for its signature.</summary>
    /// <param name="config">The configuration, with <c>signoff</c> and <c>ledger</c>.</param>
    /// <param name="trusted">The trusted policy (its allowed signers).</param>
    /// <param name="release">The release version.</param>
    /// <param name="errors">The ledger's errors (it cannot be fetched, its history or chain does not verify), RT5003,
    /// RT4004 or RT4020 for a record that cannot be read; any error means no decisions.</param>
    /// <returns>The decisions, in ledger order.</returns>
    public override IReadOnlyList<SignOffDecision> Read(
        ReleaseTrainConfig config,
        TrustedSignOffPolicy trusted,
        string release,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(trusted);
        errors = [];
        if (config.Policy.Ledger is not { } settings || trusted.AllowedSigners is null)
        {
            return [];
        }

        var ledger = settings.Open(config.RootDirectory);
        var records = ledger.Read(LedgerConfig.SignOffsFile, out var ledgerErrors);
        if (ledgerErrors.Count > 0)
        {
            errors = ledgerErrors;
            return [];
        }

        var list = new List<Diagnostic>();
        var decisions = new List<SignOffDecision>();
        var file = ledger.Where(LedgerConfig.SignOffsFile);
        var line = 0;
        foreach (var (record, commit) in records)
        {
            line++;
            var sourceId = string.Create(
                CultureInfo.InvariantCulture,
                $"{Name} #{record["seq"]} of {file} (commit {commit[..Math.Min(12, commit.Length)]})"
            );
            if (SignOffRecords.ToDecision(record, release, this, sourceId, file, line, list) is not { } decision)
            {
                continue;
            }

            var check = CommitSignatures.Check(
                config.RootDirectory,
                commit,
                decision.Principal,
                trusted.AllowedSigners,
                trusted.AllowedSignersName ?? trusted.Policy.AllowedSigners
            );
            decisions.Add(
                check.State == SignatureState.Verified ? decision : decision with { Unauthenticated = check.Reason }
            );
        }

        errors = list;
        return list.Count > 0 ? [] : decisions;
    }
}
