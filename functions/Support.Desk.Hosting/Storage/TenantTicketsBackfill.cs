using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Puts the tickets submitted before My tickets existed into the tenants' index: every ticket the staff queue knows
/// (open and closed, after the queue's own backfill) gets its tenant row. Adding a row is idempotent.
/// </summary>
public sealed class TenantTicketsBackfill(Tables tables, IOptions<StorageOptions> options, QueuedTickets tickets, ITenantTicketIndex index)
    : OneTimeBackfill(tables)
{
    public override string Index => "My tickets' index";

    protected override string TableName => options.Value.TenantTicketsTable;

    /// <summary>Not a tenant's partition: tenant names have no underscore.</summary>
    protected override string MarkerPartition => "_meta";

    protected override Task<int> FillAsync(CancellationToken cancellationToken) => tickets.ForEachAsync(index.AddAsync, cancellationToken);
}
