using NodaTime;

namespace ReleaseTrain.Core.Time;

/// <summary>
/// The next instant at which a verdict made at an instant can change: the earliest of the instants at which one of
/// its time rules flips (a waiver's expiry, a drill growing too old, ...) that lies after the evaluation instant. A
/// verdict is reused only before that instant (the MSBuild gate's stamp, docs/architecture.md "The MSBuild gate").
/// Every instant is UTC; <c>null</c> means "never" (no time rule can flip after the evaluation instant).
/// </summary>
public static class NextChange
{
    /// <summary>The earliest boundary after <paramref name="at"/>.</summary>
    /// <param name="at">The evaluation instant.</param>
    /// <param name="boundaries">
    /// Instants from which a rule gives another answer than just before them (null entries are ignored).
    /// </param>
    /// <returns>The earliest boundary strictly after <paramref name="at"/>, or null when there is none.</returns>
    public static Instant? Earliest(Instant at, IEnumerable<Instant?> boundaries)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        Instant? earliest = null;
        foreach (var boundary in boundaries)
        {
            if (boundary is { } b && b > at && (earliest is null || b < earliest))
            {
                earliest = b;
            }
        }

        return earliest;
    }

    /// <summary>
    /// The first instant at which "more than <paramref name="duration"/> after <paramref name="instant"/>" holds:
    /// <paramref name="instant"/> + <paramref name="duration"/> + 1 ns (a max-age rule that compares with
    /// <c>&gt;</c>).
    /// </summary>
    /// <param name="instant">The start (e.g. when a drill ran).</param>
    /// <param name="duration">The allowed age; not negative.</param>
    /// <returns>The instant, or null when it lies beyond the last representable instant.</returns>
    public static Instant? FirstAfter(Instant instant, Duration duration) =>
        Plus(instant, duration) is { } end && end < Instant.MaxValue ? end + Duration.Epsilon : null;

    /// <summary><paramref name="instant"/> + <paramref name="duration"/>, or null outside NodaTime's range.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="duration">A duration of either sign.</param>
    /// <returns>The sum, or null when it is not representable.</returns>
    public static Instant? Plus(Instant instant, Duration duration) =>
        duration >= Duration.Zero
            ? (Instant.MaxValue - instant >= duration ? instant + duration : null)
            : (instant - Instant.MinValue >= -duration ? instant + duration : null);
}
