using NodaTime;
using NodaTime.TimeZones;
using NuGet.Versioning;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Freeze;

/// <summary>One occurrence of a freeze window: the half-open interval [Start, End).</summary>
/// <param name="Window">The window.</param>
/// <param name="Start">Inclusive start.</param>
/// <param name="End">Exclusive end.</param>
public sealed record FreezeOccurrence(FreezeWindow Window, Instant Start, Instant End)
{
    /// <summary>True when the instant lies in [Start, End).</summary>
    /// <param name="at">The instant.</param>
    /// <returns>Whether it is covered.</returns>
    public bool Covers(Instant at) => Start <= at && at < End;
}

/// <summary>What a freeze check is asked about.</summary>
/// <param name="Action">build, pack, release or cutover.</param>
/// <param name="Release">The release version, or null.</param>
/// <param name="Commit">The commit sha, or null.</param>
/// <param name="At">The instant evaluated.</param>
public sealed record FreezeQuery(string Action, string? Release, string? Commit, Instant At);

/// <summary>An exception that was considered for an active occurrence, and whether it applied.</summary>
/// <param name="Exception">The exception.</param>
/// <param name="Occurrence">The occurrence it was considered for.</param>
/// <param name="Applies">Whether it lifts the occurrence.</param>
/// <param name="Why">Why it does or does not apply.</param>
public sealed record ConsideredException(
    FreezeException Exception,
    FreezeOccurrence Occurrence,
    bool Applies,
    string Why
);

/// <summary>The result of a freeze check.</summary>
/// <param name="Query">The question.</param>
/// <param name="Blocking">Active occurrences no exception lifts; non-empty means frozen.</param>
/// <param name="Lifted">Active occurrences an exception lifts.</param>
/// <param name="Considered">Every exception considered, with the reason it applies or not.</param>
/// <param name="NextOpening">When frozen, the first instant the action is open again (null when never within the
/// horizon).</param>
/// <param name="Upcoming">The next occurrences (starting after the instant) of the windows that scope the
/// action.</param>
public sealed record FreezeVerdict(
    FreezeQuery Query,
    IReadOnlyList<FreezeOccurrence> Blocking,
    IReadOnlyList<FreezeOccurrence> Lifted,
    IReadOnlyList<ConsideredException> Considered,
    Instant? NextOpening,
    IReadOnlyList<FreezeOccurrence> Upcoming
)
{
    /// <summary>True when the action is frozen.</summary>
    public bool Frozen => Blocking.Count > 0;

    /// <summary>An RT4005 error for each blocking occurrence, at the window's place in release-train.json.</summary>
    public IEnumerable<Diagnostics.Diagnostic> Diagnostics =>
        Blocking.Select(o =>
            Core.Diagnostics.DiagnosticCodes.FreezeActive.Error(
                o.Window.Location.File,
                o.Window.Location.Line,
                o.Window.Location.Column,
                Query.Action,
                o.Window.Id,
                o.Window.Reason ?? "no reason given",
                PolicyTime.Utc(o.Start),
                PolicyTime.Utc(o.End)
            )
        );
}

/// <summary>
/// Evaluates freeze windows (DESIGN.md, check 3). Windows are half-open [start, end). A recurring window's
/// occurrences start at each local time its cron expression matches in its IANA zone, resolved with the zone's
/// offset at that instant: a start in a DST gap moves forward to the first instant after the gap; in a DST overlap
/// (the clock goes back and a wall-clock hour happens twice) a fixed-time schedule starts once, at the earlier
/// instant, while an interval schedule (<see cref="CronExpression.IsInterval"/>: <c>0 * * * *</c>,
/// <c>*/30 * * * *</c>) starts in both passes, so that it leaves no hole (Vixie cron, Cronos); each occurrence lasts
/// its duration in elapsed time.
/// </summary>
public static class FreezeEvaluator
{
    private static readonly ZoneLocalMappingResolver Resolver = Resolvers.CreateMappingResolver(
        Resolvers.ReturnEarlier,
        Resolvers.ReturnStartOfIntervalAfter
    );

