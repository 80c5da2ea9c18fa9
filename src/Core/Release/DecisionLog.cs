using System.Text.Json.Nodes;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// Where and when no-cut decisions are recorded: the configured <c>decisionLog</c> (root-relative, default
/// <c>release-train/no-cut-decision-log.jsonl</c>), appended through <see cref="HashChainedLog"/>. A decision
/// without a verdict (invalid inputs) is never recorded; a refused release is recorded as a NO-GO unless the log
/// itself is what could not be read (tampered, RT4010, or torn, RT4011).
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

    /// <summary>Appends a decision, when it has a verdict.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="decision">The decision.</param>
    /// <returns>The record as appended, or null when the decision has input errors and so no verdict.</returns>
    /// <exception cref="ReleaseTrainException">From <see cref="HashChainedLog.Append"/>: RT4010/RT4011/RT4016 when the
    /// log's last line is malformed, torn or too large, RT4012 when it is locked, RT4013 when it cannot be written,
    /// RT4014/RT4015 when the append failed (the record is then not in the log).</exception>
    public static JsonObject? Record(ReleaseTrainConfig config, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.InputErrors.Count > 0
            ? null
            : HashChainedLog.Append(
                PathOf(config),
                (_, prev) => decision.ToRecord(prev),
                HashChainedLog.DefaultLockTimeout
            );
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
            : HashChainedLog.Append(
                PathOf(config),
                (_, prev) => ReleaseGate.RefusalRecord(config, request, result, prev),
                HashChainedLog.DefaultLockTimeout
            );
    }

    /// <summary>
    /// Whether a diagnostic says that a hash-chained log cannot be appended to (RT4010, RT4011, RT4016).
    /// </summary>
    /// <param name="diagnostic">A diagnostic.</param>
    /// <returns>True for a tampered or torn log, or one with a line over the maximum record size.</returns>
    public static bool IsUnreadableLog(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        return diagnostic.Code == DiagnosticCodes.DecisionLogTampered.Code
            || diagnostic.Code == DiagnosticCodes.DecisionLogTorn.Code
            || diagnostic.Code == DiagnosticCodes.LogRecordTooLarge.Code;
    }
}
