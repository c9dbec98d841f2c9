using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Benchmarks.Harness;
using Support.Desk.Benchmarks.Results;
using Support.Desk.Status;
using Support.Desk.Testing;
using Support.Desk.Hosting;

namespace Support.Desk.Benchmarks.Scenarios;

/// <summary>
/// One poll cycle of the three regional status pages (real HTTP pages on 127.0.0.1, state in Azurite): when nothing
/// changed, and when a region goes into a major incident and out again (each change writes the state and its history
/// and emails staff the region's open tickets). Timed in process, storage requests counted in Azurite's log.
/// </summary>
public static class StatusPollScenario
{
    const int Cycles = 20;
    const int OpenTicketsInRegion = 200;

    public static async Task<ScenarioResult> RunAsync(BenchContext context)
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        string log = Path.Combine(context.WorkDirectory, "azurite-status.log");
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(log);
        await using FakeStatusPages pages = await FakeStatusPages.StartAsync();
        DeskSettings settings = BenchDesk.WithBenchCustomer(new DeskSettings(azurite));
        foreach (string region in new[] { "us", "eu", "au" })
        {
            settings.With($"StatusPages:Regions:{region}:Url", pages.Url(region).ToString());
            pages.Serve(region, "operational.json");
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSupportDesk(new ConfigurationBuilder().AddInMemoryCollection(settings.Values).Build());
        await using ServiceProvider provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<StatusMonitor>();
        await OpenTicketSeeder.SeedAsync(provider, OpenTicketsInRegion);

        // First poll: the regions' rows are created; not part of either figure.
        await monitor.PollAllAsync(CancellationToken.None);

        context.Log("status-poll: unchanged and changed cycles");
        (double[] unchanged, double unchangedRequests) = await CyclesAsync(log, () => monitor.PollAllAsync(CancellationToken.None));
        bool major = false;
        (double[] changed, double changedRequests) = await CyclesAsync(log, () =>
        {
            major = !major;
            pages.Serve("us", major ? "major-incident.json" : "operational.json");
            return monitor.PollAllAsync(CancellationToken.None);
        });
        int outageEmails = Directory.GetFiles(settings.MailDirectory, "*.eml").Length;

        // References: one bare page fetch and one bare table point read, the two things a cycle cannot avoid.
        using var http = new HttpClient();
        double[] fetch = await TimeAsync(() => http.GetStringAsync(pages.Url("us")));
        var table = new TableClient(azurite.ConnectionString, "BareRead");
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r"));
        double[] read = await TimeAsync(() => table.GetEntityAsync<TableEntity>("p", "r"));
        Directory.Delete(settings.MailDirectory, recursive: true);

        double? P50(double[] v) => Statistics.Round(Statistics.Percentile(v, 50), 2);
        return new ScenarioResult(
            "status-poll",
            "One status poll cycle (three regions)",
            $"{Cycles} cycles each, in process against pages served on 127.0.0.1 and Azurite; {OpenTicketsInRegion} open tickets in the region that changes. " +
            $"Changed cycles alternate us between a major incident and operational ({outageEmails} staff emails sent).",
            (DateTimeOffset.UtcNow - started).TotalSeconds,
            [
                new("unchanged-p50", "Unchanged: cycle time p50", P50(unchanged), "ms", new Reference("one bare page fetch", P50(fetch))),
                new("unchanged-max", "Unchanged: cycle time max", Statistics.Round(Statistics.Max(unchanged), 2), "ms"),
                new("unchanged-requests", "Unchanged: storage requests per cycle", Statistics.Round(unchangedRequests, 1), "requests", new Reference("none needed", 0)),
                new("changed-p50", "Changed: cycle time p50", P50(changed), "ms", new Reference("one bare table read", P50(read))),
                new("changed-max", "Changed: cycle time max", Statistics.Round(Statistics.Max(changed), 2), "ms"),
                new("changed-requests", "Changed: storage requests per cycle", Statistics.Round(changedRequests, 1), "requests"),
            ]);
    }

    static async Task<(double[] Milliseconds, double RequestsPerCycle)> CyclesAsync(string log, Func<Task> cycle)
    {
        DateTimeOffset from = DateTimeOffset.UtcNow;
        double[] times = await TimeAsync(cycle);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        DateTimeOffset to = DateTimeOffset.UtcNow;
        int requests = StorageRequests.Read(log).Count(r => r.At >= from && r.At < to);
        return (times, (double)requests / Cycles);
    }

    static async Task<double[]> TimeAsync(Func<Task> action)
    {
        var times = new double[Cycles];
        for (int i = 0; i < Cycles; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return times;
    }
}
