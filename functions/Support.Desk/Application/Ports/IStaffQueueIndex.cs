using Support.Desk.Domain.Queue;

namespace Support.Desk.Application.Ports;

/// <summary>
/// The staff queue's index: one row per ticket, in the ticket's lane (open or closed) and sorted by its
/// <see cref="QueueEntry.SortKey"/>, so the first page of the queue is one range read of rows already in order. Written
/// in the step that changes a ticket's clocks: the new row before the ticket is saved, the old one removed after.
/// </summary>
public interface IStaffQueueIndex
{
    Task PutAsync(QueueEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes a row; a missing one is no error.</summary>
    Task RemoveAsync(string ticketId, bool open, string sortKey, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> rows matching <paramref name="filter"/> in sort order, after the key <paramref name="after"/>.</summary>
    Task<IReadOnlyList<QueueEntry>> ReadAsync(QueueFilter filter, string? after, int count, CancellationToken cancellationToken);
}
