using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Tests;

/// <summary>
/// The occurrences of recurring freeze windows against an independent reference, Cronos 0.13.0 (HangfireIO), which
/// follows Vixie cron across DST changes: no start lost in a spring-forward gap, interval schedules fire in both
/// passes of a repeated hour, fixed-time ones once. Cronos always ANDs day-of-month with day-of-week, so for the
/// crontab(5) OR (both fields restricted, neither starting with <c>*</c>) the reference is the union of the two
/// Cronos schedules with one of the fields set to <c>*</c>. Cronos reads the operating system's tz data
/// (TimeZoneInfo), ReleaseTrain NodaTime's; the zones and years used have had the same rules in both for years.
/// </summary>
public sealed class CronReferenceTests
{
    private static readonly string[] Zones =
    [
        "Europe/Berlin",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Kolkata",
        "UTC",
        "Europe/London",
    ];

    // DST changes of the zones above in 2026 (UTC), where half of the generated instants fall.
    private static readonly Instant[] Changes =
    [
        Instant.FromUtc(2026, 3, 29, 1, 0),
        Instant.FromUtc(2026, 10, 25, 1, 0),
        Instant.FromUtc(2026, 3, 8, 7, 0),
        Instant.FromUtc(2026, 11, 1, 6, 0),
        Instant.FromUtc(2026, 4, 4, 16, 0),
        Instant.FromUtc(2026, 10, 3, 16, 0),
    ];

    private static readonly Gen<string> Minute = Field(0, 59, allowStar: true);
    private static readonly Gen<string> Hour = Field(0, 23, allowStar: true);
    private static readonly Gen<string> DayOfMonth = Field(1, 31, allowStar: true);
    private static readonly Gen<string> Month = Gen.OneOf(
        Gen.Constant("*"),
        Gen.Constant("*"),
        Field(1, 12, allowStar: false)
    );
    private static readonly Gen<string> DayOfWeek = Gen.OneOf(
        Field(0, 6, allowStar: true),
        Gen.Elements("MON-FRI", "SUN", "7", "SAT,SUN", "*/2", "1-5/2")
    );

