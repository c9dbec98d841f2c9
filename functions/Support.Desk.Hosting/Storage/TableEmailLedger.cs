using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>The send ledger: one row per message ID (its own partition), inserted before the first send and replaced after each.</summary>
public sealed class TableEmailLedger(Tables tables, IOptions<StorageOptions> options) : IEmailLedger
{
    const string RowKey = "send";

    public async Task<EmailLedgerEntry?> FindAsync(string messageId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.EmailLedgerTable, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(messageId, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? ToEntry(row.Value!) : null;
    }

    public async Task<EmailLedgerEntry?> TryAddAsync(EmailLedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        TableClient table = await tables.GetAsync(options.Value.EmailLedgerTable, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity(entry), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await this.FindAsync(entry.MessageId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The ledger entry of {entry.MessageId} exists but cannot be read.");
        }
    }

    public async Task RecordAsync(EmailLedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        TableClient table = await tables.GetAsync(options.Value.EmailLedgerTable, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    static TableEntity ToEntity(EmailLedgerEntry entry) => new(entry.MessageId, RowKey)
    {
        ["State"] = WireNames.Of(entry.State),
        ["FirstAttemptAt"] = entry.FirstAttemptAt,
        ["Attempts"] = entry.Attempts,
        ["Provider"] = entry.Provider,
    };

    static EmailLedgerEntry ToEntry(TableEntity row) => new(
        row.PartitionKey, WireNames.Parse<EmailLedgerState>(row.GetString("State")), row.GetDateTimeOffset("FirstAttemptAt")!.Value, row.GetInt32("Attempts") ?? 0, row.GetString("Provider"));
}
