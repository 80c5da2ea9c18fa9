using System.Globalization;
using System.Text.Json.Nodes;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.SignOff;

/// <summary>What <c>release-train signoff add</c> records.</summary>
/// <param name="Release">The release version.</param>
/// <param name="Role">The role; must be one of <c>signoff.roles</c>.</param>
/// <param name="Principal">The GitHub login of whoever decides.</param>
/// <param name="Verdict">Approved or rejected.</param>
/// <param name="Commit">The commit sha the decision is given on, or null.</param>
/// <param name="EvidenceDigest">The evidence bundle digest it is given over (the release's COMMITTED digest), or null
/// when there is no bundle.</param>
/// <param name="AtText">When, ISO 8601 with an explicit offset (kept as written).</param>
public sealed record NewSignOffRecord(
    string Release,
    string Role,
    string Principal,
    SignOffVerdict Verdict,
    string? Commit,
    string? EvidenceDigest,
    string AtText
);

/// <summary>
/// The committed sign-off records: a hash-chained JSON Lines log (the same append-only rules as the decision log,
/// <see cref="HashChainedLog"/>: seq, prevHash, recordHash over RFC 8785, file lock, flush, head marker). One record:
/// <c>{"seq":1,"kind":"signoff","release":"1.2.0","role":"usr-architecture","principal":"alice","decision":"approved",
/// "commit":"…","evidenceDigest":"sha256:…","at":"2026-11-20T10:00:00+01:00","prevHash":"…","recordHash":"…"}</c>
/// (schemas/signoff-record.schema.json). <see cref="CommittedRecordSource"/> reads them as decisions.
/// </summary>
public static class SignOffRecords
{
    /// <summary>
    /// Records a sign-off where the configuration says, the one place that chooses: with <c>ledger</c> configured,
    /// the file <c>signoffs.jsonl</c> of the ledger branch (<see cref="GitLedger.Append"/>, the commit signed as
    /// <paramref name="signing"/> says), otherwise the file log <c>signoff.records</c>.
    /// </summary>
    /// <param name="config">The configuration (sign-off must be configured).</param>
    /// <param name="record">The record.</param>
    /// <param name="signing">How to sign the ledger commit (<c>--signing-key</c>), or null for the user's git signing
    /// configuration when it names a key (<see cref="GitLedger.DefaultSigning"/>); not used by the file log.</param>
    /// <returns>The record as appended, where (the log's root-relative path or the ledger's name), and the ledger
    /// commit the remote accepted (null for the file log).</returns>
    /// <exception cref="ReleaseTrainException">As <see cref="Append"/>, RT5021 when a ledger record has no key to be
    /// signed with (an unsigned ledger record never counts), and RT4030-RT4036 from the ledger.</exception>
    public static SignOffAppend Record(ReleaseTrainConfig config, NewSignOffRecord record, LedgerSigning? signing)
    {
        ArgumentNullException.ThrowIfNull(config);
        var policy = config.Policy.SignOff ?? throw new InvalidOperationException("signoff is not configured.");
        if (config.Policy.Ledger is { } ledgerConfig)
        {
            var members = Checked(policy, record);
            var ledger = ledgerConfig.Open(config.RootDirectory);
            var key = signing
                ?? ledger.DefaultSigning()
                ?? throw new ReleaseTrainException(
                    DiagnosticCodes.SigningKeyMissing.Error(null, 0, 0, record.Principal.Trim())
                );
            var appended = ledger.Append(LedgerConfig.SignOffsFile, (_, _) => members, key);
            return new SignOffAppend(appended.Record, ledger.Where(LedgerConfig.SignOffsFile), appended.Commit);
        }

        return new SignOffAppend(Append(policy, SignOffCheck.RecordsPath(config), record), policy.Records, null);
    }

    /// <summary>Appends a record after checking it: the role is configured, the timestamp has an offset.</summary>
    /// <param name="policy">The sign-off policy.</param>
    /// <param name="logPath">The record log (full path).</param>
    /// <param name="record">The record.</param>
    /// <returns>The record as appended, with seq, prevHash and recordHash.</returns>
    /// <exception cref="ReleaseTrainException">RT5003 for an unknown role, RT4020 for a principal that is no GitHub
    /// login (<see cref="Principals"/>; a padded one is recorded trimmed), RT4004 for a timestamp without offset,
    /// RT4011/RT4012 from the log.</exception>
    public static JsonObject Append(SignOffPolicy policy, string logPath, NewSignOffRecord record)
    {
        var members = Checked(policy, record);
        return HashChainedLog.Append(logPath, (_, _) => members, HashChainedLog.DefaultLockTimeout);
    }

