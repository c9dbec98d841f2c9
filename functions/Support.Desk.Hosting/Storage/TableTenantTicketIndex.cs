using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Every tenant's tickets, newest first: partition = tenant, row key = inverted creation ticks then the ticket ID, so
/// a page of "My tickets" is one range read from the start of the partition.
/// </summary>
public sealed class TableTenantTicketIndex(Tables tables, IOptions<StorageOptions> options) : ITenantTicketIndex
{
    public async Task AddAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        TableClient table = await tables.GetAsync(options.Value.TenantTicketsTable, cancellationToken).ConfigureAwait(false);
        string row = (DateTimeOffset.MaxValue.UtcTicks - ticket.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + ticket.Id;
        await table.UpsertEntityAsync(new TableEntity(ticket.Submission.Tenant, row) { ["TicketId"] = ticket.Id, ["CreatedAt"] = ticket.CreatedAt }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TenantTicketPage> ListAsync(string tenant, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.TenantTicketsTable, cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenant}");
        try
        {
            await foreach (Page<TableEntity> page in table.QueryAsync<TableEntity>(filter, pageSize, ["TicketId", "CreatedAt"], cancellationToken)
                .AsPages(continuation, pageSize).ConfigureAwait(false))
            {
                return new TenantTicketPage(
                    [.. page.Values.Select(e => new TenantTicketRow(e.GetString("TicketId") ?? string.Empty, e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue))],
                    page.ContinuationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && continuation is not null)
        {
            // A continuation token that is not one of ours: start from the newest.
            return await this.ListAsync(tenant, pageSize, null, cancellationToken).ConfigureAwait(false);
        }

        return new TenantTicketPage([], null);
    }
}
