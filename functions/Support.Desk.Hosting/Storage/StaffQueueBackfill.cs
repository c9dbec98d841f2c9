using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Queue;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Puts the tickets that were open before the staff queue existed into it: every ticket on the SLA schedule gets its
/// queue row (last activity from its timeline). Putting a row is idempotent.
/// </summary>
public sealed class StaffQueueBackfill(Tables tables, IOptions<StorageOptions> options, IOpenTicketIndex openTickets, ITicketStore store, StaffQueue queue)
    : OneTimeBackfill(tables)
{
    public override string Index => "the staff queue";

    protected override string TableName => options.Value.StaffQueueTable;

    /// <summary>Outside the open and closed partitions readers query.</summary>
    protected override string MarkerPartition => "meta";

    protected override async Task<int> FillAsync(CancellationToken cancellationToken)
    {
        int added = 0;
        foreach (Region region in Enum.GetValues<Region>())
        {
            foreach (OpenTicketEntry entry in await openTickets.ListAsync(region, cancellationToken).ConfigureAwait(false))
            {
                if (await store.FindRecordAsync(entry.TicketId, cancellationToken).ConfigureAwait(false) is { } record)
                {
                    DateTimeOffset lastActivity = record.Timeline.Count > 0 ? record.Timeline.Max(e => e.At) : record.Ticket.CreatedAt;
                    await queue.PrepareAsync(record.Ticket, lastActivity, cancellationToken).ConfigureAwait(false);
                    added++;
                }
            }
        }

        return added;
    }
}
