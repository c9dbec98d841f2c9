using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Reports;
using Support.Desk.Domain.Queue;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Puts the tickets from before the SLA reports existed into them: every ticket the staff queue knows (open and closed,
/// after the queue's own backfill) has its facts written, as the SLA shard would. Writing a fact is idempotent.
/// </summary>
public sealed class SlaReportsBackfill(
    Tables tables, IOptions<StorageOptions> options, StaffQueueBackfill queueBackfill, IStaffQueueIndex queue, ITicketStore store, SlaReportRecorder reports)
    : OneTimeBackfill(tables)
{
    const int PageSize = 200;

    public override string Index => "the SLA reports";

    protected override string TableName => options.Value.SlaReportsTable;

    /// <summary>Neither a month's facts (<c>m-…</c>) nor the digests.</summary>
    protected override string MarkerPartition => "meta";

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
                        await reports.RecordAsync(stored.Ticket, cancellationToken).ConfigureAwait(false);
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
