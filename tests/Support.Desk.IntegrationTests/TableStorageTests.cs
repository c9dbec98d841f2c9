using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.IntegrationTests.Infrastructure;

namespace Support.Desk.IntegrationTests;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableStorageTests(AzuriteFixture azurite) : IDisposable
{
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
        var deadline = new SlaDeadline(TimeSpan.FromMinutes(30), Coverage.AlwaysOn, now, now.AddMinutes(30));
        return new Ticket(id ?? TicketIds.NewRandom(), TicketStatus.Open, now, SupportPlan.Platinum, Region.Eu, "Europe/Berlin", deadline, submission, "key-1", "fingerprint");
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
        Assert.Equal(ticket with { Submission = ticket.Submission with { Applications = [], Connections = [] } },
            record.Ticket with { Submission = record.Ticket.Submission with { Applications = [], Connections = [] } });
        Assert.Equal(ticket.Submission.Applications, record.Ticket.Submission.Applications);
        Assert.Equal(ticket.Submission.Connections, record.Ticket.Submission.Connections);
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
        Assert.Equal("fingerprint", (await this.Store.FindTicketAsync(first.Id, CancellationToken.None))?.RequestFingerprint);
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
