using System.Text;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Support.Desk.Domain;
using Support.Desk.Domain.Status;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Application.Ports;
using Support.Desk.Status;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>The status poller against real HTTP status pages on 127.0.0.1, storing into Azurite.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class StatusMonitorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    FakeStatusPages pages = null!;
    DeskSettings settings = null!;
    ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        this.pages = await FakeStatusPages.StartAsync();
        this.settings = new DeskSettings(azurite)
            .With("StatusPages:Regions:us:Url", this.pages.Url("us").ToString())
            .With("StatusPages:Regions:eu:Url", this.pages.Url("eu").ToString())
            .With("StatusPages:Regions:au:Url", this.pages.Url("au").ToString())
            .With("StatusPages:Timeout", "00:00:02")
            .With("StatusPages:MaxResponseBytes", "65536")
            .With("StatusPages:StaleAfter", "06:00:00")
            .With("Storage:RegionStatusTable", "Status" + Guid.NewGuid().ToString("N")[..8])
            .With("Storage:RegionStatusHistoryTable", "History" + Guid.NewGuid().ToString("N")[..8]);
        this.services = DeskServices.Create(this.settings);
        this.pages.Serve("us", "operational.json");
        this.pages.Serve("eu", "operational.json");
        this.pages.Serve("au", "operational.json");
    }

    public async Task DisposeAsync()
    {
        await this.services.DisposeAsync();
        await this.pages.DisposeAsync();
    }

    StatusMonitor Monitor => this.services.GetRequiredService<StatusMonitor>();

    async Task<Dictionary<Region, RegionState>> StatesAsync() =>
        (await this.services.GetRequiredService<IRegionStatusStore>().LoadAllAsync(CancellationToken.None)).ToDictionary(s => s.State.Region, s => s.State);

    async Task<int> HistoryCountAsync(Region region) =>
        (await this.services.GetRequiredService<IRegionStatusStore>().HistoryAsync(region, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None)).Count;

    /// <summary>Raw ETags of the stored region rows: they change on every write, so equal ETags prove no write.</summary>
    async Task<string[]> StoredETagsAsync()
    {
        var table = new TableClient(azurite.ConnectionString, this.settings.Values["Storage:RegionStatusTable"]);
        return [.. (await table.QueryAsync<TableEntity>().CollectAsync()).OrderBy(e => e.RowKey).Select(e => e.ETag.ToString())];
    }

    [Fact]
    public async Task Poll_EveryRegion_StoresItsStatusAndHistory()
    {
        this.pages.Serve("us", "major-incident.json");
        this.pages.Serve("au", "minor-degraded.json");

        IReadOnlyList<StatusMonitor.PollResult> results = await this.Monitor.PollAllAsync(CancellationToken.None);
        Dictionary<Region, RegionState> states = await this.StatesAsync();

        Assert.All(results, r => Assert.True(r.Wrote));
        Assert.Equal(StatusIndicator.Major, states[Region.Us].Snapshot!.Indicator);
        Assert.Equal("Elevated login errors in US-1", states[Region.Us].Snapshot!.Incidents.Single().Name);
        Assert.Equal(StatusIndicator.None, states[Region.Eu].Snapshot!.Indicator);
        Assert.Equal(StatusIndicator.Minor, states[Region.Au].Snapshot!.Indicator);
        Assert.All(states.Values, s => Assert.Equal(RegionHealth.Ok, s.Health));
        Assert.Equal(3, await this.HistoryCountAsync(Region.Us));
    }

    [Fact]
    public async Task Poll_UnchangedPage_CostsA304AndWritesNothing()
    {
        await this.Monitor.PollAllAsync(CancellationToken.None);
        string[] etagsBefore = await this.StoredETagsAsync();
        int historyBefore = await this.HistoryCountAsync(Region.Us);

        IReadOnlyList<StatusMonitor.PollResult> second = await this.Monitor.PollAllAsync(CancellationToken.None);

        Assert.All(second, r => Assert.Equal(("not modified", false), (r.Outcome, r.Wrote)));
        Assert.Equal(etagsBefore, await this.StoredETagsAsync());
        Assert.Equal(historyBefore, await this.HistoryCountAsync(Region.Us));
    }

    [Fact]
    public async Task Poll_SameContentWithoutETag_WritesNothing()
    {
        this.pages.Serve("us", "operational.json", withETag: false);
        await this.Monitor.PollAllAsync(CancellationToken.None);
        string[] etagsBefore = await this.StoredETagsAsync();

        IReadOnlyList<StatusMonitor.PollResult> second = await this.Monitor.PollAllAsync(CancellationToken.None);

        Assert.Equal(("unchanged", false), second.Where(r => r.Region == Region.Us).Select(r => (r.Outcome, r.Wrote)).Single());
        Assert.Equal(etagsBefore, await this.StoredETagsAsync());
    }

    public static TheoryData<string, string> BadPages => new()
    {
        { "html", "HTML instead of JSON" },
        { "invalid-json", "not JSON" },
        { "not-a-summary", "not a Statuspage summary" },
        { "server-error", "HTTP 503" },
        { "timeout", "timed out" },
        { "redirect-loop", "redirect" },
        { "oversized", "limit" },
        { "stale", "has not changed since" },
    };

    void ServeBad(string region, string kind)
    {
        switch (kind)
        {
            case "html":
                this.pages.Respond(region, c => Write(c, "text/html", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "statuspage", "not-json.html"))));
                break;
            case "invalid-json":
                this.pages.Respond(region, c => Write(c, "application/json", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "statuspage", "truncated.json"))));
                break;
            case "not-a-summary":
                this.pages.Serve(region, "missing-status.json");
                break;
            case "server-error":
                this.pages.Respond(region, c => { c.Response.StatusCode = 503; return Task.CompletedTask; });
                break;
            case "timeout":
                this.pages.Respond(region, async c => await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted));
                break;
            case "redirect-loop":
                this.pages.Respond(region, c => { c.Response.Redirect(c.Request.Path); return Task.CompletedTask; });
                break;
            case "oversized":
                this.pages.Respond(region, c => Write(c, "application/json", "{\"padding\":\"" + new string('x', 200_000) + "\"}"));
                break;
            case "stale":
                this.pages.Serve(region, "operational.json", updatedAt: DateTimeOffset.UtcNow.AddDays(-2));
                break;
        }
    }

    static Task Write(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    }

    [Theory]
    [MemberData(nameof(BadPages))]
    public async Task Poll_BadPage_MarksOnlyThatRegionUnknownOnceAndKeepsLastGoodStatus(string kind, string reason)
    {
        this.pages.Serve("us", "major-incident.json");
        await this.Monitor.PollAllAsync(CancellationToken.None);
        this.ServeBad("us", kind);

        IReadOnlyList<StatusMonitor.PollResult> first = await this.Monitor.PollAllAsync(CancellationToken.None);
        string[] etagsAfterFirst = await this.StoredETagsAsync();
        int historyAfterFirst = await this.HistoryCountAsync(Region.Us);
        IReadOnlyList<StatusMonitor.PollResult> second = await this.Monitor.PollAllAsync(CancellationToken.None);
        Dictionary<Region, RegionState> states = await this.StatesAsync();

        RegionState us = states[Region.Us];
        Assert.Equal(RegionHealth.Unknown, us.Health);
        Assert.Contains(reason, us.UnknownReason, StringComparison.Ordinal);
        Assert.Equal(StatusIndicator.Major, us.Snapshot!.Indicator);
        Assert.True(first.Single(r => r.Region == Region.Us).Wrote);

        // The streak goes on without writing (or logging) again, and the other regions are unaffected.
        Assert.False(second.Single(r => r.Region == Region.Us).Wrote);
        Assert.Equal(etagsAfterFirst, await this.StoredETagsAsync());
        Assert.Equal(historyAfterFirst, await this.HistoryCountAsync(Region.Us));
        Assert.Equal(RegionHealth.Ok, states[Region.Eu].Health);
        Assert.Equal(RegionHealth.Ok, states[Region.Au].Health);
    }

    [Fact]
    public async Task Poll_PageReadableAgain_RecordsRecovery()
    {
        this.ServeBad("us", "server-error");
        await this.Monitor.PollAllAsync(CancellationToken.None);
        this.pages.Serve("us", "operational.json");

        await this.Monitor.PollAllAsync(CancellationToken.None);
        IReadOnlyList<StatusHistoryEntry> history = await this.services.GetRequiredService<IRegionStatusStore>()
            .HistoryAsync(Region.Us, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None);

        Assert.Equal(RegionHealth.Ok, (await this.StatesAsync())[Region.Us].Health);
        Assert.Equal([StatusChangeKind.BecameUnknown, StatusChangeKind.Recovered, StatusChangeKind.IndicatorChanged], history.Select(h => h.Kind));
    }

    [Fact]
    public async Task Outage_EmailsStaffOnceWithOpenTicketsThenOnceOnRecovery_AndNotesEachOpenTicketOnce()
    {
        IOpenTicketIndex index = this.services.GetRequiredService<IOpenTicketIndex>();
        ITicketStore store = this.services.GetRequiredService<ITicketStore>();
        var (submission, _, _) = TicketSubmissionReader.Read(System.Text.Json.JsonDocument.Parse(TicketRequests.Json()).RootElement, _ => new Customer("acme-prod", SupportPlan.Gold, Region.Us, TimeZoneInfo.Utc, false, null), DateTimeOffset.UtcNow);
        var ticket = new Ticket("SUP-AAAA-BBBB-CCCC", TicketStatus.Open, DateTimeOffset.UtcNow, SupportPlan.Gold, Region.Us, "UTC", Severity.High, null, submission!, null, "f", TicketCommitments.Start("SUP-AAAA-BBBB-CCCC", DateTimeOffset.UtcNow));
        await index.ScheduleAsync(ticket, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);
        await store.CreateAsync(ticket, [], CancellationToken.None);
        await this.Monitor.PollAllAsync(CancellationToken.None);

        this.pages.Serve("us", "major-incident.json");
        await this.Monitor.PollAllAsync(CancellationToken.None);
        this.pages.Serve("us", "critical-outage.json");
        await this.Monitor.PollAllAsync(CancellationToken.None);
        string[] duringOutage = this.settings.MailFiles();
        this.pages.Serve("us", "operational.json");
        await this.Monitor.PollAllAsync(CancellationToken.None);
        await this.Monitor.PollAllAsync(CancellationToken.None);

        string outageMail = Assert.Single(duringOutage);
        Assert.Contains("status-us.outage.", outageMail, StringComparison.Ordinal);
        MimeMessage outage = await MimeMessage.LoadAsync(outageMail);
        Assert.Contains("SUP-AAAA-BBBB-CCCC", outage.TextBody, StringComparison.Ordinal);
        Assert.Contains("Elevated login errors in US-1", outage.TextBody, StringComparison.Ordinal);
        Assert.Equal("support-lead@support-desk.localhost", outage.To.Mailboxes.Single().Address);
        string[] all = this.settings.MailFiles();
        Assert.Equal(2, all.Length);
        Assert.Single(all, f => f.Contains("status-us.recovery.", StringComparison.Ordinal));

        // The ticket's own timeline says so too: one note for the outage, one for the recovery, customer-visible.
        TicketEvent[] notes = [.. (await store.FindRecordAsync(ticket.Id, CancellationToken.None))!.Timeline.Where(e => e.Kind == TicketEventKind.RegionStatusNoted)];
        Assert.Equal(2, notes.Length);
        Assert.StartsWith("Regional outage in", notes[0].Summary, StringComparison.Ordinal);
        Assert.Contains("This ticket may be affected.", notes[0].Summary, StringComparison.Ordinal);
        Assert.Contains("recovered", notes[1].Summary, StringComparison.Ordinal);
        Assert.All(notes, n => Assert.Equal("status-monitor", n.Actor));
    }
}
