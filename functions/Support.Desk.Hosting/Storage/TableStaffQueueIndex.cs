using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Queue;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// The staff queue in one table: partition <c>open</c> or <c>closed</c>, row key the entry's sort key. A queue page is
/// a range query of one partition that the service returns in row-key order, with the filters evaluated on the rows'
/// columns; the tickets table is never scanned.
/// </summary>
public sealed class TableStaffQueueIndex(Tables tables, IOptions<StorageOptions> options) : IStaffQueueIndex
{
    const string OpenPartition = "open";
    const string ClosedPartition = "closed";

    public async Task PutAsync(QueueEntry entry, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A queue entry as its row (also how a benchmark seeds rows in batches).</summary>
    public static TableEntity ToEntity(QueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new TableEntity(entry.Open ? OpenPartition : ClosedPartition, entry.SortKey)
        {
            ["TicketId"] = entry.TicketId,
            ["Tenant"] = entry.Tenant,
            ["Severity"] = WireNames.Of(entry.Severity),
            ["Region"] = WireNames.Of(entry.Region),
            ["Tier"] = WireNames.Of(entry.Tier),
            ["Status"] = WireNames.Of(entry.Status),
            ["Assignee"] = entry.Assignee ?? QueueFilter.Unassigned,
            ["LastActivityAt"] = entry.LastActivityAt,
            ["Incident"] = entry.Incident ?? string.Empty,
        };
    }

    public async Task RemoveAsync(string ticketId, bool open, string sortKey, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(open ? OpenPartition : ClosedPartition, sortKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public async Task<IReadOnlyList<QueueEntry>> ReadAsync(QueueFilter filter, string? after, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        string partition = filter.Closed ? ClosedPartition : OpenPartition;
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {partition}") };
        if (after is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"RowKey gt {after}"));
        }

        if (filter.BreachingBefore is { } before)
        {
            clauses.Add(TableClient.CreateQueryFilter($"RowKey ge {QueueEntry.RunningLane} and RowKey lt {QueueEntry.RunningBefore(before)}"));
        }

        void Equal(string column, string? value)
        {
            if (value is not null)
            {
                // The column is one of ours; only the value comes from the request, and it is quoted and escaped.
                clauses.Add(column + " eq " + TableClient.CreateQueryFilter($"{value}"));
            }
        }

        Equal("Tenant", filter.Tenant);
        Equal("Severity", filter.Severity is { } s ? WireNames.Of(s) : null);
        Equal("Region", filter.Region is { } r ? WireNames.Of(r) : null);
        Equal("Tier", filter.Tier is { } t ? WireNames.Of(t) : null);
        Equal("Status", filter.Status is { } st ? WireNames.Of(st) : null);
        Equal("Assignee", filter.Assignee);
        Equal("Incident", filter.Incident);

        var rows = new List<QueueEntry>(count);
        await foreach (Page<TableEntity> page in table.QueryAsync<TableEntity>(string.Join(" and ", clauses), maxPerPage: Math.Min(1000, count), cancellationToken: cancellationToken)
            .AsPages().ConfigureAwait(false))
        {
            foreach (TableEntity e in page.Values)
            {
                rows.Add(new QueueEntry(
                    e.GetString("TicketId"), !filter.Closed, e.RowKey, e.GetString("Tenant"),
                    WireNames.Parse<Severity>(e.GetString("Severity")), WireNames.Parse<Region>(e.GetString("Region")),
                    WireNames.Parse<SupportTier>(e.GetString("Tier")), WireNames.Parse<TicketStatus>(e.GetString("Status")),
                    e.GetString("Assignee") is var a && a == QueueFilter.Unassigned ? null : a,
                    e.GetDateTimeOffset("LastActivityAt") ?? DateTimeOffset.MinValue)
                {
                    Incident = e.GetString("Incident") is { Length: > 0 } incident ? incident : null,
                });
                if (rows.Count == count)
                {
                    return rows;
                }
            }
        }

        return rows;
    }

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.StaffQueueTable, cancellationToken);
}
