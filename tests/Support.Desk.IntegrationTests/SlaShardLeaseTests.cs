using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application.Sla;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// A shard's run holds its lease on Azurite: the copy the durable engine hands out while the first still runs (a run
/// that outlived its message's visibility timeout) leaves the shard alone, and a run whose lease was taken stops.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class SlaShardLeaseTests(AzuriteFixture azurite)
{
    static async Task<TableEntity?> StateAsync(TableClient open, int shard)
    {
        try
        {
            NullableResponse<TableEntity> row = await open.GetEntityIfExistsAsync<TableEntity>("shards", shard.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return row.HasValue ? row.Value : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The table is created by the run's first write.
            return null;
        }
    }

    [Fact]
    public async Task RunHandedOutTwice_FindsTheLeaseHeldAndReturnsAtOnce_WhileTheFirstRunsToItsEnd()
    {
        var settings = new DeskSettings(azurite).With("SlaScheduler:RunFor", "00:00:04");
        await using ServiceProvider desk = DeskServices.Create(settings);
        var runner = desk.GetRequiredService<SlaShardRunner>();
        var open = new TableClient(azurite.ConnectionString, settings.Values["Storage:OpenTicketsTable"]);

        Task<SlaShardRunSummary> first = runner.RunAsync(2, CancellationToken.None);
        await Eventually.GetAsync(async () => (await StateAsync(open, 2))?.GetString("Owner"), TimeSpan.FromSeconds(10), "the first run's lease");
        var copy = Stopwatch.StartNew();
        SlaShardRunSummary second = await runner.RunAsync(2, CancellationToken.None);
        copy.Stop();
        SlaShardRunSummary firstDone = await first;

        Assert.Equal(SlaShardNext.LeaseHeld, second.Next);
        Assert.True(copy.Elapsed < TimeSpan.FromSeconds(2), $"the copy returned after {copy.Elapsed}");
        Assert.True(second.NextRunAt > DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5));
        Assert.NotEqual(SlaShardNext.LeaseHeld, firstDone.Next);
        Assert.Null((await StateAsync(open, 2))!.GetString("Owner"));
    }

    [Fact]
    public async Task RunWhoseLeaseAnotherRunTook_StopsAtItsNextRenewal()
    {
        var settings = new DeskSettings(azurite).With("SlaScheduler:RunFor", "00:00:20");
        await using ServiceProvider desk = DeskServices.Create(settings);
        var runner = desk.GetRequiredService<SlaShardRunner>();
        var open = new TableClient(azurite.ConnectionString, settings.Values["Storage:OpenTicketsTable"]);
        var elapsed = Stopwatch.StartNew();
        Task<SlaShardRunSummary> run = runner.RunAsync(1, CancellationToken.None);
        TableEntity state = await Eventually.GetAsync(async () => await StateAsync(open, 1) is { } s && s.GetString("Owner") is not null ? s : null, TimeSpan.FromSeconds(10), "the run's lease");

        // Another run takes the shard (as after this one's lease had lapsed under a stalled store).
        state["Owner"] = "other-run";
        state["LeaseUntil"] = DateTimeOffset.UtcNow.AddMinutes(1);
        await open.UpdateEntityAsync(state, state.ETag, TableUpdateMode.Replace);
        SlaShardRunSummary summary = await run;

        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(12), $"the run went on for {elapsed.Elapsed} after losing its lease");
        Assert.Equal("other-run", (await StateAsync(open, 1))!.GetString("Owner"));
        Assert.Equal(SlaShardNext.RunAgain, summary.Next);
    }
}
