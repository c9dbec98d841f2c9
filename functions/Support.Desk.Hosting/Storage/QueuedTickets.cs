using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Queue;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Every ticket the staff queue knows, open and closed (after the queue's own backfill), page by page: what an index
/// added after tickets existed is filled from.
/// </summary>
public sealed class QueuedTickets(StaffQueueBackfill queueBackfill, IStaffQueueIndex queue, ITicketStore store)
{
    const int PageSize = 200;

    /// <summary>Hands each stored ticket to <paramref name="put"/>; how many it was given.</summary>
    public async Task<int> ForEachAsync(Func<Ticket, CancellationToken, Task> put, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(put);
        await queueBackfill.BackfillAsync(cancellationToken).ConfigureAwait(false);
        int count = 0;
        foreach (bool closed in new[] { false, true })
        {
            string? after = null;
            while (true)
            {
                IReadOnlyList<QueueEntry> rows = await queue.ReadAsync(new QueueFilter(Closed: closed), after, PageSize, cancellationToken).ConfigureAwait(false);
                foreach (QueueEntry row in rows)
                {
                    if (await store.LoadAsync(row.TicketId, cancellationToken).ConfigureAwait(false) is { } stored)
                    {
                        await put(stored.Ticket, cancellationToken).ConfigureAwait(false);
                        count++;
                    }
                }

                if (rows.Count < PageSize)
                {
                    break;
                }

                after = rows[^1].SortKey;
            }
        }

        return count;
    }
}
