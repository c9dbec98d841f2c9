using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>The send ledger: one row per message ID (its own partition), upserted before and after each send.</summary>
public sealed class TableEmailLedger(Tables tables, IOptions<StorageOptions> options) : IEmailLedger
{
    const string RowKey = "send";

    public async Task<EmailLedgerEntry?> FindAsync(string messageId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.EmailLedgerTable, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(messageId, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue
            ? new EmailLedgerEntry(messageId, WireNames.Parse<EmailLedgerState>(row.Value!.GetString("State")), row.Value.GetDateTimeOffset("FirstAttemptAt")!.Value,
                row.Value.GetInt32("Attempts") ?? 0, row.Value.GetString("Provider"))
            : null;
    }

    public async Task RecordAsync(EmailLedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        TableClient table = await tables.GetAsync(options.Value.EmailLedgerTable, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(entry.MessageId, RowKey)
            {
                ["State"] = WireNames.Of(entry.State),
                ["FirstAttemptAt"] = entry.FirstAttemptAt,
                ["Attempts"] = entry.Attempts,
                ["Provider"] = entry.Provider,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }
}
