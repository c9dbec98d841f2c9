using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Queue;
using Support.Desk.Benchmarks.Harness;
using Support.Desk.Benchmarks.Results;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Queue;
using Support.Desk.Hosting;
using Support.Desk.Hosting.Storage;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Scenarios;

/// <summary>
/// The staff queue's first page with 10,000 open tickets in storage (mixed tenants, severities and tiers, some clocks
/// paused): the unfiltered first page, a filter that matches one ticket in a hundred, and the second page, each read
/// through the application (index range read plus a point read per ticket on the page) against Azurite.
/// </summary>
public static class StaffQueueScenario
{
    const int OpenTickets = 10_000;
    const int Reads = 20;
    const int PageSize = StaffQueue.DefaultPageSize;
    static readonly string[] Tenants = ["bench", "acme-prod", "globex"];

    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        string log = Path.Combine(context.WorkDirectory, "azurite-queue.log");
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(log);
        DeskSettings settings = BenchDesk.WithBenchCustomer(new DeskSettings(azurite)).With("Customers:rare:Plan", "platinum")
            .With("Customers:rare:Region", "eu").With("Customers:rare:TimeZone", "Europe/Berlin");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSupportDesk(new ConfigurationBuilder().AddInMemoryCollection(settings.Values).Build());
        await using ServiceProvider provider = services.BuildServiceProvider();

        context.Log($"queue: seeding {OpenTickets} open tickets");
        long seeding = Stopwatch.GetTimestamp();
        await SeedAsync(provider, azurite.ConnectionString, settings.Values["Storage:StaffQueueTable"]!);
        context.Log($"queue: seeded in {Stopwatch.GetElapsedTime(seeding).TotalSeconds:0.0} s");

        StaffQueue queue = provider.GetRequiredService<StaffQueue>();
        Caller staff = Caller.ForStaff(new StaffMember(DeskSettings.StaffName, "bench"));
        async Task<QueuePage> Read(QueueFilter filter, string? continuation) =>
            ((QueueResult.Listed)await queue.ListAsync(staff, filter, continuation, PageSize, CancellationToken.None)).Page;

        QueuePage first = await Read(new QueueFilter(), null);
        (double[] firstPage, Func<double> firstRequests) = await TimeAsync(azurite, log, () => Read(new QueueFilter(), null));
        (double[] rare, Func<double> rareRequests) = await TimeAsync(azurite, log, () => Read(new QueueFilter(Tenant: "rare"), null));
        (double[] second, Func<double> secondRequests) = await TimeAsync(azurite, log, () => Read(new QueueFilter(), first.Continuation));
        QueuePage rarePage = await Read(new QueueFilter(Tenant: "rare"), null);

        // Reference: the same range read of 50 rows from the index table, without the point reads.
        var table = new TableClient(azurite.ConnectionString, settings.Values["Storage:StaffQueueTable"]);
        (double[] bare, _) = await TimeAsync(azurite, log, async () =>
        {
            await foreach (Azure.Page<TableEntity> page in table.QueryAsync<TableEntity>("PartitionKey eq 'open'", maxPerPage: PageSize).AsPages())
            {
                break;
            }
        });
        SlaPolicy policy = provider.GetRequiredService<SlaPolicy>();
        bool ordered = first.Rows.Zip(first.Rows.Skip(1)).All(p =>
            string.CompareOrdinal(QueueEntry.SortKeyOf(p.First.Ticket, policy), QueueEntry.SortKeyOf(p.Second.Ticket, policy)) < 0);

