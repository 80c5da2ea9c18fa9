using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ReleaseTrain.Core.Release;

namespace ReleaseTrain.Core.Reporting;

/// <summary>
/// Renders the readiness scorecard (<see cref="ReadinessReport.Scorecard"/>) as one self-contained HTML page (inline
/// CSS, no script, no network fetch; headings, table headers, and a word and a symbol beside every colour, so colour is
/// never the only signal; printable) and as Markdown for <c>$GITHUB_STEP_SUMMARY</c> and the GitHub release body.
/// </summary>
public static class ReadinessRenderer
{
    private const string Css =
        """
            :root { --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; --pending: #57606a; --line: #d0d7de; }
            * { box-sizing: border-box; }
            body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; margin:
            """
        + """
             0 auto; max-width: 72rem; padding: 1.5rem; }
            h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem;
            """
        + """
             border-bottom: 1px solid var(--line); }
            .meta { color: #57606a; margin: 0 0 1rem; }
            table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
            th, td { border: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
            th { background: #f6f8fa; }
            code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
            .status { font-weight: 600; white-space: nowrap; }
            .pass { color: var(--pass); } .fail { color: var(--fail); } .warn { color: var(--warn); } .pending {
            """
        + """
             color: var(--pending); }
            .verdict { display: inline-block; padding: .1rem .6rem; border: 2px solid currentColor;
            """
        + """
             border-radius: 1rem; }
            ul.findings { margin: .25rem 0 0; padding-left: 1.1rem; }
            @media print { body { max-width: none; padding: 0; font-size: 11px; } a { color: inherit; } h2 {
            """
        + """
             break-after: avoid; } tr { break-inside: avoid; } }
            """;

    /// <summary>The HTML page.</summary>
    /// <param name="scorecard">The scorecard.</param>
    /// <param name="linkBase">The path from the page's folder to the repository root ('/'-separated, ending in '/' or
    /// empty), so that evidence links resolve.</param>
    /// <returns>The page.</returns>
    public static string Html(JsonObject scorecard, string linkBase)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var release = Text(scorecard["release"]);
        var status = Text(scorecard["status"]);
        var html = new StringBuilder();
        html.Append(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\">\n"
        );
        html.Append(
            CultureInfo.InvariantCulture,
            $"<title>Release readiness: {E(release)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n<main>\n"
        );
        html.Append(CultureInfo.InvariantCulture, $"<h1>Release readiness: {E(release)}</h1>\n");
        html.Append(
            CultureInfo.InvariantCulture,
            $"<p class=\"meta\">Commit <code>{E(Text(scorecard["commit"], "not given"))}</code> · evaluated at "
                + $"{E(Text(scorecard["generatedAt"]))} · overall <span id=\"overall\" class=\"status verdict "
                + $"{E(status)}\">{Badge(status)}</span></p>\n"
        );

        var summary = scorecard["summary"]!;
        html.Append(
            CultureInfo.InvariantCulture,
            $"<p>{summary["passCount"]} passed, {summary["warnCount"]} warned, {summary["pendingCount"]} pending, "
                + $"{summary["failCount"]} failed of {summary["gateCount"]} gates.</p>\n"
        );

