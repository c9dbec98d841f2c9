using System.Diagnostics;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace Support.Desk.Benchmarks.Harness;

/// <summary>
/// The reference for intake: the same number of clients inserting ticket-sized entities straight into the same
/// Azurite, one request each. Nothing the desk does can be faster than this.
/// </summary>
public static class BareInsert
{
    public static async Task<(IReadOnlyList<double> LatenciesMs, double Seconds)> RunAsync(string connectionString, int count, int clients)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients });
        var table = new TableClient(connectionString, "BareInsert" + Guid.NewGuid().ToString("N")[..8], new TableClientOptions
        {
            Transport = new HttpClientTransport(http),
        });
        await table.CreateIfNotExistsAsync();
        string description = new('x', 1200);
        var latencies = new double[count];
        int next = -1;
        long started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var entity = new TableEntity(Guid.NewGuid().ToString("N"), "ticket")
                {
                    ["Tenant"] = BenchDesk.Tenant,
                    ["Status"] = "open",
                    ["Subject"] = $"Outage ticket {i}",
                    ["Description"] = description,
                    ["CreatedAt"] = DateTimeOffset.UtcNow,
                };
                long start = Stopwatch.GetTimestamp();
                await table.AddEntityAsync(entity);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        return (latencies, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
