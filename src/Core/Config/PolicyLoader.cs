using NodaTime;
using NuGet.Versioning;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.IO;
using ReleaseTrain.Core.Json;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Config;

/// <summary>
/// Reads the policy members of release-train.json (freezeWindows, freezeExceptions, decisionLog, trains,
/// uncoveredReleases) after the
/// schema has accepted them, checking what a schema cannot: cron syntax (RT4001), IANA time zones (RT4002),
/// durations (RT4003), timestamps with offsets (RT4004), window shape (RT4006), window references (RT4007) and
/// NuGet version ranges (RT4008), each at its line and column.
/// </summary>
internal static class PolicyLoader
{
    public static PolicyConfig Read(LocatedJsonObject root, string configPath, List<Diagnostic> errors)
    {
        var reader = new Reader(configPath, errors);
        var windows = Items(root, "freezeWindows").Select(reader.Window).OfType<FreezeWindow>().ToList();

        // Every window declared, valid or not: a window refused for its own error (an offset-less start, RT4004) is
        // still there for the exceptions that name it, which must not be reported as naming nothing (RT4007).
        var ids = Items(root, "freezeWindows")
            .Select(w => (w.GetMember("id")?.Value as LocatedJsonScalar)?.Text)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var exceptions = Items(root, "freezeExceptions")
            .Select(e => reader.Exception(e, ids))
            .OfType<FreezeException>()
            .ToList();
        var trains = Items(root, "trains").Select(reader.Train).OfType<ReleaseTrainDefinition>().ToList();
        var log = (root.GetMember("decisionLog")?.Value as LocatedJsonScalar)?.Text ?? PolicyConfig.DefaultDecisionLog;

        var signoff = root.GetMember("signoff")?.Value is LocatedJsonObject signoffNode
            ? reader.SignOff(signoffNode)
            : null;

        var policyMembers = root
            .Properties.Where(p =>
                p.Name
                    is "freezeWindows"
                        or "freezeExceptions"
                        or "decisionLog"
                        or "trains"
                        or "signoff"
                        or "uncoveredReleases"
                        or "ledger"
                        or "signing"
            )
            .ToList();
        var preimage =
            "{"
            + string.Join(
                ",",
                policyMembers.Select(p => System.Text.Json.JsonSerializer.Serialize(p.Name) + ":" + p.Value.ToJson())
            )
            + "}";
        return new PolicyConfig(
            windows,
            exceptions,
            log,
            trains,
            JsonCanonicalizer.Sha256(LocatedJsonDocument.Parse(preimage).Root)
        )
        {
            SignOff = signoff,
            Signing = root.GetMember("signing")?.Value is LocatedJsonObject signingNode
                ? reader.Signing(signingNode)
                : null,
            UncoveredReleasesGo = (root.GetMember("uncoveredReleases")?.Value as LocatedJsonScalar)?.Text == "go",
            Ledger = root.GetMember("ledger")?.Value is LocatedJsonObject ledger
                ? new LedgerConfig(
                    (ledger.GetMember("remote")?.Value as LocatedJsonScalar)?.Text ?? LedgerConfig.DefaultRemote,
                    (ledger.GetMember("branch")?.Value as LocatedJsonScalar)?.Text ?? LedgerConfig.DefaultBranch
                )
                : null,
            Preflight = root.GetMember("preflight")?.Value is LocatedJsonObject preflight
                ? new PreflightSettings(
                    (preflight.GetMember("unsignedPackages")?.Value as LocatedJsonScalar)?.Text switch
                    {
                        "warn" => UnsignedPackagePolicy.Warn,
                        "allow" => UnsignedPackagePolicy.Allow,
                        _ => UnsignedPackagePolicy.Error,
                    },
                    (preflight.GetMember("packages")?.Value as LocatedJsonScalar)?.Text,
                    [
                        .. (preflight.GetMember("restore")?.Value as LocatedJsonArray)
                            ?.Items.OfType<LocatedJsonScalar>()
                            .Select(s => s.Text!)
                            ?? [],
                    ]
                )
                : null,
        };
    }

    private static IEnumerable<LocatedJsonObject> Items(LocatedJsonObject root, string name) =>
        (root.GetMember(name)?.Value as LocatedJsonArray)?.Items.OfType<LocatedJsonObject>() ?? [];

