using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Harness;

/// <summary>A ticket as its submitter saw it: the acknowledgement's times and how long the answer took.</summary>
public sealed record SubmittedTicket(string Id, DateTimeOffset CreatedAt, DateTimeOffset FirstResponseDueAt, TimeSpan FirstResponseTarget, double LatencyMs)
{
    /// <summary>When the warning falls due: the clock has run <paramref name="fraction"/> of the target (it runs from due − target).</summary>
    public DateTimeOffset WarningDueAt(double fraction) => this.FirstResponseDueAt - this.FirstResponseTarget * (1 - fraction);
}

/// <summary>What a load of submissions did: the tickets acknowledged, failures, and the wall-clock window.</summary>
public sealed record LoadOutcome(IReadOnlyList<SubmittedTicket> Tickets, int Failures, string? FirstFailure, DateTimeOffset StartedAt, DateTimeOffset FinishedAt)
{
    public double Seconds => (this.FinishedAt - this.StartedAt).TotalSeconds;

    public double PerSecond => this.Tickets.Count / this.Seconds;

    public IReadOnlyList<double> LatenciesMs => [.. this.Tickets.Select(t => t.LatencyMs)];
}

/// <summary>Submits tickets through the intake webhook from a number of concurrent clients, as webhook senders would.</summary>
public static class TicketLoad
{
    /// <param name="description">The ticket's description (default: one short sentence).</param>
    public static async Task<LoadOutcome> SubmitAsync(Uri baseAddress, int count, int clients, string severity = "urgent", string? description = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.Add("x-functions-key", DeskSettings.FunctionKey);

        var tickets = new SubmittedTicket?[count];
        int next = -1, failures = 0;
        string? firstFailure = null;
        DateTimeOffset started = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var json = TicketRequests.Body(tenant: BenchDesk.Tenant, severity: severity, subject: $"Outage ticket {i}");
                if (description is not null)
                {
                    json["description"] = description;
                }

                string body = json.ToJsonString();
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using HttpResponseMessage response = await http.PostAsync("/api/tickets", content);
                    string text = await response.Content.ReadAsStringAsync();
                    double latency = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstFailure, $"{(int)response.StatusCode}: {text}", null);
                        continue;
                    }

                    tickets[i] = Parse(text, latency);
                }
                catch (HttpRequestException ex)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, ex.Message, null);
                }
            }
        }));
        return new LoadOutcome([.. tickets.OfType<SubmittedTicket>()], failures, firstFailure, started, DateTimeOffset.UtcNow);
    }

    static SubmittedTicket Parse(string json, double latencyMs)
    {
        using var document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        JsonElement sla = root.GetProperty("sla");
        return new SubmittedTicket(
            root.GetProperty("ticketId").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(sla.GetProperty("firstResponseDueAt").GetString()!, CultureInfo.InvariantCulture),
            XmlConvert.ToTimeSpan(sla.GetProperty("firstResponseTarget").GetString()!),
            latencyMs);
    }
}
