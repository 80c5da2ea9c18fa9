using NodaTime;
using ReleaseTrain.Core.Diagnostics;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Core.Release;

/// <summary>
/// The instant a command evaluates at (docs/policy.md, "Evaluated at the clock"): <c>--at</c> when the command only
/// evaluates (a dry run, what-if, <c>--explain</c>), the clock when it records or publishes. What is recorded (a
/// decision, a sign-off record) or published (a release, commit statuses) is always evaluated at the clock's time:
/// a backdated <c>--at</c> there is RT5012 and nothing happens, so that no record can be dated outside a freeze
/// window, a sign-off's <c>maxAge</c> or an evidence's <c>maxAge</c> that holds now.
/// </summary>
public static class ActionClock
{
    /// <summary>The clock's current instant to the whole second (records and reports carry no sub-second noise).
    /// </summary>
    /// <param name="clock">The clock (the system clock outside tests).</param>
    /// <returns>The instant, UTC.</returns>
    public static Instant Now(IClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Instant.FromUnixTimeSeconds(clock.GetCurrentInstant().ToUnixTimeSeconds());
    }

    /// <summary>The instant a command evaluates at.</summary>
    /// <param name="at">The <c>--at</c> text (ISO 8601 with an offset), or null.</param>
    /// <param name="records">
    /// Null when this run records and publishes nothing; otherwise the command and what it records or publishes, as
    /// <c>("decide", "it appends the decision to the decision log; add --dry-run to evaluate at another instant")</c>.
    /// </param>
    /// <param name="clock">The clock.</param>
    /// <returns><paramref name="at"/> when given and nothing is recorded, else <see cref="Now"/>.</returns>
    /// <exception cref="ReleaseTrainException">RT4004 when <paramref name="at"/> is not an ISO 8601 instant with an
    /// offset; RT5012 when <paramref name="at"/> is given and the run records or publishes.</exception>
    public static Instant Resolve(string? at, (string Command, string Why)? records, IClock clock)
    {
        if (at is null)
        {
            return Now(clock);
        }

        if (records is { } recorded)
        {
            throw new ReleaseTrainException(
                DiagnosticCodes.BackdatedAction.Error(null, 0, 0, recorded.Command, recorded.Why)
            );
        }

        return PolicyTime.TryParseInstant(at, out var instant, out var error)
            ? instant
            : throw new ReleaseTrainException(DiagnosticCodes.InvalidTimestamp.Error(null, 0, 0, "--at " + error));
    }
}
