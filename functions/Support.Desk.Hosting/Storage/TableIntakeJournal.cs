using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// The intake journal: one small row per acknowledged ticket whose workflow has not confirmed its start.
/// Partitioned by the ID's last character (32 partitions) so intake writes spread out; the table stays
/// small because the workflow deletes each row within seconds, so the reconciler's scan is cheap.
/// </summary>
public sealed class TableIntakeJournal(Tables tables, IOptions<StorageOptions> options) : IIntakeJournal
{
    public async Task RecordPendingAsync(string ticketId, DateTimeOffset acceptedAt, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(PartitionOf(ticketId), ticketId) { ["AcceptedAt"] = acceptedAt };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task ClearAsync(string ticketId, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);

        // Deleting a row that is already gone succeeds (404 is not an error here).
        await table.DeleteEntityAsync(PartitionOf(ticketId), ticketId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<PendingIntake> ListPendingSinceBeforeAsync(
        DateTimeOffset acceptedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        string filter = TableClient.CreateQueryFilter($"AcceptedAt lt {acceptedBefore}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return new PendingIntake(entity.RowKey, entity.GetDateTimeOffset("AcceptedAt")!.Value);
        }
    }

    static string PartitionOf(string ticketId) => ticketId[^1..];

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.IntakeJournalTable, cancellationToken);
}
