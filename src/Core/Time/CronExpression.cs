using System.Globalization;

namespace ReleaseTrain.Core.Time;

/// <summary>
/// A standard 5-field cron expression (POSIX crontab / Vixie cron): <c>minute hour day-of-month month day-of-week</c>
/// with <c>*</c>, lists (<c>1,15</c>), ranges (<c>1-5</c>), steps (<c>*/15</c>, <c>8-18/2</c>, <c>5/10</c>), month
/// names (JAN-DEC) and weekday names (SUN-SAT; 0 and 7 are Sunday). Day-of-month and day-of-week combine as
/// crontab(5) says: when both are restricted, a day matches when either does; a field that starts with <c>*</c>
/// (<c>*</c>, <c>*/2</c>) counts as unrestricted, and then a day must match both. Matching is on local wall-clock
/// time.
/// </summary>
public sealed class CronExpression
{
    private static readonly string[] Months =
    [
        "JAN",
        "FEB",
        "MAR",
        "APR",
        "MAY",
        "JUN",
        "JUL",
        "AUG",
        "SEP",
        "OCT",
        "NOV",
        "DEC",
    ];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _minutes = new bool[60];
    private readonly bool[] _hours = new bool[24];
    private readonly bool[] _daysOfMonth = new bool[32];
    private readonly bool[] _months = new bool[13];
    private readonly bool[] _daysOfWeek = new bool[7];
    private bool _domRestricted;
    private bool _dowRestricted;

    private CronExpression(string text) => Text = text;

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The minutes (0-59) of the hour that match, ascending.</summary>
    public IEnumerable<int> MatchingMinutes => Enumerable.Range(0, 60).Where(m => _minutes[m]);

    /// <summary>The hours (0-23) that match, ascending.</summary>
    public IEnumerable<int> MatchingHours => Enumerable.Range(0, 24).Where(h => _hours[h]);

    /// <summary>
    /// True when the minute or hour field is an interval (it holds <c>*</c>, a range or a step): such a schedule
    /// fires in both passes of a repeated wall-clock hour when the clock goes back, while a fixed-time schedule
    /// (<c>30 2 * * *</c>) fires once, in the first pass (Vixie cron; Cronos's <c>Interval</c> rule).
    /// </summary>
    public bool IsInterval { get; private set; }

    /// <summary>Parses an expression.</summary>
    /// <param name="text">Five whitespace-separated fields.</param>
    /// <param name="expression">The parsed expression.</param>
    /// <param name="error">Why it is invalid.</param>
    /// <param name="errorOffset">0-based character offset of the offending field in <paramref name="text"/>.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(string text, out CronExpression expression, out string error, out int errorOffset)
    {
        ArgumentNullException.ThrowIfNull(text);
        expression = new CronExpression(text);
        error = string.Empty;
        errorOffset = 0;
        var fields = new List<(string Field, int Offset)>();
        for (var i = 0; i < text.Length; )
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            fields.Add((text[start..i], start));
        }

        if (fields.Count != 5)
        {
            error =
                $"a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has "
                + $"{fields.Count}.";
            return false;
        }

        var specs = new (bool[] Target, int Min, int Max, string[]? Names, string Name)[]
        {
            (expression._minutes, 0, 59, null, "minute"),
            (expression._hours, 0, 23, null, "hour"),
            (expression._daysOfMonth, 1, 31, null, "day-of-month"),
            (expression._months, 1, 12, Months, "month"),
            (expression._daysOfWeek, 0, 7, Days, "day-of-week"),
        };
        for (var f = 0; f < 5; f++)
        {
            var (field, offset) = fields[f];
            var spec = specs[f];
            if (!ParseField(field, spec.Min, spec.Max, spec.Names, f == 3 ? 1 : 0, spec.Target, f == 4, out error))
            {
                error = $"{spec.Name} field '{field}': {error}";
                errorOffset = offset;
                return false;
            }
        }

