using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>
/// Every open ticket with the next time it needs the desk's attention, by SLA shard: the shards' schedule (what
/// falls due now), and the list staff see (the outage email's open tickets of a region). A ticket is in it from
/// before it is stored until it is closed and has nothing left to send.
/// </summary>
public interface IOpenTicketIndex
{
    /// <summary>
    /// Adds or replaces the ticket's entry: its listing and when it is next due (null: nothing scheduled, e.g. all
    /// clocks stopped and nobody waited on). With <paramref name="ifVersion"/>, only if the entry is still at that
    /// version. Returns the entry's new version, or null when it had changed.
    /// </summary>
    Task<string?> ScheduleAsync(Ticket ticket, DateTimeOffset? dueAt, string? ifVersion, CancellationToken cancellationToken);

    /// <summary>Removes the ticket's entry (with <paramref name="ifVersion"/>, only if unchanged). True when it is gone, also if it was never there.</summary>
    Task<bool> RemoveAsync(string ticketId, string? ifVersion, CancellationToken cancellationToken);

    /// <summary>The shard's entries due at or before <paramref name="dueBy"/>.</summary>
    Task<IReadOnlyList<ScheduledTicket>> DueAsync(int shard, DateTimeOffset dueBy, CancellationToken cancellationToken);

    Task<IReadOnlyList<OpenTicketEntry>> ListAsync(Region region, CancellationToken cancellationToken);
}

/// <summary>
/// A schedule entry: the ticket, when it is due, when the ticket was submitted (an entry written for a ticket that
/// was never stored is dropped after a while), and the entry's version as read (null when not read from the index).
/// </summary>
public sealed record ScheduledTicket(string TicketId, DateTimeOffset DueAt, DateTimeOffset CreatedAt, string? Version);

public sealed record OpenTicketEntry(string TicketId, string Tenant, Severity Severity, string Subject, DateTimeOffset CreatedAt);
