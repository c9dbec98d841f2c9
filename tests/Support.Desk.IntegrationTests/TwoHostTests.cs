using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// A scaled-out desk: two local host processes on one storage account and one task hub, as two Functions
/// instances run. Customers reach either; every notice goes once, and when the host running the shards is killed
/// the other takes them over. (How the shards' work spreads over the two under load is measured by the benchmark.)
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TwoHostTests(AzuriteFixture azurite)
{
    const int Tickets = 12;

    static async Task<JsonElement> TicketAsync(LocalHostProcess host, string id)
    {
        using HttpResponseMessage response = await host.Client.GetAsync($"/api/tickets/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static DateTimeOffset[] TimesOf(JsonElement ticket, string kind) =>
        [.. ticket.GetProperty("timeline").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == kind).Select(e => e.GetProperty("at").GetDateTimeOffset())];

    /// <summary>The process IDs that have held a shard (a run's lease names its process), read from the shards' state rows.</summary>
    static async Task<HashSet<int>> ShardHoldersAsync(TableClient open)
    {
        var holders = new HashSet<int>();
        await foreach (TableEntity state in open.QueryAsync<TableEntity>(e => e.PartitionKey == "shards"))
        {
            if (state.GetString("Owner") is { } owner && int.TryParse(owner.Split('-')[0], out int pid))
            {
                holders.Add(pid);
            }
        }

        return holders;
    }

    [Fact]
    public async Task TwoHosts_OneStorageAccount_SendEachNoticeOnceAndOnTime_AndTheSurvivorTakesOverTheKilledHostsShards()
    {
        // Warnings at 75 % (45 s) and breaches at 60 s: both after the kill below and the survivor's takeover.
        var settings = new DeskSettings(azurite).With("Sla:Standard:Urgent:Target", "00:01:00");
        var open = new TableClient(azurite.ConnectionString, settings.Values["Storage:OpenTicketsTable"]);
        await using LocalHostProcess first = await LocalHostProcess.StartAsync(settings);
        await using LocalHostProcess second = await LocalHostProcess.StartAsync(settings);

        // Half the customers reach one instance, half the other.
        var due = new Dictionary<string, DateTimeOffset>();
        for (int i = 0; i < Tickets; i++)
        {
            LocalHostProcess host = i % 2 == 0 ? first : second;
            using var body = new StringContent(TicketRequests.Json(severity: "urgent", subject: $"Checkout down {i}"), Encoding.UTF8, "application/json");
            using HttpResponseMessage created = await host.Client.PostAsync("/api/tickets", body);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            JsonElement ack = await created.Content.ReadFromJsonAsync<JsonElement>();
            due[ack.GetProperty("ticketId").GetString()!] = ack.GetProperty("sla").GetProperty("firstResponseDueAt").GetDateTimeOffset();
        }

        // The confirmations go out, from whichever host's runs hold the shards.
        var holders = new HashSet<int>();
        await Eventually.GetAsync(
            async () =>
            {
                holders.UnionWith(await ShardHoldersAsync(open));
                return due.Keys.All(id => settings.MailKinds(id).Contains("confirmation")) ? "confirmed" : null;
            },
            TimeSpan.FromSeconds(30),
            $"every confirmation{Environment.NewLine}{first.Output}{Environment.NewLine}{second.Output}");
        Assert.NotEmpty(holders);
        Assert.Subset(new HashSet<int> { first.ProcessId, second.ProcessId }, holders);

        // Kill a host that ran shards (its runs and its share of the durable engine's partitions go with it).
        LocalHostProcess victim = holders.Contains(first.ProcessId) ? first : second;
        LocalHostProcess survivor = victim == first ? second : first;
        await victim.KillAsync();

        // The survivor sends every warning and breach on time, once, for the tickets of both hosts.
        await Eventually.GetAsync(
            async () =>
            {
                foreach (string id in due.Keys)
                {
                    if (TimesOf(await TicketAsync(survivor, id), "sla-breached").Length == 0)
                    {
                        return null;
                    }
                }

                return "all breached";
            },
            TimeSpan.FromSeconds(90),
            $"every ticket's breach on the surviving host{Environment.NewLine}{survivor.Output}");
        foreach ((string id, DateTimeOffset deadline) in due)
        {
            JsonElement ticket = await TicketAsync(survivor, id);
            DateTimeOffset warned = Assert.Single(TimesOf(ticket, "sla-warning"));
            DateTimeOffset breached = Assert.Single(TimesOf(ticket, "sla-breached"));
            Assert.InRange(warned, deadline.AddSeconds(-15), deadline.AddSeconds(-13));
            Assert.InRange(breached, deadline, deadline.AddSeconds(2));
        }

        await Eventually.GetAsync(
            () => Task.FromResult(due.Keys.All(id => settings.MailKinds(id).Length == 4) ? "sent" : null),
            TimeSpan.FromSeconds(15),
            "every breach email");
        Assert.All(due.Keys, id => Assert.Equal(["confirmation", "sla-breach", "sla-warning", "urgent-ticket"], settings.MailKinds(id)));
    }
}
