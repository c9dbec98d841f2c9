using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Support.Desk.Domain;

namespace Support.Desk.UnitTests;

/// <summary>Properties of the business-hours arithmetic, over zones with and without daylight saving.</summary>
public class BusinessHoursCalendarProperties
{
    static readonly string[] Zones = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"];

    // Starts spread over 2026-2028, so every DST transition of those years is crossed by some case.
    static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public sealed record CalendarCase(BusinessHoursCalendar Calendar, string Zone, DateTimeOffset Start, TimeSpan First, TimeSpan Second);

    public static Arbitrary<CalendarCase> Cases() =>
        (from zone in Gen.Elements(Zones)
         from opensMinutes in Gen.Choose(0, 23 * 60)
         from lengthMinutes in Gen.Choose(30, 24 * 60)
         from dayMask in Gen.Choose(1, 127)
         from withHoliday in Gen.Elements(true, false)
         from startMinutes in Gen.Choose(0, 3 * 365 * 24 * 60)
         from first in Gen.Choose(0, 200 * 60)
         from second in Gen.Choose(0, 200 * 60)
         let opens = TimeSpan.FromMinutes(opensMinutes)
         let closes = TimeSpan.FromMinutes(Math.Min(opensMinutes + lengthMinutes, 24 * 60))
         let days = Enumerable.Range(0, 7).Where(d => (dayMask & (1 << d)) != 0).Select(d => (DayOfWeek)d)
         let start = Epoch.AddMinutes(startMinutes)
         let holidays = withHoliday ? new[] { DateOnly.FromDateTime(start.UtcDateTime).AddDays(1) } : []
         select new CalendarCase(
             new BusinessHoursCalendar(TimeZoneInfo.FindSystemTimeZoneById(zone), opens, closes, days, holidays),
             zone,
             start,
             TimeSpan.FromMinutes(first),
             TimeSpan.FromMinutes(second)))
        .ToArbitrary();

    [Property(Arbitrary = [typeof(BusinessHoursCalendarProperties)], MaxTest = 300)]
    public bool Deadline_NeverFallsOutsideCoverage(CalendarCase c)
    {
        TimeSpan duration = c.First + TimeSpan.FromMinutes(1);
        DateTimeOffset due = c.Calendar.Add(c.Start, duration);

        // Inside a window, or exactly on its closing instant.
        return c.Calendar.IsCovered(due) || c.Calendar.IsCovered(due.AddTicks(-1));
    }

    [Property(Arbitrary = [typeof(BusinessHoursCalendarProperties)], MaxTest = 300)]
    public bool Add_IsMonotonicInDuration(CalendarCase c)
    {
        TimeSpan shorter = c.First < c.Second ? c.First : c.Second;
        TimeSpan longer = c.First < c.Second ? c.Second : c.First;

        return c.Calendar.Add(c.Start, shorter) <= c.Calendar.Add(c.Start, longer);
    }

    [Property(Arbitrary = [typeof(BusinessHoursCalendarProperties)], MaxTest = 300)]
    public bool CoveredTimeBetween_StartAndDeadline_EqualsTheDuration(CalendarCase c) =>
        c.Calendar.CoveredTimeBetween(c.Start, c.Calendar.Add(c.Start, c.First)) == c.First;

    [Property(Arbitrary = [typeof(BusinessHoursCalendarProperties)], MaxTest = 300)]
    public bool Add_IsAdditive(CalendarCase c)
    {
        DateTimeOffset inTwoSteps = c.Calendar.Add(c.Calendar.Add(c.Start, c.First), c.Second);
        DateTimeOffset inOneStep = c.Calendar.Add(c.Start, c.First + c.Second);

        return inTwoSteps == inOneStep;
    }

    [Property(Arbitrary = [typeof(BusinessHoursCalendarProperties)], MaxTest = 300)]
    public bool Windows_AreOrderedDisjointAndInLocalBusinessHours(CalendarCase c)
    {
        CoverageWindow[] windows = [.. c.Calendar.WindowsFrom(c.Start).Take(10)];
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(c.Zone);
        for (int i = 0; i < windows.Length; i++)
        {
            if (windows[i].End <= windows[i].Start || (i > 0 && windows[i].Start < windows[i - 1].End))
            {
                return false;
            }

            // A window never lasts longer than its local day's hours plus a daylight-saving hour.
            if (windows[i].Length > TimeSpan.FromHours(25))
            {
                return false;
            }

            // A window starts on a covered local day.
            DateTime localStart = TimeZoneInfo.ConvertTime(windows[i].Start, zone).DateTime;
            if (!c.Calendar.IsCovered(windows[i].Start) || localStart.Year < 2025)
            {
                return false;
            }
        }

        return windows.Length == 10 && windows[0].End > c.Start;
    }
}
