using NodaTime;
using NodaTime.Text;
using ReleaseTrain.Core.Config;
using ReleaseTrain.Core.Freeze;
using ReleaseTrain.Core.Time;

namespace ReleaseTrain.Tests;

/// <summary>
/// Freeze windows: half-open bounds, cron in Europe/Berlin across DST, elapsed durations, action scope, exceptions.
/// </summary>
public sealed class FreezeTests : IDisposable
{
    private readonly TempDirectory _repo = new("rt-freeze");

    public void Dispose() => _repo.Dispose();

    private static Instant T(string text) =>
        OffsetDateTimePattern.ExtendedIso.Parse(text).GetValueOrThrow().ToInstant();

    private PolicyConfig Load(string json)
    {
        File.WriteAllText(_repo.Combine("release-train.json"), json);
        var config = ConfigLoader.Load(_repo.Combine("release-train.json"), null, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return config!.Policy;
    }

    private IReadOnlyList<ReleaseTrain.Core.Diagnostics.Diagnostic> Errors(string json)
    {
        File.WriteAllText(_repo.Combine("release-train.json"), json);
        Assert.Null(ConfigLoader.Load(_repo.Combine("release-train.json"), null, out var errors));
        return errors;
    }

    private static string Recurring(string schedule, string duration, string actions = "\"release\"") =>
        $$"""
            { "freezeWindows": [ { "id": "nightly", "actions": [{{actions}}], "schedule": "{{schedule}}",
            """
        + $$"""
             "duration": "{{duration}}", "timeZone": "Europe/Berlin" } ] }
            """;

    private static bool Frozen(PolicyConfig policy, string at, string action = "release", string? release = null) =>
        FreezeEvaluator.Evaluate(policy, new FreezeQuery(action, release, null, T(at))).Frozen;

    [Fact]
    public void A_config_with_only_freeze_windows_is_valid()
    {
        var policy = Load(Recurring("30 2 * * *", "PT1H"));
        Assert.Single(policy.FreezeWindows);
        Assert.Equal(PolicyConfig.DefaultDecisionLog, policy.DecisionLog);
    }

    [Fact]
    public void Absolute_windows_are_half_open()
    {
        var policy = Load(
            """
            { "freezeWindows": [ { "id": "holidays", "actions": ["release", "pack"], "start":
            """
                + """
                 "2026-12-20T00:00:00+01:00", "end": "2027-01-04T00:00:00+01:00" } ] }
                """
        );
        Assert.False(Frozen(policy, "2026-12-19T23:59:59+01:00"));
        Assert.True(Frozen(policy, "2026-12-20T00:00:00+01:00"));
        Assert.True(Frozen(policy, "2027-01-03T22:59:59Z"));
        Assert.False(Frozen(policy, "2027-01-04T00:00:00+01:00"));
        Assert.False(Frozen(policy, "2026-12-24T12:00:00Z", action: "build")); // not in the window's actions
    }

    [Fact]
    public void A_start_in_the_spring_dst_gap_moves_to_the_first_instant_after_it()
    {
        // Europe/Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day.
        var policy = Load(Recurring("30 2 * * *", "PT1H"));
        Assert.True(Frozen(policy, "2026-03-28T01:30:00Z")); // the day before: 02:30 CET
        Assert.False(Frozen(policy, "2026-03-29T00:59:59Z"));
        Assert.True(Frozen(policy, "2026-03-29T01:00:00Z")); // 03:00 CEST, the first instant after the gap
        Assert.True(Frozen(policy, "2026-03-29T01:59:59Z"));
        Assert.False(Frozen(policy, "2026-03-29T02:00:00Z")); // one elapsed hour later: open (half-open)
        var occurrence = Assert.Single(FreezeEvaluator.Covering(policy.FreezeWindows[0], T("2026-03-29T01:30:00Z")));
        Assert.Equal(T("2026-03-29T03:00:00+02:00"), occurrence.Start);
    }

    [Fact]
    public void A_start_in_the_autumn_dst_overlap_takes_the_earlier_instant()
    {
        // Europe/Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
        var policy = Load(Recurring("30 2 * * *", "PT1H"));
        Assert.False(Frozen(policy, "2026-10-25T00:29:59Z"));
        Assert.True(Frozen(policy, "2026-10-25T00:30:00Z")); // 02:30 CEST, the first 02:30
        Assert.True(Frozen(policy, "2026-10-25T01:29:59Z"));
        Assert.False(Frozen(policy, "2026-10-25T01:30:00Z")); // 02:30 CET, the second 02:30, starts nothing
    }

    [Fact]
    public void Durations_are_elapsed_time_across_a_dst_change()
    {
        // Sunday 2026-03-29 00:00 CET + P1D elapsed = 2026-03-30 01:00 CEST, not local midnight.
        var policy = Load(Recurring("0 0 * * SUN", "P1D"));
        Assert.True(Frozen(policy, "2026-03-29T22:30:00Z")); // 00:30 CEST on Monday: still inside
        Assert.False(Frozen(policy, "2026-03-29T23:00:00Z"));
    }

    [Fact]
    public void Explanation_gives_bounds_next_opening_and_upcoming_occurrences()
    {
        var policy = Load(Recurring("0 18 * * FRI", "P2DT14H")); // Friday 18:00 to Monday 08:00
        var verdict = FreezeEvaluator.Evaluate(
            policy,
            new FreezeQuery("release", null, null, T("2026-11-21T12:00:00Z")),
            upcoming: 3
        );
        Assert.True(verdict.Frozen);
        var blocking = Assert.Single(verdict.Blocking);
        Assert.Equal(T("2026-11-20T18:00:00+01:00"), blocking.Start);
        Assert.Equal(T("2026-11-23T08:00:00+01:00"), verdict.NextOpening);
        Assert.Equal(
            [T("2026-11-27T18:00:00+01:00"), T("2026-12-04T18:00:00+01:00"), T("2026-12-11T18:00:00+01:00")],
            verdict.Upcoming.Select(o => o.Start).ToArray()
        );
    }

    private const string WithExceptions =
        """
            {
              "freezeWindows": [ { "id": "holidays", "actions": ["release"], "start": "2026-12-20T00:00:00+01:00",
            """
        + """
             "end": "2027-01-04T00:00:00+01:00" } ],
              "freezeExceptions": [
                { "id": "hotfix", "windows": ["holidays"], "release": "1.4.1", "reason": "CVE fix", "requestedBy":
            """
        + """
             "alice", "approvers": ["alice", "bob"],
                  "validFrom": "2026-12-22T00:00:00Z", "validUntil": "2026-12-24T00:00:00Z" },
                { "id": "self", "windows": ["holidays"], "release": "1.5.0", "reason": "feature", "requestedBy":
            """
        + """
             "carol", "approvers": ["carol"],
                  "validFrom": "2026-12-20T00:00:00Z", "validUntil": "2027-01-04T00:00:00Z" }
              ]
            }
            """;

    [Fact]
    public void An_applicable_exception_lifts_the_window()
    {
        var verdict = FreezeEvaluator.Evaluate(
            Load(WithExceptions),
            new FreezeQuery("release", "1.4.1", null, T("2026-12-23T10:00:00Z"))
        );
        Assert.False(verdict.Frozen);
        Assert.Single(verdict.Lifted);
        Assert.Contains(verdict.Considered, c =>
            c.Exception.Id == "hotfix" && c.Applies && c.Why.Contains("bob", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData("1.4.2", "2026-12-23T10:00:00Z", "hotfix", "it is for release 1.4.1")] // another release
    [InlineData("1.4.1", "2026-12-24T00:00:00Z", "hotfix", "it expired")] // expired (validUntil exclusive)
    [InlineData("1.4.1", "2026-12-21T10:00:00Z", "hotfix", "valid only from")] // not yet valid
    [InlineData("1.5.0", "2026-12-23T10:00:00Z", "self", "approved only by its requester")]
    public void Exceptions_that_do_not_apply_leave_the_window_frozen(string release, string at, string id, string why)
    {
        var verdict = FreezeEvaluator.Evaluate(Load(WithExceptions), new FreezeQuery("release", release, null, T(at)));
        Assert.True(verdict.Frozen);
        Assert.Contains(verdict.Considered, c =>
            c.Exception.Id == id && !c.Applies && c.Why.Contains(why, StringComparison.Ordinal)
        );
    }

    [Theory]
    // Columns point into the value: for cron, at the offending field (column 55 is the first character inside the
    // quotes).
    [InlineData(
        "\"schedule\": \"61 2 * * *\", \"duration\": \"PT1H\", \"timeZone\": \"Europe/Berlin\"",
        "RT4001",
        3,
        55
    )]
    [InlineData("\"schedule\": \"30 2 * *\", \"duration\": \"PT1H\", \"timeZone\": \"Europe/Berlin\"", "RT4001", 3, 55)]
    [InlineData(
        "\"schedule\": \"0 0 31 2 *\", \"duration\": \"PT1H\", \"timeZone\": \"Europe/Berlin\"",
        "RT4001",
        3,
        59
    )]
    [InlineData(
        "\"schedule\": \"0 0 30,31 FEB-FEB *\", \"duration\": \"PT1H\", \"timeZone\": \"Europe/Berlin\"",
        "RT4001",
        3,
        59
    )]
    [InlineData(
        "\"schedule\": \"30 2 * * *\", \"duration\": \"PT1H\", \"timeZone\": \"Europe/Atlantis\"",
        "RT4002",
        3,
        100
    )]
    [InlineData(
        "\"schedule\": \"30 2 * * *\", \"duration\": \"PT0S\", \"timeZone\": \"Europe/Berlin\"",
        "RT4003",
        3,
        80
    )]
    [InlineData(
        "\"schedule\": \"30 2 * * *\", \"duration\": \"P100000000D\", \"timeZone\": \"Europe/Berlin\"",
        "RT4003",
        3,
        80
    )]
    [InlineData("\"start\": \"2026-12-20T00:00:00Z\", \"end\": \"9999-12-31T23:59:59Z\"", "RT4004", 3, 82)]
    [InlineData(
        "\"schedule\": \"30 2 * * *\", \"duration\": \"P1M\", \"timeZone\": \"Europe/Berlin\"",
        "RT4003",
        3,
        80
    )]
    [InlineData("\"start\": \"2026-12-20T00:00:00\", \"end\": \"2027-01-04T00:00:00Z\"", "RT4004", 3, 51)]
    [InlineData("\"start\": \"2027-01-04T00:00:00Z\", \"end\": \"2026-12-20T00:00:00Z\"", "RT4006", 3, 82)]
    public void Invalid_windows_are_coded_errors_at_their_line_and_column(
        string body,
        string code,
        int line,
        int column
    )
    {
        var error = Assert.Single(
            Errors("{\n  \"freezeWindows\": [\n    { \"id\": \"w\", \"actions\": [\"release\"], " + body + " }\n  ]\n}")
        );
        Assert.Equal((code, line, column), (error.Code, error.Line, error.Column));
    }

    [Fact]
    public void An_exception_naming_an_unknown_window_is_RT4007()
    {
        var errors = Errors(
            WithExceptions.Replace(
                "\"windows\": [\"holidays\"], \"release\": \"1.5.0\"",
                "\"windows\": [\"holiday\"], \"release\": \"1.5.0\"",
                StringComparison.Ordinal
            )
        );
        Assert.Equal("RT4007", Assert.Single(errors).Code);
    }

    [Theory]
    [InlineData("*/15 9-17 * * MON-FRI", "2026-11-20T09:45:00+01:00", true)]
    [InlineData("*/15 9-17 * * MON-FRI", "2026-11-21T09:45:00+01:00", false)] // Saturday
    [InlineData("0 0 1,15 * *", "2026-11-15T00:00:00+01:00", true)]
    [InlineData("0 0 13 * FRI", "2026-11-20T00:00:00+01:00", true)] // day-of-month OR day-of-week
    [InlineData("0 0 13 * FRI", "2026-11-19T00:00:00+01:00", false)]
    [InlineData("0 12 * JAN,DEC 7", "2026-12-06T12:00:00+01:00", true)] // 7 is Sunday too
    public void Cron_fields_match_as_crontab_does(string schedule, string at, bool frozen)
    {
        var policy = Load(Recurring(schedule, "PT1M"));
        Assert.Equal(frozen, Frozen(policy, at));
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9000-01-01T00:00:00Z")]
    public void Instants_whose_arithmetic_could_overflow_are_refused(string text)
    {
        Assert.False(PolicyTime.TryParseInstant(text, out _, out var error));
        Assert.Contains("outside the instants ReleaseTrain accepts", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P100000000D")]
    [InlineData("PT9999999999H")]
    [InlineData("P36526D")]
    public void Durations_beyond_a_hundred_years_are_refused(string text)
    {
        Assert.False(PolicyTime.TryParseDuration(text, out _, out var error));
        Assert.Contains("longer than the longest duration", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_latest_accepted_instant_and_longest_duration_evaluate_without_overflow()
    {
        Assert.True(PolicyTime.TryParseInstant("8999-12-31T23:59:59Z", out var at, out _));
        Assert.True(PolicyTime.TryParseDuration("P36525D", out var longest, out _));
        var policy = Load(Recurring("0 18 * * FRI", "P36525D"));
        var verdict = FreezeEvaluator.Evaluate(policy, new FreezeQuery("release", null, null, at));
        Assert.True(verdict.Frozen);
        Assert.Equal(PolicyTime.LongestDuration, longest);
    }
}
