using Support.Desk.Domain;

namespace Support.Desk.Application;

/// <summary>An SLA clock as seen at one instant.</summary>
public sealed record SlaClockView(string Name, SlaDeadline Deadline, TimeSpan Remaining, bool Breached);

public sealed record TicketView(Ticket Ticket, IReadOnlyList<SlaClockView> Clocks, IReadOnlyList<TicketEvent> Timeline);

public sealed class TicketQueries(ITicketStore store, TimeProvider clock)
{
    public const string FirstResponseClock = "firstResponse";

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
        SlaDeadline firstResponse = record.Ticket.FirstResponse;
        TimeSpan remaining = firstResponse.DueAt - now;
        var clocks = new[]
        {
            new SlaClockView(FirstResponseClock, firstResponse, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, now > firstResponse.DueAt),
        };
        return new TicketView(record.Ticket, clocks, record.Timeline);
    }
}
