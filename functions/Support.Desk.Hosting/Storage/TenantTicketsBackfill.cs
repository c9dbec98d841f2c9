using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Queue;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Puts the tickets submitted before My tickets existed into the tenants' index, once: every ticket the staff queue
/// knows (open and closed, after the queue's own backfill) gets its tenant row, then a marker row says it is done.
/// Adding a row is idempotent, so a start that dies half-way is simply repeated by the next; afterwards it costs one
/// point read. The ports are resolved when it runs (see <see cref="StaffQueueBackfill"/>).
/// </summary>
public sealed partial class TenantTicketsBackfill(Tables tables, IOptions<StorageOptions> options, IServiceProvider services, ILogger<TenantTicketsBackfill> logger)
    : BackgroundService
{
    /// <summary>Not a tenant's partition: tenant names have no underscore.</summary>
    const string MarkerPartition = "_meta";
    const string MarkerRow = "backfilled-v1";
    const int PageSize = 200;

    public async Task<int> BackfillAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.TenantTicketsTable, cancellationToken).ConfigureAwait(false);
        if ((await table.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerRow, cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue)
        {
            return 0;
        }

        await services.GetRequiredService<StaffQueueBackfill>().BackfillAsync(cancellationToken).ConfigureAwait(false);
        var queue = services.GetRequiredService<IStaffQueueIndex>();
        var store = services.GetRequiredService<ITicketStore>();
        var index = services.GetRequiredService<ITenantTicketIndex>();
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

        await table.UpsertEntityAsync(new TableEntity(MarkerPartition, MarkerRow), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return added;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            int added = await this.BackfillAsync(stoppingToken).ConfigureAwait(false);
            if (added > 0)
            {
                LogAdded(logger, added);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Put {Count} tickets submitted before My tickets existed into the tenants' index.")]
    private static partial void LogAdded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not put the tickets submitted before My tickets existed into the tenants' index; the next start tries again.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
