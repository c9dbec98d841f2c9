using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Application.SupportCenter;

namespace Support.Desk.Hosting.Storage;

/// <summary>Monthly SLA report subscriptions: partition the tenant, row key a hash of the lower-cased address (keys cannot hold every address character).</summary>
public sealed class TableReportSubscriptions(Tables tables, IOptions<StorageOptions> options) : IReportSubscriptions
{
    public async Task PutAsync(ReportSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(subscription.Tenant, SupportCenterEmails.AddressId(subscription.Email))
        {
            ["Email"] = subscription.Email,
            ["SubscribedAt"] = subscription.SubscribedAt,
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Subscribed already: the first subscription stands.
        }
    }

    public async Task RemoveAsync(string tenant, string email, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(tenant, SupportCenterEmails.AddressId(email), ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public async Task<ReportSubscription?> FindAsync(string tenant, string email, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(tenant, SupportCenterEmails.AddressId(email), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToSubscription(row.Value!) : null;
    }

    public async Task<IReadOnlyList<ReportSubscription>> ListAsync(CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var all = new List<ReportSubscription>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            all.Add(ToSubscription(row));
        }

        return all;
    }

    static ReportSubscription ToSubscription(TableEntity row) => new(row.PartitionKey, row.GetString("Email"), row.GetDateTimeOffset("SubscribedAt") ?? DateTimeOffset.MinValue);

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.ReportSubscriptionsTable, cancellationToken);
}
