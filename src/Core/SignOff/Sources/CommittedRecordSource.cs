using System.Globalization;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.SignOff;

/// <summary>
/// <c>record</c>: the committed sign-off records of <c>signoff.records</c>, appended by <c>release-train signoff
/// add</c> (<see cref="SignOffRecords.Append"/>) to a hash-chained JSON Lines log (schemas/signoff-record.schema.json).
/// A record names its role; its principal is as written in the committed log, so the repository's review of that
/// commit is what vouches for it. An approval counts only over the release's current evidence digest.
/// </summary>
public sealed class CommittedRecordSource : SignOffSource
{
    /// <inheritdoc/>
    public override string Name => "record";

    /// <inheritdoc/>
    public override bool RequiresEvidenceDigest => true;

    /// <inheritdoc/>
    public override IReadOnlyList<DiagnosticDescriptor> Codes { get; } =
    [
        DiagnosticCodes.PathEscapesRoot,
        DiagnosticCodes.InvalidTimestamp,
        DiagnosticCodes.DecisionLogTampered,
        DiagnosticCodes.DecisionLogTorn,
        DiagnosticCodes.LogRecordTooLarge,
        DiagnosticCodes.FileUnreadable,
        DiagnosticCodes.InvalidSignOff,
        DiagnosticCodes.InvalidPrincipal,
    ];

    /// <summary>
    /// The release's decisions in the configured log (<see cref="SignOffCheck.RecordsPath"/>). The records are not
    /// authenticated (anyone who can commit can append any login): with a ledger configured they are not read at all;
    /// without one they count only when the trusted policy sets <c>signoff.allowUnsignedRecords</c> (local trials),
    /// else each is returned <see cref="SignOffDecision.Unauthenticated"/>, saying so.
    /// </summary>
    /// <param name="config">The configuration, with <c>signoff</c>.</param>
    /// <param name="trusted">The trusted policy.</param>
    /// <param name="release">The release version.</param>
    /// <param name="errors">RT1005 when the log's path escapes the root, else as <see cref="Read(string, string,
    /// string, out IReadOnlyList{Diagnostic})"/>.</param>
    /// <returns>The decisions.</returns>
    /// <exception cref="InvalidOperationException">Sign-off is not configured.</exception>
    public override IReadOnlyList<SignOffDecision> Read(
        ReleaseTrainConfig config,
        TrustedSignOffPolicy trusted,
        string release,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(trusted);
        var policy = config.Policy.SignOff ?? throw new InvalidOperationException("signoff is not configured.");
        if (trusted.Ledger)
        {
            errors = [];
            return [];
        }

        string path;
        try
        {
            path = SignOffCheck.RecordsPath(config);
        }
        catch (ReleaseTrainException ex)
        {
            errors = [ex.Diagnostic];
            return [];
        }

        var decisions = Read(path, release, policy.Records, out errors);
        return trusted.Policy.AllowUnsignedRecords
            ? decisions
            : [.. decisions.Select(d => d with { Unauthenticated = Unsigned })];
    }

    /// <summary>Why a committed record does not count without <c>signoff.allowUnsignedRecords</c>.</summary>
    public const string Unsigned =
        "committed records are not authenticated (anyone can append any login): they count only with "
        + "\"signoff\": {\"allowUnsignedRecords\": true} for local trials; record sign-off on the ledger instead";

    /// <summary>
    /// Reads the decisions recorded for a release. The whole chain is verified first: a log that does not verify
    /// yields no decisions and its diagnostics (fail closed). An absent log holds no decisions.
    /// </summary>
    /// <param name="logPath">The record log (full path).</param>
    /// <param name="release">The release version.</param>
    /// <param name="displayPath">How to name the log in <see cref="SignOffDecision.SourceId"/> (e.g. its root-relative
    /// path).</param>
    /// <param name="errors">RT4010/RT4011 when the chain does not verify, RT5003 for a record that is not a sign-off
    /// record, RT4004 for a timestamp without an offset, RT4020 for a principal that is no GitHub login
    /// (<see cref="Principals"/>; a padded one reads trimmed); any error means no decisions.</param>
    /// <returns>The decisions for the release, in log order.</returns>
    public IReadOnlyList<SignOffDecision> Read(
        string logPath,
        string release,
        string displayPath,
        out IReadOnlyList<Diagnostic> errors
    )
    {
        var list = new List<Diagnostic>();
        errors = list;
        var records = HashChainedLog.ReadVerified(logPath, out var chain);
        if (chain.Count > 0)
        {
            list.AddRange(chain);
            return [];
        }

        var decisions = new List<SignOffDecision>();
        var lineNumber = 0;
        foreach (var record in records)
        {
            lineNumber++;
            if (
                SignOffRecords.ToDecision(
                    record,
                    release,
                    this,
                    string.Create(CultureInfo.InvariantCulture, $"{Name} #{record["seq"]} of {displayPath}"),
                    logPath,
                    lineNumber,
                    list
                ) is
                { } decision
            )
            {
                decisions.Add(decision);
            }
        }

        return list.Count > 0 ? [] : decisions;
    }
}
