using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Desk.Application.Sla;
using Support.Desk.Domain;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Application.Ports;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableStorageTests(AzuriteFixture azurite) : IDisposable
{
    static readonly TicketCommitments BlankWork = TicketCommitments.Start("blank", DateTimeOffset.MinValue);

    readonly ServiceProvider services = DeskServices.Create(new DeskSettings(azurite));

    ITicketStore Store => this.services.GetRequiredService<ITicketStore>();

    IOpenTicketIndex Index => this.services.GetRequiredService<IOpenTicketIndex>();

    public void Dispose() => this.services.Dispose();

    static Ticket NewTicket(string? id = null, string description = "Users see an error page.")
    {
        DateTimeOffset now = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);
        var submission = new TicketSubmission(
            "globex", new Requester("Jane Doe", "jane@globex.example"), Severity.Urgent, "Outage", description,
            ["Portal", "Mobile"], ["corp-ad"], LoginStage.AtLoginPage, now.AddMinutes(-30), AffectedUsers.Some,
            Frequency.Sometimes, BrowserScope.One, "Firefox 140", new ApplianceDetails("17203", "3 of 3 up", "passing"));
        string ticketId = id ?? TicketIds.NewRandom();
        return new Ticket(ticketId, TicketStatus.Open, now, SupportPlan.Platinum, Region.Eu, "Europe/Berlin", Severity.Urgent, null, submission, "key-1", "fingerprint", TicketCommitments.Start(ticketId, now));
    }

    [Fact]
    public async Task Create_NewTicket_StoresTicketAndFirstEventTogether()
    {
        Ticket ticket = NewTicket(description: new string('x', TicketSubmissionReader.MaxDescriptionLength));
        TicketEvent submitted = TicketEvent.Create(ticket.CreatedAt, TicketEventKind.Submitted, "jane@globex.example", "Submitted.");

        CreateTicketOutcome outcome = await this.Store.CreateAsync(ticket, [submitted], CancellationToken.None);
        TicketRecord? record = await this.Store.FindRecordAsync(ticket.Id, CancellationToken.None);

        Assert.Equal(CreateTicketOutcome.Created, outcome);
        Assert.NotNull(record);
        AssertSameTicket(ticket, record.Ticket);
        Assert.Equal([submitted], record.Timeline);
    }

    [Fact]
    public async Task Create_SameIdTwice_ReportsAlreadyExistsAndKeepsTheOriginal()
    {
        Ticket first = NewTicket();
        Ticket second = first with { RequestFingerprint = "other" };

        await this.Store.CreateAsync(first, [], CancellationToken.None);
        CreateTicketOutcome outcome = await this.Store.CreateAsync(second, [], CancellationToken.None);

        Assert.Equal(CreateTicketOutcome.AlreadyExists, outcome);
        Assert.Equal("fingerprint", (await this.Store.LoadAsync(first.Id, CancellationToken.None))?.Ticket.RequestFingerprint);
    }

    [Fact]
    public async Task TryUpdate_CurrentVersion_ReplacesTicketAndAddsEventsTogether()
    {
        Ticket ticket = NewTicket();
        await this.Store.CreateAsync(ticket, [], CancellationToken.None);
        VersionedTicket loaded = (await this.Store.LoadAsync(ticket.Id, CancellationToken.None))!;
        LifecycleResult result = TicketLifecycle.Respond(loaded.Ticket, ResponseKind.RequestInfo, "agent@desk", "Please attach the HAR file.", ticket.CreatedAt.AddMinutes(5));

        string? version = await this.Store.TryUpdateAsync(result.Ticket!, loaded.Version, result.Events, CancellationToken.None);
        TicketRecord record = (await this.Store.FindRecordAsync(ticket.Id, CancellationToken.None))!;

        Assert.NotNull(version);
        Assert.NotEqual(loaded.Version, version);
        AssertSameTicket(result.Ticket!, record.Ticket);
        Assert.Equal(result.Events, record.Timeline);
        Assert.Equal("Please attach the HAR file.", (await this.Store.FindEventAsync(ticket.Id, result.Events[0].Id, CancellationToken.None))?.Body);
    }

    [Fact]
    public async Task TryUpdate_StaleVersion_ChangesNothing()
    {
        Ticket ticket = NewTicket();
        await this.Store.CreateAsync(ticket, [], CancellationToken.None);
        VersionedTicket loaded = (await this.Store.LoadAsync(ticket.Id, CancellationToken.None))!;
        await this.Store.TryUpdateAsync(loaded.Ticket with { Assignee = "first@desk.example" }, loaded.Version, [], CancellationToken.None);
        TicketEvent stray = TicketEvent.Create(ticket.CreatedAt, TicketEventKind.AgentUpdate, "second", "Should not be stored.");

        string? version = await this.Store.TryUpdateAsync(loaded.Ticket with { Assignee = "second@desk.example" }, loaded.Version, [stray], CancellationToken.None);

        Assert.Null(version);
        TicketRecord record = (await this.Store.FindRecordAsync(ticket.Id, CancellationToken.None))!;
        Assert.Equal("first@desk.example", record.Ticket.Assignee);
        Assert.Empty(record.Timeline);
    }

    /// <summary>Records compare lists by reference; compare the lists by content, the rest by value.</summary>
    static void AssertSameTicket(Ticket expected, Ticket actual)
    {
        Assert.Equal(expected.Submission.Applications, actual.Submission.Applications);
        Assert.Equal(expected.Submission.Connections, actual.Submission.Connections);
        Assert.Equal(expected.Commitments.Clocks.Select(c => (c.Id, c.Kind, c.StartedAt, c.SatisfiedAt, Pauses: string.Join(",", c.Pauses))),
            actual.Commitments.Clocks.Select(c => (c.Id, c.Kind, c.StartedAt, c.SatisfiedAt, Pauses: string.Join(",", c.Pauses))));
        Assert.Equal(expected.Commitments.Outbox, actual.Commitments.Outbox);
        Assert.Equal(expected.Commitments.Notices, actual.Commitments.Notices);
        Assert.Equal(
            expected with { Submission = expected.Submission with { Applications = [], Connections = [] }, Commitments = BlankWork },
            actual with { Submission = actual.Submission with { Applications = [], Connections = [] }, Commitments = BlankWork });
    }

    [Fact]
    public async Task Create_SecondBatchConflicts_WritesNoneOfItsEvents()
    {
        Ticket ticket = NewTicket();
        await this.Store.CreateAsync(ticket, [], CancellationToken.None);
        TicketEvent stray = TicketEvent.Create(ticket.CreatedAt, TicketEventKind.Submitted, "someone", "Should not be stored.");

        await this.Store.CreateAsync(ticket, [stray], CancellationToken.None);

        Assert.Empty((await this.Store.FindRecordAsync(ticket.Id, CancellationToken.None))!.Timeline);
    }

    [Fact]
    public async Task AppendEvent_SameEventTwice_KeepsOneEntryInTimeOrder()
    {
        Ticket ticket = NewTicket();
        await this.Store.CreateAsync(ticket, [], CancellationToken.None);
        TicketEvent later = TicketEvent.Create(ticket.CreatedAt.AddMinutes(5), TicketEventKind.EmailSent, "sla-workflow", "Sent.", "m1");
        TicketEvent earlier = TicketEvent.Create(ticket.CreatedAt.AddMinutes(1), TicketEventKind.WorkflowStarted, "sla-workflow", "Started.");

        await this.Store.AppendEventAsync(ticket.Id, later, CancellationToken.None);
        await this.Store.AppendEventAsync(ticket.Id, later, CancellationToken.None);
        await this.Store.AppendEventAsync(ticket.Id, earlier, CancellationToken.None);

        Assert.Equal([earlier, later], (await this.Store.FindRecordAsync(ticket.Id, CancellationToken.None))!.Timeline);
    }

    [Fact]
    public async Task FindRecord_UnknownTicket_IsNull()
    {
        Assert.Null(await this.Store.FindRecordAsync(TicketIds.NewRandom(), CancellationToken.None));
    }

    /// <summary>A ticket whose ID falls in <paramref name="shard"/>.</summary>
    static Ticket TicketInShard(int shard, Region region = Region.Eu)
    {
        string id;
        do
        {
            id = TicketIds.NewRandom();
        }
        while (SlaShards.Of(id) != shard);

        return NewTicket(id) with { Region = region };
    }

    [Fact]
    public async Task Due_ReadsOnlyTheShardsRowsDueByTheGivenTime_EarliestFirst()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Ticket dueNow = TicketInShard(1), dueSoon = TicketInShard(1), dueLater = TicketInShard(1), dueTomorrow = TicketInShard(1), otherShard = TicketInShard(2);
        await this.Index.ScheduleAsync(dueSoon, now.AddSeconds(1), CancellationToken.None);
        await this.Index.ScheduleAsync(dueNow, now, CancellationToken.None);
        await this.Index.ScheduleAsync(dueLater, now.AddHours(1), CancellationToken.None);
        await this.Index.ScheduleAsync(dueTomorrow, now.AddDays(1), CancellationToken.None);
        await this.Index.ScheduleAsync(otherShard, now, CancellationToken.None);

        IReadOnlyList<DueRow> due = [.. (await this.Index.DueAsync(1, now.AddSeconds(2), max: 100, CancellationToken.None)).OrderBy(r => r.DueAt)];
        IReadOnlyList<DueRow> one = await this.Index.DueAsync(1, now.AddHours(2), max: 1, CancellationToken.None);

        Assert.Equal([dueNow.Id, dueSoon.Id], due.Select(e => e.TicketId));
        Assert.Equal(now.AddSeconds(1), due[1].DueAt);
        Assert.Equal(dueNow.CreatedAt, due[0].CreatedAt);
        Assert.All(due, e => Assert.False(string.IsNullOrEmpty(e.Version)));
        Assert.Single(one);
        Assert.Equal(now, await this.Index.EarliestDueAsync(1, now.AddDays(1), CancellationToken.None));
        Assert.Null(await this.Index.EarliestDueAsync(1, now.AddMilliseconds(-1), CancellationToken.None));
    }

    [Fact]
    public async Task Move_ReplacesTheHandledRowsByTheNextDueTime_AndIsRefusedWhenAWriterChangedOne()
    {
        Ticket ticket = TicketInShard(3);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        DueRow handled = await this.Index.ScheduleAsync(ticket, now, CancellationToken.None);
        DueRow writers = await this.Index.ScheduleAsync(ticket, now.AddMinutes(5), CancellationToken.None);

        ScheduleMove moved = await this.Index.MoveAsync(ticket.Id, [handled], now.AddHours(2), ticket.CreatedAt, CancellationToken.None);
        ScheduleMove again = await this.Index.MoveAsync(ticket.Id, [handled], now.AddHours(3), ticket.CreatedAt, CancellationToken.None);
        IReadOnlyList<DueRow> rows = await this.Index.DueAsync(3, now.AddHours(4), max: 100, CancellationToken.None);

        Assert.True(moved.Applied);
        Assert.Equal(now.AddHours(2), moved.Next!.DueAt);
        Assert.False(again.Applied);
        Assert.Equal([writers.Key, moved.Next.Key], rows.Where(r => r.TicketId == ticket.Id).Select(r => r.Key));

        // A writer rewrites the very row a shard is handling (the same due time): the shard's move is refused.
        DueRow rewritten = await this.Index.ScheduleAsync(ticket, now.AddMinutes(5), CancellationToken.None);
        Assert.Equal(writers.Key, rewritten.Key);
        Assert.False((await this.Index.MoveAsync(ticket.Id, [writers], null, ticket.CreatedAt, CancellationToken.None)).Applied);
        Assert.True((await this.Index.MoveAsync(ticket.Id, [rewritten], null, ticket.CreatedAt, CancellationToken.None)).Applied);
        Assert.Equal([moved.Next.Key], (await this.Index.DueAsync(3, now.AddHours(4), max: 100, CancellationToken.None)).Where(r => r.TicketId == ticket.Id).Select(r => r.Key));
    }

    [Fact]
    public async Task Remove_TakesTheListingAndTheHandledRows_AndAStaleRowLaterAlone()
    {
        Ticket ticket = TicketInShard(2);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        DueRow handled = await this.Index.ScheduleAsync(ticket, now, CancellationToken.None);
        DueRow stale = await this.Index.ScheduleAsync(ticket, now.AddMinutes(1), CancellationToken.None);

        Assert.True(await this.Index.RemoveAsync(ticket.Id, [handled], CancellationToken.None));
        Assert.DoesNotContain(await this.Index.ListAsync(Region.Eu, CancellationToken.None), e => e.TicketId == ticket.Id);
        Assert.False(await this.Index.RemoveAsync(ticket.Id, [handled], CancellationToken.None));
        Assert.True(await this.Index.RemoveAsync(ticket.Id, [stale], CancellationToken.None));
        Assert.DoesNotContain(await this.Index.DueAsync(2, now.AddHours(1), max: 1000, CancellationToken.None), r => r.TicketId == ticket.Id);
    }

    [Fact]
    public async Task List_GivesARegionsOpenTicketsAcrossShards_NotTheirScheduleRows()
    {
        Ticket[] eu = [TicketInShard(0), TicketInShard(3)];
        Ticket us = TicketInShard(0, Region.Us);
        await this.Index.ScheduleAsync(eu[0], DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);
        await this.Index.ScheduleAsync(eu[1], DateTimeOffset.UtcNow, CancellationToken.None);
        await this.Index.ScheduleAsync(eu[1], DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        await this.Index.ScheduleAsync(us, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);

        IReadOnlyList<OpenTicketEntry> listed = await this.Index.ListAsync(Region.Eu, CancellationToken.None);

        Assert.Equal(eu.Select(t => t.Id).Order(StringComparer.Ordinal), listed.Select(e => e.TicketId).Order(StringComparer.Ordinal));
        Assert.All(listed, e => Assert.Equal(("globex", Severity.Urgent, "Outage"), (e.Tenant, e.Severity, e.Subject)));
    }

    [Fact]
    public async Task Migration_EntriesOfEarlierLayouts_GetTheirScheduleRows()
    {
        // Entries as the desk wrote them before the shards (by region, no due time) and before the schedule was keyed
        // by due time (the due time a column of the listing; 9999 meant nothing scheduled).
        var settings = new DeskSettings(azurite);
        await using ServiceProvider desk = DeskServices.Create(settings);
        var table = new Azure.Data.Tables.TableClient(azurite.ConnectionString, settings.Values["Storage:OpenTicketsTable"]);
        await table.CreateIfNotExistsAsync();
        string byRegion = TicketIds.NewRandom(), listedDue = TicketIds.NewRandom(), listedNever = TicketIds.NewRandom();
        DateTimeOffset created = DateTimeOffset.UtcNow.AddHours(-3), dueAt = DateTimeOffset.UtcNow.AddMinutes(30);
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity("eu", byRegion) { ["Tenant"] = "globex", ["Severity"] = "urgent", ["Subject"] = "Outage", ["CreatedAt"] = created });
        foreach ((string id, DateTimeOffset listedAt) in new[] { (listedDue, dueAt), (listedNever, new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)) })
        {
            await table.AddEntityAsync(new Azure.Data.Tables.TableEntity($"shard-{SlaShards.Of(id)}", id)
            {
                ["Region"] = "eu", ["Tenant"] = "globex", ["Severity"] = "high", ["Subject"] = "Slow", ["CreatedAt"] = created, ["DueAt"] = listedAt,
            });
        }

        var migration = desk.GetRequiredService<Support.Desk.Hosting.Storage.OpenTicketIndexMigration>();
        var index = desk.GetRequiredService<IOpenTicketIndex>();

        int moved = await migration.MoveRegionEntriesAsync(CancellationToken.None);
        int again = await migration.MoveRegionEntriesAsync(CancellationToken.None);
        int scheduled = await migration.ScheduleListedDueTimesAsync(CancellationToken.None);
        int scheduledAgain = await migration.ScheduleListedDueTimesAsync(CancellationToken.None);

        Assert.Equal((1, 0, 2, 0), (moved, again, scheduled, scheduledAgain));
        DueRow due = Assert.Single(await index.DueAsync(SlaShards.Of(byRegion), DateTimeOffset.UtcNow, max: 100, CancellationToken.None), r => r.TicketId == byRegion);
        Assert.Equal(created, due.CreatedAt);
        DueRow later = Assert.Single(await index.DueAsync(SlaShards.Of(listedDue), dueAt, max: 100, CancellationToken.None), r => r.TicketId == listedDue);
        Assert.Equal(dueAt, later.DueAt);
        Assert.DoesNotContain(await index.DueAsync(SlaShards.Of(listedNever), new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), max: 100, CancellationToken.None), r => r.TicketId == listedNever);
        IReadOnlyList<OpenTicketEntry> listed = await index.ListAsync(Region.Eu, CancellationToken.None);
        Assert.Equal(new[] { byRegion, listedDue, listedNever }.Order(StringComparer.Ordinal), listed.Select(e => e.TicketId).Order(StringComparer.Ordinal));
    }
}
