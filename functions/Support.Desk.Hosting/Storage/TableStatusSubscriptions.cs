using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Storage;

/// <summary>Status subscriptions: partition = region, row key = the address's ID, so a region's subscribers are one partition read.</summary>
public sealed class TableStatusSubscriptions(Tables tables, IOptions<StorageOptions> options) : IStatusSubscriptions
{
    public async Task<StatusSubscription?> FindAsync(Region region, string email, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(WireNames.Of(region), SupportCenterEmails.AddressId(email), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToSubscription(row.Value!) : null;
    }

    public async Task SaveAsync(StatusSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(WireNames.Of(subscription.Region), SupportCenterEmails.AddressId(subscription.Email))
        {
            ["Email"] = subscription.Email,
            ["Tenant"] = subscription.Tenant,
            ["RequestedAt"] = subscription.RequestedAt,
            ["ConfirmedAt"] = subscription.ConfirmedAt,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RemoveAsync(Region region, string email, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        Response response = await table.DeleteEntityAsync(WireNames.Of(region), SupportCenterEmails.AddressId(email), ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    public async Task<IReadOnlyList<StatusSubscription>> ListConfirmedAsync(Region region, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var subscribers = new List<StatusSubscription>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {WireNames.Of(region)}");
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (ToSubscription(row) is { ConfirmedAt: not null } confirmed)
            {
                subscribers.Add(confirmed);
            }
        }

        return subscribers;
    }

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.StatusSubscriptionsTable, cancellationToken);

    static StatusSubscription ToSubscription(TableEntity row) => new(
        WireNames.Parse<Region>(row.PartitionKey), row.GetString("Email") ?? string.Empty, row.GetString("Tenant") ?? string.Empty,
        row.GetDateTimeOffset("RequestedAt") ?? DateTimeOffset.MinValue, row.GetDateTimeOffset("ConfirmedAt"));
}
