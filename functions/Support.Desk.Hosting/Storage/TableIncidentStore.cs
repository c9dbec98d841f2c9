using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Incidents;
using Support.Desk.Domain.Queue;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Incidents in one table, each its own partition: the incident's row, a row per broadcast (by number), a row per
/// idempotency key claimed (naming its broadcast), and its history by time. A post is one entity-group transaction
/// (the incident's row under its ETag, the key's claim, the broadcast), so a double submit records one broadcast.
/// </summary>
public sealed class TableIncidentStore(Tables tables, IOptions<StorageOptions> options) : IIncidentStore
{
    const string IncidentRow = "incident";
    const string BroadcastPrefix = "broadcast-";
    const string KeyPrefix = "key-";
    const string HistoryPrefix = "history-";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public async Task<bool> CreateAsync(Incident incident, IncidentHistoryEntry opened, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.SubmitTransactionAsync(
                [new(TableTransactionActionType.Add, ToEntity(incident)), new(TableTransactionActionType.UpsertReplace, ToEntity(incident.Id, opened, 0))],
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<VersionedIncident?> LoadAsync(string incidentId, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(incidentId, IncidentRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? new VersionedIncident(ToIncident(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<string?> TryUpdateAsync(Incident incident, string version, IReadOnlyList<IncidentHistoryEntry> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(history);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        List<TableTransactionAction> batch = [new(TableTransactionActionType.UpdateReplace, ToEntity(incident), new ETag(version))];
        batch.AddRange(history.Select((h, i) => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(incident.Id, h, i))));
        try
        {
            Response<IReadOnlyList<Response>> response = await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            return response.Value[0].Headers.ETag?.ToString();
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(bool openOnly, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"RowKey eq {IncidentRow}")
            + (openOnly ? " and " + TableClient.CreateQueryFilter($"Status eq {WireNames.Of(IncidentStatus.Open)}") : string.Empty);
        var incidents = new List<Incident>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            incidents.Add(ToIncident(e));
        }

        return [.. incidents.OrderByDescending(i => i.OpenedAt)];
    }

    public async Task<AddBroadcastOutcome> AddBroadcastAsync(Incident incident, string version, IncidentBroadcast broadcast, IncidentHistoryEntry history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(broadcast);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        TableTransactionAction[] batch =
        [
            new(TableTransactionActionType.UpdateReplace, ToEntity(incident), new ETag(version)),
            new(TableTransactionActionType.Add, new TableEntity(incident.Id, KeyRow(broadcast.Key)) { ["Sequence"] = broadcast.Sequence }),
            new(TableTransactionActionType.Add, ToEntity(broadcast)),
            new(TableTransactionActionType.UpsertReplace, ToEntity(incident.Id, history, 0)),
        ];
        try
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
            return AddBroadcastOutcome.Added;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return ex.FailedTransactionActionIndex == 0 || ex.Status == 412 ? AddBroadcastOutcome.IncidentChanged : AddBroadcastOutcome.KeyTaken;
        }
    }

    public async Task<IncidentBroadcast?> FindBroadcastByKeyAsync(string incidentId, string key, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> claim = await table.GetEntityIfExistsAsync<TableEntity>(incidentId, KeyRow(key), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!claim.HasValue || claim.Value!.GetInt32("Sequence") is not { } sequence)
        {
            return null;
        }

        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(incidentId, BroadcastRow(sequence), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToBroadcast(row.Value!) : null;
    }

    public async Task<IReadOnlyList<IncidentBroadcast>> ListBroadcastsAsync(string incidentId, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {incidentId} and RowKey ge {BroadcastPrefix} and RowKey lt {"broadcast."}");
        var broadcasts = new List<IncidentBroadcast>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            broadcasts.Add(ToBroadcast(e));
        }

        return broadcasts;
    }

    public async Task<IReadOnlyList<VersionedBroadcast>> PendingBroadcastsAsync(CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"State eq {WireNames.Of(BroadcastState.Pending)}");
        var pending = new List<VersionedBroadcast>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            pending.Add(new VersionedBroadcast(ToBroadcast(e), e.ETag.ToString()));
        }

        return pending;
    }

    public async Task<string?> TryUpdateBroadcastAsync(IncidentBroadcast broadcast, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Response response = await table.UpdateEntityAsync(ToEntity(broadcast), new ETag(version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<IncidentHistoryEntry>> HistoryAsync(string incidentId, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {incidentId} and RowKey ge {HistoryPrefix} and RowKey lt {"history."}");
        var history = new List<IncidentHistoryEntry>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            history.Add(new IncidentHistoryEntry(e.GetDateTimeOffset("At")!.Value, e.GetString("Summary")));
        }

        return history;
    }

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.IncidentsTable, cancellationToken);

    static string BroadcastRow(int sequence) => BroadcastPrefix + sequence.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Keys are the client's (up to 255 characters of anything): the row key is their hash.</summary>
    static string KeyRow(string key) => KeyPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    static TableEntity ToEntity(Incident i) => new(i.Id, IncidentRow)
    {
        ["Title"] = i.Title,
        ["Regions"] = string.Join(",", i.Regions.Select(WireNames.Of)),
        ["Tenants"] = JsonSerializer.Serialize(i.Tenants, Json),
        ["Origin"] = WireNames.Of(i.Origin),
        ["Status"] = WireNames.Of(i.Status),
        ["OpenedAt"] = i.OpenedAt,
        ["OpenedBy"] = i.OpenedBy,
        ["Sequence"] = i.Sequence,
        ["StatusPageIncidentId"] = i.StatusPageIncidentId,
        ["StatusPageState"] = i.StatusPageState,
        ["ResolvedAt"] = i.ResolvedAt,
        ["Resolution"] = i.Resolution,
    };

    static Incident ToIncident(TableEntity e) => new(
        e.PartitionKey,
        e.GetString("Title"),
        [.. e.GetString("Regions").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(WireNames.Parse<Region>)],
        JsonSerializer.Deserialize<List<string>>(e.GetString("Tenants"), Json) ?? [],
        WireNames.Parse<IncidentOrigin>(e.GetString("Origin")),
        WireNames.Parse<IncidentStatus>(e.GetString("Status")),
        e.GetDateTimeOffset("OpenedAt")!.Value,
        e.GetString("OpenedBy"),
        e.GetInt32("Sequence") ?? 0)
    {
        StatusPageIncidentId = e.GetString("StatusPageIncidentId"),
        StatusPageState = e.GetString("StatusPageState"),
        ResolvedAt = e.GetDateTimeOffset("ResolvedAt"),
        Resolution = e.GetString("Resolution"),
    };

    static TableEntity ToEntity(IncidentBroadcast b) => new(b.IncidentId, BroadcastRow(b.Sequence))
    {
        ["Key"] = b.Key,
        ["Kind"] = WireNames.Of(b.Kind),
        ["At"] = b.At,
        ["Actor"] = b.Actor,
        ["Body"] = b.Body,
        ["Filter"] = b.Filter is null ? null : JsonSerializer.Serialize(b.Filter, Json),
        ["State"] = WireNames.Of(b.State),
        ["Applied"] = b.Applied,
        ["Skipped"] = b.Skipped,
        ["CompletedAt"] = b.CompletedAt,
        ["LeaseOwner"] = b.LeaseOwner,
        ["LeaseUntil"] = b.LeaseUntil,
    };

    static IncidentBroadcast ToBroadcast(TableEntity e) => new(
        e.PartitionKey,
        int.Parse(e.RowKey.AsSpan(BroadcastPrefix.Length), CultureInfo.InvariantCulture),
        e.GetString("Key"),
        WireNames.Parse<IncidentBroadcastKind>(e.GetString("Kind")),
        e.GetDateTimeOffset("At")!.Value,
        e.GetString("Actor"),
        e.GetString("Body"),
        e.GetString("Filter") is { Length: > 0 } filter ? JsonSerializer.Deserialize<QueueFilter>(filter, Json) : null,
        WireNames.Parse<BroadcastState>(e.GetString("State")))
    {
        Applied = e.GetInt32("Applied") ?? 0,
        Skipped = e.GetInt32("Skipped") ?? 0,
        CompletedAt = e.GetDateTimeOffset("CompletedAt"),
        LeaseOwner = e.GetString("LeaseOwner"),
        LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
    };

    static TableEntity ToEntity(string incidentId, IncidentHistoryEntry h, int index) =>
        new(incidentId, HistoryPrefix + h.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + index.ToString(CultureInfo.InvariantCulture))
        {
            ["At"] = h.At,
            ["Summary"] = h.Summary,
        };
}