    [Fact]
    public void Occurrences_agree_with_Cronos_and_the_crontab_day_rule()
    {
        var gen =
            from minute in Minute
            from hour in Hour
            from dom in DayOfMonth
            from month in Month
            from dow in DayOfWeek
            from zone in Gen.Elements(Zones)
            from nearChange in Gen.Elements(true, false)
            from change in Gen.Elements(Changes)
            from minutes in Gen.Choose(-60 * 24 * 3, 60 * 24 * 3)
            from days in Gen.Choose(0, 365 * 3)
            select (
                Cron: $"{minute} {hour} {dom} {month} {dow}",
                Zone: zone,
                After: nearChange
                    ? change + Duration.FromMinutes(minutes)
                    : Instant.FromUtc(2025, 1, 1, 0, 0) + Duration.FromDays(days) + Duration.FromMinutes(minutes)
            );
        Prop.ForAll(gen.ToArbitrary(), c =>
            {
                var ours = Ours(c.Cron, c.Zone, c.After);
                var reference = Reference(c.Cron, c.Zone, c.After);
                Assert.True(
                    ours.SequenceEqual(reference),
                    $"'{c.Cron}' in {c.Zone} after {c.After}:\n  ours      {string.Join(", ", ours)}\n"
                        + $"  reference {string.Join(", ", reference)}"
                );
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(400).WithQuietOnSuccess(true));
    }

    [Theory]
    // Autumn change in Europe/Berlin: 03:00 CEST becomes 02:00 CET at 01:00Z; 02:xx happens twice.
    [InlineData("0 * * * *", "2026-10-24T23:30:00Z", "2026-10-25T00:00:00Z,2026-10-25T01:00:00Z,2026-10-25T02:00:00Z")]
    [InlineData(
        "*/30 * * * *",
        "2026-10-24T23:45:00Z",
        "2026-10-25T00:00:00Z,2026-10-25T00:30:00Z,2026-10-25T01:00:00Z,2026-10-25T01:30:00Z"
    )]
    // A fixed time happens once, in the first pass.
    [InlineData("30 2 * * *", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z,2026-10-26T01:30:00Z")]
    // Spring change: 02:30 does not exist; the start moves to the end of the gap (03:00 CEST, 01:00Z).
    [InlineData("30 2 * * *", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z,2026-03-30T00:30:00Z")]
    public void Daylight_saving_changes_leave_no_hole(string cron, string after, string expected)
    {
        var start = NodaTime.Text.InstantPattern.ExtendedIso.Parse(after).Value;
        var want = expected.Split(',');
        Assert.Equal(want, Ours(cron, "Europe/Berlin", start).Take(want.Length).Select(PolicyTime.Utc));
        Assert.Equal(want, Reference(cron, "Europe/Berlin", start).Take(want.Length).Select(PolicyTime.Utc));
    }

    [Theory]
    // crontab(5): a field starting with '*' is unrestricted, so '*/2' in day-of-week ANDs with day-of-month:
    // the 1st of the month only when it is a Sunday, Tuesday, Thursday or Saturday.
    [InlineData("0 0 1 * */2", "2026-09-01T00:00:00+02:00", true)] // Tuesday the 1st
    [InlineData("0 0 1 * */2", "2026-10-01T00:00:00+02:00", true)] // Thursday the 1st
    [InlineData("0 0 1 * */2", "2026-12-01T00:00:00+01:00", true)] // Tuesday the 1st
    [InlineData("0 0 1 * */2", "2026-06-01T00:00:00+02:00", false)] // Monday the 1st
    [InlineData("0 0 1 * */2", "2026-11-03T00:00:00+01:00", false)] // a Tuesday, not the 1st
    [InlineData("0 0 */10 * MON", "2026-11-02T00:00:00+01:00", false)] // a Monday, not day 1, 11, 21 or 31
    [InlineData("0 0 */10 * MON", "2026-11-11T00:00:00+01:00", false)] // day 11, a Wednesday
    [InlineData("0 0 */10 * SUN", "2026-11-01T00:00:00+01:00", true)] // day 1 and a Sunday
    [InlineData("0 0 13 * FRI", "2026-11-20T00:00:00+01:00", true)] // both restricted: OR
    public void Day_of_month_and_day_of_week_combine_as_crontab_says(string cron, string at, bool starts)
    {
        var instant = NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(at).Value.ToInstant();
        var first = Ours(cron, "Europe/Berlin", instant - Duration.FromMinutes(1)).FirstOrDefault();
        Assert.Equal(starts, first == instant);
    }

    private static IReadOnlyList<Instant> Ours(string text, string zone, Instant after)
    {
        if (!CronExpression.TryParse(text, out var cron, out var error, out _))
        {
            // Refused as never firing: the reference must find no occurrence either.
            Assert.Contains("never fires", error, StringComparison.Ordinal);
            return [];
        }

        var window = new FreezeWindow(
            "w",
            ["release"],
            null,
            null,
            null,
            cron,
            Duration.FromMinutes(1),
            DateTimeZoneProviders.Tzdb[zone],
            new ConfigLocation("x", 1, 1)
        );
        return FreezeEvaluator
            .OccurrencesAfter(window, after, 40)
            .Select(o => o.Start)
            .Where(s => s < after + Horizon)
            .ToList();
    }

    // ReleaseTrain looks about 17 years ahead; compare within 16.
    private static readonly Duration Horizon = Duration.FromDays(16 * 365);

    private static IReadOnlyList<Instant> Reference(string text, string zone, Instant after)
    {
        var fields = text.Split(' ');
        var bothRestricted = !fields[2].StartsWith('*') && !fields[4].StartsWith('*');
        var schedules = bothRestricted
            ? new[]
            {
                $"{fields[0]} {fields[1]} {fields[2]} {fields[3]} *",
                $"{fields[0]} {fields[1]} * {fields[3]} {fields[4]}",
            }
            : [text];
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var from = after.ToDateTimeUtc();
        var until = (after + Horizon).ToDateTimeUtc();
        return schedules
            .SelectMany(s => Next(Cronos.CronExpression.Parse(s), from, until, tz))
            .Distinct()
            .Order()
            .Take(40)
            .ToList();
    }

    private static IEnumerable<Instant> Next(Cronos.CronExpression cron, DateTime from, DateTime until, TimeZoneInfo tz)
    {
        var at = from;
        for (var i = 0; i < 40; i++)
        {
            var next = cron.GetNextOccurrence(at, tz, inclusive: false);
            if (next is null || next.Value >= until)
            {
                yield break;
            }

            yield return Instant.FromDateTimeUtc(next.Value);
            at = next.Value;
        }
    }

    private static Gen<string> Field(int min, int max, bool allowStar)
    {
        var value = Gen.Choose(min, max);
        var step = Gen.Choose(1, Math.Max(1, (max - min) / 2 + 1));
        var range = from a in value from b in value select (Math.Min(a, b), Math.Max(a, b));
        var forms = new List<Gen<string>>
        {
            value.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            range.Select(r => $"{r.Item1}-{r.Item2}"),
            from r in range
            from s in step
            select $"{r.Item1}-{r.Item2}/{s}",
            from a in value
            from b in value
            select a == b ? $"{a}" : $"{a},{b}",
            from a in value
            from s in step
            select $"{a}/{s}",
        };
        if (allowStar)
        {
            forms.Add(Gen.Constant("*"));
            forms.Add(Gen.Constant("*"));
            forms.Add(step.Select(s => $"*/{s}"));
        }

        return Gen.OneOf(forms.ToArray());
    }
}
