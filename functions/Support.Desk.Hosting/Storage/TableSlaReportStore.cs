using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Reports;

namespace Support.Desk.Hosting.Storage;

/// <summary>
/// Report facts and day digests in one table.
/// <list type="bullet">
/// <item>Facts: partition <c>m-{yyyy-MM}</c> (the UTC month the ticket opened or the clock started), row
/// <c>{tenant}~{ticket}~{ticket|clock}</c>; a customer's month is a row-key range of one or two partitions. A
/// ticket's facts of one month go in one transaction.</item>
/// <item>Digests: partition <c>digest</c>, row <c>{yyyy-MM-dd}</c>, the day's <see cref="SlaDayDigest"/> in parts of
/// a string column each. A year is one range read of 365 rows.</item>
/// </list>
/// </summary>
/// <remarks>
/// A digest is rebuilt when a fact of its day changed after it was built: a writer of a fact of a day that has ended
/// (or ends within <see cref="DayClosingMargin"/>) sets a fresh <c>Stamp</c> on the day's digest row; a reader uses a
/// digest only if it was built at the row's current stamp, and stores one it built only if the row is unchanged since
/// it read it (If-Match), so a fact written while it built fails the store. Days not yet ended by that margin are
/// built on every read and never stored.
/// </remarks>
public sealed class TableSlaReportStore(Tables tables, IOptions<StorageOptions> options) : ISlaReportStore
{
    /// <summary>Beyond clock differences between instances: a day is "ended" for writers this long before its end, for readers this long after.</summary>
    public static readonly TimeSpan DayClosingMargin = TimeSpan.FromMinutes(5);

    const string DigestPartition = "digest";
    const string TicketPart = "ticket";

    /// <summary>A string column holds 64 KiB (32 K UTF-16 characters); an entity 1 MiB.</summary>
    const int PartLength = 30_000;
    const int MaxParts = 15;