        await Task.Delay(TimeSpan.FromSeconds(2));
        double? P(double[] v, double p) => Statistics.Round(Statistics.Percentile(v, p), 1);
        return new ScenarioResult(
            "queue",
            "Staff queue: first page with 10,000 open tickets",
            $"{OpenTickets} open tickets seeded through the desk's own store and queue (3 tenants, every severity, a fifth with paused clocks, 100 of tenant 'rare'); " +
            $"{Reads} reads of each page of {PageSize} in process against Azurite. First page in deadline order: {(ordered ? "yes" : "NO")}; the filtered page had {rarePage.Rows.Count} rows.",
            (DateTimeOffset.UtcNow - started).TotalSeconds,
            [
                new("first-page-p50", "First page: p50", P(firstPage, 50), "ms", new Reference("bare range read of 50 index rows", P(bare, 50))),
                new("first-page-p95", "First page: p95", P(firstPage, 95), "ms", Target: new Target("<=", 500)),
                new("first-page-requests", "First page: storage requests", Statistics.Round(firstRequests(), 1), "requests", new Reference("1 range read + 1 point read per row", 1 + PageSize)),
                new("filtered-p50", "Filter matching 1 % (tenant): p50", P(rare, 50), "ms"),
                new("filtered-requests", "Filter matching 1 %: storage requests", Statistics.Round(rareRequests(), 1), "requests"),
                new("second-page-p50", "Second page (continuation): p50", P(second, 50), "ms"),
                new("second-page-requests", "Second page: storage requests", Statistics.Round(secondRequests(), 1), "requests"),
            ]);
    }

    /// <summary>
    /// Tickets as intake stores them (a ticket row each, through the desk's store), with deadlines over the last hour
    /// and the next day, and their queue rows as the desk writes them, sent in batches of 100 to keep seeding short.
    /// </summary>
    static async Task SeedAsync(IServiceProvider services, string connectionString, string queueTable)
    {
        var store = services.GetRequiredService<ITicketStore>();
        var policy = services.GetRequiredService<SlaPolicy>();
        var directory = services.GetRequiredService<ICustomerDirectory>();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Severity[] severities = Enum.GetValues<Severity>();
        var rows = new System.Collections.Concurrent.ConcurrentBag<TableEntity>();
        await Parallel.ForEachAsync(Enumerable.Range(0, OpenTickets), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            string tenant = i % 100 == 7 ? "rare" : Tenants[i % Tenants.Length];
            Severity severity = severities[i % severities.Length];
            using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(tenant: tenant, severity: WireNames.Of(severity), subject: $"Queue ticket {i}"));
            DateTimeOffset created = now.AddSeconds(-(i * 7 % 3600));
            (TicketSubmission? submission, Customer? customer, _) = TicketSubmissionReader.Read(body.RootElement, directory.Find, created);
            string id = TicketIds.NewRandom();
            var ticket = new Ticket(id, TicketStatus.Open, created, customer!.Plan, customer.Region, customer.TimeZone.Id, severity, null,
                submission!, null, TicketIntake.Fingerprint(submission!), TicketCommitments.Start(id, created));
            if (i % 5 == 4)
            {
                ticket = TicketLifecycle.Respond(ticket, ResponseKind.RequestInfo, DeskSettings.StaffName, "Which browser?", created.AddMinutes(1)).Ticket!;
            }

            rows.Add(TableStaffQueueIndex.ToEntity(QueueEntry.Of(ticket, policy, created)));
            await store.CreateAsync(ticket, [TicketEvent.Create(created, TicketEventKind.Submitted, submission!.Requester.Email, "Seeded.")], ct);
        });

        var table = new TableClient(connectionString, queueTable);
        await table.CreateIfNotExistsAsync();
        await Parallel.ForEachAsync(rows.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct));
    }

    /// <summary>
    /// Times the reads and counts their storage requests: those Azurite logged between two marker requests (reads of
    /// tables that do not exist, named for this window), so the count does not depend on when Azurite writes its log.
    /// </summary>
    static async Task<(double[] Milliseconds, Func<double> RequestsPerRead)> TimeAsync(AzuriteProcess azurite, string log, Func<Task> read)
    {
        string window = "mark" + Guid.NewGuid().ToString("N")[..12];
        await MarkAsync(azurite, window + "start");
        var times = new double[Reads];
        for (int i = 0; i < Reads; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await read();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        await MarkAsync(azurite, window + "end");
        return (times, () =>
        {
            IReadOnlyList<StorageRequest> requests = StorageRequests.Read(log);
            int from = requests.ToList().FindIndex(r => r.Resource == window + "start");
            int to = requests.ToList().FindIndex(r => r.Resource == window + "end");
            return from < 0 || to < 0 ? double.NaN : (double)(to - from - 1) / Reads;
        });
    }

    static async Task MarkAsync(AzuriteProcess azurite, string table)
    {
        try
        {
            await new TableClient(azurite.ConnectionString, table).GetEntityIfExistsAsync<TableEntity>("mark", "mark");
        }
        catch (Azure.RequestFailedException)
        {
            // The table does not exist: the request is in the log, which is all a marker is for.
        }
    }
}
