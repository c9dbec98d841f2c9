using System.Globalization;

namespace Support.Desk.Domain.Reports;

/// <summary>Where an SLA clock stands for reporting: still counting (running or paused), or settled.</summary>
public enum SlaOutcome
{
    Running,
    Paused,

    /// <summary>Answered before its deadline.</summary>
    Met,

    /// <summary>Its deadline passed before the answer (answered late, or not answered yet).</summary>
    Missed,
}

/// <summary>
/// What reports know of a ticket: who it was for, when it was opened and closed. Kept under the UTC month it was
/// opened in.
/// </summary>
public sealed record TicketFact(
    string TicketId,
    string Tenant,
    SupportPlan Plan,
    Severity Severity,
    Region Region,
    string Subject,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    string? Incident);

/// <summary>
/// One response clock as reports see it, kept under the UTC month it started in (it never moves: later answers
/// update it in place). <see cref="ResponseTime"/> is covered time (business hours where the terms say so) from its
/// start to its answer, pauses excluded, the same measure as <see cref="Target"/>.
/// </summary>
public sealed record ClockFact(
    string TicketId,
    DateTimeOffset TicketOpenedAt,
    string ClockId,
    string Tenant,
    SupportPlan Plan,
    Severity Severity,
    Region Region,
    SlaClockKind Kind,
    DateTimeOffset StartedAt,
    TimeSpan Target,
    DateTimeOffset? DueAt,
    DateTimeOffset? AnsweredAt,
    SlaOutcome Outcome,
    TimeSpan? ResponseTime,
    string? Incident)
{
    public SupportTier Tier => SupportPlans.TierOf(this.Plan);

    /// <summary>How late the answer came (or, unanswered, how late it is at <paramref name="now"/>); null when met or still counting.</summary>
    public TimeSpan? Lateness(DateTimeOffset now) =>
        this.Outcome == SlaOutcome.Missed && this.DueAt is { } due ? (this.AnsweredAt ?? now) - due : null;
}

/// <summary>A ticket's report facts at one instant.</summary>
public sealed record TicketSlaFacts(TicketFact Ticket, IReadOnlyList<ClockFact> Clocks)
{
    /// <summary>
    /// The facts of <paramref name="ticket"/> under its current terms at <paramref name="now"/>. A clock's outcome follows
    /// the ticket's current severity, as its clocks do on the ticket page: a severity change re-judges every clock.
    /// </summary>
    public static TicketSlaFacts Of(Ticket ticket, SlaPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(policy);
        string? incident = ticket.Incident?.IncidentId;
        CoverageCalendar calendar = policy.CalendarFor(ticket.Tier, ticket.Severity, ticket.TimeZone);
        var clocks = new List<ClockFact>();
        foreach (SlaClockStatus status in TicketSla.Evaluate(ticket, policy, now))
        {
            SlaClock clock = status.Clock;
            SlaOutcome outcome = status.State switch
            {
                SlaClockState.Met => SlaOutcome.Met,
                SlaClockState.Missed => SlaOutcome.Missed,
                SlaClockState.Running or SlaClockState.Paused when status.Breached => SlaOutcome.Missed,
                SlaClockState.Running => SlaOutcome.Running,
                SlaClockState.Paused => SlaOutcome.Paused,
                _ => throw new ArgumentOutOfRangeException(nameof(ticket), status.State, "Every clock state has a report outcome."),
            };
            // For an answered clock, the deadline it had: as if it had kept running after the answer.
            DateTimeOffset? due = (clock with { SatisfiedAt = null }).InstantWhenElapsed(calendar, status.Terms.Target);
            TimeSpan? response = clock.SatisfiedAt is { } answered ? clock.Elapsed(calendar, answered) : null;
            clocks.Add(new ClockFact(
                ticket.Id, ticket.CreatedAt, clock.Id, ticket.Submission.Tenant, ticket.Plan, ticket.Severity, ticket.Region, clock.Kind, clock.StartedAt,
                status.Terms.Target, due, clock.SatisfiedAt, outcome, response is { } r ? TimeSpan.FromSeconds(Math.Round(r.TotalSeconds)) : null, incident));
        }

        var fact = new TicketFact(
            ticket.Id, ticket.Submission.Tenant, ticket.Plan, ticket.Severity, ticket.Region, ticket.Submission.Subject, ticket.CreatedAt,
            ticket.Status == TicketStatus.Closed ? ticket.ClosedAt ?? now : null, incident);
        return new TicketSlaFacts(fact, clocks);
    }
}

/// <summary>Report periods are whole UTC days; a month is keyed as <c>yyyy-MM</c> and a day as <c>yyyy-MM-dd</c>.</summary>
public static class ReportDays
{
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static string MonthKey(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string MonthKey(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