    public async Task WriteAsync(IReadOnlyList<TicketFact> tickets, IReadOnlyList<ClockFact> clocks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(clocks);
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var rows = tickets.Select(t => (Day: ReportDays.DayOf(t.CreatedAt), Entity: ToEntity(t)))
            .Concat(clocks.Select(c => (Day: ReportDays.DayOf(c.StartedAt), Entity: ToEntity(c))))
            .ToArray();
        foreach (var partition in rows.GroupBy(r => r.Entity.PartitionKey, StringComparer.Ordinal))
        {
            TableTransactionAction[] actions = [.. partition.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r.Entity))];
            if (actions.Length == 1)
            {
                await table.UpsertEntityAsync(actions[0].Entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (DateOnly day in rows.Select(r => r.Day).Distinct())
        {
            if (now >= ReportDays.StartOf(day.AddDays(1)) - DayClosingMargin)
            {
                var stamp = new TableEntity(DigestPartition, ReportDays.DayKey(day)) { ["Stamp"] = Guid.NewGuid().ToString("N") };
                await table.UpsertEntityAsync(stamp, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<SlaDayDigest>> DigestsAsync(DateOnly first, DateOnly beyond, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var stored = new Dictionary<DateOnly, TableEntity>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {DigestPartition} and RowKey ge {ReportDays.DayKey(first)} and RowKey lt {ReportDays.DayKey(beyond)}");
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (ReportDays.TryParseDay(row.RowKey, out DateOnly day))
            {
                stored[day] = row;
            }
        }

        var digests = new List<SlaDayDigest>();
        var toBuild = new List<DateOnly>();
        DateOnly lastDay = ReportDays.DayOf(now);
        for (DateOnly day = first; day < beyond && day <= lastDay; day = day.AddDays(1))
        {
            if (stored.TryGetValue(day, out TableEntity? row) && Current(row) is { } digest)
            {
                digests.Add(digest);
            }
            else
            {
                toBuild.Add(day);
            }
        }

        foreach (IGrouping<string, DateOnly> month in toBuild.GroupBy(ReportDays.MonthKey, StringComparer.Ordinal))
        {
            DateOnly earliest = month.Min();
            DateOnly latest = month.Max();
            (List<TicketFact> tickets, List<ClockFact> clocks) = await ReadFactsAsync(
                table, TableClient.CreateQueryFilter($"PartitionKey eq {"m-" + month.Key} and At ge {ReportDays.StartOf(earliest)} and At lt {ReportDays.StartOf(latest.AddDays(1))}"), cancellationToken).ConfigureAwait(false);
            var storable = new List<TableTransactionAction>();
            foreach (DateOnly day in month)
            {
                SlaDayDigest digest = SlaDayDigest.Of(day, tickets, clocks);
                digests.Add(digest);
                if (now >= ReportDays.StartOf(day.AddDays(1)) + DayClosingMargin && ToParts(digest) is { } parts)
                {
                    storable.Add(stored.TryGetValue(day, out TableEntity? row)
                        ? new TableTransactionAction(TableTransactionActionType.UpdateMerge, DigestEntity(day, row.GetString("Stamp") ?? string.Empty, parts), row.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Add, DigestEntity(day, string.Empty, parts)));
                }
            }

            await StoreAsync(table, storable, cancellationToken).ConfigureAwait(false);
        }

        return [.. digests.OrderBy(d => d.Day)];
    }

    public async Task<(IReadOnlyList<TicketFact> Tickets, IReadOnlyList<ClockFact> Clocks)> TenantFactsAsync(
        string tenant, DateTimeOffset start, DateTimeOffset before, CancellationToken cancellationToken)
    {
        TableClient table = await this.TableAsync(cancellationToken).ConfigureAwait(false);
        var tickets = new List<TicketFact>();
        var clocks = new List<ClockFact>();
        for (DateOnly month = new(start.UtcDateTime.Year, start.UtcDateTime.Month, 1); ReportDays.StartOf(month) < before; month = month.AddMonths(1))
        {
            (List<TicketFact> t, List<ClockFact> c) = await ReadFactsAsync(
                table, TableClient.CreateQueryFilter($"PartitionKey eq {"m-" + ReportDays.MonthKey(month)} and RowKey ge {tenant + "~"} and RowKey lt {tenant + "\u007f"}"), cancellationToken).ConfigureAwait(false);
            tickets.AddRange(t.Where(f => f.CreatedAt >= start && f.CreatedAt < before));
            clocks.AddRange(c.Where(f => f.StartedAt >= start && f.StartedAt < before));
        }

        // A clock of a ticket opened before the period: its ticket's fact is in the month the ticket opened.
        foreach (ClockFact orphan in clocks.Where(c => !tickets.Any(t => t.TicketId == c.TicketId)).DistinctBy(c => c.TicketId).ToArray())
        {
            NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(
                "m-" + ReportDays.MonthKey(orphan.TicketOpenedAt), RowKeyOf(tenant, orphan.TicketId, TicketPart), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (row.HasValue)
            {
                tickets.Add(ToTicketFact(row.Value!));
            }
        }

        return (tickets, clocks);
    }

    /// <summary>A ticket fact as its row (also how a benchmark seeds history in batches).</summary>
    public static TableEntity ToEntity(TicketFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return new TableEntity("m-" + ReportDays.MonthKey(fact.CreatedAt), RowKeyOf(fact.Tenant, fact.TicketId, TicketPart))
        {
            ["Kind"] = TicketPart,
            ["TicketId"] = fact.TicketId,
            ["Tenant"] = fact.Tenant,
            ["Plan"] = WireNames.Of(fact.Plan),
            ["Severity"] = WireNames.Of(fact.Severity),
            ["Region"] = WireNames.Of(fact.Region),
            ["Subject"] = fact.Subject,
            ["At"] = fact.CreatedAt,
            ["ClosedAt"] = fact.ClosedAt,
            ["Incident"] = fact.Incident,
        };
    }

    /// <summary>A clock fact as its row.</summary>
    public static TableEntity ToEntity(ClockFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return new TableEntity("m-" + ReportDays.MonthKey(fact.StartedAt), RowKeyOf(fact.Tenant, fact.TicketId, fact.ClockId))
        {
            ["Kind"] = WireNames.Of(fact.Kind),
            ["TicketId"] = fact.TicketId,
            ["TicketOpenedAt"] = fact.TicketOpenedAt,
            ["ClockId"] = fact.ClockId,
            ["Tenant"] = fact.Tenant,
            ["Plan"] = WireNames.Of(fact.Plan),
            ["Severity"] = WireNames.Of(fact.Severity),
            ["Region"] = WireNames.Of(fact.Region),
            ["At"] = fact.StartedAt,
            ["TargetSeconds"] = (long)fact.Target.TotalSeconds,
            ["DueAt"] = fact.DueAt,
            ["AnsweredAt"] = fact.AnsweredAt,
            ["Outcome"] = WireNames.Of(fact.Outcome),
            ["ResponseSeconds"] = fact.ResponseTime is { } r ? (long)r.TotalSeconds : null,
            ["Incident"] = fact.Incident,
        };
    }

    static string RowKeyOf(string tenant, string ticketId, string part) => $"{tenant}~{ticketId}~{part}";

    static async Task<(List<TicketFact>, List<ClockFact>)> ReadFactsAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var tickets = new List<TicketFact>();
        var clocks = new List<ClockFact>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString("Kind") == TicketPart)
            {
                tickets.Add(ToTicketFact(row));
            }
            else
            {
                clocks.Add(ToClockFact(row));
            }
        }

        return (tickets, clocks);
    }

    static TicketFact ToTicketFact(TableEntity row) => new(
        row.GetString("TicketId"), row.GetString("Tenant"), WireNames.Parse<SupportPlan>(row.GetString("Plan")), WireNames.Parse<Severity>(row.GetString("Severity")),
        WireNames.Parse<Region>(row.GetString("Region")), row.GetString("Subject") ?? string.Empty, row.GetDateTimeOffset("At")!.Value,
        row.GetDateTimeOffset("ClosedAt"), NullIfEmpty(row.GetString("Incident")));

    static ClockFact ToClockFact(TableEntity row) => new(
        row.GetString("TicketId"), row.GetDateTimeOffset("TicketOpenedAt")!.Value, row.GetString("ClockId"), row.GetString("Tenant"),
        WireNames.Parse<SupportPlan>(row.GetString("Plan")), WireNames.Parse<Severity>(row.GetString("Severity")), WireNames.Parse<Region>(row.GetString("Region")),
        WireNames.Parse<SlaClockKind>(row.GetString("Kind")), row.GetDateTimeOffset("At")!.Value, TimeSpan.FromSeconds(row.GetInt64("TargetSeconds") ?? 0),
        row.GetDateTimeOffset("DueAt"), row.GetDateTimeOffset("AnsweredAt"), WireNames.Parse<SlaOutcome>(row.GetString("Outcome")),
        row.GetInt64("ResponseSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : null, NullIfEmpty(row.GetString("Incident")));

    static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The row's digest if it was built at the row's current stamp and reads back.</summary>
    static SlaDayDigest? Current(TableEntity row)
    {
        if ((row.GetString("Stamp") ?? string.Empty) != (row.GetString("DigestStamp") ?? "?") || row.GetInt32("Parts") is not { } count)
        {
            return null;
        }

        try
        {
            return SlaDayDigest.Decode(string.Concat(Enumerable.Range(0, count).Select(i => row.GetString("Part" + i.ToString(CultureInfo.InvariantCulture)))));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    static string[]? ToParts(SlaDayDigest digest)
    {
        string text = digest.Encode();
        // A day too large for one entity (an outage of tens of thousands of tickets) is built on every read instead.
        return text.Length > PartLength * MaxParts ? null : [.. text.Chunk(PartLength).Select(c => new string(c))];
    }

    static TableEntity DigestEntity(DateOnly day, string stamp, string[] parts)
    {
        var entity = new TableEntity(DigestPartition, ReportDays.DayKey(day)) { ["Stamp"] = stamp, ["DigestStamp"] = stamp, ["Parts"] = parts.Length };
        for (int i = 0; i < parts.Length; i++)
        {
            entity["Part" + i.ToString(CultureInfo.InvariantCulture)] = parts[i];
        }

        return entity;
    }

    /// <summary>Stores the built digests in one transaction (at most a month); if any row changed meanwhile, none is stored and the next read builds again.</summary>
    static async Task StoreAsync(TableClient table, List<TableTransactionAction> digests, CancellationToken cancellationToken)
    {
        if (digests.Count == 0)
        {
            return;
        }

        try
        {
            await table.SubmitTransactionAsync(digests, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // A fact was written meanwhile (409, 412), or the month's digests are too large for one transaction: what was
            // built is answered this once, not kept.
        }
    }

    Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetAsync(options.Value.SlaReportsTable, cancellationToken);
}
