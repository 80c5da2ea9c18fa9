using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Contracts;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Release;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Cli;

/// <summary><c>release-train freeze</c>, <c>decide</c> and <c>log verify</c>: thin adapters over Core's policy rules.</summary>
internal static class PolicyCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Freeze(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = ConfigOptions();
        var action = new Option<string>("--action", "-a") { Description = "The action: build, pack, release or cutover.", Required = true };
        action.AcceptOnlyFromAmong([.. FreezeActions.All]);
        var release = new Option<string?>("--release") { Description = "The release version (exceptions are per release)." };
        var commit = new Option<string?>("--commit") { Description = "The commit sha (exceptions may name a commit)." };
        var at = new Option<string?>("--at") { Description = "The instant to evaluate, ISO 8601 with offset (default: now)." };
        var explain = new Option<bool>("--explain") { Description = "Explain: active windows with their bounds in UTC and local time, exceptions considered, next opening, upcoming occurrences." };
        var next = new Option<int>("--next") { Description = "How many upcoming occurrences to list.", DefaultValueFactory = _ => 5 };
        var format = Options.Format(["text", "json"]);
        var command = new Command("freeze", "Is an action frozen? Exit 0 open, 1 frozen, 2 invalid input.") { config, root, action, release, commit, at, explain, next, format };
        command.SetAction(p =>
        {
            var loaded = Load(p.GetValue(config), p.GetValue(root), workingDirectory);
            var instant = Instant(p.GetValue(at));
            var verdict = FreezeEvaluator.Evaluate(loaded.Policy, new FreezeQuery(p.GetValue(action)!, p.GetValue(release), p.GetValue(commit), instant), p.GetValue(next));
            stdout.Write(p.GetValue(format) == "json" ? FreezeJson(verdict) : FreezeText(verdict, p.GetValue(explain) || CliApplication.VerbosityOf(p) == Verbosity.Detailed));
            return verdict.Frozen ? 1 : 0;
        });
        return command;
    }

    public static Command Decide(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = ConfigOptions();
        var release = new Option<string>("--release") { Description = "The release version.", Required = true };
        var commit = new Option<string?>("--commit") { Description = "The commit sha recorded with the decision." };
        var at = new Option<string?>("--at") { Description = "The instant to evaluate, ISO 8601 with offset (default: now)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Decide without appending to the decision log." };
        var pr = new Option<int?>("--pr") { Description = "With signoff configured: also count the reviews of this release PR (needs GITHUB_TOKEN and GITHUB_REPOSITORY)." };
        var author = new Option<string?>("--author") { Description = "The release's author, who cannot approve (default: the PR's author)." };
        var explainDecision = new Option<bool>("--explain") { Description = "List every no-cut trigger evaluated, with the files it read (sha256) and its result." };
        var format = Options.Format(["text", "json"]);
        var command = new Command("decide", "GO / NO-GO for a release from the no-cut triggers, appended to the hash-chained decision log. Exit 0 GO, 1 NO-GO, 2 invalid input.")
        {
            config, root, release, commit, at, dryRun, pr, author, explainDecision, format,
        };
        command.SetAction(async (p, _) =>
        {
            var loaded = Load(p.GetValue(config), p.GetValue(root), workingDirectory);
            var inputs = loaded.Policy.SignOff is null
                ? new SignOffInputs([], p.GetValue(author), p.GetValue(commit), null)
                : await SignOffInputs.Gather(loaded, p.GetValue(release)!, p.GetValue(pr), p.GetValue(author), p.GetValue(commit)).ConfigureAwait(false);
            var decision = NoCutDecision.Decide(loaded, new DecisionRequest(p.GetValue(release)!, inputs.Commit, Instant(p.GetValue(at))) { Reviews = inputs.Reviews, Author = inputs.Author, Memberships = inputs.Memberships });
            JsonObject? record = null;
            if (decision.InputErrors.Count == 0 && !p.GetValue(dryRun))
            {
                var logPath = Path.Combine(loaded.RootDirectory, loaded.Policy.DecisionLog);
                record = HashChainedLog.Append(logPath, (_, prev) => decision.ToRecord(prev), TimeSpan.FromSeconds(60));
            }

            if (p.GetValue(format) == "json")
            {
                var json = new JsonObject
                {
                    ["verdict"] = decision.InputErrors.Count > 0 ? "INVALID" : decision.Verdict,
                    ["exitCode"] = decision.ExitCode,
                    ["release"] = decision.Request.Release,
                    ["trains"] = new JsonArray([.. decision.Trains.Select(t => (JsonNode)JsonValue.Create(t)!)]),
                    ["reasons"] = Diagnostics(decision.Reasons),
                    ["errors"] = Diagnostics(decision.InputErrors),
                    ["inputsDigest"] = decision.InputsDigest,
                    ["policyDigest"] = decision.PolicyDigest,
                    ["recorded"] = record?.DeepClone(),
                    ["checks"] = new JsonArray([.. decision.Checks.Select(c => (JsonNode)new JsonObject { ["trigger"] = c.Trigger, ["subject"] = c.Subject, ["inputs"] = c.Inputs, ["result"] = c.Result })]),
                };
                stdout.WriteLine(json.ToJsonString(Indented));
            }
            else
            {
                foreach (var d in decision.InputErrors.Concat(decision.Reasons))
                {
                    stdout.WriteLine(d.ToCanonicalString());
                }

                if (p.GetValue(explainDecision) || CliApplication.VerbosityOf(p) == Verbosity.Detailed)
                {
                    foreach (var check in decision.Checks)
                    {
                        stdout.WriteLine($"  explain {check.Trigger} [{check.Subject}]: {check.Result}; read {check.Inputs}");
                    }

                    if (decision.Checks.Count == 0)
                    {
                        stdout.WriteLine("  explain: no train covers this release and no freeze, sign-off or validator is configured: nothing stands against it");
                    }
                }

                var trains = decision.Trains.Count == 0 ? "no train covers it" : "train(s) " + string.Join(", ", decision.Trains);
                stdout.WriteLine(decision.InputErrors.Count > 0
                    ? $"release-train decide {decision.Request.Release}: no verdict, the inputs above are invalid"
                    : $"release-train decide {decision.Request.Release}: {decision.Verdict} ({trains}; {decision.Reasons.Count} reason(s); evaluated at {PolicyTime.Utc(decision.Request.At)}; inputs {decision.InputsDigest})");
                stdout.WriteLine(record is null
                    ? (decision.InputErrors.Count > 0 ? "not recorded" : "dry run: not recorded")
                    : $"recorded as #{record["seq"]} in {loaded.Policy.DecisionLog} ({record["recordHash"]})");
            }

            return decision.ExitCode;
        });
        return command;
    }

    public static Command Log(TextWriter stdout, string workingDirectory)
    {
        var (config, root) = ConfigOptions();
        var path = new Argument<string?>("PATH") { Description = "The decision log (default: decisionLog of release-train.json).", Arity = ArgumentArity.ZeroOrOne };
        var verify = new Command("verify", "Verify the hash chain of the decision log. Exit 0 intact, 1 naming the first bad line, 2 invalid input.") { path, config, root };
        verify.SetAction(p =>
        {
            var logPath = p.GetValue(path) is { } given
                ? Path.GetFullPath(given, workingDirectory)
                : Load(p.GetValue(config), p.GetValue(root), workingDirectory) is var loaded ? Path.Combine(loaded.RootDirectory, loaded.Policy.DecisionLog) : null!;
            var problems = HashChainedLog.Verify(logPath, out var records);
            foreach (var d in problems)
            {
                stdout.WriteLine(d.ToCanonicalString());
            }

            stdout.WriteLine(problems.Count == 0 ? $"decision log intact: {records} record(s) in {logPath}" : $"decision log FAILED verification after {records} good record(s): {logPath}");
            return problems.Count == 0 ? 0 : problems[0].Code == "RT1003" ? 2 : 1;
        });
        var log = new Command("log", "The no-cut decision log.");
        log.Subcommands.Add(verify);
        return log;
    }

    internal static JsonArray Diagnostics(IEnumerable<Diagnostic> diagnostics) =>
        new([.. diagnostics.Select(d => (JsonNode)new JsonObject { ["code"] = d.Code, ["message"] = d.Message, ["file"] = d.File, ["line"] = d.Line, ["column"] = d.Column })]);

    private static string FreezeText(FreezeVerdict verdict, bool explain)
    {
        var q = verdict.Query;
        var builder = new StringBuilder();
        foreach (var d in verdict.Diagnostics)
        {
            builder.AppendLine(d.ToCanonicalString());
        }

        builder.AppendLine(CultureInfo.InvariantCulture, $"{q.Action} at {PolicyTime.Utc(q.At)}: {(verdict.Frozen ? "FROZEN" : "open")}");
        if (!explain)
        {
            return builder.ToString();
        }

        foreach (var o in verdict.Blocking.Concat(verdict.Lifted))
        {
            var zone = o.Window.TimeZone;
            var local = zone is null ? string.Empty : $"; {zone.Id}: {PolicyTime.Local(o.Start, zone)} to {PolicyTime.Local(o.End, zone)}";
            var state = verdict.Lifted.Contains(o) ? "lifted by an exception" : "blocking";
            builder.AppendLine(CultureInfo.InvariantCulture, $"  window {o.Window.Id} ({state}): [{PolicyTime.Utc(o.Start)}, {PolicyTime.Utc(o.End)}) UTC{local}{(o.Window.Reason is null ? string.Empty : " — " + o.Window.Reason)}");
        }

        foreach (var c in verdict.Considered)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  exception {c.Exception.Id} for window {c.Occurrence.Window.Id}: {(c.Applies ? "applies" : "does not apply")}: {c.Why}");
        }

        if (verdict.NextOpening is { } opening)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  next opening: {PolicyTime.Utc(opening)}");
        }

        foreach (var o in verdict.Upcoming)
        {
            var zone = o.Window.TimeZone;
            builder.AppendLine(CultureInfo.InvariantCulture, $"  upcoming: {o.Window.Id} [{PolicyTime.Utc(o.Start)}, {PolicyTime.Utc(o.End)}) UTC{(zone is null ? string.Empty : $"; {zone.Id}: {PolicyTime.Local(o.Start, zone)} to {PolicyTime.Local(o.End, zone)}")}");
        }

        return builder.ToString();
    }

    private static string FreezeJson(FreezeVerdict verdict)
    {
        static JsonObject Occ(FreezeOccurrence o) => new()
        {
            ["window"] = o.Window.Id,
            ["start"] = PolicyTime.Utc(o.Start),
            ["end"] = PolicyTime.Utc(o.End),
            ["timeZone"] = o.Window.TimeZone?.Id,
            ["localStart"] = o.Window.TimeZone is null ? null : PolicyTime.Local(o.Start, o.Window.TimeZone),
            ["localEnd"] = o.Window.TimeZone is null ? null : PolicyTime.Local(o.End, o.Window.TimeZone),
            ["reason"] = o.Window.Reason,
        };
        var json = new JsonObject
        {
            ["action"] = verdict.Query.Action,
            ["at"] = PolicyTime.Utc(verdict.Query.At),
            ["frozen"] = verdict.Frozen,
            ["blocking"] = new JsonArray([.. verdict.Blocking.Select(o => (JsonNode)Occ(o))]),
            ["lifted"] = new JsonArray([.. verdict.Lifted.Select(o => (JsonNode)Occ(o))]),
            ["exceptions"] = new JsonArray([.. verdict.Considered.Select(c => (JsonNode)new JsonObject { ["id"] = c.Exception.Id, ["window"] = c.Occurrence.Window.Id, ["applies"] = c.Applies, ["why"] = c.Why })]),
            ["nextOpening"] = verdict.NextOpening is { } n ? PolicyTime.Utc(n) : null,
            ["upcoming"] = new JsonArray([.. verdict.Upcoming.Select(o => (JsonNode)Occ(o))]),
        };
        return json.ToJsonString(Indented) + "\n";
    }

    internal static (Option<string?> Config, Option<string?> Root) ConfigOptions() =>
        (new Option<string?>("--config", "-c") { Description = "Path of release-train.json (default: the nearest one in the current folder or above)." },
         new Option<string?>("--root") { Description = "Repository root that configured paths are relative to (default: the folder holding the config)." });

    internal static ReleaseTrainConfig Load(string? config, string? root, string workingDirectory)
    {
        var request = new VerifyRequest(config is null ? null : Path.GetFullPath(config, workingDirectory), workingDirectory, root is null ? null : Path.GetFullPath(root, workingDirectory), []);
        return ContractVerification.Load(request, out var errors) ?? throw new ConfigException(errors);
    }

    internal static Instant Instant(string? at)
    {
        if (at is null)
        {
            // Now, to the whole second: records and reports carry no sub-second noise.
            var now = SystemClock.Instance.GetCurrentInstant();
            return NodaTime.Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        }

        return PolicyTime.TryParseInstant(at, out var instant, out var error)
            ? instant
            : throw new ReleaseTrainException(DiagnosticCodes.InvalidTimestamp.Error(null, 0, 0, "--at " + error));
    }
}

/// <summary>Configuration errors: every RT1xxx/RT4xxx found while loading, reported together with exit 2.</summary>
internal sealed class ConfigException(IReadOnlyList<Diagnostic> errors) : Exception("The configuration is invalid.")
{
    public IReadOnlyList<Diagnostic> Errors { get; } = errors;
}
