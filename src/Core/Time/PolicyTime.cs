using NodaTime;
using NodaTime.Text;

namespace ReleaseTrain.Core.Time;

/// <summary>
/// Timestamps and durations as ReleaseTrain reads them: ISO 8601 date-times with an explicit offset
/// (<c>2026-03-29T02:30:00+01:00</c>, <c>...Z</c>; a value without one is rejected, DESIGN.md "Time"), and ISO 8601
/// durations of elapsed time (<c>PT4H</c>, <c>P2D</c> = 48 hours, <c>P1W</c>; years and months are refused as
/// ambiguous). Instants lie in [<see cref="Earliest"/>, <see cref="Latest"/>) and durations are at most
/// <see cref="LongestDuration"/>, so that no arithmetic a check does on them (an instant plus a maximum age, a freeze
/// window's occurrences for years ahead) can overflow.
/// </summary>
public static class PolicyTime
{
    /// <summary>The earliest instant accepted: 1900-01-01T00:00:00Z.</summary>
    public static readonly Instant Earliest = Instant.FromUtc(1900, 1, 1, 0, 0);

    /// <summary>The first instant no longer accepted: 9000-01-01T00:00:00Z.</summary>
    public static readonly Instant Latest = Instant.FromUtc(9000, 1, 1, 0, 0);

    /// <summary>The longest duration accepted: 100 years of 365.25 days (P36525D).</summary>
    public static readonly Duration LongestDuration = Duration.FromDays(36525);

    /// <summary>Parses an ISO 8601 date-time with offset.</summary>
    /// <param name="text">The text.</param>
    /// <param name="instant">The instant.</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParseInstant(string text, out Instant instant, out string error)
    {
        instant = default;
        error = string.Empty;
        var result = OffsetDateTimePattern.ExtendedIso.Parse(text ?? string.Empty);
        if (result.Success)
        {
            // 9999-12-31T23:59:59-14:00 parses, but its UTC instant lies past the last NodaTime can hold.
            var inRange = TryToInstant(result.Value, out instant);
            if (!inRange || instant < Earliest || instant >= Latest)
            {
                error = $"'{text}' lies outside the instants ReleaseTrain accepts ({Utc(Earliest)} to {Utc(Latest)}).";
                instant = default;
                return false;
            }

            return true;
        }

        var local = LocalDateTimePattern.ExtendedIso.Parse(text ?? string.Empty);
        error = local.Success
            ? $"'{text}' has no offset; write it with one, e.g. {text}Z or {text}+01:00."
            : $"'{text}' is not an ISO 8601 date-time with offset (e.g. 2026-03-29T02:30:00+01:00).";
        return false;
    }

    private static bool TryToInstant(OffsetDateTime value, out Instant instant)
    {
        try
        {
            instant = value.ToInstant();
            return true;
        }
        catch (OverflowException)
        {
            instant = default;
            return false;
        }
    }

    /// <summary>Parses an ISO 8601 duration of elapsed time; it must be positive.</summary>
    /// <param name="text">The text.</param>
    /// <param name="duration">The duration.</param>
    /// <param name="error">Why it was refused.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParseDuration(string text, out Duration duration, out string error)
    {
        duration = default;
        error = string.Empty;
        var result = PeriodPattern.NormalizingIso.Parse(text ?? string.Empty);
        if (!result.Success)
        {
            error = $"'{text}' is not an ISO 8601 duration (e.g. PT4H, P2D).";
            return false;
        }

        var period = result.Value;
        if (period.Years != 0 || period.Months != 0)
        {
            error = $"'{text}' uses years or months, whose length varies; use days or hours (elapsed time).";
            return false;
        }

        try
        {
            duration = period.ToDuration();
        }
        catch (OverflowException)
        {
            duration = Duration.MaxValue;
        }

        if (duration > LongestDuration)
        {
            error = $"'{text}' is longer than the longest duration accepted, P36525D (100 years).";
            duration = default;
            return false;
        }

        if (duration <= Duration.Zero)
        {
            error = $"'{text}' is not a positive duration.";
            return false;
        }

        return true;
    }

    /// <summary>Formats an instant as ISO 8601 UTC, e.g. <c>2026-03-29T01:00:00Z</c>.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The text.</returns>
    public static string Utc(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>Formats an instant in a zone with its offset, e.g. <c>2026-03-29T03:00:00+02:00</c>.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="zone">The zone.</param>
    /// <returns>The text.</returns>
    public static string Local(Instant instant, DateTimeZone zone) =>
        LocalPattern.Format(instant.InZone(zone).ToOffsetDateTime());

    private static readonly OffsetDateTimePattern LocalPattern = OffsetDateTimePattern.CreateWithInvariantCulture(
        "uuuu'-'MM'-'dd'T'HH':'mm':'sso<m>"
    );
}
