namespace Support.Desk.Domain.Reports;

/// <summary>One of the customer's tickets in their report: the ticket, and each of its clocks that started in the period.</summary>
public sealed record CustomerReportTicket(TicketFact Ticket, IReadOnlyList<ClockFact> Clocks);

/// <summary>Attainment and response times of the customer's clocks of one severity.</summary>
public sealed record SeverityAttainment(Severity Severity, TimeSpan Target, int Met, int Missed, int Running, TimeSpan? MedianResponse, TimeSpan? P90Response)
{
    public double? Attainment => this.Met + this.Missed == 0 ? null : (double)this.Met / (this.Met + this.Missed);
}

/// <summary>
/// A customer organisation's report for one calendar month in its own time zone: its tickets opened in the month,
/// and every clock that started in it, with its target and outcome as they stand at <see cref="AsOf"/>.
/// </summary>
public sealed record CustomerSlaReport(
    string Tenant,
    int Year,
    int Month,
    TimeZoneInfo Zone,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset AsOf,
    IReadOnlyList<CustomerReportTicket> Tickets,
    IReadOnlyList<SeverityAttainment> BySeverity)
{
    /// <summary>The month's bounds in the customer's zone, as instants.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) MonthIn(int year, int month, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var start = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        DateTime end = start.AddMonths(1);
        return (Instant(start, zone), Instant(end, zone));
    }

    /// <param name="tickets">The tenant's ticket facts that may fall in the month (others are ignored).</param>
    /// <param name="clocks">The tenant's clock facts that may fall in the month (others are ignored).</param>
    public static CustomerSlaReport Build(
        string tenant, int year, int month, TimeZoneInfo zone, DateTimeOffset asOf,
        IEnumerable<TicketFact> tickets, IEnumerable<ClockFact> clocks, SlaPolicy policy, SupportTier tier)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(clocks);
        ArgumentNullException.ThrowIfNull(policy);
        (DateTimeOffset from, DateTimeOffset to) = MonthIn(year, month, zone);
        ClockFact[] inMonth = [.. clocks.Where(c => c.Tenant == tenant && c.StartedAt >= from && c.StartedAt < to)];
        Dictionary<string, TicketFact> byId = tickets.Where(t => t.Tenant == tenant).GroupBy(t => t.TicketId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        CustomerReportTicket[] rows =
        [
            .. byId.Values
                .Where(t => (t.CreatedAt >= from && t.CreatedAt < to) || inMonth.Any(c => c.TicketId == t.TicketId))
                .OrderBy(t => t.CreatedAt)
                .Select(t => new CustomerReportTicket(t, [.. inMonth.Where(c => c.TicketId == t.TicketId).OrderBy(c => c.StartedAt)])),
        ];
        SeverityAttainment[] bySeverity =
        [
            .. Enum.GetValues<Severity>().Select(severity =>
            {
                ClockFact[] of = [.. inMonth.Where(c => c.Severity == severity)];
                long[] seconds = [.. of.Where(c => c.ResponseTime is not null).Select(c => (long)c.ResponseTime!.Value.TotalSeconds).Order()];
                return new SeverityAttainment(
                    severity, policy.TermsFor(tier, severity).Target,
                    of.Count(c => c.Outcome == SlaOutcome.Met), of.Count(c => c.Outcome == SlaOutcome.Missed),
                    of.Count(c => c.Outcome is SlaOutcome.Running or SlaOutcome.Paused),
                    seconds.Length == 0 ? null : TimeSpan.FromSeconds(StaffSlaReport.Percentile(seconds, 0.5)),
                    seconds.Length == 0 ? null : TimeSpan.FromSeconds(StaffSlaReport.Percentile(seconds, 0.9)));
            }),
        ];
        return new CustomerSlaReport(tenant, year, month, zone, from, to, asOf, rows, bySeverity);
    }

    /// <summary>A local wall time as an instant; a time skipped by a clock change moves forward an hour.</summary>
    static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        DateTime wall = zone.IsInvalidTime(local) ? local.AddHours(1) : local;
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
