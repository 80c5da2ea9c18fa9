using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// The report of <c>release-train freeze</c>: whether an action is frozen at an instant, as text (the FREEZE line,
/// with <c>--explain</c> every window, exception, the next opening and upcoming occurrences) or JSON
/// (schemas/freeze-report.schema.json). Instants are UTC (<c>Z</c>); local times are in each window's IANA zone.
/// </summary>
/// <param name="Verdict">The evaluated verdict.</param>
public sealed record FreezeReport(FreezeVerdict Verdict)
{
    /// <summary>The exit code (DESIGN.md): 1 frozen, 0 open.</summary>
    public int ExitCode => Verdict.Frozen ? 1 : 0;

    /// <summary>Renders the report.</summary>
    /// <param name="format"><see cref="OutputFormat.Json"/> or <see cref="OutputFormat.Text"/>.</param>
    /// <param name="explain">Text only: list windows, exceptions, the next opening and upcoming occurrences.</param>
    /// <returns>The text, ending with a newline.</returns>
    /// <exception cref="ArgumentOutOfRangeException">For any other format.</exception>
    public string Render(OutputFormat format, bool explain) =>
        format switch
        {
            OutputFormat.Json => ReportJson.Write(ToJson()),
            OutputFormat.Text => Text(explain),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "freeze reports are text or json"),
        };

    /// <summary>The JSON report (schemas/freeze-report.schema.json).</summary>
    /// <returns>The report.</returns>
    public JsonObject ToJson()
    {
        static JsonObject Occurrence(FreezeOccurrence o) =>
            new()
            {
                ["window"] = o.Window.Id,
                ["start"] = PolicyTime.Utc(o.Start),
                ["end"] = PolicyTime.Utc(o.End),
                ["timeZone"] = o.Window.TimeZone?.Id,
                ["localStart"] = o.Window.TimeZone is null ? null : PolicyTime.Local(o.Start, o.Window.TimeZone),
                ["localEnd"] = o.Window.TimeZone is null ? null : PolicyTime.Local(o.End, o.Window.TimeZone),
                ["reason"] = o.Window.Reason,
            };
        return new JsonObject
        {
            ["action"] = Verdict.Query.Action,
            ["at"] = PolicyTime.Utc(Verdict.Query.At),
            ["frozen"] = Verdict.Frozen,
            ["blocking"] = new JsonArray([.. Verdict.Blocking.Select(o => (JsonNode)Occurrence(o))]),
            ["lifted"] = new JsonArray([.. Verdict.Lifted.Select(o => (JsonNode)Occurrence(o))]),
            ["exceptions"] = new JsonArray([
                .. Verdict.Considered.Select(c =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["id"] = c.Exception.Id,
                            ["window"] = c.Occurrence.Window.Id,
                            ["applies"] = c.Applies,
                            ["why"] = c.Why,
                        }
                ),
            ]),
            ["nextOpening"] = Verdict.NextOpening is { } n ? PolicyTime.Utc(n) : null,
            ["upcoming"] = new JsonArray([.. Verdict.Upcoming.Select(o => (JsonNode)Occurrence(o))]),
        };
    }

    private string Text(bool explain)
    {
        var q = Verdict.Query;
        var builder = new StringBuilder();
        foreach (var d in Verdict.Diagnostics)
        {
            builder.AppendLine(d.ToCanonicalString());
        }

        var state = Verdict.Frozen ? "FROZEN" : "open";
        builder.AppendLine(CultureInfo.InvariantCulture, $"{q.Action} at {PolicyTime.Utc(q.At)}: {state}");
        if (!explain)
        {
            return builder.ToString();
        }

        foreach (var o in Verdict.Blocking.Concat(Verdict.Lifted))
        {
            var role = Verdict.Lifted.Contains(o) ? "lifted by an exception" : "blocking";
            var reason = o.Window.Reason is null ? string.Empty : " — " + o.Window.Reason;
            builder.AppendLine(CultureInfo.InvariantCulture, $"  window {o.Window.Id} ({role}): {Span(o)}{reason}");
        }

        foreach (var c in Verdict.Considered)
        {
            var applies = c.Applies ? "applies" : "does not apply";
            builder.AppendLine(
                CultureInfo.InvariantCulture,
                $"  exception {c.Exception.Id} for window {c.Occurrence.Window.Id}: {applies}: {c.Why}"
            );
        }

        if (Verdict.NextOpening is { } opening)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  next opening: {PolicyTime.Utc(opening)}");
        }

        foreach (var o in Verdict.Upcoming)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  upcoming: {o.Window.Id} {Span(o)}");
        }

        return builder.ToString();
    }

    /// <summary><c>[start, end) UTC</c>, then <c>; zone: local start to local end</c> for a zoned window.</summary>
    private static string Span(FreezeOccurrence o)
    {
        var zone = o.Window.TimeZone;
        var local = zone is null
            ? string.Empty
            : $"; {zone.Id}: {PolicyTime.Local(o.Start, zone)} to {PolicyTime.Local(o.End, zone)}";
        return $"[{PolicyTime.Utc(o.Start)}, {PolicyTime.Utc(o.End)}) UTC{local}";
    }
}