        html.Append(
            "<h2 id=\"gates\">Gates</h2>\n<table id=\"gate-table\">\n<thead><tr><th scope=\"col\">Gate</th><th "
                + "scope=\"col\">Status</th><th scope=\"col\">Result and reasons</th></tr></thead>\n<tbody>\n"
        );
        foreach (var row in Rows(scorecard["rows"]))
        {
            var rowStatus = Text(row["status"]);
            html.Append(
                CultureInfo.InvariantCulture,
                $"<tr data-gate=\"{E(Text(row["id"]))}\" data-status=\"{E(rowStatus)}\"><th "
                    + $"scope=\"row\">{E(Text(row["name"]))}</th><td class=\"status "
                    + $"{E(rowStatus)}\">{Badge(rowStatus)}</td><td>{E(Text(row["summary"]))}"
            );
            var findings = Rows(row["findings"]).ToList();
            if (findings.Count > 0)
            {
                html.Append("<ul class=\"findings\">");
                foreach (var f in findings)
                {
                    var location =
                        f["file"] is null ? string.Empty
                        : f["line"]?.GetValue<int>() > 0 ? $"{Text(f["file"])}({f["line"]},{f["column"]})"
                        : Text(f["file"]);
                    var at =
                        location.Length == 0
                            ? string.Empty
                            : $" <span class=\"location\">at <code>{E(location)}</code></span>";
                    html.Append(
                        CultureInfo.InvariantCulture,
                        $"<li><code>{E(Text(f["code"]))}</code> {E(Text(f["severity"]))}: "
                            + $"{E(Text(f["message"]))}"
                            + $"{at}</li>"
                    );
                }

                html.Append("</ul>");
            }

            if (row["fix"] is not null)
            {
                html.Append(
                    CultureInfo.InvariantCulture,
                    $"<p class=\"fix\"><strong>Fix:</strong> {CodeSpans(E(Text(row["fix"])))}</p>"
                );
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");

        var evidence = scorecard["evidence"]!;
        html.Append("<h2 id=\"evidence\">Evidence</h2>\n");
        if (evidence["digest"] is null)
        {
            html.Append(
                CultureInfo.InvariantCulture,
                $"<p>No evidence bundle in <code>{E(Text(evidence["bundle"]))}</code> yet.</p>\n"
            );
        }
        else
        {
            html.Append(
                CultureInfo.InvariantCulture,
                $"<p>Bundle <a href=\"{E(linkBase + Text(evidence["bundle"]))}/\"><code>{E(Text(evidence["bundle"]))}</"
                    + $"code></a>, committed digest <code>{E(Text(evidence["digest"]))}</code>.</p>\n"
            );
            html.Append(
                "<table id=\"hash-table\">\n<thead><tr><th scope=\"col\">Hash</th><th "
                    + "scope=\"col\">Digest</th></tr></thead>\n<tbody>\n"
            );
            foreach (var (name, value) in (evidence["hashes"] as JsonObject) ?? [])
            {
                html.Append(
                    CultureInfo.InvariantCulture,
                    $"<tr><th scope=\"row\">{E(name)}</th><td><code>{E(Text(value))}</code></td></tr>\n"
                );
            }

            html.Append(
                "</tbody>\n</table>\n<table id=\"evidence-files\">\n<thead><tr><th scope=\"col\">File</th><th "
                    + "scope=\"col\">sha256</th></tr></thead>\n<tbody>\n"
            );
            foreach (var file in Rows(evidence["files"]))
            {
                html.Append(
                    CultureInfo.InvariantCulture,
                    $"<tr><th scope=\"row\"><a href=\"{E(linkBase + Text(file["path"]))}\">{E(Text(file["name"]))}</a>"
                        + $"</th><td><code>{E(Text(file["sha256"]))}</code></td></tr>\n"
                );
            }

            html.Append("</tbody>\n</table>\n");
        }

        var signoff = scorecard["signoff"]!;
        html.Append("<h2 id=\"signoff\">Sign-off</h2>\n");
        if (signoff["configured"]?.GetValue<bool>() != true)
        {
            html.Append("<p>Joint sign-off is not configured.</p>\n");
        }
        else
        {
            html.Append(
                "<table id=\"signoff-table\">\n<thead><tr><th scope=\"col\">Role</th><th scope=\"col\">State</th><th "
                    + "scope=\"col\">Principal</th><th scope=\"col\">Decided at</th><th scope=\"col\">Source or "
                    + "reason</th></tr></thead>\n<tbody>\n"
            );
            foreach (var role in Rows(signoff["roles"]))
            {
                var state = Text(role["state"]);
                var css = state == "approved" ? "pass" : "fail";
                html.Append(
                    CultureInfo.InvariantCulture,
                    $"<tr><th scope=\"row\">{E(Text(role["role"]))}</th><td class=\"status "
                        + $"{css}\">{(css == "pass" ? "✔ " : "✖ ")}{E(state)}</td><td>{E(Text(role["principal"], "—"))}"
                        + $"</td><td>{E(Text(role["at"], "—"))}</td><td>"
                        + $"{E(Text(role["source"], Text(role["why"], "—")))}</td></tr>\n"
                );
            }

            html.Append("</tbody>\n</table>\n");
        }

        var calendar = scorecard["freezeCalendar"]!;
        html.Append(
            CultureInfo.InvariantCulture,
            $"<h2 id=\"freeze-calendar\">Freeze calendar, {E(Text(calendar["from"]))} to "
                + $"{E(Text(calendar["to"]))}</h2>\n"
        );
        var occurrences = Rows(calendar["occurrences"]).ToList();
        if (occurrences.Count == 0)
        {
            html.Append("<p>No freeze window in this period.</p>\n");
        }
        else
        {
            html.Append(
                "<table id=\"freeze-table\">\n<thead><tr><th scope=\"col\">Window</th><th "
                    + "scope=\"col\">Actions</th><th scope=\"col\">UTC</th><th scope=\"col\">Local (time zone)</th><th "
                    + "scope=\"col\">Now</th><th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n"
            );
            foreach (var o in occurrences)
            {
                var now =
                    o["active"]?.GetValue<bool>() == true
                        ? (
                            o["liftedByException"]?.GetValue<bool>() == true
                                ? "active, lifted by an exception"
                                : "ACTIVE"
                        )
                        : "upcoming";
                html.Append(
                    CultureInfo.InvariantCulture,
                    $"<tr><th scope=\"row\">{E(Text(o["window"]))}</th><td>{E(Text(o["actions"]))}</td><td>"
                        + $"{E(Text(o["start"]))} – {E(Text(o["end"]))}</td><td>{E(LocalSpan(o))}</td><td>{E(now)}"
                        + $"</td><td>"
                        + $"{E(Text(o["reason"], "—"))}</td></tr>\n"
                );
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("<h2 id=\"decisions\">Decision log</h2>\n");
        var decisions = Rows(scorecard["decisions"]).ToList();
        if (decisions.Count == 0)
        {
            html.Append("<p>No decision recorded yet.</p>\n");
        }
        else
        {
            html.Append(
                "<table id=\"decision-table\">\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Evaluated "
                    + "at</th><th scope=\"col\">Release</th><th scope=\"col\">Action</th><th "
                    + "scope=\"col\">Verdict</th><th scope=\"col\">Reasons</th></tr></thead>\n<tbody>\n"
            );
            foreach (var d in decisions.AsEnumerable().Reverse())
            {
                var verdict = Text(d["verdict"]);
                var css = verdict == "GO" ? "pass" : "fail";
                var reasons = string.Join(", ", (d["reasons"] as JsonArray ?? []).Select(r => Text(r)));
                html.Append(
                    CultureInfo.InvariantCulture,
                    $"<tr><td>{d["seq"]}</td><td>{E(Text(d["evaluatedAt"]))}</td><td>{E(Text(d["release"]))}</td><td>"
                        + $"{E(Text(d["action"]))}</td><td class=\"status "
                        + $"{css}\">{(css == "pass" ? "✔ " : "✖ ")}{E(verdict)}</td><td>"
                        + $"{E(reasons.Length == 0 ? "—" : reasons)}</td></tr>\n"
                );
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The console summary <c>release-train report</c> prints: each gate that does not pass with its status, its
    /// reasons (once each) and the command that fixes it, then the verdict line
    /// <c>release readiness of V: STATUS (n passed, ...)</c>.
    /// </summary>
    /// <param name="scorecard">The scorecard.</param>
    /// <returns>Plain text, one item a line, no colour (the CLI colours whole lines on a terminal).</returns>
    public static string PlainText(JsonObject scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var text = new StringBuilder();
        foreach (var row in Rows(scorecard["rows"]).Where(r => Text(r["status"]) != "pass"))
        {
            text.AppendLine(
                CultureInfo.InvariantCulture,
                $"{Text(row["name"])}: {Text(row["status"]).ToUpperInvariant()} {Text(row["summary"])}"
            );
            foreach (var f in Rows(row["findings"]).Take(10))
            {
                var at =
                    f["file"] is null ? string.Empty
                    : f["line"]?.GetValue<int>() > 0 ? $"{Text(f["file"])}({f["line"]},{f["column"]}): "
                    : $"{Text(f["file"])}: ";
                text.AppendLine(
                    CultureInfo.InvariantCulture,
                    $"  {at}{Text(f["severity"])} {Text(f["code"])}: {Text(f["message"])}"
                );
            }

            if (row["fix"] is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  fix: {Text(row["fix"])}");
            }
        }

        var summary = scorecard["summary"]!;
        text.AppendLine(
            CultureInfo.InvariantCulture,
            $"release readiness of {Text(scorecard["release"])}: {Text(scorecard["status"]).ToUpperInvariant()} "
                + $"({summary["passCount"]} passed, {summary["warnCount"]} warned, {summary["pendingCount"]} pending, "
                + $"{summary["failCount"]} failed)"
        );
        return text.ToString();
    }

    /// <summary>
    /// The local-time cell of a freeze occurrence: its bounds in the window's time zone, each with its UTC offset, then
    /// the zone id; for a window without a time zone (its bounds are instants) "no time zone: as UTC", so that "UTC"
    /// never labels a time that is not in UTC.
    /// </summary>
    private static string LocalSpan(JsonNode o) =>
        Text(o["localStart"]) == Text(o["start"]) && Text(o["localEnd"]) == Text(o["end"])
            ? "no time zone: as UTC"
            : $"{Text(o["localStart"])} – {Text(o["localEnd"])} ({Text(o["timeZone"])})";

    /// <summary>`text` spans of already escaped HTML as &lt;code&gt; elements.</summary>
    private static string CodeSpans(string escaped) =>
        System.Text.RegularExpressions.Regex.Replace(
            escaped,
            "`([^`]*)`",
            "<code>$1</code>",
            System.Text.RegularExpressions.RegexOptions.None,
            TimeSpan.FromSeconds(1)
        );

    /// <summary>
    /// A promotion contract's equalities (field, expected, actual, where the expected value comes from, recomputed or
    /// only compared, holds) and signatures (key id, signer, validity window).
    /// </summary>
    private static void PromotionMarkdown(StringBuilder md, string name, JsonNode promotion)
    {
        md.AppendLine();
        md.AppendLine(
            CultureInfo.InvariantCulture,
            $"### Promotion gate: {Cell(name)} ({Text(promotion["form"])} form)"
        );
        md.AppendLine();
        md.AppendLine("| Field | Holds | Certificate | Expected | Source | Recomputed |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var e in Rows(promotion["equalities"]))
        {
            var holds = e["holds"]?.GetValue<bool>() == true ? "yes" : "**no**";
            var recomputed = e["recomputed"]?.GetValue<bool>() == true ? "recomputed" : "compared";
            md.AppendLine(
                CultureInfo.InvariantCulture,
                $"| `{Text(e["field"])}` | {holds} | `{Text(e["actual"], "absent")}` | `{Text(e["expected"])}` | "
                    + $"{Cell(Text(e["source"]))} | {recomputed} |"
            );
        }

        md.AppendLine();
        var signatures = Rows(promotion["signatures"]).ToList();
        if (signatures.Count == 0)
        {
            md.AppendLine("Signatures: none verified.");
            return;
        }

        md.AppendLine("| Key id | Signer | Valid after | Valid before | Verified |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var g in signatures)
        {
            var verified = g["verified"]?.GetValue<bool>() != false ? "yes" : "no: " + Cell(Text(g["problem"]));
            md.AppendLine(
                CultureInfo.InvariantCulture,
                $"| `{Text(g["keyId"])}` | {Cell(Text(g["signer"]))} | {Text(g["validAfter"], "unbounded")} | "
                    + $"{Text(g["validBefore"], "unbounded")} | {verified} |"
            );
        }
    }

    /// <summary>The Markdown summary: the same content, for <c>$GITHUB_STEP_SUMMARY</c> and the release body.</summary>
    /// <param name="scorecard">The scorecard.</param>
    /// <returns>Markdown.</returns>
    public static string Markdown(JsonObject scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var md = new StringBuilder();
        md.AppendLine(
            CultureInfo.InvariantCulture,
            $"## Release readiness: {Text(scorecard["release"])} — {Badge(Text(scorecard["status"]))}"
        );
        md.AppendLine();
        md.AppendLine(
            CultureInfo.InvariantCulture,
            $"Commit `{Text(scorecard["commit"], "not given")}`, evaluated at {Text(scorecard["generatedAt"])}."
        );
        md.AppendLine();
        md.AppendLine("| Gate | Status | Result and reasons |");
        md.AppendLine("|---|---|---|");
        foreach (var row in Rows(scorecard["rows"]))
        {
            var reasons = Rows(row["findings"])
                .Select(f =>
                {
                    var at =
                        f["file"] is null ? string.Empty
                        : f["line"]?.GetValue<int>() > 0 ? $" at `{Text(f["file"])}({f["line"]},{f["column"]})`"
                        : $" at `{Text(f["file"])}`";
                    return $"`{Text(f["code"])}` {Text(f["message"])}{at}";
                })
                .Take(10)
                .ToList();
            if (row["fix"] is not null)
            {
                reasons.Add($"**Fix:** {Text(row["fix"])}");
            }

            md.AppendLine(
                CultureInfo.InvariantCulture,
                $"| {Cell(Text(row["name"]))} | {Badge(Text(row["status"]))} | "
                    + $"{Cell(string.Join("<br>", reasons.Prepend(Text(row["summary"]))))} |"
            );
        }

        foreach (var row in Rows(scorecard["rows"]).Where(r => r["promotion"] is JsonObject))
        {
            PromotionMarkdown(md, Text(row["name"]), row["promotion"]!);
        }

        var evidence = scorecard["evidence"]!;
        md.AppendLine();
        md.AppendLine("### Evidence");
        md.AppendLine();
        if (evidence["digest"] is null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"No evidence bundle in `{Text(evidence["bundle"])}` yet.");
        }
        else
        {
            md.AppendLine(
                CultureInfo.InvariantCulture,
                $"- evidence bundle `{Text(evidence["bundle"])}`: `{Text(evidence["digest"])}`"
            );
            foreach (var (name, value) in (evidence["hashes"] as JsonObject) ?? [])
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {name}: `{Text(value)}`");
            }
        }

        var signoff = scorecard["signoff"]!;
        if (signoff["configured"]?.GetValue<bool>() == true)
        {
            md.AppendLine();
            md.AppendLine("### Sign-off");
            md.AppendLine();
            md.AppendLine("| Role | State | Principal | Decided at |");
            md.AppendLine("|---|---|---|---|");
            foreach (var role in Rows(signoff["roles"]))
            {
                var state = Text(role["state"]);
                md.AppendLine(
                    CultureInfo.InvariantCulture,
                    $"| {Cell(Text(role["role"]))} | {(state == "approved" ? "✔ approved" : "✖ " + state)} | "
                        + $"{Cell(Text(role["principal"], "—"))} | {Cell(Text(role["at"], "—"))} |"
                );
            }
        }

        var occurrences = Rows(scorecard["freezeCalendar"]!["occurrences"]).ToList();
        md.AppendLine();
        md.AppendLine(
            CultureInfo.InvariantCulture,
            $"### Freeze calendar (to {Text(scorecard["freezeCalendar"]!["to"])})"
        );
        md.AppendLine();
        if (occurrences.Count == 0)
        {
            md.AppendLine("No freeze window in this period.");
        }
        else
        {
            md.AppendLine("| Window | Actions | UTC | Local |");
            md.AppendLine("|---|---|---|---|");
            foreach (var o in occurrences)
            {
                md.AppendLine(
                    CultureInfo.InvariantCulture,
                    $"| {Cell(Text(o["window"]))}{(o["active"]?.GetValue<bool>() == true ? " (active)" : string.Empty)}"
                        + $" | {Cell(Text(o["actions"]))} | {Text(o["start"])} – {Text(o["end"])} | "
                        + $"{LocalSpan(o)} |"
                );
            }
        }

        var decisions = Rows(scorecard["decisions"]).ToList();
        if (decisions.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("### Decision log (latest first)");
            md.AppendLine();
            md.AppendLine("| # | Evaluated at | Release | Verdict | Reasons |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var d in decisions.AsEnumerable().Reverse().Take(20))
            {
                var reasons = string.Join(", ", (d["reasons"] as JsonArray ?? []).Select(r => Text(r)));
                md.AppendLine(
                    CultureInfo.InvariantCulture,
                    $"| {d["seq"]} | {Text(d["evaluatedAt"])} | {Cell(Text(d["release"]))} | "
                        + $"{(Text(d["verdict"]) == "GO" ? "✔ GO" : "✖ " + Text(d["verdict"]))} | "
                        + $"{Cell(reasons.Length == 0 ? "—" : reasons)} |"
                );
            }
        }

        return md.ToString();
    }

    private static IEnumerable<JsonObject> Rows(JsonNode? array) => (array as JsonArray ?? []).OfType<JsonObject>();

    private static string Text(JsonNode? node, string fallback = "") =>
        node is JsonValue value ? (value.TryGetValue<string>(out var s) ? s : value.ToJsonString())
        : node is null ? fallback
        : node.ToJsonString();

    private static string Badge(string status) =>
        status switch
        {
            "pass" => "✔ PASS",
            "fail" => "✖ FAIL",
            "warn" => "⚠ WARN",
            "pending" => "… PENDING",
            _ => status.ToUpperInvariant(),
        };

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Cell(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
