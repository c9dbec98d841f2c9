using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Reports;

namespace Support.Desk.Application.Reports;

/// <summary>The SLA reports: staff's for any period of whole UTC days, a customer's for a month in their own time zone.</summary>
public sealed class SlaReportQueries(ISlaReportStore store, ICustomerDirectory customers, SlaPolicy policy, TimeProvider clock)
{
    /// <summary>How far back the backlog looks for tickets opened before the period that were still open in it.</summary>
    public const int BacklogLookBackDays = 365;

    public async Task<StaffSlaReport> StaffAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        DateTimeOffset now = clock.GetUtcNow();
        IReadOnlyList<SlaDayDigest> history = await store.DigestsAsync(from.AddDays(-BacklogLookBackDays), to, now, cancellationToken).ConfigureAwait(false);
        SlaDayDigest[] period = [.. history.Where(d => d.Day >= from && d.Day < to)];
        return StaffSlaReport.Build(from, to, now, period, history, policy);
    }

    /// <summary>The tenant's report for a month of its own calendar; null when the tenant is unknown.</summary>
    public async Task<CustomerSlaReport?> CustomerAsync(string tenant, int year, int month, CancellationToken cancellationToken)
    {
        if (customers.Find(tenant) is not { } customer)
        {
            return null;
        }

        (DateTimeOffset from, DateTimeOffset to) = CustomerSlaReport.MonthIn(year, month, customer.TimeZone);
        (IReadOnlyList<TicketFact> tickets, IReadOnlyList<ClockFact> clocks) = await store.TenantFactsAsync(tenant, from, to, cancellationToken).ConfigureAwait(false);
        return CustomerSlaReport.Build(tenant, year, month, customer.TimeZone, clock.GetUtcNow(), tickets, clocks, policy, customer.Tier);
    }
}
