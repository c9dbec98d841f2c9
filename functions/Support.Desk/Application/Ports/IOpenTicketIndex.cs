using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>
/// Every open ticket by SLA shard: the list staff see (the outage email's open tickets of a region), and the shard's
/// schedule, keyed by due time so that "what falls due now" is a range read returning only what is due. A ticket is
/// in it from before it is stored until it is closed and has nothing left to send.
/// </summary>
/// <remarks>
/// A schedule row is a wake-up, not the truth: the ticket's own stored state says what it owes (and the shard
/// re-derives it on every step), so a ticket may have more than one row, and a row that turns out early or stale
/// costs one look at the ticket. What must hold is that a ticket always has a row at or before its next real due
/// time: every writer adds one after each change, and the shard replaces the rows it handled by the next due time
/// in one write (a row changed since it was read fails the write, and the ticket is handled again).
/// </remarks>
public interface IOpenTicketIndex
{
    /// <summary>Lists the ticket (or refreshes its listing) and adds a schedule row at <paramref name="dueAt"/>, in one write.</summary>
    Task<DueRow> ScheduleAsync(Ticket ticket, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>
    /// The shard's schedule rows due at or before <paramref name="dueBy"/>, at most <paramref name="max"/> (earliest first within each
    /// of the shard's partitions; a larger backlog is read again as it is worked off).
    /// </summary>
    Task<IReadOnlyList<DueRow>> DueAsync(int shard, DateTimeOffset dueBy, int max, CancellationToken cancellationToken);

    /// <summary>The shard's earliest schedule row's due time if it is before <paramref name="before"/> (null: none is).</summary>
    Task<DateTimeOffset?> EarliestDueAsync(int shard, DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the ticket's rows <paramref name="handled"/> by one at <paramref name="nextDueAt"/> (none when null), in one
    /// write and only if none of them changed since read; not applied when one had (the ticket needs handling again).
    /// </summary>
    Task<ScheduleMove> MoveAsync(string ticketId, IReadOnlyList<DueRow> handled, DateTimeOffset? nextDueAt, DateTimeOffset createdAt, CancellationToken cancellationToken);

    /// <summary>Removes the ticket's listing and the rows <paramref name="handled"/> (only if unchanged). False when a row had changed.</summary>
    Task<bool> RemoveAsync(string ticketId, IReadOnlyList<DueRow> handled, CancellationToken cancellationToken);

    Task<IReadOnlyList<OpenTicketEntry>> ListAsync(Region region, CancellationToken cancellationToken);
}

/// <summary>
/// One schedule row: the ticket, when it is due, when the ticket was submitted (rows written for a ticket that was
/// never stored are dropped after a while), and the row's key and version as written or read.
/// </summary>
public sealed record DueRow(string TicketId, DateTimeOffset DueAt, DateTimeOffset CreatedAt, string Key, string Version);

public sealed record OpenTicketEntry(string TicketId, string Tenant, Severity Severity, string Subject, DateTimeOffset CreatedAt);

/// <summary>Whether a move was applied, and the row at the next due time as written (null when none).</summary>
public sealed record ScheduleMove(bool Applied, DueRow? Next);
