using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Storage;

/// <summary>What one sweep removed.</summary>
public sealed record SweepResult(int ThrottleRows, int UsedLinks, int Sessions, int UnconfirmedSubscriptions, int LegacyRows, int DigestEntries = 0)
{
    public int Total => this.ThrottleRows + this.UsedLinks + this.Sessions + this.UnconfirmedSubscriptions + this.LegacyRows + this.DigestEntries;
}

/// <summary>
/// Housekeeping for the Support Center's short-lived rows (the <c>SweepExpiredRows</c> schedule, hourly): request and
/// quota counters, used sign-in links and page sessions live in partitions per day (<see cref="DayPartitions"/>), so
/// whole days long over are read by one key range and deleted in batches, never found by scanning for expired rows;
/// unconfirmed status subscriptions whose confirmation link has expired are dropped from their region's partition.
/// Rows written before day partitions existed are removed once their own expiry has passed. Incident digest entries a
/// digest listed are dropped once <see cref="ListedDigestEntriesKept"/> old (long after any repeated delivery of their
/// notice could come, which finds its entry and adds nothing).
/// </summary>
public sealed partial class ExpiredRowsSweep(Tables tables, IOptions<StorageOptions> options, TimeProvider clock, ILogger<ExpiredRowsSweep> logger)
{
    /// <summary>How long an unconfirmed subscription's confirmation link works (<c>SupportCenterEmails.SubscriptionConfirmation</c>).</summary>
    public static readonly TimeSpan ConfirmationLinkLifetime = TimeSpan.FromDays(7);

    /// <summary>How long an incident digest's listed entries are kept (the outbox gives up on a notice within minutes).</summary>
    public static readonly TimeSpan ListedDigestEntriesKept = TimeSpan.FromDays(2);

    const int BatchSize = 100;

    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        TableClient center = await tables.GetAsync(options.Value.SupportCenterTable, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = clock.GetUtcNow();

        // Counter windows end by the day in their key and links expire by theirs: today's partition is the oldest still needed.
        // A session lives at most a day from the day it was issued: yesterday's is still needed.
        int throttle = await DropDaysBeforeAsync(center, TableRequestThrottle.PartitionKind, now, cancellationToken).ConfigureAwait(false);
        int links = await DropDaysBeforeAsync(center, TableSignInLinkLedger.PartitionKind, now, cancellationToken).ConfigureAwait(false);
        int sessions = await DropDaysBeforeAsync(center, TablePageSessionStore.PartitionKind, now.AddDays(-1), cancellationToken).ConfigureAwait(false);
        int legacy = await DropLegacyAsync(center, "throttle-a", "throttle-{", "Ends", now, cancellationToken).ConfigureAwait(false)
            + await DropLegacyAsync(center, "sign-in-link-", "sign-in-link.", "Expires", now, cancellationToken).ConfigureAwait(false);
        int subscriptions = await this.DropUnconfirmedSubscriptionsAsync(now, cancellationToken).ConfigureAwait(false);
        int digestEntries = await this.DropListedDigestEntriesAsync(now, cancellationToken).ConfigureAwait(false);
        var result = new SweepResult(throttle, links, sessions, subscriptions, legacy, digestEntries);
        if (result.Total > 0)
        {
            LogSwept(logger, result.ThrottleRows, result.UsedLinks, result.Sessions, result.UnconfirmedSubscriptions, result.LegacyRows, result.DigestEntries);
        }

        return result;
    }

    /// <summary>Deletes every row of the partitions <c>{kind}-{day}</c> for days before <paramref name="keepFrom"/>'s.</summary>
    static async Task<int> DropDaysBeforeAsync(TableClient table, string kind, DateTimeOffset keepFrom, CancellationToken cancellationToken)
    {
        // Day keys are digits, which sort before the letters of any older key shape under the same prefix.
        string from = kind + "-";
        string before = DayPartitions.Key(kind, keepFrom);
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {before}");
        return await DeleteAsync(table, table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    static async Task<int> DropLegacyAsync(TableClient table, string from, string before, string expiresProperty, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {before}");
        var expired = new List<TableEntity>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", expiresProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if ((row.GetDateTimeOffset(expiresProperty) ?? DateTimeOffset.MinValue) < now)
            {
                expired.Add(row);
            }
        }

        return await DeleteAsync(table, expired.ToAsyncEnumerable(), cancellationToken).ConfigureAwait(false);
    }

    async Task<int> DropUnconfirmedSubscriptionsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.StatusSubscriptionsTable, cancellationToken).ConfigureAwait(false);
        var stale = new List<TableEntity>();
        foreach (string region in WireNames.AllOf<Region>())
        {
            string filter = TableClient.CreateQueryFilter($"PartitionKey eq {region}");
            await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", "ConfirmedAt", "RequestedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.GetDateTimeOffset("ConfirmedAt") is null && (row.GetDateTimeOffset("RequestedAt") ?? DateTimeOffset.MinValue) + ConfirmationLinkLifetime < now)
                {
                    stale.Add(row);
                }
            }
        }

        return await DeleteAsync(table, stale.ToAsyncEnumerable(), cancellationToken).ConfigureAwait(false);
    }

    async Task<int> DropListedDigestEntriesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.IncidentDigestsTable, cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"Digest gt {0} and At lt {now - ListedDigestEntriesKept}");
        return await DeleteAsync(table, table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes rows in transactions of up to 100 per partition (one round trip each).</summary>
    static async Task<int> DeleteAsync(TableClient table, IAsyncEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        int deleted = 0;
        var batch = new List<TableTransactionAction>(BatchSize);
        string? partition = null;
        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                deleted += batch.Count;
            }
            catch (TableTransactionFailedException)
            {
                // A row went meanwhile (another instance swept it): delete the rest one by one.
                foreach (TableTransactionAction action in batch)
                {
                    Response response = await table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                    deleted += response.Status == 404 ? 0 : 1;
                }
            }

            batch.Clear();
        }

        await foreach (TableEntity row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (partition != row.PartitionKey || batch.Count == BatchSize)
            {
                await FlushAsync().ConfigureAwait(false);
                partition = row.PartitionKey;
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
        }

        await FlushAsync().ConfigureAwait(false);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Swept expired rows: {Throttle} counters, {Links} used sign-in links, {Sessions} sessions, {Subscriptions} unconfirmed subscriptions, {Legacy} older rows, {DigestEntries} listed digest entries.")]
    private static partial void LogSwept(ILogger logger, int throttle, int links, int sessions, int subscriptions, int legacy, int digestEntries);
}
