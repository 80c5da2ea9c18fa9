using System.Text.Json.Nodes;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// Where and when no-cut decisions are recorded, and the one place that chooses between the two stores: with
/// <c>ledger</c> configured, the file <c>decisions.jsonl</c> of the ledger branch (<see cref="GitLedger"/>: fetched
/// first, appended with compare-and-swap, a record reported only once the remote accepted it); otherwise the
/// configured <c>decisionLog</c> (root-relative, default <c>release-train/no-cut-decision-log.jsonl</c>), appended
/// through <see cref="HashChainedLog"/>. A decision without a verdict (invalid inputs) is never recorded; a refused
/// release is recorded as a NO-GO unless the log itself is what could not be read (tampered, RT4010, torn, RT4011,
/// a ledger history that does not verify, RT4034).
/// </summary>
public static class DecisionLog
{
    /// <summary>The decision log's full path.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The path (the file may not exist yet).</returns>
    public static string PathOf(ReleaseTrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return RepositoryPaths.InRoot(config.RootDirectory, config.Policy.DecisionLog);
    }

    /// <summary>The ledger of a configuration, or null when <c>ledger</c> is not configured (the file logs).</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>A ledger whose git runs in the repository root.</returns>
    public static GitLedger? LedgerOf(ReleaseTrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Policy.Ledger?.Open(config.RootDirectory);
    }

    /// <summary>
    /// Where decisions are, as diagnostics name it (<c>File</c>: the log's full path, or
    /// <c>&lt;remote&gt; &lt;branch&gt;:decisions.jsonl</c>) and as reports show it (<c>Display</c>: the configured
    /// root-relative path, or the same ledger name).
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The two names.</returns>
    public static (string File, string Display) Where(ReleaseTrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (LedgerOf(config) is { } ledger)
        {
            var name = ledger.Where(LedgerConfig.DecisionsFile);
            return (name, name);
        }

        return (PathOf(config), config.Policy.DecisionLog);
    }

    /// <summary>
    /// Every recorded decision, verified: the ledger's (fetched first; history and chain verified) or the file log's
    /// (chain verified). An absent log or branch holds none.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="errors">Empty when the records verify; else the first problem (RT4010/RT4011/RT4016, RT1011,
    /// RT4030/RT4031/RT4034/RT4036), and the records are then empty (fail closed).</param>
    /// <returns>The records in order.</returns>
    public static IReadOnlyList<JsonObject> Read(ReleaseTrainConfig config, out IReadOnlyList<Diagnostic> errors) =>
        LedgerOf(config) is { } ledger
            ? [.. ledger.Read(LedgerConfig.DecisionsFile, out errors).Select(r => r.Record)]
            : HashChainedLog.ReadVerified(PathOf(config), out errors);

    /// <summary>Appends a decision, when it has a verdict.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="decision">The decision.</param>
    /// <returns>The record as appended, or null when the decision has input errors and so no verdict.</returns>
    /// <exception cref="ReleaseTrainException">From <see cref="HashChainedLog.Append"/>: RT4010/RT4011/RT4016 when the
    /// log's last line is malformed, torn or too large, RT4012 when it is locked, RT4013 when it cannot be written,
    /// RT4014/RT4015 when the append failed (the record is then not in the log). From <see cref="GitLedger.Append"/>:
    /// RT4030-RT4036 (nothing recorded).</exception>
    public static JsonObject? Record(ReleaseTrainConfig config, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.InputErrors.Count > 0 ? null : Append(config, prev => decision.ToRecord(prev));
    }

    /// <summary>Appends the NO-GO record of a refused release (<see cref="ReleaseGate.RefusalRecord"/>).</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="request">The release.</param>
    /// <param name="result">The refused gate result.</param>
    /// <returns>The record as appended, or null when the decision log itself is tampered or torn.</returns>
    /// <exception cref="ReleaseTrainException">RT4012 when the log is locked by another writer, RT4013 when it cannot
    /// be written, RT4014/RT4015 when the append failed.</exception>
    public static JsonObject? RecordRefusal(ReleaseTrainConfig config, ReleaseRequest request, ReleaseGateResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.InputErrors.Any(IsUnreadableLog)
            ? null
            : Append(config, prev => ReleaseGate.RefusalRecord(config, request, result, prev));
    }

    /// <summary>Appends to the ledger when configured, else to the file log.</summary>
    private static JsonObject Append(ReleaseTrainConfig config, Func<string, JsonObject> build) =>
        LedgerOf(config) is { } ledger
            ? ledger.Append(LedgerConfig.DecisionsFile, (_, prev) => build(prev ?? HashChainedLog.GenesisHash)).Record
            : HashChainedLog.Append(PathOf(config), (_, prev) => build(prev), HashChainedLog.DefaultLockTimeout);

    /// <summary>
    /// Whether a diagnostic says that a hash-chained log cannot be appended to (RT4010, RT4011, RT4016, RT4034).
    /// </summary>
    /// <param name="diagnostic">A diagnostic.</param>
    /// <returns>True for a tampered or torn log, or one with a line over the maximum record size, or a ledger whose
    /// history does not verify (RT4034).</returns>
    public static bool IsUnreadableLog(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return diagnostic.Code == DiagnosticCodes.DecisionLogTampered.Code
            || diagnostic.Code == DiagnosticCodes.DecisionLogTorn.Code
            || diagnostic.Code == DiagnosticCodes.LogRecordTooLarge.Code
            || diagnostic.Code == DiagnosticCodes.LedgerHistoryInvalid.Code;
    }
}
