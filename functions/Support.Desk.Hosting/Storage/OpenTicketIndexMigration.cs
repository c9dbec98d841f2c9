using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Sla;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Brings open-ticket entries of earlier layouts onto the shards' schedule: entries partitioned by region (before
/// the shards) move to their shard, due now; entries of one partition per shard that carried their due time in the
/// listing (before the schedule was keyed by due time) move to their partition with a schedule row at that time. Runs in the background when a host
/// starts; with nothing to move it costs two queries, and every step is idempotent.
/// </summary>
public sealed partial class OpenTicketIndexMigration(Tables tables, IOptions<StorageOptions> options, TimeProvider clock, ILogger<OpenTicketIndexMigration> logger)
    : BackgroundService
{
    /// <summary>How the listing's due-time column said "nothing scheduled" (Table Storage dates end in 9999).</summary>
    static readonly DateTimeOffset Never = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public async Task<int> MoveRegionEntriesAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.OpenTicketsTable, cancellationToken).ConfigureAwait(false);
        string filter = string.Join(" or ", WireNames.AllOf<Region>().Select(r => TableClient.CreateQueryFilter($"PartitionKey eq {r}")));
        int moved = 0;
        await foreach (TableEntity old in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            DateTimeOffset createdAt = old.GetDateTimeOffset("CreatedAt") ?? clock.GetUtcNow();
            TableEntity listing = TableOpenTicketIndex.ListingEntity(old.RowKey, createdAt, old.PartitionKey, old.GetString("Tenant"), old.GetString("Severity"), old.GetString("Subject"));
            await table.SubmitTransactionAsync(
                [new(TableTransactionActionType.UpsertReplace, listing), new(TableTransactionActionType.UpsertReplace, TableOpenTicketIndex.DueEntity(old.RowKey, clock.GetUtcNow(), createdAt))],
                cancellationToken).ConfigureAwait(false);
            await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            moved++;
        }

        return moved;
    }

    public async Task<int> ScheduleListedDueTimesAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.OpenTicketsTable, cancellationToken).ConfigureAwait(false);
        // Entries of the one-partition-per-shard layout, with their due time a column.
        string filter = string.Join(" or ", SlaShards.All.Select(n => TableClient.CreateQueryFilter($"PartitionKey eq {$"shard-{n}"}")));
        int scheduled = 0;
        await foreach (TableEntity old in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            DateTimeOffset dueAt = old.GetDateTimeOffset("DueAt") ?? clock.GetUtcNow();
            DateTimeOffset createdAt = old.GetDateTimeOffset("CreatedAt") ?? clock.GetUtcNow();
            TableEntity listing = TableOpenTicketIndex.ListingEntity(old.RowKey, createdAt, old.GetString("Region"), old.GetString("Tenant"), old.GetString("Severity"), old.GetString("Subject"));
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpsertReplace, listing) };
            if (dueAt < Never)
            {
                actions.Add(new(TableTransactionActionType.UpsertReplace, TableOpenTicketIndex.DueEntity(old.RowKey, dueAt, createdAt)));
            }

            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            try
            {
                await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, old.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Another host's start moved it at the same moment: the rows it wrote are the same.
            }

            scheduled++;
        }

        return scheduled;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            int moved = await this.MoveRegionEntriesAsync(stoppingToken).ConfigureAwait(false)
                + await this.ScheduleListedDueTimesAsync(stoppingToken).ConfigureAwait(false);
            if (moved > 0)
            {
                LogMoved(logger, moved);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage not reachable at start: the next start tries again; nothing else depends on this.
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} open-ticket entries of an earlier layout onto the SLA shards' schedule.")]
    private static partial void LogMoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not move open-ticket entries of an earlier layout; the next start tries again.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