    private sealed class Reader(string configPath, List<Diagnostic> errors)
    {
        public FreezeWindow? Window(LocatedJsonObject node)
        {
            var count = errors.Count;
            var id = Text(node, "id")!;
            var actions = Strings(node, "actions");
            var start = Instant(node, "start");
            var end = Instant(node, "end");
            var hasAbsolute = node.GetMember("start") is not null || node.GetMember("end") is not null;
            var hasRecurring =
                node.GetMember("schedule") is not null
                || node.GetMember("duration") is not null
                || node.GetMember("timeZone") is not null;
            CronExpression? cron = null;
            Duration? duration = null;
            DateTimeZone? zone = null;
            if (hasAbsolute == hasRecurring)
            {
                Add(
                    DiagnosticCodes.InvalidFreezeWindow,
                    node,
                    id,
                    "give either start and end, or schedule, duration and timeZone"
                );
            }
            else if (hasAbsolute)
            {
                if (node.GetMember("start") is null || node.GetMember("end") is null)
                {
                    Add(DiagnosticCodes.InvalidFreezeWindow, node, id, "an absolute window needs both start and end");
                }
                else if (start is not null && end is not null && end <= start)
                {
                    Add(
                        DiagnosticCodes.InvalidFreezeWindow,
                        node.GetMember("end")!.Value,
                        id,
                        "end is not after start"
                    );
                }
            }
            else
            {
                if (
                    node.GetMember("schedule")?.Value is not LocatedJsonScalar { Text: { } cronText } cronNode
                    || node.GetMember("duration") is null
                    || node.GetMember("timeZone") is null
                )
                {
                    Add(
                        DiagnosticCodes.InvalidFreezeWindow,
                        node,
                        id,
                        "a recurring window needs schedule, duration and timeZone"
                    );
                }
                else if (!CronExpression.TryParse(cronText, out var parsed, out var cronError, out var offset))
                {
                    errors.Add(
                        DiagnosticCodes.InvalidCron.Error(
                            configPath,
                            cronNode.Line,
                            cronNode.Column + 1 + offset,
                            cronText,
                            cronError
                        )
                    );
                }
                else
                {
                    cron = parsed;
                }

                duration = Duration(node, "duration");
                if (node.GetMember("timeZone")?.Value is LocatedJsonScalar { Text: { } zoneId } zoneNode)
                {
                    zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
                    if (zone is null)
                    {
                        errors.Add(
                            DiagnosticCodes.UnknownTimeZone.Error(configPath, zoneNode.Line, zoneNode.Column, zoneId)
                        );
                    }
                }
            }

            return errors.Count > count
                ? null
                : new FreezeWindow(id, actions, Text(node, "reason"), start, end, cron, duration, zone, Location(node));
        }

        public FreezeException? Exception(LocatedJsonObject node, HashSet<string> windowIds)
        {
            var count = errors.Count;
            var id = Text(node, "id")!;
            foreach (
                var reference in (
                    node.GetMember("windows")?.Value as LocatedJsonArray
                )?.Items.OfType<LocatedJsonScalar>() ?? []
            )
            {
                if (!windowIds.Contains(reference.Text!))
                {
                    errors.Add(
                        DiagnosticCodes.UnknownFreezeWindow.Error(
                            configPath,
                            reference.Line,
                            reference.Column,
                            id,
                            reference.Text,
                            string.Join(", ", windowIds.Order(StringComparer.Ordinal))
                        )
                    );
                }
            }

            if ((node.GetMember("release") is null) == (node.GetMember("commit") is null))
            {
                Add(
                    DiagnosticCodes.InvalidFreezeWindow,
                    node,
                    id,
                    "an exception names exactly one of release and commit"
                );
            }

            var requestedBy = Principal(node.GetMember("requestedBy")?.Value, $"Freeze exception '{id}' requestedBy");
            var approvers = Principals(node, "approvers", $"Freeze exception '{id}' approver");
            var from = Instant(node, "validFrom");
            var until = Instant(node, "validUntil");
            if (from is not null && until is not null && until <= from)
            {
                Add(
                    DiagnosticCodes.InvalidFreezeWindow,
                    node.GetMember("validUntil")!.Value,
                    id,
                    "validUntil is not after validFrom"
                );
            }

            return errors.Count > count
                ? null
                : new FreezeException(
                    id,
                    Strings(node, "windows"),
                    Text(node, "release"),
                    Text(node, "commit"),
                    Text(node, "reason")!,
                    requestedBy!,
                    approvers,
                    from!.Value,
                    until!.Value,
                    Location(node)
                );
        }

