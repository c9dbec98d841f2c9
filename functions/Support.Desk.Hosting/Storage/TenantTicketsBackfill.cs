using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Queue;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Puts the tickets submitted before My tickets existed into the tenants' index: every ticket the staff queue knows
/// (open and closed, after the queue's own backfill) gets its tenant row. Adding a row is idempotent.
/// </summary>
public sealed class TenantTicketsBackfill(
    Tables tables, IOptions<StorageOptions> options, StaffQueueBackfill queueBackfill, IStaffQueueIndex queue, ITicketStore store, ITenantTicketIndex index)
    : OneTimeBackfill(tables)
{
    const int PageSize = 200;

    public override string Index => "My tickets' index";

    protected override string TableName => options.Value.TenantTicketsTable;

    /// <summary>Not a tenant's partition: tenant names have no underscore.</summary>
    protected override string MarkerPartition => "_meta";

    protected override async Task<int> FillAsync(CancellationToken cancellationToken)
    {
        await queueBackfill.BackfillAsync(cancellationToken).ConfigureAwait(false);
        int added = 0;
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
                        await index.AddAsync(stored.Ticket, cancellationToken).ConfigureAwait(false);
                        added++;
                    }
                }

                if (rows.Count < PageSize)
                {
                    break;
                }

                after = rows[^1].SortKey;
            }
        }

        return added;
    }
}
