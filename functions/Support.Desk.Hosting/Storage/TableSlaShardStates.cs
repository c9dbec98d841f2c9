using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// The shards' state rows, in the open-ticket table's <c>shards</c> partition (row key = shard number): a small
/// partition of its own, so the writers' and runs' point reads stay cheap however many tickets are open.
/// </summary>
public sealed class TableSlaShardStates(Tables tables, IOptions<StorageOptions> options) : ISlaShardStates
{
    const string Partition = "shards";

    public async Task<SlaShardState> GetAsync(int shard, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Key(shard), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return SlaShardState.None;
        }

        TableEntity e = row.Value!;
        return new SlaShardState(
            e.GetString("Owner"), e.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue, e.GetDateTimeOffset("SleepingSince"), e.GetDateTimeOffset("WakeAt"), e.ETag.ToString());
    }

    public async Task<SlaShardState?> TryReplaceAsync(int shard, SlaShardState state, string? ifVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition, Key(shard))
        {
            ["Owner"] = state.Owner,
            ["LeaseUntil"] = state.LeaseUntil == DateTimeOffset.MinValue ? null : state.LeaseUntil,
            ["SleepingSince"] = state.SleepingSince,
            ["WakeAt"] = state.WakeAt,
        };
        try
        {
            Response response = ifVersion is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(ifVersion), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return state with { Version = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    static string Key(int shard) => shard.ToString(CultureInfo.InvariantCulture);

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.OpenTicketsTable, cancellationToken);
}
