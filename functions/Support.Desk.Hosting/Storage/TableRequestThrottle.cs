using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Fixed-window counters in Table Storage, shared by every instance: one row per key and window, created by an insert
/// and counted up by conditional replaces (ETag), so two instances never both take the last of a window. Rows are
/// partitioned by the day their window ends (<see cref="DayPartitions"/>): windows are at most a day long, so
/// housekeeping drops each day's partition whole once the day is over.
/// </summary>
public sealed class TableRequestThrottle(Tables tables, IOptions<StorageOptions> options, TimeProvider clock) : IRequestThrottle
{
    public const string PartitionKind = "throttle";
    const int MaxAttempts = 40;

    public async Task<TimeSpan?> TryTakeAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken, long amount = 1)
    {
        TableClient table = await tables.GetAsync(options.Value.SupportCenterTable, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = clock.GetUtcNow();
        long windowStart = now.UtcTicks - (now.UtcTicks % window.Ticks);
        var ends = new DateTimeOffset(windowStart + window.Ticks, TimeSpan.Zero);
        if (amount > limit)
        {
            return ends - now;
        }

        // The last tick of the window names the day: a window ending at midnight belongs to the day it covered.
        string partition = DayPartitions.Key(PartitionKind, ends.AddTicks(-1));
        string row = key + "-" + windowStart.ToString("D19", CultureInfo.InvariantCulture);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                NullableResponse<TableEntity> existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!existing.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(partition, row) { ["Count"] = amount, ["Ends"] = ends }, cancellationToken).ConfigureAwait(false);
                    return null;
                }

                TableEntity counter = existing.Value!;
                long count = counter.GetInt64("Count") ?? counter.GetInt32("Count") ?? 0;
                if (count + amount > limit)
                {
                    return ends - now;
                }

                counter["Count"] = count + amount;
                await table.UpdateEntityAsync(counter, counter.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another request counted in between: count again from what it wrote, after a jittered pause, so that a
                // burst of one contact's requests (ten updates at once) takes turns instead of colliding again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(200, 5 << Math.Min(attempt, 6)))), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