        public ReleaseTrainDefinition? Train(LocatedJsonObject node)
        {
            var count = errors.Count;
            var id = Text(node, "id")!;
            VersionRange range = VersionRange.All;
            if (
                node.GetMember("versions")?.Value is LocatedJsonScalar { Text: { } rangeText } rangeNode
                && !VersionRange.TryParse(rangeText, out range!)
            )
            {
                errors.Add(
                    DiagnosticCodes.InvalidVersionRange.Error(configPath, rangeNode.Line, rangeNode.Column, rangeText)
                );
            }

            var evidence = new List<RequiredEvidence>();
            foreach (
                var item in (node.GetMember("evidence")?.Value as LocatedJsonArray)?.Items.OfType<LocatedJsonObject>()
                    ?? []
            )
            {
                var kind = Text(item, "kind") switch
                {
                    "readiness" => EvidenceKind.Readiness,
                    "security" => EvidenceKind.Security,
                    "rollback-drill" => EvidenceKind.RollbackDrill,
                    _ => EvidenceKind.Other,
                };
                var maxAge = Duration(item, "maxAge")
                    ?? (
                        kind == EvidenceKind.RollbackDrill
                            ? PolicyDurations.RollbackDrillMaxAge
                            : PolicyDurations.EvidenceMaxAge
                    );
                if (
                    item.GetMember("path")?.Value is LocatedJsonScalar { Text: { } pathText } pathNode
                    && RepositoryPaths.UnknownPlaceholder(pathText) is { } unknown
                )
                {
                    errors.Add(
                        DiagnosticCodes.UnknownPathPlaceholder.Error(
                            configPath,
                            pathNode.Line,
                            pathNode.Column,
                            pathText,
                            unknown
                        )
                    );
                }

                evidence.Add(
                    new RequiredEvidence(
                        Text(item, "id")!,
                        kind,
                        Text(item, "path")!,
                        maxAge,
                        Text(item, "timestampPointer") ?? "/generatedAt",
                        Text(item, "resultPointer") ?? "/result",
                        Location(item)
                    )
                );
            }

            var waivers = new List<Waiver>();
            foreach (
                var item in (node.GetMember("waivers")?.Value as LocatedJsonArray)?.Items.OfType<LocatedJsonObject>()
                    ?? []
            )
            {
                var severity = Text(item, "severity") ?? "medium";
                var required =
                    item.GetMember("requiredApprovals")?.Value is LocatedJsonScalar r && r.TryGetDecimal(out var n)
                        ? (int)n
                    : severity == "critical" ? 2
                    : 1;
                var until = Instant(item, "allowedUntil");
                var approvers = Principals(item, "approvers", $"Waiver '{Text(item, "id")}' approver");
                if (until is not null)
                {
                    waivers.Add(
                        new Waiver(
                            Text(item, "id")!,
                            Text(item, "class") ?? string.Empty,
                            severity,
                            approvers,
                            required,
                            until.Value,
                            Location(item)
                        )
                    );
                }
            }

            var skew = node.GetMember("clockSkew") is null
                ? PolicyDurations.ClockSkew
                : Duration(node, "clockSkew") ?? NodaTime.Duration.Zero;
            var drillAge = node.GetMember("rollbackDrillMaxAge") is null
                ? PolicyDurations.RollbackDrillMaxAge
                : Duration(node, "rollbackDrillMaxAge") ?? NodaTime.Duration.Zero;
            return errors.Count > count
                ? null
                : new ReleaseTrainDefinition(
                    id,
                    range,
                    new GateSettings(Strings(node, "gates"), Text(node, "gateResults")),
                    Text(node, "backcompatResults"),
                    new EvidenceSettings(evidence, skew, drillAge),
                    waivers,
                    Location(node)
                );
        }

        public SignOffPolicy? SignOff(LocatedJsonObject node)
        {
            var count = errors.Count;
            var roles = new List<SignOffRole>();
            var rolesNode = node.GetMember("roles")?.Value as LocatedJsonObject;
            foreach (var role in rolesNode?.Properties ?? [])
            {
                var principals = new List<string>();
                foreach (var item in (role.Value as LocatedJsonArray)?.Items.OfType<LocatedJsonScalar>() ?? [])
                {
                    // A login, or org/team-slug whose org is a login (the schema holds the slug's shape).
                    var slash = item.Text!.IndexOf('/', StringComparison.Ordinal);
                    var login = Principal(
                        item,
                        $"Sign-off role '{role.Name}' principal",
                        slash < 0 ? item.Text : item.Text[..slash]
                    );
                    if (login is not null)
                    {
                        principals.Add(slash < 0 ? login : login + item.Text[slash..]);
                    }
                }

                roles.Add(new SignOffRole(role.Name, principals, Location(role.Value)));
            }

            if (roles.Count == 0)
            {
                errors.Add(
                    DiagnosticCodes.InvalidSignOff.Error(
                        configPath,
                        (rolesNode ?? (LocatedJsonNode)node).Line,
                        (rolesNode ?? (LocatedJsonNode)node).Column,
                        "signoff.roles names no role"
                    )
                );
            }

            var maxAge = node.GetMember("maxAge") is null
                ? PolicyDurations.SignOffMaxAge
                : Duration(node, "maxAge") ?? NodaTime.Duration.Zero;
            var records = Text(node, "records") ?? SignOffPolicy.DefaultRecords;
            return errors.Count > count
                ? null
                : new SignOffPolicy(roles, maxAge, records, Location(node))
                {
                    AllowedSigners = Text(node, "allowedSigners") ?? SignOffPolicy.DefaultAllowedSigners,
                    AllowUnsignedRecords =
                        node.GetMember("allowUnsignedRecords")?.Value is LocatedJsonScalar { Boolean: true },
                    Environments = Strings(node, "environments"),
                };
        }

