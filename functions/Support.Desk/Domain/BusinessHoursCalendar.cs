namespace Support.Desk.Domain;

/// <summary>
/// Weekly business hours in one time zone, with holidays. Each covered local day has one window
/// [opens, closes) in local clock time; <c>closes</c> may be 24:00 (the next local midnight).
/// </summary>
/// <remarks>
/// Daylight saving: a local time that does not exist (spring-forward gap) maps to the first instant after
/// the gap; a local time that occurs twice (fall-back overlap) maps to its first occurrence. A 24-hour
/// coverage day is therefore 23 or 25 hours long on transition days, which is the time that really passes.
/// </remarks>
public sealed class BusinessHoursCalendar : CoverageCalendar
{
    // Ten years without a single covered day means the configuration is broken; stop rather than loop.
    const int MaxDaysToSearch = 3660;

    readonly TimeZoneInfo zone;
    readonly TimeSpan opens;
    readonly TimeSpan closes;
    readonly HashSet<DayOfWeek> days;
    readonly HashSet<DateOnly> holidays;

    public BusinessHoursCalendar(
        TimeZoneInfo zone,
        TimeSpan opens,
        TimeSpan closes,
        IEnumerable<DayOfWeek> days,
        IEnumerable<DateOnly>? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (opens < TimeSpan.Zero || closes > TimeSpan.FromHours(24) || opens >= closes)
        {
            throw new ArgumentException($"Business hours must satisfy 00:00 <= opens < closes <= 24:00 (got {opens}..{closes}).");
        }

        this.zone = zone;
        this.opens = opens;
        this.closes = closes;
        this.days = days.ToHashSet();
        if (this.days.Count == 0)
        {
            throw new ArgumentException("At least one covered day of the week is required.", nameof(days));
        }

        this.holidays = (holidays ?? []).ToHashSet();
    }

    public TimeZoneInfo Zone => this.zone;

    public override IEnumerable<CoverageWindow> WindowsFrom(DateTimeOffset from)
    {
        // Start one local day early: a window that opened yesterday may still be open.
        DateOnly day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, this.zone).DateTime).AddDays(-1);
        for (int searched = 0; searched < MaxDaysToSearch; day = day.AddDays(1))
        {
            if (!this.days.Contains(day.DayOfWeek) || this.holidays.Contains(day))
            {
                searched++;
                continue;
            }

            searched = 0;
            DateTimeOffset start = this.ToInstant(day, this.opens);
            DateTimeOffset end = this.ToInstant(day, this.closes);
            if (end > start && end > from)
            {
                yield return new CoverageWindow(start, end);
            }
        }

        throw new InvalidOperationException("The business-hours calendar has no covered day within ten years.");
    }

    DateTimeOffset ToInstant(DateOnly day, TimeSpan timeOfDay)
    {
        DateTime local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) + timeOfDay;

        // Inside a spring-forward gap: the clock opens at the first valid local minute after it.
        while (this.zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        TimeSpan offset = this.zone.IsAmbiguousTime(local)
            ? this.zone.GetAmbiguousTimeOffsets(local).Max()
            : this.zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
