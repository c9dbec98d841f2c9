using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Domain;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Open tickets partitioned by region (row key = ticket ID): the outage email's "open tickets of region X"
/// is one partition query, and "open tickets of tenant T" one filtered partition query (a tenant has one
/// region). Kept off the intake path: the workflow adds and removes entries.
/// </summary>
public sealed class TableOpenTicketIndex(Tables tables, IOptions<StorageOptions> options) : IOpenTicketIndex
{
    public async Task AddAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(WireNames.Of(ticket.Region), ticket.Id)
            {
                ["Tenant"] = ticket.Submission.Tenant,
                ["Severity"] = WireNames.Of(ticket.Severity),
                ["Subject"] = ticket.Submission.Subject,
                ["CreatedAt"] = ticket.CreatedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        await table.DeleteEntityAsync(WireNames.Of(ticket.Region), ticket.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OpenTicketEntry>> ListAsync(Region region, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<OpenTicketEntry>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {WireNames.Of(region)}");
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new OpenTicketEntry(e.RowKey, e.GetString("Tenant"), WireNames.Parse<Severity>(e.GetString("Severity")), e.GetString("Subject"), e.GetDateTimeOffset("CreatedAt")!.Value));
        }

        return entries;
    }

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.OpenTicketsTable, cancellationToken);
}
