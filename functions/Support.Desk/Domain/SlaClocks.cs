namespace Support.Desk.Domain;

public enum SlaClockKind
{
    /// <summary>From submission to the first agent reply.</summary>
    FirstResponse,

    /// <summary>From a customer update (or a rejected resolution) to the next agent reply.</summary>
    NextResponse,
}

/// <summary>A stretch in which the clock stood still because the desk was waiting on the customer.</summary>
public sealed record ClockPause(DateTimeOffset From, DateTimeOffset? Until);

/// <summary>
/// One response clock of a ticket. It runs from <see cref="StartedAt"/> until satisfied, minus pauses.
/// The target is not stored: it follows the ticket's current severity, so a severity change recomputes
/// every clock from its start with elapsed and paused time kept.
/// </summary>
public sealed record SlaClock(string Id, SlaClockKind Kind, DateTimeOffset StartedAt, IReadOnlyList<ClockPause> Pauses, DateTimeOffset? SatisfiedAt)
{
    public bool IsOpen => this.SatisfiedAt is null;

    public bool IsPaused => this.IsOpen && this.Pauses.Count > 0 && this.Pauses[^1].Until is null;

    public bool IsRunning => this.IsOpen && !this.IsPaused;

    public SlaClock Pause(DateTimeOffset at) => this.IsRunning ? this with { Pauses = [.. this.Pauses, new ClockPause(at, null)] } : this;

    public SlaClock Resume(DateTimeOffset at) =>
        this.IsPaused ? this with { Pauses = [.. this.Pauses.Take(this.Pauses.Count - 1), this.Pauses[^1] with { Until = at }] } : this;

    public SlaClock Satisfy(DateTimeOffset at) => this.IsOpen ? this.Resume(at) with { SatisfiedAt = at } : this;

    /// <summary>The intervals in which the clock ran; the last is open-ended (null end) while it runs.</summary>
    public IEnumerable<(DateTimeOffset From, DateTimeOffset? To)> RunningIntervals()
    {
        DateTimeOffset cursor = this.StartedAt;
        foreach (ClockPause pause in this.Pauses)
        {
            yield return (cursor, pause.From);
            if (pause.Until is null)
            {
                yield break;
            }

            cursor = pause.Until.Value;
        }

        yield return (cursor, this.SatisfiedAt);
    }

    /// <summary>Covered running time up to <paramref name="now"/>.</summary>
    public TimeSpan Elapsed(CoverageCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        TimeSpan total = TimeSpan.Zero;
        foreach ((DateTimeOffset from, DateTimeOffset? to) in this.RunningIntervals())
        {
            DateTimeOffset end = to is { } t && t < now ? t : now;
            total += calendar.CoveredTimeBetween(from, end);
        }

        return total;
    }

    /// <summary>
    /// The instant at which the clock has run for <paramref name="amount"/> of covered time: in the past if it
    /// already has; in the future if it is running; null if it is paused or was satisfied before that.
    /// </summary>
    public DateTimeOffset? InstantWhenElapsed(CoverageCalendar calendar, TimeSpan amount)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        TimeSpan remaining = amount;
        foreach ((DateTimeOffset from, DateTimeOffset? to) in this.RunningIntervals())
        {
            if (to is null)
            {
                return calendar.Add(from, remaining);
            }

            TimeSpan covered = calendar.CoveredTimeBetween(from, to.Value);
            if (remaining <= covered)
            {
                return calendar.Add(from, remaining);
            }

            remaining -= covered;
        }

        return null;
    }
}

public enum SlaClockState
{
    Running,
    Paused,

    /// <summary>Satisfied in time.</summary>
    Met,

    /// <summary>Satisfied after its deadline.</summary>
    Missed,
}

/// <summary>A clock as seen at one instant under the ticket's current terms.</summary>
public sealed record SlaClockStatus(
    SlaClock Clock, SlaTerms Terms, SlaClockState State, DateTimeOffset? DueAt, TimeSpan Elapsed, TimeSpan Remaining, bool Breached)
{
    public static SlaClockStatus Evaluate(SlaClock clock, SlaTerms terms, CoverageCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(terms);
        TimeSpan elapsed = clock.Elapsed(calendar, now);
        DateTimeOffset? due = clock.InstantWhenElapsed(calendar, terms.Target);
        bool breached = due is { } d && d <= (clock.SatisfiedAt ?? now);
        SlaClockState state = clock.IsOpen
            ? clock.IsPaused ? SlaClockState.Paused : SlaClockState.Running
            : breached ? SlaClockState.Missed : SlaClockState.Met;
        TimeSpan remaining = terms.Target - elapsed;
        return new SlaClockStatus(clock, terms, state, clock.IsRunning ? due : breached ? due : null, elapsed, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, breached);
    }
}
