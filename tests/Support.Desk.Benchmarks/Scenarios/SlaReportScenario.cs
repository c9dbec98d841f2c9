using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application.Reports;
using Support.Desk.Benchmarks.Harness;
using Support.Desk.Benchmarks.Results;
using Support.Desk.Domain;
using Support.Desk.Domain.Reports;
using Support.Desk.Hosting;
using Support.Desk.Hosting.Storage;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Scenarios;

/// <summary>
/// SLA reports over a year of history: 100,000 closed tickets of 200 tenants spread over the last 365 days (a first
/// response each, a next response on a third, some missed), written as the shards write their facts. Then the staff
/// report for the year (the first one builds and stores the day digests; later ones read them) and one customer's
/// report for last month, through the application against Azurite, with the storage requests each costs.
/// </summary>
public static class SlaReportScenario
{
    const int Tickets = 100_000;
    const int TenantCount = 200;
    const int Reads = 10;

    /// <summary>A customer of the directory, in a zone other than UTC, whose month is measured.</summary>
    const string MeasuredTenant = "tenant-007";

    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        string log = Path.Combine(context.WorkDirectory, "azurite-reports.log");
        // In memory: on disk Azurite re-saves its whole database every 5 s, which with a year of facts stalls every request
        // (the emulator's cost, not Table Storage's), and seeding alone took 15 minutes.
        AzuriteProcess.InMemory = true;
        AzuriteProcess azuriteProcess;
        try
        {
            azuriteProcess = await AzuriteProcess.StartAsync(log);
        }
        finally
        {
            AzuriteProcess.InMemory = false;
        }

        await using AzuriteProcess azurite = azuriteProcess;
        DeskSettings settings = BenchDesk.WithBenchCustomer(new DeskSettings(azurite))
            .With($"Customers:{MeasuredTenant}:Plan", "platinum").With($"Customers:{MeasuredTenant}:Region", "eu")
            .With($"Customers:{MeasuredTenant}:TimeZone", "Europe/Berlin");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSupportDesk(new ConfigurationBuilder().AddInMemoryCollection(settings.Values).Build());
        await using ServiceProvider provider = services.BuildServiceProvider();
        var reports = provider.GetRequiredService<SlaReportQueries>();
        var table = new TableClient(azurite.ConnectionString, settings.Values["Storage:SlaReportsTable"]);
        await table.CreateIfNotExistsAsync();

        DateTimeOffset now = DateTimeOffset.UtcNow;
        context.Log($"reports: seeding {Tickets:N0} closed tickets over a year");
        long seeding = Stopwatch.GetTimestamp();
        (int facts, int missed) = await SeedAsync(table, now);
        double seedSeconds = Stopwatch.GetElapsedTime(seeding).TotalSeconds;
        context.Log($"reports: seeded {facts:N0} facts in {seedSeconds:0} s");

        DateOnly today = ReportDays.DayOf(now);
        DateOnly from = today.AddDays(-364);
        DateOnly to = today.AddDays(1);
        long cold = Stopwatch.GetTimestamp();
        StaffSlaReport first = await reports.StaffAsync(from, to, CancellationToken.None);
        double coldSeconds = Stopwatch.GetElapsedTime(cold).TotalSeconds;
        context.Log($"reports: first year report (digests built) in {coldSeconds:0.0} s");

