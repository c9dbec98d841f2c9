using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Support.Desk.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// Faults under load on the local host with its own Azurite: storage stopped and restarted, then the host
/// killed and restarted, while clients keep submitting and retrying with their idempotency keys. Nothing
/// acknowledged may be lost, duplicated or left off its SLA shard's schedule without its one confirmation email.
/// In the Azurite collection (though it runs its own Azurite) so its three processes never compete with the
/// timing-sensitive escalation tests for the CPU.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class FaultToleranceTests(ITestOutputHelper output)
{
    const int Workers = 3;
    static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(400);

    sealed record Attempt(string Key, DateTime SentAt, int? Status, string? Failure);

    [Fact]
    public async Task SubmissionsWhileStorageAndHostFail_EveryAcknowledgedTicketIsStoredRunningAndConfirmedOnce_FailuresAre5xx()
    {
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync();
        var settings = new DeskSettings(azurite);
        int port = FreePorts.Next(), sidecarPort = FreePorts.Next();
        LocalHostProcess? host = await LocalHostProcess.StartAsync(settings, port, sidecarPort);
        try
        {
            var attempts = new ConcurrentQueue<Attempt>();
            var acknowledged = new ConcurrentDictionary<string, string>();
            using var submitting = new CancellationTokenSource();
            using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Add("x-functions-key", DeskSettings.FunctionKey);
            DateTime giveUpAt = DateTime.MaxValue;

            // A client that retries a failed submission with the same key until it is acknowledged.
            async Task SubmitUntilAcknowledgedAsync(string key)
            {
                string body = TicketRequests.Json(subject: $"Fault test {key}");
                while (DateTime.UtcNow < giveUpAt)
                {
                    DateTime sentAt = DateTime.UtcNow;
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                        request.Headers.Add("Idempotency-Key", key);
                        using HttpResponseMessage response = await client.SendAsync(request);
                        attempts.Enqueue(new Attempt(key, sentAt, (int)response.StatusCode, null));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[key] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
                            return;
                        }

                        if ((int)response.StatusCode < 500)
                        {
                            return; // recorded; asserted below
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        attempts.Enqueue(new Attempt(key, sentAt, null, ex.GetType().Name));
                    }

                    await Task.Delay(250);
                }
            }

            async Task WorkerAsync(int worker)
            {
                for (int n = 0; !submitting.IsCancellationRequested; n++)
                {
                    await SubmitUntilAcknowledgedAsync($"fault-{worker}-{n}");
                    await Task.Delay(Pace);
                }
            }

            Task load = Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkerAsync(w))));
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(4));
            await azurite.StopAsync();
            DateTime storageDownFrom = DateTime.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(10));
            DateTime storageDownUntil = DateTime.UtcNow;
            await azurite.RestartAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await host.KillAsync();
            await host.DisposeAsync();
            host = null;
            await Task.Delay(TimeSpan.FromSeconds(2));
            host = await LocalHostProcess.StartAsync(settings, port, sidecarPort);
            await Task.Delay(TimeSpan.FromSeconds(4));
            submitting.Cancel();
            giveUpAt = DateTime.UtcNow.AddSeconds(60);
            await load;
            output.WriteLine($"Load ran {clock.Elapsed.TotalSeconds:0} s.");

            Attempt[] all = [.. attempts];
            string[] keys = [.. all.Select(a => a.Key).Distinct()];
            int created = all.Count(a => a.Status == 201);
            int unavailable = all.Count(a => a.Status == 503);
            int otherServerErrors = all.Count(a => a.Status is >= 500 and not 503);
            int transport = all.Count(a => a.Status is null);
            int sentWhileStorageDown = all.Count(a => a.SentAt >= storageDownFrom && a.SentAt < storageDownUntil);
            string[] clientErrors = [.. all.Where(a => a.Status is >= 400 and < 500).Select(a => $"{a.Key}: {a.Status}")];
            TestReport.Write($"Fault test: {keys.Length} submissions in {all.Length} requests ({sentWhileStorageDown} sent while storage was down): {created} x 201, {unavailable} x 503, " +
                $"{otherServerErrors} other 5xx, {transport} transport failures while the host was down, {clientErrors.Length} 4xx.");

            // Every failure was the server's (5xx) or the dead host's (no answer); the faults really happened.
            Assert.Empty(clientErrors);
            // Whether a request sent during the outage fails (503) or waits out the outage in the storage client's
            // retries depends on timing; either is right. That requests met the outage is what must hold.
            Assert.True(sentWhileStorageDown > 0, "no request was sent while storage was down");
            Assert.True(transport > 0, "the host kill produced no failed connection");

            // Every client that kept retrying got its ticket; one ticket per key.
            Assert.Equal(keys.Order(), acknowledged.Keys.Order());
            Assert.Equal(acknowledged.Count, acknowledged.Values.Distinct().Count());

            // Nothing half-written: the desk's table holds exactly the acknowledged tickets.
            var tickets = new TableClient(azurite.ConnectionString, settings.Values["Storage:TicketsTable"]);
            string[] stored = [.. (await tickets.QueryAsync<TableEntity>(e => e.RowKey == "ticket", select: ["PartitionKey"]).CollectAsync()).Select(e => e.PartitionKey)];
            Assert.Equal(acknowledged.Values.Order(), stored.Order());

            // Each is on its shard's schedule (written before the ticket itself) and has had its one confirmation email.
            var schedule = new TableClient(azurite.ConnectionString, settings.Values["Storage:OpenTicketsTable"]);
            var repair = Stopwatch.StartNew();
            string waitingOn = string.Empty;
            try
            {
                await Eventually.GetAsync(
                    async () =>
                    {
                        HashSet<string> scheduled = [.. (await schedule.QueryAsync<TableEntity>(select: ["RowKey"]).CollectAsync()).Select(e => e.RowKey)];
                        foreach (string ticketId in acknowledged.Values)
                        {
                            if (!scheduled.Contains(ticketId) || !settings.MailKinds(ticketId).Contains("confirmation"))
                            {
                                waitingOn = $"{ticketId}: {(scheduled.Contains(ticketId) ? "scheduled" : "not scheduled")}, emails [{string.Join(", ", settings.MailKinds(ticketId))}]";
                                return null;
                            }
                        }

                        return "all scheduled and confirmed";
                    },
                    TimeSpan.FromSeconds(120),
                    "every acknowledged ticket scheduled and its confirmation sent");
            }
            catch (TimeoutException)
            {
                string ticketId = waitingOn[..18];
                JsonElement ticket = await host.Client.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticketId}");
                string timeline = string.Join(", ", ticket.GetProperty("timeline").EnumerateArray().Select(e => $"{e.GetProperty("kind").GetString()}@{e.GetProperty("at").GetDateTimeOffset():HH:mm:ss.fff}"));
                throw new TimeoutException($"Still waiting on {waitingOn}; timeline {timeline}; host output:{Environment.NewLine}{host.Output}");
            }

            Assert.All(acknowledged.Values, ticketId => Assert.Single(settings.MailKinds(ticketId), kind => kind == "confirmation"));
            TestReport.Write($"Fault test: verified {acknowledged.Count} tickets after {repair.Elapsed.TotalSeconds:0} s: stored once, scheduled, exactly one confirmation email each.");
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
    }
}
