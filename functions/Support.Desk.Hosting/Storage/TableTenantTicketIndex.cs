using System.Globalization;
using System.Text.RegularExpressions;
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
public sealed partial class TableTenantTicketIndex(Tables tables, IOptions<StorageOptions> options) : ITenantTicketIndex
{
    public async Task AddAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        TableClient table = await tables.GetAsync(options.Value.TenantTicketsTable, cancellationToken).ConfigureAwait(false);
        string row = (DateTimeOffset.MaxValue.UtcTicks - ticket.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + ticket.Id;
        await table.UpsertEntityAsync(new TableEntity(ticket.Submission.Tenant, row) { ["TicketId"] = ticket.Id, ["CreatedAt"] = ticket.CreatedAt }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One page: the rows after <paramref name="continuation"/> (the last row key of the page before), one more than
    /// asked for to know whether another page follows. A continuation that is not a row key of this index starts from
    /// the newest: it never reaches outside the tenant's partition either way.
    /// </summary>
    public async Task<TenantTicketPage> ListAsync(string tenant, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.TenantTicketsTable, cancellationToken).ConfigureAwait(false);
        string filter = continuation is not null && RowKeyShape().IsMatch(continuation)
            ? TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey gt {continuation}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {tenant}");
        var rows = new List<(string RowKey, TenantTicketRow Row)>(pageSize + 1);
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, pageSize + 1, ["RowKey", "TicketId", "CreatedAt"], cancellationToken).ConfigureAwait(false))
        {
            rows.Add((e.RowKey, new TenantTicketRow(e.GetString("TicketId") ?? string.Empty, e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue)));
            if (rows.Count > pageSize)
            {
                break;
            }
        }

        return rows.Count > pageSize
            ? new TenantTicketPage([.. rows.Take(pageSize).Select(r => r.Row)], rows[pageSize - 1].RowKey)
            : new TenantTicketPage([.. rows.Select(r => r.Row)], null);
    }

    [GeneratedRegex(@"^\d{19}-[A-Z0-9-]{1,40}$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RowKeyShape();
}
