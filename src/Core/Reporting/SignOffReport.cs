using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.SignOff;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// The report of <c>release-train signoff status|verify</c> (docs/signoff.md): the role table as text, JSON
/// (schemas/signoff-status.schema.json) or Markdown; or, when the sign-off inputs cannot be read, those errors and
/// no verdict in every format. Instants are UTC; decision times are shown as recorded (with their offset).
/// </summary>
public sealed class SignOffReport
{
    private SignOffReport(string release, SignOffStatus? status, IReadOnlyList<Diagnostic> errors, bool verify)
    {
        Release = release;
        Status = status;
        Errors = errors;
        Verify = verify;
    }

    /// <summary>The release version.</summary>
    public string Release { get; }

    /// <summary>The evaluated status, or null when the inputs could not be read.</summary>
    public SignOffStatus? Status { get; }

    /// <summary>Why the inputs could not be read (RT1xxx, RT4010/RT4011 of the record log); empty otherwise.</summary>
    public IReadOnlyList<Diagnostic> Errors { get; }

    /// <summary>Whether this is <c>verify</c> (a verdict: diagnostics listed, exit 1 when incomplete).</summary>
    public bool Verify { get; }

    /// <summary><c>verify</c>: 0 complete, 1 a role missing or rejected; <c>status</c>: 0; both: 2 inputs unreadable.
    /// </summary>
    public int ExitCode =>
        Status is null ? 2
        : Verify && !Status.Complete ? 1
        : 0;

