using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Sla;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Open tickets partitioned by SLA shard (row key = ticket ID), each with <c>DueAt</c>, the next time it needs the
/// desk: a shard's "what falls due now" is one query of its partition, and a write is one point operation whose
/// ETag makes the shards' write-backs conditional. Listing columns (region, tenant, severity, subject) serve the
/// outage email's "open tickets of region X", a query over the open tickets only.
/// </summary>
public sealed class TableOpenTicketIndex(Tables tables, IOptions<StorageOptions> options) : IOpenTicketIndex
{
    /// <summary>"Nothing scheduled": later than any due time a query asks for (Table Storage dates end in 9999).</summary>
    static readonly DateTimeOffset Never = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static string PartitionOf(string ticketId) => $"shard-{SlaShards.Of(ticketId)}";

    public async Task<string?> ScheduleAsync(Ticket ticket, DateTimeOffset? dueAt, string? ifVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(PartitionOf(ticket.Id), ticket.Id)
        {
            ["DueAt"] = dueAt ?? Never,
            ["CreatedAt"] = ticket.CreatedAt,
            ["Region"] = WireNames.Of(ticket.Region),
            ["Tenant"] = ticket.Submission.Tenant,
            ["Severity"] = WireNames.Of(ticket.Severity),
            ["Subject"] = ticket.Submission.Subject,
        };
        try
        {
            Response response = ifVersion is null
                ? await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(ifVersion), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag for a schedule entry.");
        }
        catch (RequestFailedException ex) when (ifVersion is not null && ex.Status is 412 or 404)
        {
            return null;
        }
    }

    public async Task<bool> RemoveAsync(string ticketId, string? ifVersion, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A missing entry is a 204 without an ETag condition and a 404 with one: either way it is gone.
            await table.DeleteEntityAsync(PartitionOf(ticketId), ticketId, ifVersion is null ? ETag.All : new ETag(ifVersion), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ScheduledTicket>> DueAsync(int shard, DateTimeOffset dueBy, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        string partition = $"shard-{shard}";
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and DueAt le {dueBy}");
        var due = new List<ScheduledTicket>();
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "DueAt", "CreatedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(new ScheduledTicket(e.RowKey, e.GetDateTimeOffset("DueAt")!.Value, e.GetDateTimeOffset("CreatedAt")!.Value, e.ETag.ToString()));
        }

        return due;
    }

    public async Task<IReadOnlyList<OpenTicketEntry>> ListAsync(Region region, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<OpenTicketEntry>();
        string filter = TableClient.CreateQueryFilter($"Region eq {WireNames.Of(region)}");
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new OpenTicketEntry(e.RowKey, e.GetString("Tenant"), WireNames.Parse<Severity>(e.GetString("Severity")), e.GetString("Subject"), e.GetDateTimeOffset("CreatedAt")!.Value));
        }

        return [.. entries.OrderBy(e => e.CreatedAt)];
    }

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.OpenTicketsTable, cancellationToken);
}
