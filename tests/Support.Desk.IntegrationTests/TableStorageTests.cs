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
    public async Task Due_ListsTheShardsEntriesDueByTheGivenTimeAndNothingElse()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Ticket dueNow = TicketInShard(1), dueSoon = TicketInShard(1), dueLater = TicketInShard(1), nothingScheduled = TicketInShard(1), otherShard = TicketInShard(2);
        await this.Index.ScheduleAsync(dueNow, now, null, CancellationToken.None);
        await this.Index.ScheduleAsync(dueSoon, now.AddSeconds(1), null, CancellationToken.None);
        await this.Index.ScheduleAsync(dueLater, now.AddHours(1), null, CancellationToken.None);
        await this.Index.ScheduleAsync(nothingScheduled, null, null, CancellationToken.None);
        await this.Index.ScheduleAsync(otherShard, now, null, CancellationToken.None);

        IReadOnlyList<ScheduledTicket> due = await this.Index.DueAsync(1, now.AddSeconds(2), CancellationToken.None);

        Assert.Equal([dueNow.Id, dueSoon.Id], due.OrderBy(e => e.DueAt).Select(e => e.TicketId));
        Assert.Equal(now.AddSeconds(1), due.Single(e => e.TicketId == dueSoon.Id).DueAt);
        Assert.Equal(dueNow.CreatedAt, due.Single(e => e.TicketId == dueNow.Id).CreatedAt);
        Assert.All(due, e => Assert.False(string.IsNullOrEmpty(e.Version)));
    }

    [Fact]
    public async Task ConditionalWrites_AfterAnotherWriter_AreRefusedAndKeepTheirEntry()
    {
        Ticket ticket = TicketInShard(3);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string v1 = (await this.Index.ScheduleAsync(ticket, now, null, CancellationToken.None))!;

        // Another writer (a command) reschedules the ticket; the shard's write-back against what it read is refused.
        string? v2 = await this.Index.ScheduleAsync(ticket, now.AddMinutes(5), v1, CancellationToken.None);
        string? stale = await this.Index.ScheduleAsync(ticket, now.AddHours(2), v1, CancellationToken.None);
        bool staleRemove = await this.Index.RemoveAsync(ticket.Id, v1, CancellationToken.None);
        IReadOnlyList<ScheduledTicket> due = await this.Index.DueAsync(3, now.AddMinutes(10), CancellationToken.None);

        Assert.NotNull(v2);
        Assert.NotEqual(v1, v2);
        Assert.Null(stale);
        Assert.False(staleRemove);
        Assert.Equal(now.AddMinutes(5), due.Single(e => e.TicketId == ticket.Id).DueAt);
        Assert.True(await this.Index.RemoveAsync(ticket.Id, v2, CancellationToken.None));
        Assert.True(await this.Index.RemoveAsync(ticket.Id, v2, CancellationToken.None));
        Assert.Null(await this.Index.ScheduleAsync(ticket, now, v2, CancellationToken.None));
        Assert.DoesNotContain(await this.Index.DueAsync(3, now.AddHours(3), CancellationToken.None), e => e.TicketId == ticket.Id);
    }

    [Fact]
    public async Task List_GivesARegionsOpenTicketsAcrossShards()
    {
        Ticket[] eu = [TicketInShard(0), TicketInShard(3)];
        Ticket us = TicketInShard(0, Region.Us);
        foreach (Ticket ticket in (Ticket[])[.. eu, us])
        {
            await this.Index.ScheduleAsync(ticket, null, null, CancellationToken.None);
        }

        IReadOnlyList<OpenTicketEntry> listed = await this.Index.ListAsync(Region.Eu, CancellationToken.None);

        Assert.Equal(eu.Select(t => t.Id).Order(StringComparer.Ordinal), listed.Select(e => e.TicketId).Order(StringComparer.Ordinal));
        Assert.All(listed, e => Assert.Equal(("globex", Severity.Urgent, "Outage"), (e.Tenant, e.Severity, e.Subject)));
    }

    [Fact]
    public async Task Migration_EntriesFromBeforeTheShards_MoveToTheirShardDueNow()
    {
        // An entry as the desk wrote it before the SLA shards: partitioned by region, no due time.
        var settings = new DeskSettings(azurite);
        await using ServiceProvider desk = DeskServices.Create(settings);
        var table = new Azure.Data.Tables.TableClient(azurite.ConnectionString, settings.Values["Storage:OpenTicketsTable"]);
        await table.CreateIfNotExistsAsync();
        string id = TicketIds.NewRandom();
        DateTimeOffset created = DateTimeOffset.UtcNow.AddHours(-3);
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity("eu", id) { ["Tenant"] = "globex", ["Severity"] = "urgent", ["Subject"] = "Outage", ["CreatedAt"] = created });
        var migration = desk.GetRequiredService<Support.Desk.Hosting.Storage.OpenTicketIndexMigration>();
        var index = desk.GetRequiredService<IOpenTicketIndex>();

        int moved = await migration.MoveRegionEntriesAsync(CancellationToken.None);
        int again = await migration.MoveRegionEntriesAsync(CancellationToken.None);

        Assert.Equal((1, 0), (moved, again));
        ScheduledTicket due = Assert.Single(await index.DueAsync(SlaShards.Of(id), DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal((id, created), (due.TicketId, due.CreatedAt));
        OpenTicketEntry listed = Assert.Single(await index.ListAsync(Region.Eu, CancellationToken.None));
        Assert.Equal((id, "globex", Severity.Urgent, "Outage"), (listed.TicketId, listed.Tenant, listed.Severity, listed.Subject));
    }
}
