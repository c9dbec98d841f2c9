using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Queue;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Puts the tickets that were open before the staff queue existed into it, once: every ticket on the SLA schedule
/// gets its queue row (last activity from its timeline), then a marker row says it is done. Runs in the background
/// when a host starts; afterwards it costs one point read. Putting a row is idempotent, so a start that dies
/// half-way is simply repeated by the next.
/// </summary>
/// <remarks>
/// The ports are resolved when it runs, not when it is built: a host builds its hosted services before it validates
/// the options, and the queue's policy reads validated options, so an invalid setting must fail as a validation.
/// </remarks>
public sealed partial class StaffQueueBackfill(Tables tables, IOptions<StorageOptions> options, IServiceProvider services, ILogger<StaffQueueBackfill> logger)
    : BackgroundService
{
    /// <summary>Outside the open and closed partitions readers query.</summary>
    const string MarkerPartition = "meta";
    const string MarkerRow = "backfilled-v1";

    public async Task<int> BackfillAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.StaffQueueTable, cancellationToken).ConfigureAwait(false);
        if ((await table.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerRow, cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue)
        {
            return 0;
        }

        var openTickets = services.GetRequiredService<IOpenTicketIndex>();
        var store = services.GetRequiredService<ITicketStore>();
        var queue = services.GetRequiredService<StaffQueue>();
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
            // Storage not reachable at start: the next start tries again; the queue shows every ticket changed since.
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Put {Count} tickets that were open before the staff queue existed into it.")]
    private static partial void LogAdded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fill the staff queue with tickets opened before it existed; the next start tries again.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