        public SigningPolicy? Signing(LocatedJsonObject node)
        {
            var count = errors.Count;
            var keys = new List<SigningKeyPolicy>();
            foreach (
                var key in (node.GetMember("keys")?.Value as LocatedJsonArray)?.Items.OfType<LocatedJsonObject>() ?? []
            )
            {
                var principalNode = key.GetMember("principal")?.Value as LocatedJsonScalar;
                var principal = principalNode is null
                    ? null
                    : Principal(principalNode, "signing.keys principal", principalNode.Text);
                var cadence = Duration(key, "rotationCadence");
                var since = Instant(key, "since");
                if (principal is not null && cadence is { } c && since is { } s)
                {
                    keys.Add(new SigningKeyPolicy(Text(key, "id")!, principal, c, s, Location(key)));
                }
            }

            var list = node.GetMember("revocationList")?.Value as LocatedJsonObject;
            return errors.Count > count
                ? null
                : new SigningPolicy(
                    Text(node, "allowedSigners") ?? SignOffPolicy.DefaultAllowedSigners,
                    list is null
                        ? null
                        : new RevocationListPin(
                            Text(list, "path")!,
                            Text(list, "sha256")!.ToLowerInvariant(),
                            Location(list)
                        ),
                    keys,
                    Location(node)
                );
        }

        private Instant? Instant(LocatedJsonObject node, string name)
        {
            if (node.GetMember(name)?.Value is not LocatedJsonScalar { Text: { } text } value)
            {
                return null;
            }

            if (PolicyTime.TryParseInstant(text, out var instant, out var error))
            {
                return instant;
            }

            errors.Add(DiagnosticCodes.InvalidTimestamp.Error(configPath, value.Line, value.Column, error));
            return null;
        }

        private Duration? Duration(LocatedJsonObject node, string name)
        {
            if (node.GetMember(name)?.Value is not LocatedJsonScalar { Text: { } text } value)
            {
                return null;
            }

            if (PolicyTime.TryParseDuration(text, out var duration, out var error))
            {
                return duration;
            }

            errors.Add(DiagnosticCodes.InvalidDuration.Error(configPath, value.Line, value.Column, error));
            return null;
        }

        /// <summary>The principals of a string array, each read by <see cref="Config.Principals"/> (RT4020 for one
        /// that is no login, at its line and column).</summary>
        private List<string> Principals(LocatedJsonObject node, string name, string what) =>
            [
                .. ((node.GetMember(name)?.Value as LocatedJsonArray)?.Items ?? [])
                    .Select(item => Principal(item, what))
                    .OfType<string>(),
            ];

        /// <summary>A principal (<see cref="Config.Principals.TryRead"/>): the trimmed login, or null after adding
        /// RT4020 at the value.</summary>
        private string? Principal(LocatedJsonNode? node, string what, string? text = null)
        {
            if (node is not LocatedJsonScalar { Text: { } value })
            {
                return null;
            }

            if (Config.Principals.TryRead(text ?? value, out var login, out var why))
            {
                return login;
            }

            errors.Add(Config.Principals.Invalid(what, value, why, configPath, node.Line, node.Column));
            return null;
        }

        private void Add(DiagnosticDescriptor code, LocatedJsonNode at, string id, string why) =>
            errors.Add(code.Error(configPath, at.Line, at.Column, id, why));

        private ConfigLocation Location(LocatedJsonNode node) => new(configPath, node.Line, node.Column);

        private static string? Text(LocatedJsonObject node, string name) =>
            (node.GetMember(name)?.Value as LocatedJsonScalar)?.Text;

        private static List<string> Strings(LocatedJsonObject node, string name) =>
            (node.GetMember(name)?.Value as LocatedJsonArray)
                ?.Items.OfType<LocatedJsonScalar>()
                .Select(s => s.Text!)
                .ToList()
            ?? [];
    }
}
