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
/// <param name="EvidenceDigest">The evidence bundle digest it is given over (the release's COMMITTED digest), or null when there is no bundle.</param>
/// <param name="AtText">When, ISO 8601 with an explicit offset (kept as written).</param>
public sealed record NewSignOffRecord(string Release, string Role, string Principal, SignOffVerdict Verdict, string? Commit, string? EvidenceDigest, string AtText);

/// <summary>
/// The committed sign-off records: a hash-chained JSON Lines log (the same append-only rules as the decision log,
/// <see cref="HashChainedLog"/>: seq, prevHash, recordHash over RFC 8785, file lock, flush, head marker). One record:
/// <c>{"seq":1,"kind":"signoff","release":"1.2.0","role":"usr-architecture","principal":"alice","decision":"approved",
/// "commit":"…","evidenceDigest":"sha256:…","at":"2026-11-20T10:00:00+01:00","prevHash":"…","recordHash":"…"}</c>
/// (schemas/signoff-record.schema.json).
/// </summary>
public static class SignOffRecords
{
    /// <summary>Appends a record after checking it: the role is configured, the timestamp has an offset.</summary>
    /// <param name="policy">The sign-off policy.</param>
    /// <param name="logPath">The record log (full path).</param>
    /// <param name="record">The record.</param>
    /// <returns>The record as appended, with seq, prevHash and recordHash.</returns>
    /// <exception cref="ReleaseTrainException">RT5003 for an unknown role or principal format, RT4004 for a timestamp without offset, RT4011/RT4012 from the log.</exception>
    public static JsonObject Append(SignOffPolicy policy, string logPath, NewSignOffRecord record)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(record);
        if (!policy.Roles.Any(r => r.Name == record.Role))
        {
            throw new ReleaseTrainException(DiagnosticCodes.InvalidSignOff.Error(policy.Location.File, policy.Location.Line, policy.Location.Column,
                $"role '{record.Role}' is not one of signoff.roles ({string.Join(", ", policy.Roles.Select(r => r.Name))})"));
        }

        if (string.IsNullOrWhiteSpace(record.Principal) || record.Principal.Contains('/', StringComparison.Ordinal))
        {
            throw new ReleaseTrainException(DiagnosticCodes.InvalidSignOff.Error(null, 0, 0, $"--by '{record.Principal}' is not a GitHub login"));
        }

        if (!PolicyTime.TryParseInstant(record.AtText, out _, out var error))
        {
            throw new ReleaseTrainException(DiagnosticCodes.InvalidTimestamp.Error(null, 0, 0, "--at " + error));
        }

        return HashChainedLog.Append(logPath, (_, _) => new JsonObject
        {
            ["kind"] = "signoff",
            ["release"] = record.Release,
            ["role"] = record.Role,
            ["principal"] = record.Principal,
            ["decision"] = record.Verdict == SignOffVerdict.Approved ? "approved" : "rejected",
            ["commit"] = record.Commit,
            ["evidenceDigest"] = record.EvidenceDigest,
            ["at"] = record.AtText,
        }, HashChainedLog.DefaultLockTimeout);
    }

    /// <summary>
    /// Reads the decisions recorded for a release. The whole chain is verified first: a log that does not verify
    /// yields no decisions and its diagnostics (fail closed). An absent log holds no decisions.
    /// </summary>
    /// <param name="logPath">The record log (full path).</param>
    /// <param name="release">The release version.</param>
    /// <param name="displayPath">How to name the log in <see cref="SignOffDecision.SourceId"/> (e.g. its root-relative path).</param>
    /// <param name="errors">RT4010/RT4011 when the chain does not verify, RT5003 for a record that is not a sign-off record.</param>
    /// <returns>The decisions for the release, in log order.</returns>
    public static IReadOnlyList<SignOffDecision> Read(string logPath, string release, string displayPath, out IReadOnlyList<Diagnostic> errors)
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
            string? Text(string name) => record[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (Text("kind") != "signoff")
            {
                list.Add(DiagnosticCodes.InvalidSignOff.Error(logPath, lineNumber, 1, "the record is not a sign-off record (kind is not \"signoff\")"));
                continue;
            }

            if (Text("release") != release)
            {
                continue;
            }

            var principal = Text("principal");
            var role = Text("role");
            var verdict = Text("decision");
            var at = Text("at");
            if (principal is null || role is null || verdict is not ("approved" or "rejected") || at is null)
            {
                list.Add(DiagnosticCodes.InvalidSignOff.Error(logPath, lineNumber, 1, "a sign-off record needs principal, role, decision (approved|rejected) and at"));
                continue;
            }

            if (!PolicyTime.TryParseInstant(at, out var instant, out var error))
            {
                list.Add(DiagnosticCodes.InvalidTimestamp.Error(logPath, lineNumber, 1, error));
                continue;
            }

            decisions.Add(new SignOffDecision(principal, role, verdict == "approved" ? SignOffVerdict.Approved : SignOffVerdict.Rejected,
                Text("commit"), Text("evidenceDigest"), instant, at, SignOffSourceKind.Record,
                string.Create(CultureInfo.InvariantCulture, $"record #{record["seq"]} of {displayPath}")));
        }

        return list.Count > 0 ? [] : decisions;
    }

    /// <summary>
    /// Maps a GitHub pull-request review to a decision: <c>APPROVED</c> approves, <c>CHANGES_REQUESTED</c> rejects,
    /// any other state (<c>COMMENTED</c>, <c>DISMISSED</c>, <c>PENDING</c>) is no decision. A body line
    /// <c>evidence: sha256:&lt;64 hex&gt;</c> binds the review to that evidence digest.
    /// </summary>
    /// <param name="login">The reviewer's login.</param>
    /// <param name="state">The review state.</param>
    /// <param name="commitId">The review's commit_id.</param>
    /// <param name="submittedAt">submitted_at (ISO 8601, GitHub gives UTC with Z), or null for a pending review.</param>
    /// <param name="body">The review body, or null.</param>
    /// <param name="sourceId">e.g. "review 80 on PR #12".</param>
    /// <returns>The decision, or null.</returns>
    public static SignOffDecision? FromReview(string login, string state, string? commitId, string? submittedAt, string? body, string sourceId)
    {
        var verdict = state switch
        {
            "APPROVED" => SignOffVerdict.Approved,
            "CHANGES_REQUESTED" => (SignOffVerdict?)SignOffVerdict.Rejected,
            _ => null,
        };
        if (verdict is null || submittedAt is null || !PolicyTime.TryParseInstant(submittedAt, out var at, out _))
        {
            return null;
        }

        var digest = body is null ? null : System.Text.RegularExpressions.Regex.Match(body, @"(?im)^\s*evidence:\s*(sha256:[0-9a-f]{64})\s*$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)) is { Success: true } m ? m.Groups[1].Value : null;
        return new SignOffDecision(login, null, verdict.Value, commitId, digest, at, submittedAt, SignOffSourceKind.Review, sourceId);
    }

    /// <summary>The role table as Markdown (for <c>signoff status --format markdown</c> and the GitHub release body).</summary>
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
            var state = row.State switch { RoleState.Approved => "approved", RoleState.Rejected => "REJECTED", _ => "MISSING" };
            builder.AppendLine(CultureInfo.InvariantCulture, $"| {row.Role.Name} | {state} | {row.Decision?.Principal ?? "—"} | {row.Decision?.AtText ?? "—"} | {row.Decision?.SourceId ?? string.Join("; ", row.Why).Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return builder.ToString();
    }
}
