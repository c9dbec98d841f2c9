using Support.Desk.Application.Ports;
using Support.Desk.Application.Queue;
using Support.Desk.Application.Sla;
using Support.Desk.Domain;

namespace Support.Desk.Application;

/// <summary>What a write did: the ticket as saved, or why nothing was saved.</summary>
public abstract record TicketWrite
{
    private TicketWrite()
    {
    }

    public sealed record Saved(Ticket Ticket) : TicketWrite;

    /// <summary>The change had been made before (a repeated delivery): nothing was written now.</summary>
    public sealed record AlreadyApplied(Ticket Ticket) : TicketWrite;

    /// <summary>No such ticket, or one the writer may not touch.</summary>
    public sealed record NotFound : TicketWrite;

    /// <summary>The lifecycle refused the change in the ticket's current state.</summary>
    public sealed record Rejected(string Reason) : TicketWrite;
}

/// <summary>
/// Saves one change to a stored ticket: load, apply the pure rule, save with the version read (on a concurrent change,
/// a jittered back-off and the rule applied again to what the other writer saved, for at most
/// <see cref="TicketContention.Budget"/>), and put the ticket on its shard's schedule as due now, so the shard sends what
/// the change queued and re-plans its notices. Staff commands and incident broadcasts write through here alike.
/// </summary>
/// <remarks>
/// The schedule entry is written before the change (so a crash between the two cannot leave a change unscheduled)
/// and again after it (so a shard that advanced the ticket from its state before the change, and moved it to a later
/// due time, is overruled); the shard's own move is conditional on the rows it read. The queue's row is
/// put before the save and the old one removed after (see <see cref="StaffQueue"/>).
/// </remarks>
public sealed class TicketWriter(
    ITicketStore store,
    IOpenTicketIndex openTickets,
    SlaShardWakeups shards,
    StaffQueue queue,
    TicketContention contention,
    TimeProvider clock)
{
    /// <param name="ticketId">A normalized ticket ID.</param>
    /// <param name="mayTouch">Whether the writer may change this ticket (false: answered as not found).</param>
    /// <param name="change">The rule, applied to the ticket as stored at the time given.</param>
    /// <param name="accepted">Runs once, when the rule first accepts the change (a customer's quota is taken here).</param>
    /// <param name="alreadyApplied">Whether the change is on the ticket already (checked before each attempt).</param>
    public async Task<TicketWrite> WriteAsync(
        string ticketId,
        Func<Ticket, bool> mayTouch,
        Func<Ticket, DateTimeOffset, LifecycleResult> change,
        CancellationToken cancellationToken,
        Func<Ticket, Task>? accepted = null,
        Func<string, CancellationToken, Task<bool>>? alreadyApplied = null)
    {
        ArgumentNullException.ThrowIfNull(mayTouch);
        ArgumentNullException.ThrowIfNull(change);
        long startedAt = contention.Start();
        bool scheduled = false;
        for (int attempt = 1; ; attempt++)
        {
            VersionedTicket? current = await store.LoadAsync(ticketId, cancellationToken).ConfigureAwait(false);
            if (current is null || !mayTouch(current.Ticket))
            {
                return new TicketWrite.NotFound();
            }

            if (alreadyApplied is not null && await alreadyApplied(ticketId, cancellationToken).ConfigureAwait(false))
            {
                return new TicketWrite.AlreadyApplied(current.Ticket);
            }

            DateTimeOffset changedAt = clock.GetUtcNow();
            LifecycleResult result = change(current.Ticket, changedAt);
            if (result.Conflict is { } conflict)
            {
                return new TicketWrite.Rejected(conflict);
            }

            if (!scheduled)
            {
                if (accepted is not null)
                {
                    await accepted(current.Ticket).ConfigureAwait(false);
                }

                await openTickets.ScheduleAsync(current.Ticket, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                scheduled = true;
            }

            await queue.PrepareAsync(result.Ticket!, changedAt, cancellationToken).ConfigureAwait(false);
            if (await store.TryUpdateAsync(result.Ticket!, current.Version, result.Events, cancellationToken).ConfigureAwait(false) is not null)
            {
                await queue.SettleAsync(current.Ticket, result.Ticket!, cancellationToken).ConfigureAwait(false);
                DateTimeOffset now = clock.GetUtcNow();
                DueRow row = await openTickets.ScheduleAsync(result.Ticket!, now, cancellationToken).ConfigureAwait(false);
                await shards.ScheduledAsync(row, cancellationToken).ConfigureAwait(false);
                return new TicketWrite.Saved(result.Ticket!);
            }

            // Someone else wrote the ticket since it was read: wait a jittered moment and apply the change to what they wrote.
            await contention.BackOffAsync(ticketId, startedAt, attempt, cancellationToken).ConfigureAwait(false);
        }
    }
}
