using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Fixed-window request counters in Table Storage, shared by every instance: one row per key and window, created by
/// an insert and counted up by conditional replaces (ETag), so two instances never both take the last request of a
/// window. Rows carry their window's end; old windows are simply never read again.
/// </summary>
public sealed class TableRequestThrottle(Tables tables, IOptions<StorageOptions> options, TimeProvider clock) : IRequestThrottle
{
    const int MaxAttempts = 8;

    public async Task<TimeSpan?> TryTakeAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(options.Value.SupportCenterTable, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = clock.GetUtcNow();
        long windowStart = now.UtcTicks - (now.UtcTicks % window.Ticks);
        var ends = new DateTimeOffset(windowStart + window.Ticks, TimeSpan.Zero);
        string partition = "throttle-" + key;
        string row = windowStart.ToString("D19", CultureInfo.InvariantCulture);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                NullableResponse<TableEntity> existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!existing.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(partition, row) { ["Count"] = 1, ["Ends"] = ends }, cancellationToken).ConfigureAwait(false);
                    return null;
                }

                TableEntity counter = existing.Value!;
                int count = counter.GetInt32("Count") ?? 0;
                if (count >= limit)
                {
                    return ends - now;
                }

                counter["Count"] = count + 1;
                await table.UpdateEntityAsync(counter, counter.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance counted in between: count again from what it wrote.
            }
        }
    }
}
