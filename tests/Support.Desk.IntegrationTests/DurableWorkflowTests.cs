using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Support.Desk.Application;
using Support.Desk.Application.Sla;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Workflows;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Application.Ports;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>
/// The SLA shards on a real durable engine (in-process) with the desk's real adapters on Azurite, SLA targets of
/// seconds, and real time.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class DurableWorkflowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    // High-severity gold tickets: 4 s target around the clock, warning at 2 s, one further escalation 2 s after the breach.
    readonly DeskSettings settings = new DeskSettings(azurite)
        .With("Sla:Standard:High:Target", "00:00:04")
        .With("Sla:Standard:High:Coverage", "always-on")

        // Normal tickets too, so the staff notices of the lifecycle test go at once at any hour of the day.
        .With("Sla:Standard:Normal:Coverage", "always-on")
        .With("Escalation:WarningFraction", "0.5")
        .With("Escalation:ContinuedBreachInterval", "00:00:02")
        .With("Escalation:MaxContinuedBreachNotices", "1");

    DeskDurableHost host = null!;

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
        Assert.Equal(["confirmation", "new-ticket", "sla-breach", "sla-escalation", "sla-warning"], this.settings.MailKinds(ticket.Id));

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
        Assert.Equal(["agent-reply", "confirmation", "new-ticket"], this.settings.MailKinds(ticket.Id));
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

        // Done: the closing email is out and the ticket has left the open tickets.
        await Eventually.GetAsync(
            async () => (await this.Service<IOpenTicketIndex>().ListAsync(Region.Us, CancellationToken.None)).Any(e => e.TicketId == id) ? null : "gone",
            TimeSpan.FromSeconds(30),
            $"{id} leaving the open tickets");
        TicketRecord record = (await this.Service<ITicketStore>().FindRecordAsync(id, CancellationToken.None))!;

        Assert.Equal(TicketStatus.Closed, closed.Status);
        Assert.Equal(TicketStatus.Closed, record.Ticket.Status);
        Assert.Equal(
            [TicketEventKind.Submitted, TicketEventKind.InformationRequested, TicketEventKind.CustomerUpdate, TicketEventKind.AgentUpdate,
             TicketEventKind.ResolutionProposed, TicketEventKind.ResolutionRejected, TicketEventKind.ResolutionProposed, TicketEventKind.ResolutionConfirmed],
            record.Timeline.Where(e => e.Kind is not TicketEventKind.EmailSent).Select(e => e.Kind));
        // The customer's update and rejection each reached the queue (nobody is assigned), and the new ticket did.
        Assert.Equal(
            ["closed", "confirmation", "customer-activity", "customer-activity", "information-requested", "new-ticket", "resolution-proposed", "resolution-proposed"],
            this.settings.MailKinds(id));
        Assert.Equal(8, record.Timeline.Count(e => e.Kind == TicketEventKind.EmailSent));
        Assert.Empty(record.Ticket.Commitments.Outbox);
    }

    [Fact]
    public async Task IntakeDiedAfterStoringTheTicket_ShardFindsItsEntryAndSendsTheConfirmationOnce()
    {
        // What a request that died after both writes but before nudging its shard leaves: the entry, due now, and the
        // ticket. No nudge: the shard finds the ticket at its next read of the schedule.
        Ticket ticket = await this.StoreAsync(DateTimeOffset.UtcNow, schedule: true);

        await this.WaitForEventAsync(ticket.Id, TicketEventKind.EmailSent, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(["confirmation"], this.settings.MailKinds(ticket.Id));
        Assert.Contains(await this.Service<IOpenTicketIndex>().ListAsync(Region.Us, CancellationToken.None), e => e.TicketId == ticket.Id);
    }

    [Fact]
    public async Task IntakeDiedBetweenItsWrites_EntryOfANeverStoredTicketIsDroppedOnceOld()
    {
        // The first write (the schedule entry) landed, the ticket did not, and nothing was acknowledged.
        Ticket young = await this.StoreAsync(DateTimeOffset.UtcNow, schedule: true, store: false);
        Ticket old = await this.StoreAsync(DateTimeOffset.UtcNow - SlaShardRunner.AbandonedEntryAge - TimeSpan.FromSeconds(1), schedule: true, store: false);

        await Eventually.GetAsync(
            async () => (await this.Service<IOpenTicketIndex>().ListAsync(Region.Us, CancellationToken.None)).Any(e => e.TicketId == old.Id) ? null : "dropped",
            TimeSpan.FromSeconds(20),
            $"the entry of {old.Id} being dropped");

        // The young one may still belong to a request in flight: kept.
        Assert.Contains(await this.Service<IOpenTicketIndex>().ListAsync(Region.Us, CancellationToken.None), e => e.TicketId == young.Id);
    }

    [Fact]
    public async Task CommandOnAnotherInstance_IsPickedUpAtTheShardsNextRead()
    {
        // A reply stored and scheduled by another process (no nudge reaches this one's shard).
        Ticket ticket = await this.SubmitAsync();
        LifecycleResult reply = await Eventually.GetAsync(
            async () =>
            {
                // The shard may be sending the confirmation meanwhile: retry on its change, as a command does.
                VersionedTicket current = (await this.Service<ITicketStore>().LoadAsync(ticket.Id, CancellationToken.None))!;
                LifecycleResult result = TicketLifecycle.Respond(current.Ticket, ResponseKind.Reply, "sam@desk.example", "On it.", DateTimeOffset.UtcNow);
                return await this.Service<ITicketStore>().TryUpdateAsync(result.Ticket!, current.Version, result.Events, CancellationToken.None) is null ? null : result;
            },
            TimeSpan.FromSeconds(5),
            "the reply stored");
        DueRow row = await this.Service<IOpenTicketIndex>().ScheduleAsync(reply.Ticket!, DateTimeOffset.UtcNow, CancellationToken.None);
        await this.Service<SlaShardWakeups>().ScheduledAsync(row, CancellationToken.None);

        await Eventually.GetAsync(
            () => Task.FromResult(this.settings.MailKinds(ticket.Id).Contains("agent-reply") ? "sent" : null),
            TimeSpan.FromSeconds(10),
            "the reply email");
        await Task.Delay(TimeSpan.FromSeconds(6));
        TicketRecord record = (await this.Service<ITicketStore>().FindRecordAsync(ticket.Id, CancellationToken.None))!;

        Assert.DoesNotContain(record.Timeline, e => e.Kind is TicketEventKind.SlaWarning or TicketEventKind.SlaBreached);
        Assert.Equal(["agent-reply", "confirmation", "new-ticket"], this.settings.MailKinds(ticket.Id));
    }

    [Fact]
    public async Task Shards_AreStartedOnceAndStayRunning()
    {
        int again = await this.Service<SlaShardKeeper>().RunAsync(CancellationToken.None);

        Assert.Equal(0, again);
        foreach (int shard in SlaShards.All)
        {
            Assert.True(await this.Service<ISlaShards>().IsRunningAsync(shard, CancellationToken.None));
        }
    }

    async Task<Ticket> StoreAsync(DateTimeOffset at, bool schedule, bool store = true)
    {
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(severity: "normal"));
        var (submission, customer, _) = TicketSubmissionReader.Read(body.RootElement, this.Service<ICustomerDirectory>().Find, DateTimeOffset.UtcNow);
        string id = TicketIds.NewRandom();
        var ticket = new Ticket(id, TicketStatus.Open, at, customer!.Plan, customer.Region, customer.TimeZone.Id, submission!.Severity, null,
            submission, null, TicketIntake.Fingerprint(submission), TicketCommitments.Start(id, at));
        if (schedule)
        {
            DueRow row = await this.Service<IOpenTicketIndex>().ScheduleAsync(ticket, at, CancellationToken.None);
            await this.Service<SlaShardWakeups>().ScheduledAsync(row, CancellationToken.None);
        }

        if (store)
        {
            await this.Service<ITicketStore>().CreateAsync(ticket, [TicketEvent.Create(at, TicketEventKind.Submitted, "jane", "Submitted.")], CancellationToken.None);
        }

        return ticket;
    }

    /// <summary>A command's request as a reader gives it, already parsed.</summary>
    static CommandReader<T> Body<T>(T request)
        where T : class => _ => Task.FromResult<T?>(request);
}
