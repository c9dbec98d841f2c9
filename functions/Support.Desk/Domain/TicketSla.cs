namespace Support.Desk.Domain;

public static class TicketSla
{
    /// <summary>Every clock of the ticket under its current tier, severity and time zone, at <paramref name="now"/>.</summary>
    public static IReadOnlyList<SlaClockStatus> Evaluate(Ticket ticket, SlaPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(policy);
        SlaTerms terms = policy.TermsFor(ticket.Tier, ticket.Severity);
        CoverageCalendar calendar = policy.CalendarFor(ticket.Tier, ticket.Severity, ticket.TimeZone);
        return [.. ticket.Commitments.Clocks.Select(c => SlaClockStatus.Evaluate(c, terms, calendar, now))];
    }

    public static SlaClockStatus? Evaluate(Ticket ticket, string clockId, SlaPolicy policy, DateTimeOffset now) =>
        Evaluate(ticket, policy, now).FirstOrDefault(c => c.Clock.Id == clockId);
}
