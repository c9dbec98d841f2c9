using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
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

    IIntakeJournal Journal => this.services.GetRequiredService<IIntakeJournal>();

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

    [Fact]
    public async Task Journal_PendingEntries_AreListedByAgeAndClearedIdempotently()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string old = TicketIds.NewRandom(), fresh = TicketIds.NewRandom();
        await this.Journal.RecordPendingAsync(old, now.AddMinutes(-5), CancellationToken.None);
        await this.Journal.RecordPendingAsync(fresh, now, CancellationToken.None);

        List<PendingIntake> due = await this.Journal.ListPendingSinceBeforeAsync(now.AddMinutes(-1), CancellationToken.None).CollectAsync();
        await this.Journal.ClearAsync(old, CancellationToken.None);
        await this.Journal.ClearAsync(old, CancellationToken.None);
        List<PendingIntake> after = await this.Journal.ListPendingSinceBeforeAsync(now.AddMinutes(1), CancellationToken.None).CollectAsync();

        Assert.Equal([old], due.Select(p => p.TicketId));
        Assert.Equal([fresh], after.Select(p => p.TicketId));
    }
}