        // crontab(5): "If both fields are restricted (i.e., do not start with *), the command will be run when either
        // field matches the current time."
        expression._domRestricted = !fields[2].Field.StartsWith('*');
        expression._dowRestricted = !fields[4].Field.StartsWith('*');
        expression.IsInterval = IsIntervalField(fields[0].Field) || IsIntervalField(fields[1].Field);
        if (expression.NeverMatchesADate())
        {
            error =
                $"day-of-month field '{fields[2].Field}' names no day that the months of '{fields[3].Field}' have, "
                + "so the schedule never fires";
            errorOffset = fields[2].Offset;
            return false;
        }

        return true;
    }

    /// <summary>Whether a local date matches the day-of-month, month and day-of-week fields.</summary>
    /// <param name="year">Year.</param>
    /// <param name="month">Month 1-12.</param>
    /// <param name="day">Day 1-31.</param>
    /// <param name="dayOfWeek">0 Sunday .. 6 Saturday.</param>
    /// <returns>True when the date matches.</returns>
    public bool MatchesDate(int year, int month, int day, int dayOfWeek)
    {
        _ = year;
        if (!_months[month])
        {
            return false;
        }

        var dom = _daysOfMonth[day];
        var dow = _daysOfWeek[dayOfWeek];
        return _domRestricted && _dowRestricted ? dom || dow : dom && dow;
    }

    /// <summary>
    /// True when no date can ever match: day-of-month is restricted, day-of-week is not (so both must match), and no
    /// matching month has any matching day (<c>0 0 31 2 *</c>, <c>0 0 30,31 FEB *</c>). Every month has every
    /// weekday, so a restricted day-of-week always matches some day.
    /// </summary>
    private bool NeverMatchesADate()
    {
        if (!_domRestricted || _dowRestricted)
        {
            return false;
        }

        int[] longest = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        for (var month = 1; month <= 12; month++)
        {
            for (var day = 1; _months[month] && day <= longest[month]; day++)
            {
                if (_daysOfMonth[day])
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsIntervalField(string field) => field.IndexOfAny(['*', '-', '/']) >= 0;

    private static bool ParseField(
        string field,
        int min,
        int max,
        string[]? names,
        int nameBase,
        bool[] target,
        bool isDayOfWeek,
        out string error
    )
    {
        error = string.Empty;
        foreach (var part in field.Split(','))
        {
            if (part.Length == 0)
            {
                error = "empty list item";
                return false;
            }

            var slash = part.IndexOf('/', StringComparison.Ordinal);
            var rangePart = slash >= 0 ? part[..slash] : part;
            var step = 1;
            if (
                slash >= 0
                && (
                    !int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step)
                    || step <= 0
                )
            )
            {
                error = $"step '{part[(slash + 1)..]}' is not a positive number";
                return false;
            }

            int low,
                high;
            if (rangePart == "*")
            {
                (low, high) = (min, max);
            }
            else
            {
                var dash = rangePart.IndexOf('-', StringComparison.Ordinal);
                if (!Value(dash >= 0 ? rangePart[..dash] : rangePart, min, max, names, nameBase, out low, out error))
                {
                    return false;
                }

                if (dash >= 0)
                {
                    if (!Value(rangePart[(dash + 1)..], min, max, names, nameBase, out high, out error))
                    {
                        return false;
                    }

                    if (high < low)
                    {
                        error = $"range {rangePart} runs backwards";
                        return false;
                    }
                }
                else
                {
                    // An open range (5/1) runs to the end: 7 for day-of-week, Sunday again (Vixie cron, Cronos).
                    high = slash >= 0 ? max : low;
                }
            }

            for (var v = low; v <= high; v += step)
            {
                target[isDayOfWeek && v == 7 ? 0 : v] = true;
            }
        }

        return true;
    }

    private static bool Value(
        string text,
        int min,
        int max,
        string[]? names,
        int nameBase,
        out int value,
        out string error
    )
    {
        error = string.Empty;
        if (names is not null)
        {
            var index = Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                value = index + nameBase;
                return true;
            }
        }

        if (
            !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            || value < min
            || value > max
        )
        {
            error = $"'{text}' is not a value from {min} to {max}";
            return false;
        }

        return true;
    }
}
