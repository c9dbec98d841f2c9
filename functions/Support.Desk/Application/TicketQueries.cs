using Support.Desk.Domain;

namespace Support.Desk.Application;

/// <summary>A ticket as seen at one instant: its clocks evaluated, the next notice it owes, its timeline.</summary>
public sealed record TicketView(Ticket Ticket, IReadOnlyList<SlaClockStatus> Clocks, DateTimeOffset? NextNoticeAt, IReadOnlyList<TicketEvent> Timeline);

public sealed class TicketQueries(ITicketStore store, SlaPolicy policy, EscalationOptions escalation, TimeProvider clock)
{
    public async Task<TicketView?> GetAsync(string ticketId, CancellationToken cancellationToken)
    {
        if (TicketIds.Normalize(ticketId) is not { } id)
        {
            return null;
        }

        TicketRecord? record = await store.FindRecordAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        DateTimeOffset now = clock.GetUtcNow();
        SlaPlan plan = SlaPlanner.Plan(record.Ticket, policy, escalation, now);
        return new TicketView(record.Ticket, TicketSla.Evaluate(record.Ticket, policy, now), plan.Send.Count > 0 ? now : plan.NextAt, record.Timeline);
    }
}
