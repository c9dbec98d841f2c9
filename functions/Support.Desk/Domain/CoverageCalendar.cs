namespace Support.Desk.Domain;

/// <summary>An interval in which the desk's SLA clock runs, in absolute time.</summary>
public readonly record struct CoverageWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => this.End - this.Start;
}

/// <summary>
/// When an SLA clock runs. Durations are "covered time": time spent inside coverage windows.
/// All instants are absolute (<see cref="DateTimeOffset"/>); local calendars convert at the edges only.
/// </summary>
public abstract class CoverageCalendar
{
    /// <summary>Coverage 24x7x365: covered time equals elapsed time.</summary>
    public static CoverageCalendar AlwaysOn { get; } = new AlwaysOnCoverage();

    /// <summary>Coverage windows in time order, starting with the one that contains or follows <paramref name="from"/>.</summary>
    public abstract IEnumerable<CoverageWindow> WindowsFrom(DateTimeOffset from);

    /// <summary>True when the clock runs at this instant (windows are half-open: [start, end)).</summary>
    public bool IsCovered(DateTimeOffset instant)
    {
        CoverageWindow first = this.WindowsFrom(instant).First();
        return first.Start <= instant && instant < first.End;
    }

    /// <summary>The first instant at or after <paramref name="instant"/> at which the clock runs.</summary>
    public DateTimeOffset NextCoveredInstant(DateTimeOffset instant)
    {
        CoverageWindow first = this.WindowsFrom(instant).First();
        return first.Start > instant ? first.Start : instant;
    }

    /// <summary>
    /// The instant at which <paramref name="coveredDuration"/> of covered time has elapsed after <paramref name="start"/>.
    /// A positive duration always ends inside a window (at most on its closing instant).
    /// </summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan coveredDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(coveredDuration, TimeSpan.Zero);
        if (coveredDuration == TimeSpan.Zero)
        {
            return start;
        }

        TimeSpan remaining = coveredDuration;
        foreach (CoverageWindow window in this.WindowsFrom(start))
        {
            DateTimeOffset from = window.Start > start ? window.Start : start;
            TimeSpan available = window.End - from;
            if (remaining <= available)
            {
                return from + remaining;
            }

            remaining -= available;
        }

        throw new InvalidOperationException("The coverage calendar has no further windows.");
    }

    /// <summary>Covered time in [from, to); zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan CoveredTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        TimeSpan total = TimeSpan.Zero;
        foreach (CoverageWindow window in this.WindowsFrom(from))
        {
            if (window.Start >= to)
            {
                break;
            }

            DateTimeOffset start = window.Start > from ? window.Start : from;
            DateTimeOffset end = window.End < to ? window.End : to;
            total += end - start;
        }

        return total;
    }

    sealed class AlwaysOnCoverage : CoverageCalendar
    {
        public override IEnumerable<CoverageWindow> WindowsFrom(DateTimeOffset from)
        {
            yield return new CoverageWindow(from, DateTimeOffset.MaxValue);
        }
    }
}
