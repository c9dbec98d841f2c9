using System.Collections.Concurrent;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Reports;

namespace Support.Desk.Application.Reports;

/// <summary>
/// Keeps a ticket's report facts up to date. The SLA shard calls it on every step of the ticket (every writer's change
/// and every deadline brings the ticket to its shard), so the step that settles a clock, or closes the ticket, is the
/// step that records it; a step that changed nothing a report shows writes nothing.
/// </summary>
/// <remarks>
/// What was last written is remembered in memory by a hash per fact: after a restart (or when another instance runs
/// the shard) each ticket's facts are written once more, which is harmless because a fact write replaces itself.
/// </remarks>
public sealed class SlaReportRecorder(ISlaReportStore store, SlaPolicy policy, TimeProvider clock)
{
    /// <summary>Beyond this many remembered facts the memory is dropped (and facts are written again once).</summary>
    const int MaxRemembered = 500_000;

    readonly ConcurrentDictionary<string, int> written = new(StringComparer.Ordinal);

    public async Task RecordAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        DateTimeOffset now = clock.GetUtcNow();
        TicketSlaFacts facts = TicketSlaFacts.Of(ticket, policy, now);
        TicketFact[] tickets = this.Changed(ticket.Id + "~ticket", facts.Ticket) ? [facts.Ticket] : [];
        ClockFact[] clocks = [.. facts.Clocks.Where(c => this.Changed(ticket.Id + "~" + c.ClockId, c))];
        if (tickets.Length == 0 && clocks.Length == 0)
        {
            return;
        }

        await store.WriteAsync(tickets, clocks, now, cancellationToken).ConfigureAwait(false);
        if (this.written.Count > MaxRemembered)
        {
            this.written.Clear();
        }

        foreach (TicketFact t in tickets)
        {
            this.written[t.TicketId + "~ticket"] = t.GetHashCode();
        }

        foreach (ClockFact c in clocks)
        {
            this.written[c.TicketId + "~" + c.ClockId] = c.GetHashCode();
        }
    }

    bool Changed(string key, object fact) => !(this.written.TryGetValue(key, out int hash) && hash == fact.GetHashCode());
}
