using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Sla;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Open tickets by SLA shard, each shard spread over <see cref="PartitionsPerShard"/> partitions (<c>shard-{n}-{b}</c>,
/// b a second hash of the ticket ID). Two kinds of row share a ticket's partition: its listing (row key = ticket ID;
/// region, tenant, severity, subject: the outage email's "open tickets of region X") and its schedule rows (row key
/// <c>due-{due time in ticks}-{ticket ID}</c>). "What falls due by T" is one query over the shard's partition range
/// and the row-key range, returning only due rows; a writer's listing and row, or a shard's move from the rows it
/// handled to the next due time, is one entity-group transaction of the ticket's partition.
/// </summary>
/// <remarks>
/// Several partitions per shard keep each one small: Azure Table Storage takes 2,000 entities a second per partition,
/// and the storage emulator's point operations scan their partition. Adjacent partition keys are served together, so
/// the range query is usually one round trip (see docs/scaling.md).
/// </remarks>
public sealed class TableOpenTicketIndex(Tables tables, IOptions<StorageOptions> options) : IOpenTicketIndex
{
    /// <summary>Schedule rows' key prefix; ticket IDs (<c>SUP-…</c>) sort before it, so the range holds schedule rows only.</summary>
    internal const string DuePrefix = "due-";

    /// <summary>The character after <c>-</c>: the end of the schedule rows' key range.</summary>
    const string DueRangeEnd = "due.";

    public const int PartitionsPerShard = 8;

    public static string PartitionOf(string ticketId) =>
        string.Create(CultureInfo.InvariantCulture, $"shard-{SlaShards.Of(ticketId)}-{SpreadOf(ticketId)}");

    /// <summary>The shard's partitions: from <c>shard-{n}-</c> up to (not including) <c>shard-{n}.</c> ('.' sorts after '-').</summary>
    static string ShardRange(int shard) => string.Create(CultureInfo.InvariantCulture,
        $"PartitionKey ge 'shard-{shard}-' and PartitionKey lt 'shard-{shard}.'");

    /// <summary>Which of its shard's partitions a ticket's rows are in: a hash independent of the shard's (djb2 over the ID).</summary>
    static int SpreadOf(string ticketId)
    {
        uint hash = 5381;
        foreach (char c in ticketId)
        {
            hash = (hash * 33) ^ c;
        }

        return (int)(hash % PartitionsPerShard);
    }

    public static string DueKey(DateTimeOffset dueAt, string ticketId) =>
        string.Create(CultureInfo.InvariantCulture, $"{DuePrefix}{dueAt.UtcTicks:D19}-{ticketId}");

    public async Task<DueRow> ScheduleAsync(Ticket ticket, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        TableEntity row = DueEntity(ticket.Id, dueAt, ticket.CreatedAt);
        Response<IReadOnlyList<Response>> responses = await table.SubmitTransactionAsync(
            [new(TableTransactionActionType.UpsertReplace, Listing(ticket)), new(TableTransactionActionType.UpsertReplace, row)],
            cancellationToken).ConfigureAwait(false);
        return new DueRow(ticket.Id, dueAt, ticket.CreatedAt, row.RowKey, VersionOf(responses.Value[1]));
    }

    public async Task<IReadOnlyList<DueRow>> DueAsync(int shard, DateTimeOffset dueBy, int max, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        // Up to the last key of dueBy's tick: the ticket ID follows it, and '.' sorts after '-'.
        string upTo = string.Create(CultureInfo.InvariantCulture, $"{DuePrefix}{dueBy.UtcTicks:D19}.");
        string filter = $"{ShardRange(shard)} and " + TableClient.CreateQueryFilter($"RowKey ge {DuePrefix} and RowKey lt {upTo}");
        var due = new List<DueRow>();
        await foreach (Page<TableEntity> page in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            foreach (TableEntity e in page.Values)
            {
                due.Add(ToDueRow(e));
                if (due.Count >= max)
                {
                    return due;
                }
            }
        }

        return due;
    }

    public async Task<DateTimeOffset?> EarliestDueAsync(int shard, DateTimeOffset before, CancellationToken cancellationToken)
    {
        // The shard's partitions come back one after another, each in row-key order: the earliest is the least of them.
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        string upTo = string.Create(CultureInfo.InvariantCulture, $"{DuePrefix}{before.UtcTicks:D19}.");
        string filter = $"{ShardRange(shard)} and " + TableClient.CreateQueryFilter($"RowKey ge {DuePrefix} and RowKey lt {upTo}");
        DateTimeOffset? earliest = null;
        string? partition = null;
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "DueAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (e.PartitionKey != partition)
            {
                partition = e.PartitionKey;
                DateTimeOffset due = e.GetDateTimeOffset("DueAt")!.Value;
                earliest = earliest is { } known && known <= due ? known : due;
            }
        }

        return earliest;
    }

    public async Task<ScheduleMove> MoveAsync(string ticketId, IReadOnlyList<DueRow> handled, DateTimeOffset? nextDueAt, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handled);
        string? nextKey = nextDueAt is { } at ? DueKey(at, ticketId) : null;
        DueRow[] rows = [.. Bounded(handled)];
        if (nextKey is not null && rows.Length == 1 && rows[0].Key == nextKey)
        {
            // Handled, and due again at the same time (a notice held for business hours): nothing to write.
            return new ScheduleMove(true, rows[0]);
        }

        List<TableTransactionAction> actions = [.. rows.Select(r => new TableTransactionAction(
            TableTransactionActionType.Delete, new TableEntity(PartitionOf(ticketId), r.Key), new ETag(r.Version)))];
        int nextIndex = -1;
        if (nextKey is not null)
        {
            // A handled row at the next due time is rewritten in place, which keeps the check that it is unchanged.
            int same = Array.FindIndex(rows, r => r.Key == nextKey);
            TableEntity entity = DueEntity(ticketId, nextDueAt!.Value, createdAt);
            if (same >= 0)
            {
                actions[same] = new(TableTransactionActionType.UpdateReplace, entity, new ETag(rows[same].Version));
                nextIndex = same;
            }
            else
            {
                actions.Add(new(TableTransactionActionType.UpsertReplace, entity));
                nextIndex = actions.Count - 1;
            }
        }

        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Response<IReadOnlyList<Response>> responses = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return new ScheduleMove(true, nextIndex < 0 ? null : new DueRow(ticketId, nextDueAt!.Value, createdAt, nextKey!, VersionOf(responses.Value[nextIndex])));
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
        {
            return new ScheduleMove(false, null);
        }
    }

    public async Task<bool> RemoveAsync(string ticketId, IReadOnlyList<DueRow> handled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handled);
        List<TableTransactionAction> rows = [.. Bounded(handled).Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(PartitionOf(ticketId), r.Key), new ETag(r.Version)))];
        var listing = new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(PartitionOf(ticketId), ticketId), ETag.All);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.SubmitTransactionAsync([.. rows, listing], cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404 && ex.FailedTransactionActionIndex == rows.Count)
        {
            // The listing went with an earlier removal (a stale row outlived it): the rows alone.
            return await this.SubmitAsync(rows, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<OpenTicketEntry>> ListAsync(Region region, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<OpenTicketEntry>();
        string filter = TableClient.CreateQueryFilter($"Region eq {WireNames.Of(region)}");
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new OpenTicketEntry(e.RowKey, e.GetString("Tenant"), WireNames.Parse<Severity>(e.GetString("Severity")), e.GetString("Subject"), e.GetDateTimeOffset("CreatedAt")!.Value));
        }

        return [.. entries.OrderBy(e => e.CreatedAt)];
    }

    internal static TableEntity DueEntity(string ticketId, DateTimeOffset dueAt, DateTimeOffset createdAt) =>
        new(PartitionOf(ticketId), DueKey(dueAt, ticketId))
        {
            ["TicketId"] = ticketId,
            ["DueAt"] = dueAt,
            ["CreatedAt"] = createdAt,
        };

    static TableEntity Listing(Ticket ticket) =>
        ListingEntity(ticket.Id, ticket.CreatedAt, WireNames.Of(ticket.Region), ticket.Submission.Tenant, WireNames.Of(ticket.Severity), ticket.Submission.Subject);

    /// <summary>A ticket's listing row (also how the migration rewrites entries of earlier layouts).</summary>
    internal static TableEntity ListingEntity(string ticketId, DateTimeOffset createdAt, string? region, string? tenant, string? severity, string? subject) =>
        new(PartitionOf(ticketId), ticketId)
        {
            ["CreatedAt"] = createdAt,
            ["Region"] = region,
            ["Tenant"] = tenant,
            ["Severity"] = severity,
            ["Subject"] = subject,
        };

    static DueRow ToDueRow(TableEntity e) =>
        new(e.GetString("TicketId"), e.GetDateTimeOffset("DueAt")!.Value, e.GetDateTimeOffset("CreatedAt")!.Value, e.RowKey, e.ETag.ToString());

    static string VersionOf(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag for a schedule row.");

    /// <summary>
    /// At most this many of a ticket's rows in one write (a transaction holds 100 operations); the rest stay and are
    /// handled at the shard's next look, which is safe because a row is only a wake-up.
    /// </summary>
    static IEnumerable<DueRow> Bounded(IReadOnlyList<DueRow> handled) => handled.Take(MaxRowsPerWrite);

    const int MaxRowsPerWrite = 90;

    /// <summary>Submits one entity-group transaction; false when a conditional row had changed or gone.</summary>
    async Task<bool> SubmitAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (actions.Count == 0)
        {
            return true;
        }

        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.OpenTicketsTable, cancellationToken);
}