    /// <summary>The report of an evaluated sign-off.</summary>
    /// <param name="status">The status.</param>
    /// <param name="verify">True for <c>verify</c>, false for <c>status</c>.</param>
    /// <returns>The report.</returns>
    public static SignOffReport Of(SignOffStatus status, bool verify)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new SignOffReport(status.Request.Release, status, [], verify);
    }

    /// <summary>The report of a sign-off whose inputs could not be read: no verdict.</summary>
    /// <param name="release">The release version.</param>
    /// <param name="errors">The errors (at least one).</param>
    /// <param name="verify">True for <c>verify</c>, false for <c>status</c>.</param>
    /// <returns>The report.</returns>
    public static SignOffReport Unreadable(string release, IReadOnlyList<Diagnostic> errors, bool verify) =>
        new(release, null, errors, verify);

    /// <summary>Renders the report; without a status, every format is the errors and a no-verdict line.</summary>
    /// <param name="format"><see cref="OutputFormat.Text"/>, <see cref="OutputFormat.Json"/> or
    /// <see cref="OutputFormat.Markdown"/>.</param>
    /// <param name="explain">Text only: list every decision that did not count, and why.</param>
    /// <returns>The text, ending with a newline.</returns>
    /// <exception cref="ArgumentOutOfRangeException">For any other format.</exception>
    public string Render(OutputFormat format, bool explain)
    {
        if (Status is null)
        {
            var builder = new StringBuilder();
            foreach (var error in Errors)
            {
                builder.AppendLine(error.ToCanonicalString());
            }

            builder.AppendLine(
                CultureInfo.InvariantCulture,
                $"sign-off of {Release}: no verdict, the inputs above cannot be read"
            );
            return builder.ToString();
        }

        return format switch
        {
            OutputFormat.Json => ReportJson.Write(ToJson(Status)),
            OutputFormat.Markdown => SignOffRecords.MarkdownTable(Status),
            OutputFormat.Text => Text(Status, withDiagnostics: Verify, explain),
            _ => throw new ArgumentOutOfRangeException(
                nameof(format),
                format,
                "sign-off reports are text, json or markdown"
            ),
        };
    }

    /// <summary>
    /// The role table as text: each role's state, principal and decision time (or why no approval counted), notes,
    /// with <paramref name="explain"/> every decision that did not count, and the summary line.
    /// </summary>
    /// <param name="status">The status.</param>
    /// <param name="withDiagnostics">Open with the RT5001/RT5002 diagnostics of the missing roles.</param>
    /// <param name="explain">List the decisions that did not count.</param>
    /// <returns>The text, ending with a newline.</returns>
    public static string Text(SignOffStatus status, bool withDiagnostics, bool explain)
    {
        ArgumentNullException.ThrowIfNull(status);
        var builder = new StringBuilder();
        if (withDiagnostics)
        {
            foreach (var d in status.Diagnostics)
            {
                builder.AppendLine(d.ToCanonicalString());
            }
        }

        var width = Math.Max(4, status.Roles.Max(r => r.Role.Name.Length));
        builder.AppendLine(
            CultureInfo.InvariantCulture,
            $"{"ROLE".PadRight(width)}  {"STATE", -8}  {"PRINCIPAL", -16}  DECIDED AT / WHY"
        );
        foreach (var row in status.Roles)
        {
            var state = row.State switch
            {
                RoleState.Approved => "approved",
                RoleState.Rejected => "REJECTED",
                _ => "MISSING",
            };
            var detail =
                row.Decision is { } d ? $"{d.AtText} ({d.SourceId})"
                : row.Why.Count > 0 ? string.Join("; ", row.Why)
                : "no approval by " + string.Join(", ", row.Role.Principals);
            builder.AppendLine(
                CultureInfo.InvariantCulture,
                $"{row.Role.Name.PadRight(width)}  {state, -8}  {row.Decision?.Principal ?? "-", -16}  {detail}"
            );
        }

        foreach (var note in status.Notes)
        {
            builder.AppendLine("note: " + note);
        }

        if (explain)
        {
            foreach (var ignored in status.Ignored)
            {
                var decision = ignored.Decision;
                var verdict = decision.Verdict.ToString().ToLowerInvariant();
                builder.AppendLine(
                    CultureInfo.InvariantCulture,
                    $"  not counted: {decision.Principal} {verdict} ({decision.SourceId}, {decision.AtText}): "
                        + $"{ignored.Why}"
                );
            }
        }

        var request = status.Request;
        var approved = status.Roles.Count(r => r.State == RoleState.Approved);
        builder.AppendLine(
            CultureInfo.InvariantCulture,
            $"sign-off of {request.Release}: {status.Summary} ({approved}/{status.Roles.Count} roles; "
                + $"commit {request.Commit ?? "not checked"}; evidence {request.EvidenceDigest ?? "none"}; "
                + $"at {PolicyTime.Utc(request.At)})"
        );
        return builder.ToString();
    }

    /// <summary>The JSON report (schemas/signoff-status.schema.json).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The report.</returns>
    public static JsonObject ToJson(SignOffStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        static JsonNode? Decision(SignOffDecision? d) =>
            d is null
                ? null
                : new JsonObject
                {
                    ["principal"] = d.Principal,
                    ["role"] = d.Role,
                    ["decision"] = d.Verdict == SignOffVerdict.Approved ? "approved" : "rejected",
                    ["commit"] = d.Commit,
                    ["evidenceDigest"] = d.EvidenceDigest,
                    ["at"] = d.AtText,
                    ["source"] = d.SourceId,
                };
        return new JsonObject
        {
            ["release"] = status.Request.Release,
            ["commit"] = status.Request.Commit,
            ["evidenceDigest"] = status.Request.EvidenceDigest,
            ["evaluatedAt"] = PolicyTime.Utc(status.Request.At),
            ["author"] = status.Request.Author is null
                ? null
                : new JsonObject { ["login"] = status.Request.Author, ["source"] = status.Request.AuthorSource },
            ["complete"] = status.Complete,
            ["roles"] = new JsonArray([
                .. status.Roles.Select(r =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["role"] = r.Role.Name,
                            ["state"] = r.State.ToString().ToLowerInvariant(),
                            ["decision"] = Decision(r.Decision),
                            ["why"] = new JsonArray([.. r.Why.Select(w => (JsonNode)JsonValue.Create(w)!)]),
                        }
                ),
            ]),
            ["notCounted"] = new JsonArray([
                .. status.Ignored.Select(i =>
                    (JsonNode)new JsonObject { ["decision"] = Decision(i.Decision), ["why"] = i.Why }
                ),
            ]),
            ["diagnostics"] = ReportJson.Diagnostics(status.Diagnostics),
        };
    }
}