    /// <summary>The record's members after checking them (role, principal, timestamp).</summary>
    private static JsonObject Checked(SignOffPolicy policy, NewSignOffRecord record)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(record);
        if (!policy.Roles.Any(r => r.Name == record.Role))
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.InvalidSignOff.Error(
                    policy.Location.File,
                    policy.Location.Line,
                    policy.Location.Column,
                    $"role '{record.Role}' is not one of signoff.roles "
                        + $"({string.Join(", ", policy.Roles.Select(r => r.Name))})"
                )
            );
        }

        if (!Principals.TryRead(record.Principal, out var principal, out var notLogin))
        {
            throw new ReleaseTrainException(Principals.Invalid("--by", record.Principal, notLogin, null, 0, 0));
        }

        if (!PolicyTime.TryParseInstant(record.AtText, out _, out var error))
        {
            throw new ReleaseTrainException(DiagnosticCodes.InvalidTimestamp.Error(null, 0, 0, "--at " + error));
        }

        return new JsonObject
        {
            ["kind"] = "signoff",
            ["release"] = record.Release,
            ["role"] = record.Role,
            ["principal"] = principal,
            ["decision"] = record.Verdict == SignOffVerdict.Approved ? "approved" : "rejected",
            ["commit"] = record.Commit,
            ["evidenceDigest"] = record.EvidenceDigest,
            ["at"] = record.AtText,
        };
    }

    /// <summary>
    /// Reads one sign-off record (of a committed log or of the ledger's <c>signoffs.jsonl</c>) as a decision: the one
    /// reading of the record format (schemas/signoff-record.schema.json) every record source shares.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="release">The release evaluated: a record of another release is skipped.</param>
    /// <param name="source">The source reading it.</param>
    /// <param name="sourceId">How reports name it (e.g. "record #3 of release-train/signoff-log.jsonl").</param>
    /// <param name="file">The file errors name.</param>
    /// <param name="line">The line errors name.</param>
    /// <param name="errors">Receives RT5003 (not a sign-off record, or a member missing), RT4004 (a timestamp without
    /// offset), RT4020 (a principal that is no GitHub login; a padded one reads trimmed).</param>
    /// <returns>The decision, or null (another release, or an error added to <paramref name="errors"/>).</returns>
    public static SignOffDecision? ToDecision(
        JsonObject record,
        string release,
        SignOffSource source,
        string sourceId,
        string? file,
        int line,
        List<Diagnostic> errors
    )
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(errors);
        string? Text(string name) => record[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (Text("kind") != "signoff")
        {
            errors.Add(
                DiagnosticCodes.InvalidSignOff.Error(
                    file,
                    line,
                    1,
                    "the record is not a sign-off record (kind is not \"signoff\")"
                )
            );
            return null;
        }

        if (Text("release") != release)
        {
            return null;
        }

        var principal = Text("principal");
        var role = Text("role");
        var verdict = Text("decision");
        var at = Text("at");
        if (principal is null || role is null || verdict is not ("approved" or "rejected") || at is null)
        {
            errors.Add(
                DiagnosticCodes.InvalidSignOff.Error(
                    file,
                    line,
                    1,
                    "a sign-off record needs principal, role, decision (approved|rejected) and at"
                )
            );
            return null;
        }

        if (!PolicyTime.TryParseInstant(at, out var instant, out var error))
        {
            errors.Add(DiagnosticCodes.InvalidTimestamp.Error(file, line, 1, error));
            return null;
        }

        if (!Principals.TryRead(principal, out var login, out var notLogin))
        {
            errors.Add(Principals.Invalid("Sign-off record principal", principal, notLogin, file, line, 1));
            return null;
        }

        return new SignOffDecision(
            login,
            role,
            verdict == "approved" ? SignOffVerdict.Approved : SignOffVerdict.Rejected,
            Text("commit"),
            Text("evidenceDigest"),
            instant,
            at,
            source,
            sourceId
        );
    }

    /// <summary>
    /// The role table as Markdown (for <c>signoff status --format markdown</c> and the GitHub release body).
    /// </summary>
    /// <param name="status">The status.</param>
    /// <returns>A Markdown table: Role | State | Principal | Decided at | Source.</returns>
    public static string MarkdownTable(SignOffStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var builder = new System.Text.StringBuilder();
        builder.AppendLine("| Role | State | Principal | Decided at | Source |");
        builder.AppendLine("|---|---|---|---|---|");
        foreach (var row in status.Roles)
        {
            var state = row.State switch
            {
                RoleState.Approved => "approved",
                RoleState.Rejected => "REJECTED",
                _ => "MISSING",
            };
            var source = row.Decision?.SourceId
                ?? string.Join("; ", row.Why).Replace("|", "\\|", StringComparison.Ordinal);
            builder.AppendLine(
                CultureInfo.InvariantCulture,
                $"| {row.Role.Name} | {state} | {row.Decision?.Principal ?? "—"} | {row.Decision?.AtText ?? "—"} | "
                    + $"{source} |"
            );
        }

        return builder.ToString();
    }
}

/// <summary>What <see cref="SignOffRecords.Record"/> recorded.
/// </summary>
/// <param name="Record">The record as appended (with seq, prevHash and recordHash).</param>
/// <param name="Where">The file log's configured path, or the ledger's
/// <c>&lt;remote&gt; &lt;branch&gt;:signoffs.jsonl</c>.
/// </param>
/// <param name="Commit">The ledger commit the remote accepted, or null for the file log.</param>
public sealed record SignOffAppend(JsonObject Record, string Where, string? Commit);
