using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Domain;
using Support.Desk.Domain.Status;
using Support.Desk.Status;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Regional status in Table Storage: one row per region (partition "region") holding the current state,
/// and an append-only history partitioned by region with time-ordered row keys, so "region X between t1
/// and t2" is one partition range query.
/// </summary>
public sealed class TableRegionStatusStore(Tables tables, IOptions<StorageOptions> options) : IRegionStatusStore
{
    const string CurrentPartition = "region";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public async Task<IReadOnlyList<VersionedRegionState>> LoadAllAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.RegionStatusTable, cancellationToken).ConfigureAwait(false);
        var states = new List<VersionedRegionState>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {CurrentPartition}");
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            states.Add(new VersionedRegionState(
                new RegionState(
                    WireNames.Parse<Region>(e.RowKey),
                    e.GetString("Snapshot") is { } snapshot ? JsonSerializer.Deserialize<StatusSnapshot>(snapshot, Json) : null,
                    WireNames.Parse<RegionHealth>(e.GetString("Health")),
                    e.GetString("UnknownReason"),
                    e.GetDateTimeOffset("UnknownSince"),
                    e.GetDateTimeOffset("ChangedAt")!.Value,
                    e.GetString("PageETag"),
                    e.GetString("PageLastModified"),
                    e.GetBoolean("OutageNotified") ?? false,
                    e.GetString("PendingNotice"))
                {
                    PendingBroadcasts = e.GetString("PendingBroadcasts") is { Length: > 0 } pending
                        ? JsonSerializer.Deserialize<List<StatusBroadcast>>(pending, Json) ?? []
                        : [],
                },
                e.ETag.ToString()));
        }

        return states;
    }

    public async Task<string> SaveAsync(RegionState state, string? version, IReadOnlyList<StatusHistoryEntry> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (history.Count > 0)
        {
            TableClient historyTable = await tables.GetAsync(options.Value.RegionStatusHistoryTable, cancellationToken).ConfigureAwait(false);
            await historyTable.SubmitTransactionAsync(
                history.Select((h, i) => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(WireNames.Of(h.Region), RowKeyOf(h.At, i))
                {
                    ["At"] = h.At,
                    ["Kind"] = WireNames.Of(h.Kind),
                    ["Summary"] = h.Summary,
                    ["Indicator"] = h.Indicator is { } indicator ? WireNames.Of(indicator) : null,
                })),
                cancellationToken).ConfigureAwait(false);
        }

        TableClient table = await tables.GetAsync(options.Value.RegionStatusTable, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(CurrentPartition, WireNames.Of(state.Region))
        {
            ["Snapshot"] = state.Snapshot is null ? null : JsonSerializer.Serialize(state.Snapshot, Json),
            ["Health"] = WireNames.Of(state.Health),
            ["UnknownReason"] = state.UnknownReason,
            ["UnknownSince"] = state.UnknownSince,
            ["ChangedAt"] = state.ChangedAt,
            ["PageETag"] = state.ETag,
            ["PageLastModified"] = state.LastModified,
            ["OutageNotified"] = state.OutageNotified,
            ["PendingNotice"] = state.PendingNotice,
            ["PendingBroadcasts"] = state.PendingBroadcasts.Count == 0 ? null : JsonSerializer.Serialize(state.PendingBroadcasts, Json),
        };
        Response response = version is null
            ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
            : await table.UpdateEntityAsync(entity, new ETag(version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag.");
    }

    public async Task<IReadOnlyList<StatusHistoryEntry>> HistoryAsync(Region region, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.RegionStatusHistoryTable, cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {WireNames.Of(region)} and RowKey ge {RowKeyOf(since, 0)} and RowKey lt {RowKeyOf(until, 0)}");
        var entries = new List<StatusHistoryEntry>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new StatusHistoryEntry(region, e.GetDateTimeOffset("At")!.Value, WireNames.Parse<StatusChangeKind>(e.GetString("Kind")), e.GetString("Summary"),
                e.GetString("Indicator") is { } indicator ? WireNames.Parse<StatusIndicator>(indicator) : null));
        }

        return entries;
    }

    static string RowKeyOf(DateTimeOffset at, int index) =>
        at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + index.ToString("D3", CultureInfo.InvariantCulture);
}
