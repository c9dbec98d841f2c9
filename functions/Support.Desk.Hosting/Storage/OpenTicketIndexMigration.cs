using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Moves open-ticket entries written before the SLA shards (partitioned by region, without a due time) to their
/// shard, due now, so the shard takes each ticket over and works out when it is next due. Runs in the background
/// when a host starts; with nothing to move it costs one query, and moving is idempotent.
/// </summary>
public sealed partial class OpenTicketIndexMigration(Tables tables, IOptions<StorageOptions> options, TimeProvider clock, ILogger<OpenTicketIndexMigration> logger)
    : BackgroundService
{
    public async Task<int> MoveRegionEntriesAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.OpenTicketsTable, cancellationToken).ConfigureAwait(false);
        string filter = string.Join(" or ", WireNames.AllOf<Region>().Select(r => TableClient.CreateQueryFilter($"PartitionKey eq {r}")));
        int moved = 0;
        await foreach (TableEntity old in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var entry = new TableEntity(TableOpenTicketIndex.PartitionOf(old.RowKey), old.RowKey)
            {
                ["DueAt"] = clock.GetUtcNow(),
                ["CreatedAt"] = old.GetDateTimeOffset("CreatedAt"),
                ["Region"] = old.PartitionKey,
                ["Tenant"] = old.GetString("Tenant"),
                ["Severity"] = old.GetString("Severity"),
                ["Subject"] = old.GetString("Subject"),
            };
            await table.UpsertEntityAsync(entry, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            moved++;
        }

        return moved;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            int moved = await this.MoveRegionEntriesAsync(stoppingToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} open-ticket entries from before the SLA shards onto their shards.")]
    private static partial void LogMoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not move open-ticket entries from before the SLA shards; the next start tries again.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
