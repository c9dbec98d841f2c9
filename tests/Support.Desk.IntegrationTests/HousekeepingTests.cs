using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Hosting.Pages;
using Support.Desk.Hosting.Storage;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// The Support Center's short-lived rows on Azurite over ten days of traffic with the hourly sweep: request and quota
/// counters, used sign-in links, sessions and unconfirmed subscriptions stay bounded by about two days of traffic,
/// confirmed subscriptions and current rows are kept, and rows from before day partitions go once expired.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class HousekeepingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TenDaysOfRequestsLinksSessionsAndSubscriptions_WithTheSweep_StayBoundedByAboutTwoDays()
    {
        DeskSettings settings = new(azurite);
        await using ServiceProvider services = DeskServices.Create(settings);
        var tables = services.GetRequiredService<Tables>();
        IOptions<StorageOptions> options = services.GetRequiredService<IOptions<StorageOptions>>();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var throttle = new TableRequestThrottle(tables, options, clock);
        var ledger = new TableSignInLinkLedger(tables, options);
        var sessions = new TablePageSessionStore(tables, options);
        IStatusSubscriptions subscriptions = services.GetRequiredService<IStatusSubscriptions>();
        var sweep = new ExpiredRowsSweep(tables, options, clock, NullLogger<ExpiredRowsSweep>.Instance);
        TableClient center = await tables.GetAsync(options.Value.SupportCenterTable, CancellationToken.None);
        TableClient subscriptionTable = await tables.GetAsync(options.Value.StatusSubscriptionsTable, CancellationToken.None);

        // Rows as the desk wrote them before day partitions: expired, so the first sweep removes them.
        await center.AddEntityAsync(new TableEntity("throttle-sign-in-address-0123456789abcdef", "0638999999999999999") { ["Count"] = 3, ["Ends"] = clock.GetUtcNow().AddDays(-3) });
        await center.AddEntityAsync(new TableEntity("sign-in-link-0123456789abcdef", "used") { ["Expires"] = clock.GetUtcNow().AddDays(-3) });
        await subscriptions.SaveAsync(new StatusSubscription(Region.Eu, "noc@globex.example", "globex", clock.GetUtcNow(), clock.GetUtcNow()), CancellationToken.None);

        const int PerDay = 12;
        var rowsAfterEachSweep = new List<int>();
        for (int day = 0; day < 10; day++)
        {
            for (int i = 0; i < PerDay; i++)
            {
                Assert.Null(await throttle.TryTakeAsync($"sign-in-client-{day}-{i}", 30, TimeSpan.FromHours(1), CancellationToken.None));
                Assert.Null(await throttle.TryTakeAsync($"quota-bytes-{day}-{i}", 1_000_000, TimeSpan.FromDays(1), CancellationToken.None, amount: 1000));
                Assert.True(await ledger.TryUseAsync($"link-{day}-{i}", clock.GetUtcNow().AddMinutes(15), CancellationToken.None));
                DateTimeOffset now = clock.GetUtcNow();
                await sessions.CreateAsync(new StoredPageSession(DayPartitions.DayOf(now), $"session-{day:D2}-{i:D2}-0123456789", PageSessionKind.Customer,
                    $"person{i}@acme.example", "acme-prod", SignInMethod.EmailLink, null, now, now.AddHours(8), now), CancellationToken.None);
                if (i < 2)
                {
                    await subscriptions.SaveAsync(new StatusSubscription(Region.Us, $"never-confirmed-{day}-{i}@acme.example", "acme-prod", now, null), CancellationToken.None);
                }

                clock.Advance(TimeSpan.FromMinutes(90)); // traffic through the day
            }

            clock.Advance(TimeSpan.FromHours(6));
            await sweep.RunAsync(CancellationToken.None);
            rowsAfterEachSweep.Add(await CountAsync(center));
        }

        // Each day adds 4 rows per request (two counters, a used link, a session). The sweep keeps at most the current
        // day's and, for sessions, the day before's: never more than about two days, however many days go by.
        Assert.All(rowsAfterEachSweep, rows => Assert.InRange(rows, 1, 2 * 4 * PerDay));
        Assert.True(rowsAfterEachSweep[^1] <= rowsAfterEachSweep[2], string.Join(", ", rowsAfterEachSweep));
        Assert.Equal(0, await CountAsync(center, "PartitionKey lt 'throttle-a' and PartitionKey ge 'throttle-' and PartitionKey lt 'throttle-20261208'"));
        Assert.Equal(0, await CountAsync(center, "PartitionKey ge 'throttle-a' and PartitionKey lt 'throttle-{'"));
        Assert.Equal(0, await CountAsync(center, "PartitionKey ge 'sign-in-link-' and PartitionKey lt 'sign-in-link.'"));

        // Unconfirmed subscriptions go once their 7-day confirmation link has expired; the confirmed one stays.
        string[] left = [.. (await subscriptions.ListConfirmedAsync(Region.Eu, CancellationToken.None)).Select(s => s.Email)];
        Assert.Equal(["noc@globex.example"], left);
        int unconfirmed = await CountAsync(subscriptionTable, "PartitionKey eq 'us'");
        Assert.InRange(unconfirmed, 1, 2 * 8); // at most the last eight days' worth
        Assert.Equal(0, await CountAsync(subscriptionTable, "PartitionKey eq 'us' and RequestedAt lt datetime'2026-12-03T00:00:00Z'"));
    }

    static async Task<int> CountAsync(TableClient table, string? filter = null)
    {
        int count = 0;
        await foreach (TableEntity _ in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task IncidentDigestEntries_OnceListedAndOld_AreSwept_WhileUnlistedAndRecentOnesStay()
    {
        DeskSettings settings = new(azurite);
        await using ServiceProvider services = DeskServices.Create(settings);
        var tables = services.GetRequiredService<Tables>();
        IOptions<StorageOptions> options = services.GetRequiredService<IOptions<StorageOptions>>();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var digests = new TableIncidentDigests(tables, options);
        DigestEntry Entry(string notice, DateTimeOffset at) =>
            new("INC-4F7Q2M9K", "breach", notice, at, "SUP-7K3M-9QXD-2F4A", "Login fails", "acme-prod", Severity.Urgent, SupportPlan.Gold, null, at);
        await digests.AddAsync(Entry("old-listed", clock.GetUtcNow().AddDays(-3)), CancellationToken.None);
        Assert.Single(await digests.ClaimAsync("INC-4F7Q2M9K", "breach", 1, CancellationToken.None));
        await digests.AddAsync(Entry("old-waiting", clock.GetUtcNow().AddDays(-3)), CancellationToken.None);
        await digests.AddAsync(Entry("recent", clock.GetUtcNow()), CancellationToken.None);
        await digests.ClaimAsync("INC-4F7Q2M9K", "breach", 2, CancellationToken.None);
        await digests.AddAsync(Entry("new", clock.GetUtcNow()), CancellationToken.None);

        SweepResult swept = await new ExpiredRowsSweep(tables, options, clock, NullLogger<ExpiredRowsSweep>.Instance).RunAsync(CancellationToken.None);

        // Digest 2 listed an old entry too (it arrived late); both listed old entries go, the recent and the unlisted stay.
        Assert.Equal(2, swept.DigestEntries);
        TableClient table = await tables.GetAsync(options.Value.IncidentDigestsTable, CancellationToken.None);
        string[] left = [.. table.Query<TableEntity>(e => e.PartitionKey == "INC-4F7Q2M9K|breach" && e.RowKey != "~state").Select(e => e.RowKey).Order(StringComparer.Ordinal)];
        Assert.Equal(["new", "recent"], left);
    }
}
