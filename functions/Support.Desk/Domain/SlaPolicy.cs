using System.Globalization;
using Support.Desk.Settings;

namespace Support.Desk.Domain;

/// <summary>Whether an SLA clock runs around the clock or only in the tier's business hours.</summary>
public enum Coverage
{
    AlwaysOn,
    BusinessHours,
}

/// <summary>The first-response commitment for one tier and severity.</summary>
public sealed record SlaTerms(TimeSpan Target, Coverage Coverage);

/// <summary>
/// Turns plan tier and severity into SLA terms and coverage calendars in the customer's time zone.
/// Built once from validated <see cref="SlaPolicyOptions"/>; immutable and thread-safe.
/// </summary>
public sealed class SlaPolicy
{
    readonly Dictionary<(SupportTier, Severity), SlaTerms> terms = [];
    readonly Dictionary<SupportTier, (TimeSpan Opens, TimeSpan Closes, DayOfWeek[] Days)> hours = [];
    readonly DateOnly[] holidays;

    public SlaPolicy(SlaPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid SLA policy: " + string.Join("; ", problems), nameof(options));
        }

        foreach ((SupportTier tier, SlaTierOptions tierOptions) in options.Tiers())
        {
            foreach ((Severity severity, SlaTargetOptions target) in tierOptions.Targets())
            {
                this.terms[(tier, severity)] = new SlaTerms(target.Target, WireNames.Parse<Coverage>(target.Coverage));
            }

            BusinessHoursOptions h = tierOptions.BusinessHours;
            this.hours[tier] = (ClockTime.Parse(h.Opens), ClockTime.Parse(h.Closes), DaySet.Parse(h.Days));
        }

        this.holidays = [.. options.Holidays.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))];
    }

    public SlaTerms TermsFor(SupportTier tier, Severity severity) => this.terms[(tier, severity)];

    public CoverageCalendar CalendarFor(SupportTier tier, Severity severity, TimeZoneInfo customerZone)
    {
        if (this.TermsFor(tier, severity).Coverage == Coverage.AlwaysOn)
        {
            return CoverageCalendar.AlwaysOn;
        }

        return this.BusinessCalendarFor(tier, customerZone);
    }

    /// <summary>The tier's business hours, whatever the severity: used for reminders in business days.</summary>
    public CoverageCalendar BusinessCalendarFor(SupportTier tier, TimeZoneInfo customerZone)
    {
        (TimeSpan opens, TimeSpan closes, DayOfWeek[] days) = this.hours[tier];
        return new BusinessHoursCalendar(customerZone, opens, closes, days, this.holidays);
    }

    /// <summary>One business day: a full coverage day of the tier (12 hours for 06:00-18:00).</summary>
    public TimeSpan BusinessDayLength(SupportTier tier) => this.hours[tier].Closes - this.hours[tier].Opens;
}

/// <summary>Local clock times "HH:mm", where "24:00" means the end of the day.</summary>
public static class ClockTime
{
    /// <summary>A clock time <c>HH:mm</c>, or <c>HH:mm:ss</c> where a window must open on a given second; up to 24:00.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (text is null || (text.Length != 5 && text.Length != 8) || text[2] != ':' || (text.Length == 8 && text[5] != ':')
            || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int m))
        {
            return false;
        }

        int s = 0;
        if (text.Length == 8 && !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out s))
        {
            return false;
        }

        if (m > 59 || s > 59 || h > 24 || (h == 24 && (m != 0 || s != 0)))
        {
            return false;
        }

        value = new TimeSpan(h, m, s);
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out TimeSpan value) ? value : throw new FormatException($"'{text}' is not a clock time HH:mm (or HH:mm:ss).");
}

/// <summary>Days of the week written "Mon-Fri", "Mon,Wed,Fri" or "Sun-Sat".</summary>
public static class DaySet
{
    static readonly string[] Names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static bool TryParse(string? text, out DayOfWeek[] days)
    {
        days = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var set = new SortedSet<DayOfWeek>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2 || !TryDay(range[0], out int first))
            {
                return false;
            }

            int last = first;
            if (range.Length == 2 && !TryDay(range[1], out last))
            {
                return false;
            }

            // A range may wrap around the week, e.g. "Sat-Sun".
            for (int d = first; ; d = (d + 1) % 7)
            {
                set.Add((DayOfWeek)d);
                if (d == last)
                {
                    break;
                }
            }
        }

        days = [.. set];
        return days.Length > 0;
    }

    public static DayOfWeek[] Parse(string text) =>
        TryParse(text, out DayOfWeek[] days) ? days : throw new FormatException($"'{text}' is not a set of days such as Mon-Fri.");

    static bool TryDay(string text, out int day)
    {
        day = Array.IndexOf(Names, text.Length >= 3 ? text[..3].ToLowerInvariant() : text);
        return day >= 0;
    }
}