        // One untimed read from the stored digests (the first run built them from facts instead, and never decoded one).
        await reports.StaffAsync(from, to, CancellationToken.None);
        (double[] year, Func<double> yearRequests) = await TimeAsync(azurite, log, () => reports.StaffAsync(from, to, CancellationToken.None));
        DateTimeOffset lastMonth = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).AddMonths(-1);
        CustomerSlaReport? month = await reports.CustomerAsync(MeasuredTenant, lastMonth.Year, lastMonth.Month, CancellationToken.None);
        (double[] customer, Func<double> customerRequests) = await TimeAsync(azurite, log, () => reports.CustomerAsync(MeasuredTenant, lastMonth.Year, lastMonth.Month, CancellationToken.None));

        // Reference: the bare range read of the year's digest rows, without decoding or figures.
        (double[] bare, _) = await TimeAsync(azurite, log, async () =>
        {
            await foreach (TableEntity _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"digest"} and RowKey ge {ReportDays.DayKey(from)} and RowKey lt {ReportDays.DayKey(to)}")))
            {
            }
        });

        int settled = first.Total.Met + first.Total.Missed;
        double? P(double[] v, double p) => Statistics.Round(Statistics.Percentile(v, p), 1);
        return new ScenarioResult(
            "sla-reports",
            "SLA reports over a year of history (100,000 closed tickets)",
            $"Azurite in memory. {Tickets:N0} closed tickets of {TenantCount} tenants over the last 365 days, their facts written in batches as the SLA shards write them "
            + $"({facts:N0} rows; {missed:N0} clocks missed); then the staff report for the year and {MeasuredTenant}'s report for last month "
            + $"(Europe/Berlin), each {Reads} times in process against Azurite. The year's report counted {settled:N0} settled clocks and "
            + $"{first.Missed.Count:N0} missed; the month listed {month?.Tickets.Count ?? 0} tickets.",
            (DateTimeOffset.UtcNow - started).TotalSeconds,
            [
                new("seed", "Facts seeded in", Statistics.Round(seedSeconds, 0), "s"),
                new("year-cold", "Staff report for a year, first time (builds and stores 365 day digests)", Statistics.Round(coldSeconds * 1000, 0), "ms"),
                new("year-p50", "Staff report for a year: p50", P(year, 50), "ms", new Reference("bare range read of the year's digest rows", P(bare, 50))),
                new("year-p95", "Staff report for a year: p95", P(year, 95), "ms", Target: Target.AtMost(500)),
                new("year-requests", "Staff report for a year: storage requests", Statistics.Round(yearRequests(), 1), "requests"),
                new("customer-p50", "Customer's report for a month: p50", P(customer, 50), "ms"),
                new("customer-p95", "Customer's report for a month: p95", P(customer, 95), "ms", Target: Target.AtMost(500)),
                new("customer-requests", "Customer's report for a month: storage requests", Statistics.Round(customerRequests(), 1), "requests"),
            ],
            Notes:
            [
                "A day's digest is stored once the day has ended (by 5 minutes) and rebuilt when a fact of that day changes; the year's report reads 365 stored "
                + "digests plus the 365 before (for the backlog's tickets opened earlier) and builds today's from its facts. A customer's month is a row-key "
                + "range of its tenant in one or two month partitions.",
            ]);
    }

    /// <summary>Ticket and clock facts as the shard writes them, in transactions of up to 100 rows of one month partition.</summary>
    static async Task<(int Facts, int Missed)> SeedAsync(TableClient table, DateTimeOffset now)
    {
        var random = new Random(25);
        Severity[] severities = Enum.GetValues<Severity>();
        SupportPlan[] plans = Enum.GetValues<SupportPlan>();
        Region[] regions = Enum.GetValues<Region>();
        var rows = new List<TableEntity>(Tickets * 2);
        int missed = 0;
        for (int i = 0; i < Tickets; i++)
        {
            int tenantIndex = i % TenantCount;
            string tenant = $"tenant-{tenantIndex:D3}";
            SupportPlan plan = tenant == MeasuredTenant ? SupportPlan.Platinum : plans[tenantIndex % plans.Length];
            Severity severity = severities[random.Next(severities.Length)];
            Region region = tenant == MeasuredTenant ? Region.Eu : regions[tenantIndex % regions.Length];
            DateTimeOffset opened = now.AddSeconds(-random.Next(1, 365 * 24 * 3600));
            string id = TicketIds.NewRandom();
            string? incident = i % 50 == 0 ? $"INC-{opened:yyyyMMdd}-01" : null;
            TimeSpan target = TimeSpan.FromHours(severity switch { Severity.Urgent => 1, Severity.High => 4, Severity.Normal => 12, _ => 24 });
            ClockFact Clock(string clockId, SlaClockKind kind, DateTimeOffset start)
            {
                bool late = random.NextDouble() < 0.12;
                TimeSpan response = late ? target * (1 + random.NextDouble()) : target * random.NextDouble();
                missed += late ? 1 : 0;
                return new ClockFact(id, opened, clockId, tenant, plan, severity, region, kind, start, target, start + target, start + response,
                    late ? SlaOutcome.Missed : SlaOutcome.Met, TimeSpan.FromSeconds(Math.Round(response.TotalSeconds)), incident);
            }

            ClockFact firstResponse = Clock("first-response", SlaClockKind.FirstResponse, opened);
            rows.Add(TableSlaReportStore.ToEntity(firstResponse));
            DateTimeOffset closed = firstResponse.AnsweredAt!.Value.AddHours(2);
            if (i % 3 == 0)
            {
                ClockFact next = Clock("next-response-3", SlaClockKind.NextResponse, firstResponse.AnsweredAt!.Value.AddHours(1));
                rows.Add(TableSlaReportStore.ToEntity(next));
                closed = next.AnsweredAt!.Value.AddHours(2);
            }

            rows.Add(TableSlaReportStore.ToEntity(new TicketFact(id, tenant, plan, severity, region, $"Seeded ticket {i}", opened, closed < now ? closed : now, incident)));
        }

        TableTransactionAction[][] batches =
        [
            .. rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal)
                .SelectMany(p => p.DistinctBy(r => r.RowKey).Chunk(100))
                .Select(b => b.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)).ToArray()),
        ];
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
        return (rows.Count, missed);
    }

    /// <summary>Times the reads and counts their storage requests between two marker requests in Azurite's log.</summary>
    static async Task<(double[] Milliseconds, Func<double> RequestsPerRead)> TimeAsync(AzuriteProcess azurite, string log, Func<Task> read)
    {
        string window = "mark" + Guid.NewGuid().ToString("N")[..12];
        await StorageRequests.MarkAsync(azurite.ConnectionString, window + "start");
        var times = new double[Reads];
        for (int i = 0; i < Reads; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await read();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        await StorageRequests.MarkAsync(azurite.ConnectionString, window + "end");
        IReadOnlyList<StorageRequest> requests = await StorageRequests.BetweenMarksAsync(log, window + "start", window + "end", TimeSpan.FromMinutes(2));
        return (times, () => requests.Count / (double)Reads);
    }
}
