using Support.Desk.Domain;

namespace Support.Desk.UnitTests;

public class BusinessHoursCalendarTests
{
    static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    static readonly TimeZoneInfo Sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");

    static BusinessHoursCalendar Standard(TimeZoneInfo zone, params DateOnly[] holidays) =>
        new(zone, TimeSpan.FromHours(6), TimeSpan.FromHours(18), DaySet.Parse("Mon-Fri"), holidays);

    static BusinessHoursCalendar Premium(TimeZoneInfo zone) =>
        new(zone, TimeSpan.Zero, TimeSpan.FromHours(24), DaySet.Parse("Mon-Fri"));

    static DateTimeOffset Local(TimeZoneInfo zone, int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    [Fact]
    public void Add_OneBusinessDayFromFriday1700_IsDueMonday1700()
    {
        // 2026-11-27 is a Friday.
        DateTimeOffset due = Standard(NewYork).Add(Local(NewYork, 2026, 11, 27, 17), TimeSpan.FromHours(12));

        Assert.Equal(Local(NewYork, 2026, 11, 30, 17), due);
    }

    [Fact]
    public void Add_FourHoursFromBeforeOpening_CountsFromOpening()
    {
        DateTimeOffset due = Standard(NewYork).Add(Local(NewYork, 2026, 11, 25, 3), TimeSpan.FromHours(4));

        Assert.Equal(Local(NewYork, 2026, 11, 25, 10), due);
    }

    [Fact]
    public void Add_DurationEndingExactlyAtClosing_IsDueAtClosing()
    {
        DateTimeOffset due = Standard(NewYork).Add(Local(NewYork, 2026, 11, 25, 14), TimeSpan.FromHours(4));

        Assert.Equal(Local(NewYork, 2026, 11, 25, 18), due);
    }

    [Fact]
    public void Add_OverAHoliday_SkipsTheHoliday()
    {
        // Thursday 2026-11-26 is a holiday: Wednesday 17:00 + 2h runs 1h on Wednesday and 1h on Friday.
        BusinessHoursCalendar calendar = Standard(NewYork, new DateOnly(2026, 11, 26));

        DateTimeOffset due = calendar.Add(Local(NewYork, 2026, 11, 25, 17), TimeSpan.FromHours(2));

        Assert.Equal(Local(NewYork, 2026, 11, 27, 7), due);
    }

    [Fact]
    public void Add_SubmittedOnSaturday_StartsMondayAtOpening()
    {
        DateTimeOffset due = Standard(Berlin).Add(Local(Berlin, 2026, 11, 28, 12), TimeSpan.FromHours(1));

        Assert.Equal(Local(Berlin, 2026, 11, 30, 7), due);
    }

    [Fact]
    public void Add_PremiumOverWeekend_ClockStandsStillSaturdayAndSunday()
    {
        // Friday 23:00 Berlin + 2h of Mon-Fri 24h coverage: 1h Friday, then Monday 00:00 + 1h.
        DateTimeOffset due = Premium(Berlin).Add(Local(Berlin, 2026, 11, 27, 23), TimeSpan.FromHours(2));

        Assert.Equal(Local(Berlin, 2026, 11, 30, 1), due);
    }

    [Fact]
    public void Add_PremiumAcrossSpringForward_CountsRealElapsedTime()
    {
        // Berlin springs forward on Sunday 2027-03-28, but that is a weekend. Use New York, which
        // springs forward on Sunday 2027-03-14 too; so check a 24x7 weekday calendar instead.
        var allWeek = new BusinessHoursCalendar(NewYork, TimeSpan.Zero, TimeSpan.FromHours(24), DaySet.Parse("Sun-Sat"));
        DateTimeOffset start = Local(NewYork, 2027, 3, 14, 0);

        DateTimeOffset due = allWeek.Add(start, TimeSpan.FromHours(24));

        // The day has only 23 hours: 24 elapsed hours end at 01:00 the next local day.
        Assert.Equal(TimeSpan.FromHours(24), due - start);
        Assert.Equal(Local(NewYork, 2027, 3, 15, 1), due);
    }

    [Fact]
    public void Add_AcrossFallBack_CountsRealElapsedTime()
    {
        var allWeek = new BusinessHoursCalendar(NewYork, TimeSpan.Zero, TimeSpan.FromHours(24), DaySet.Parse("Sun-Sat"));
        DateTimeOffset start = Local(NewYork, 2026, 11, 1, 0);

        DateTimeOffset due = allWeek.Add(start, TimeSpan.FromHours(24));

        // The day has 25 hours: 24 elapsed hours end at 23:00 the same local day.
        Assert.Equal(TimeSpan.FromHours(24), due - start);
        Assert.Equal(new DateTime(2026, 11, 1, 23, 0, 0), TimeZoneInfo.ConvertTime(due, NewYork).DateTime);
    }

    [Fact]
    public void WindowsFrom_OpeningInsideSpringForwardGap_OpensWhenTheClockJumps()
    {
        // 02:30 does not exist in New York on 2027-03-14; the window opens at 03:00 EDT (07:00 UTC).
        var calendar = new BusinessHoursCalendar(NewYork, new TimeSpan(2, 30, 0), TimeSpan.FromHours(10), DaySet.Parse("Sun"));

        CoverageWindow window = calendar.WindowsFrom(Local(NewYork, 2027, 3, 13, 12)).First();

        Assert.Equal(new DateTimeOffset(2027, 3, 14, 7, 0, 0, TimeSpan.Zero), window.Start);
    }

    [Fact]
    public void WindowsFrom_OpeningInsideFallBackOverlap_OpensAtFirstOccurrence()
    {
        // 01:30 happens twice in New York on 2026-11-01; the first is 01:30 EDT (05:30 UTC).
        var calendar = new BusinessHoursCalendar(NewYork, new TimeSpan(1, 30, 0), TimeSpan.FromHours(10), DaySet.Parse("Sun"));

        CoverageWindow window = calendar.WindowsFrom(Local(NewYork, 2026, 10, 31, 12)).First();

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), window.Start);
    }

    [Fact]
    public void Add_SydneyBusinessHoursAcrossDaylightSavingStart_StaysInLocalBusinessHours()
    {
        // Sydney moves to daylight time on Sunday 2026-10-04. Friday 17:00 + 2h is Monday 07:00 local (AEDT).
        DateTimeOffset due = Standard(Sydney).Add(Local(Sydney, 2026, 10, 2, 17), TimeSpan.FromHours(2));

        Assert.Equal(new DateTime(2026, 10, 5, 7, 0, 0), TimeZoneInfo.ConvertTime(due, Sydney).DateTime);
        Assert.Equal(TimeSpan.FromHours(11), Sydney.GetUtcOffset(due));
    }

    [Fact]
    public void CoveredTimeBetween_OverAWeekend_CountsOnlyBusinessHours()
    {
        BusinessHoursCalendar calendar = Standard(NewYork);

        TimeSpan covered = calendar.CoveredTimeBetween(Local(NewYork, 2026, 11, 27, 12), Local(NewYork, 2026, 11, 30, 12));

        Assert.Equal(TimeSpan.FromHours(12), covered);
    }

    [Fact]
    public void IsCovered_AtOpeningAndClosing_IsHalfOpen()
    {
        BusinessHoursCalendar calendar = Standard(NewYork);

        Assert.True(calendar.IsCovered(Local(NewYork, 2026, 11, 25, 6)));
        Assert.False(calendar.IsCovered(Local(NewYork, 2026, 11, 25, 18)));
        Assert.False(calendar.IsCovered(Local(NewYork, 2026, 11, 28, 12)));
    }

    [Fact]
    public void NextCoveredInstant_OnSaturday_IsMondayOpening()
    {
        DateTimeOffset next = Standard(NewYork).NextCoveredInstant(Local(NewYork, 2026, 11, 28, 12));

        Assert.Equal(Local(NewYork, 2026, 11, 30, 6), next);
    }

    [Fact]
    public void Constructor_ClosingBeforeOpening_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            new BusinessHoursCalendar(NewYork, TimeSpan.FromHours(18), TimeSpan.FromHours(6), DaySet.Parse("Mon-Fri")));
    }

    [Fact]
    public void Add_EveryDayAHoliday_ThrowsInsteadOfLooping()
    {
        var everyDay = Enumerable.Range(0, 4000).Select(i => new DateOnly(2026, 1, 1).AddDays(i)).ToArray();
        var calendar = new BusinessHoursCalendar(NewYork, TimeSpan.FromHours(6), TimeSpan.FromHours(18), DaySet.Parse("Mon-Fri"), everyDay);

        Assert.Throws<InvalidOperationException>(() => calendar.Add(Local(NewYork, 2026, 3, 1, 12), TimeSpan.FromHours(1)));
    }
}