    /// <summary>Checks whether an action is frozen.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="query">The question.</param>
    /// <param name="upcoming">How many upcoming occurrences to list.</param>
    /// <returns>The verdict with its explanation.</returns>
    public static FreezeVerdict Evaluate(PolicyConfig policy, FreezeQuery query, int upcoming = 5)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(query);
        var windows = policy
            .FreezeWindows.Where(w => w.Actions.Contains(query.Action, StringComparer.Ordinal))
            .ToList();
        var (blocking, lifted, considered) = Classify(policy, windows, query, query.At);
        Instant? nextOpening = null;
        if (blocking.Count > 0)
        {
            var t = query.At;
            // Bounded: no opening before PolicyTime.Latest counts as none within the horizon.
            for (var i = 0; i < 10_000 && t < PolicyTime.Latest; i++)
            {
                var (stillBlocking, _, _) = Classify(policy, windows, query, t);
                if (stillBlocking.Count == 0)
                {
                    nextOpening = t;
                    break;
                }

                t = stillBlocking.Max(o => o.End);
            }
        }

        var next = windows
            .SelectMany(w => OccurrencesAfter(w, query.At, upcoming))
            .OrderBy(o => o.Start)
            .ThenBy(o => o.Window.Id, StringComparer.Ordinal)
            .Take(upcoming)
            .ToList();
        return new FreezeVerdict(query, blocking, lifted, considered, nextOpening, next);
    }

    /// <summary>The occurrences of a window that cover an instant.</summary>
    /// <param name="window">The window.</param>
    /// <param name="at">The instant.</param>
    /// <returns>Covering occurrences (none, one, or several that overlap).</returns>
    public static IEnumerable<FreezeOccurrence> Covering(FreezeWindow window, Instant at)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (!window.IsRecurring)
        {
            var absolute = new FreezeOccurrence(window, window.Start!.Value, window.End!.Value);
            return absolute.Covers(at) ? [absolute] : [];
        }

        var zone = window.TimeZone!;
        var from = (at - window.Duration!.Value - Duration.FromDays(2)).InZone(zone).Date;
        var to = (at + Duration.FromDays(2)).InZone(zone).Date;
        return Starts(window, from, to)
            .Select(s => new FreezeOccurrence(window, s, s + window.Duration!.Value))
            .Where(o => o.Covers(at))
            .ToList();
    }

    /// <summary>The occurrences of a window that start after an instant, ascending.</summary>
    /// <param name="window">The window.</param>
    /// <param name="after">The instant (exclusive).</param>
    /// <param name="count">How many at most.</param>
    /// <returns>The occurrences.</returns>
    public static IEnumerable<FreezeOccurrence> OccurrencesAfter(FreezeWindow window, Instant after, int count)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (!window.IsRecurring)
        {
            return window.Start > after ? [new FreezeOccurrence(window, window.Start!.Value, window.End!.Value)] : [];
        }

        var found = new List<FreezeOccurrence>();
        var zone = window.TimeZone!;
        var date = after.InZone(zone).Date.PlusDays(-1);
        for (var chunk = 0; chunk < 200 && found.Count < count; chunk++, date = date.PlusDays(31))
        {
            found.AddRange(
                Starts(window, date, date.PlusDays(30))
                    .Where(s => s > after)
                    .Select(s => new FreezeOccurrence(window, s, s + window.Duration!.Value))
            );
        }

        return found.Take(count);
    }

    private static (
        List<FreezeOccurrence> Blocking,
        List<FreezeOccurrence> Lifted,
        List<ConsideredException> Considered
    ) Classify(PolicyConfig policy, List<FreezeWindow> windows, FreezeQuery query, Instant at)
    {
        var blocking = new List<FreezeOccurrence>();
        var lifted = new List<FreezeOccurrence>();
        var considered = new List<ConsideredException>();
        foreach (var occurrence in windows.SelectMany(w => Covering(w, at)))
        {
            var applicable = false;
            foreach (
                var exception in policy.FreezeExceptions.Where(e =>
                    e.Windows.Contains(occurrence.Window.Id, StringComparer.Ordinal)
                )
            )
            {
                var (applies, why) = Applies(exception, query, at);
                considered.Add(new ConsideredException(exception, occurrence, applies, why));
                applicable |= applies;
            }

            (applicable ? lifted : blocking).Add(occurrence);
        }

        return (blocking, lifted, considered);
    }

    /// <summary>
    /// Whether an exception lifts a window for a query: its release (or commit) and validity match, and someone other
    /// than the requester approved it (principals compared by <see cref="Principals"/>: trimmed, GitHub logins,
    /// ignoring case).
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <param name="query">The query.</param>
    /// <param name="at">The instant.</param>
    /// <returns>Whether it applies, and why (not).</returns>
    public static (bool Applies, string Why) Applies(FreezeException exception, FreezeQuery query, Instant at)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(query);
        if (exception.Release is not null && !SameVersion(exception.Release, query.Release))
        {
            return (false, $"it is for release {exception.Release}, not {query.Release ?? "(none given)"}");
        }

        if (
            exception.Commit is not null
            && !string.Equals(exception.Commit, query.Commit, StringComparison.OrdinalIgnoreCase)
        )
        {
            return (false, $"it is for commit {exception.Commit}, not {query.Commit ?? "(none given)"}");
        }

        if (at < exception.ValidFrom)
        {
            return (false, $"it is valid only from {PolicyTime.Utc(exception.ValidFrom)}");
        }

        if (at >= exception.ValidUntil)
        {
            return (false, $"it expired at {PolicyTime.Utc(exception.ValidUntil)}");
        }

        // Principals as GitHub compares logins (Config.Principals): "alice " and "ALICE" are the requester alice; a
        // requester or approver that is no login never lifts a window (the loader reports it as RT4020).
        if (Principals.Read(exception.RequestedBy) is not { } requester)
        {
            return (false, $"its requester {Principals.Quote(exception.RequestedBy)} is not a GitHub login");
        }

        var others = Principals
            .DistinctLogins(exception.Approvers)
            .Where(a => !Principals.Comparer.Equals(a, requester))
            .ToList();
        return others.Count == 0
            ? (false, $"it is approved only by its requester {exception.RequestedBy}")
            : (
                true,
                $"approved by {string.Join(", ", others)} for {exception.Release ?? exception.Commit}, valid until "
                    + $"{PolicyTime.Utc(exception.ValidUntil)}"
            );
    }

    private static bool SameVersion(string a, string? b) =>
        b is not null
        && (
            NuGetVersion.TryParse(a, out var x) && NuGetVersion.TryParse(b, out var y)
                ? x == y
                : string.Equals(a, b, StringComparison.Ordinal)
        );

    private static IEnumerable<Instant> Starts(FreezeWindow window, LocalDate from, LocalDate to)
    {
        var cron = window.Schedule!;
        var zone = window.TimeZone!;
        var seen = new HashSet<Instant>();
        var hours = cron.MatchingHours.ToList();
        var minutes = cron.MatchingMinutes.ToList();
        var day = new List<Instant>();
        for (var date = from; date <= to; date = date.PlusDays(1))
        {
            if (!cron.MatchesDate(date.Year, date.Month, date.Day, (int)date.DayOfWeek % 7))
            {
                continue;
            }

            day.Clear();
            foreach (var hour in hours)
            {
                foreach (var minute in minutes)
                {
                    var mapping = zone.MapLocal(date.At(new LocalTime(hour, minute)));
                    day.Add(Resolver(mapping).ToInstant());
                    if (mapping.Count == 2 && cron.IsInterval)
                    {
                        day.Add(mapping.Last().ToInstant());
                    }
                }
            }

            // The second pass of a repeated hour sorts between the first pass and the hours after it.
            day.Sort();
            foreach (var instant in day.Where(seen.Add))
            {
                yield return instant;
            }
        }
    }
}
