using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Workflows;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Application.Ports;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// The ticket workflow on a real durable engine (in-process) with the desk's real adapters on Azurite,
/// SLA targets of seconds, and real time.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class DurableWorkflowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    // High-severity gold tickets: 4 s target around the clock, warning at 2 s, one further escalation 2 s after the breach.
    readonly DeskSettings settings = new DeskSettings(azurite)
        .With("Sla:Standard:High:Target", "00:00:04")
        .With("Sla:Standard:High:Coverage", "always-on")
        .With("Escalation:WarningFraction", "0.5")
        .With("Escalation:ContinuedBreachInterval", "00:00:02")
        .With("Escalation:MaxContinuedBreachNotices", "1");

    DurableTaskTestHost host = null!;

    AsyncServiceScope scope;

    public async Task InitializeAsync()
    {
        this.host = await DeskServices.StartDurableAsync(this.settings);
        this.scope = DeskServices.ScopeWith(this.host.Services, this.host.Client);
    }

    public async Task DisposeAsync()
    {
        await this.scope.DisposeAsync();
        await this.host.DisposeAsync();
    }

    T Service<T>()
        where T : notnull => this.scope.ServiceProvider.GetRequiredService<T>();

    static readonly Caller Staff = Caller.ForStaff(new StaffMember("sam@desk.example", "staff-key"));

    /// <summary>The ticket's customer, holding the token from its emails.</summary>
    Caller Customer(string ticketId) => Caller.ForTicketHolder(this.Service<TicketAccessTokens>().Issue(ticketId));

    async Task<Ticket> SubmitAsync(string severity = "high")
    {
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(severity: severity));
        IntakeResult result = await this.Service<TicketIntake>().SubmitAsync(body.RootElement, null, CancellationToken.None);
        return Assert.IsType<IntakeResult.Accepted>(result).Ticket;
    }

    async Task<TicketRecord> WaitForEventAsync(string ticketId, TicketEventKind kind, TimeSpan timeout) =>
        await Eventually.GetAsync(
            async () => await this.Service<ITicketStore>().FindRecordAsync(ticketId, CancellationToken.None) is { } r && r.Timeline.Any(e => e.Kind == kind) ? r : null,
            timeout,
            $"{kind} on the timeline of {ticketId}");

    async Task<Ticket> RunAsync(string ticketId, Func<TicketCommands, Task<CommandResult>> command)
    {
        CommandResult result = await command(this.Service<TicketCommands>());
        return Assert.IsType<CommandResult.Done>(result).Ticket;
    }

    [Fact]
    public async Task NoResponse_WarningBreachAndSecondLevelEscalation_ArriveInOrderOnce()
    {
        Ticket ticket = await this.SubmitAsync();

        TicketRecord record = await this.WaitForEventAsync(ticket.Id, TicketEventKind.SlaEscalated, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for a duplicate to show itself
        record = (await this.Service<ITicketStore>().FindRecordAsync(ticket.Id, CancellationToken.None))!;

        TicketEvent[] notices = [.. record.Timeline.Where(e => e.Kind is TicketEventKind.SlaWarning or TicketEventKind.SlaBreached or TicketEventKind.SlaEscalated)];
        Assert.Equal([TicketEventKind.SlaWarning, TicketEventKind.SlaBreached, TicketEventKind.SlaEscalated], notices.Select(e => e.Kind));
        Assert.InRange(notices[0].At - ticket.CreatedAt, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(4));
        Assert.InRange(notices[1].At - ticket.CreatedAt, TimeSpan.FromSeconds(3.5), TimeSpan.FromSeconds(6));
        Assert.InRange(notices[2].At - ticket.CreatedAt, TimeSpan.FromSeconds(5.5), TimeSpan.FromSeconds(8));
        Assert.Equal(["confirmation", "sla-breach", "sla-escalation", "sla-warning"], this.settings.MailKinds(ticket.Id));

        MimeMessage breach = await MimeMessage.LoadAsync(this.settings.MailFiles().Single(f => f.Contains(".sla-breach.", StringComparison.Ordinal)));
        Assert.Equal("support-lead@support-desk.localhost", breach.To.Mailboxes.Single().Address);
        MimeMessage escalation = await MimeMessage.LoadAsync(this.settings.MailFiles().Single(f => f.Contains(".sla-escalation.", StringComparison.Ordinal)));
        Assert.Equal("duty-manager@support-desk.localhost", escalation.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task ReplyBeforeTheWarning_PreventsEveryEscalation()
    {
        Ticket ticket = await this.SubmitAsync();
        await this.RunAsync(ticket.Id, c => c.RespondAsync(Staff, ticket.Id, Body(new ResponseRequest(ResponseKind.Reply, "Looking into it now.")), CancellationToken.None));

        await Task.Delay(TimeSpan.FromSeconds(8));
        TicketRecord record = (await this.Service<ITicketStore>().FindRecordAsync(ticket.Id, CancellationToken.None))!;

        Assert.DoesNotContain(record.Timeline, e => e.Kind is TicketEventKind.SlaWarning or TicketEventKind.SlaBreached or TicketEventKind.SlaEscalated);
        Assert.Equal(["agent-reply", "confirmation"], this.settings.MailKinds(ticket.Id));
        SlaClockStatus first = TicketSla.Evaluate(record.Ticket, this.Service<SlaPolicy>(), DateTimeOffset.UtcNow)[0];
        Assert.Equal(SlaClockState.Met, first.State);
    }

    [Fact]
    public async Task FullLifecycle_InfoUpdateResolutionRejectedResolutionConfirmed_EndsClosed()
    {
        Ticket ticket = await this.SubmitAsync(severity: "normal");
        string id = ticket.Id;
        await this.RunAsync(id, c => c.RespondAsync(Staff, id, Body(new ResponseRequest(ResponseKind.RequestInfo, "Please attach a HAR file of the failing login.")), default));
        await this.RunAsync(id, c => c.AddUpdateAsync(this.Customer(id), id, Body(new UpdateRequest(null, "HAR attached; fails after the MFA step.", UpdateVisibility.Public)), default));
        await this.RunAsync(id, c => c.AddUpdateAsync(Staff, id, Body(new UpdateRequest(null, "Call notes: the IdP certificate expired; rotating it.", UpdateVisibility.Public)), default));
        await this.RunAsync(id, c => c.ProposeResolutionAsync(Staff, id, Body(new ResolutionRequest("Rotated the IdP signing certificate.")), default));
        await this.RunAsync(id, c => c.ConfirmAsync(this.Customer(id), id, Body(new ConfirmationRequest(false, "Still failing in Safari.")), default));
        await this.RunAsync(id, c => c.ProposeResolutionAsync(Staff, id, Body(new ResolutionRequest("Cleared the Safari session cookies server-side.")), default));
        Ticket closed = await this.RunAsync(id, c => c.ConfirmAsync(this.Customer(id), id, Body(new ConfirmationRequest(true, "Works everywhere now, thanks.")), default));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        TicketRecord record = (await this.Service<ITicketStore>().FindRecordAsync(id, CancellationToken.None))!;

        Assert.Equal(TicketStatus.Closed, closed.Status);
        Assert.Equal("closed", done.ReadOutputAs<string>());
        Assert.Equal(TicketStatus.Closed, record.Ticket.Status);
        Assert.Equal(
            [TicketEventKind.Submitted, TicketEventKind.InformationRequested, TicketEventKind.CustomerUpdate, TicketEventKind.AgentUpdate,
             TicketEventKind.ResolutionProposed, TicketEventKind.ResolutionRejected, TicketEventKind.ResolutionProposed, TicketEventKind.ResolutionConfirmed],
            record.Timeline.Where(e => e.Kind is not (TicketEventKind.WorkflowStarted or TicketEventKind.EmailSent)).Select(e => e.Kind));
        Assert.Equal(["closed", "confirmation", "information-requested", "resolution-proposed", "resolution-proposed"], this.settings.MailKinds(id));
        Assert.Equal(5, record.Timeline.Count(e => e.Kind == TicketEventKind.EmailSent));
        Assert.Empty(record.Ticket.Commitments.Outbox);
    }

    [Fact]
    public async Task Reconciler_TicketStoredButWorkflowNeverStarted_StartsItExactlyOnce()
    {
        // The state a crash between storing the ticket and starting its workflow leaves behind.
        Ticket ticket = await this.StoreWithoutWorkflowAsync();
        IntakeReconciler reconciler = this.ReconcilerAt(DateTimeOffset.UtcNow.AddMinutes(1));

        IntakeReconciler.Summary first = await reconciler.RunAsync(CancellationToken.None);
        await this.WaitForEventAsync(ticket.Id, TicketEventKind.EmailSent, TimeSpan.FromSeconds(20));
        IntakeReconciler.Summary second = await reconciler.RunAsync(CancellationToken.None);

        Assert.Equal(new IntakeReconciler.Summary(1, 1, 0), first);
        Assert.Equal(0, second.Started);
        Assert.NotNull(await this.host.Client.GetInstanceAsync(ticket.Id));
        Assert.Equal(["confirmation"], this.settings.MailKinds(ticket.Id));
    }

    [Fact]
    public async Task Reconciler_EntryYoungerThanGracePeriod_IsLeftForTheRequestInFlight()
    {
        Ticket ticket = await this.StoreWithoutWorkflowAsync();

        IntakeReconciler.Summary summary = await this.ReconcilerAt(DateTimeOffset.UtcNow).RunAsync(CancellationToken.None);

        Assert.Equal(new IntakeReconciler.Summary(0, 0, 0), summary);
        Assert.Null(await this.host.Client.GetInstanceAsync(ticket.Id));
    }

    [Fact]
    public async Task Reconciler_JournalEntryWithoutTicket_IsCleared()
    {
        string neverStored = TicketIds.NewRandom();
        await this.Service<IIntakeJournal>().RecordPendingAsync(neverStored, DateTimeOffset.UtcNow.AddMinutes(-2), CancellationToken.None);

        IntakeReconciler.Summary summary = await this.ReconcilerAt(DateTimeOffset.UtcNow).RunAsync(CancellationToken.None);

        Assert.Equal(new IntakeReconciler.Summary(1, 0, 1), summary);
        Assert.Null(await this.host.Client.GetInstanceAsync(neverStored));
    }

    async Task<Ticket> StoreWithoutWorkflowAsync()
    {
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(severity: "normal"));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var (submission, customer, _) = TicketSubmissionReader.Read(body.RootElement, this.Service<ICustomerDirectory>().Find, now);
        string id = TicketIds.NewRandom();
        var ticket = new Ticket(id, TicketStatus.Open, now, customer!.Plan, customer.Region, customer.TimeZone.Id, submission!.Severity, null,
            submission, null, TicketIntake.Fingerprint(submission), TicketCommitments.Start(id, now));
        await this.Service<ITicketStore>().CreateAsync(ticket, [TicketEvent.Create(now, TicketEventKind.Submitted, "jane", "Submitted.")], CancellationToken.None);
        await this.Service<IIntakeJournal>().RecordPendingAsync(ticket.Id, now, CancellationToken.None);
        return ticket;
    }

    IntakeReconciler ReconcilerAt(DateTimeOffset now) =>
        new(this.Service<IIntakeJournal>(), this.Service<ITicketStore>(), this.Service<ITicketWorkflows>(), new FakeTimeProvider(now), NullLogger<IntakeReconciler>.Instance);

    /// <summary>A command's request as a reader gives it, already parsed.</summary>
    static CommandReader<T> Body<T>(T request)
        where T : class => _ => Task.FromResult<T?>(request);
}
