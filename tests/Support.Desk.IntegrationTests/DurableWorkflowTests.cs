using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Hosting.Workflows;
using Support.Desk.IntegrationTests.Infrastructure;

namespace Support.Desk.IntegrationTests;

/// <summary>The ticket workflow on a real durable engine (in-process), with the desk's real adapters on Azurite.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class DurableWorkflowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    readonly DeskSettings settings = new DeskSettings(azurite)
        .With("Sla:Standard:High:Target", "00:00:03")
        .With("Sla:Standard:High:Coverage", "always-on");

    DurableTaskTestHost host = null!;

    public async Task InitializeAsync() => this.host = await DeskServices.StartDurableAsync(this.settings);

    public async Task DisposeAsync() => await this.host.DisposeAsync();

    T Service<T>()
        where T : notnull => this.host.Services.GetRequiredService<T>();

    async Task<Ticket> SubmitAsync(string? key = null)
    {
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json());
        IntakeResult result = await this.Service<TicketIntake>().SubmitAsync(
            body.RootElement, key, new DurableTicketWorkflows(this.host.Client), CancellationToken.None);
        return Assert.IsType<IntakeResult.Accepted>(result).Ticket;
    }

    [Fact]
    public async Task Submit_ShortSla_SendsConfirmationThenReachesFirstResponseDeadline()
    {
        Ticket ticket = await this.SubmitAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        OrchestrationMetadata done = await this.host.Client.WaitForInstanceCompletionAsync(ticket.Id, getInputsAndOutputs: true, timeout.Token);
        TicketRecord record = (await this.Service<ITicketStore>().FindRecordAsync(ticket.Id, CancellationToken.None))!;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("first-response-due", done.ReadOutputAs<string>());
        Assert.Equal(
            [TicketEventKind.Submitted, TicketEventKind.WorkflowStarted, TicketEventKind.EmailSent, TicketEventKind.FirstResponseDue],
            record.Timeline.Select(e => e.Kind));
        Assert.True(record.Timeline[^1].At >= ticket.FirstResponse.DueAt, "The deadline event is recorded no earlier than the deadline.");

        string mail = Assert.Single(this.settings.MailFiles());
        MimeMessage message = await MimeMessage.LoadAsync(mail);
        Assert.Equal("jane@customer.example", message.To.Mailboxes.Single().Address);
        Assert.Contains(ticket.Id, message.Subject, StringComparison.Ordinal);
        Assert.Contains(ticket.Id, message.TextBody, StringComparison.Ordinal);

        // The workflow cleared the intake journal entry once it started.
        Assert.Empty(await this.Service<IIntakeJournal>().ListPendingSinceBeforeAsync(DateTimeOffset.MaxValue, CancellationToken.None).CollectAsync());
    }

    [Fact]
    public async Task SendEmailStep_RunTwice_SendsOneMessageAndRecordsOneEvent()
    {
        Ticket ticket = await this.SubmitAsync();
        await Eventually.GetAsync(() => Task.FromResult(this.settings.MailFiles().FirstOrDefault()), TimeSpan.FromSeconds(20), "the confirmation");
        TicketWorkflowSteps steps = this.Service<TicketWorkflowSteps>();
        TicketEvent sent = (await this.Service<ITicketStore>().FindRecordAsync(ticket.Id, CancellationToken.None))!
            .Timeline.Single(e => e.Kind == TicketEventKind.EmailSent);

        // As the durable engine would on a retry: the same step with the same orchestration time.
        EmailSendOutcome again = await steps.SendEmailAsync(ticket.Id, TicketEmailKind.Confirmation, sent.At, CancellationToken.None);

        Assert.Equal(EmailSendOutcome.AlreadySent, again);
        Assert.Single(this.settings.MailFiles());
        TicketRecord record = (await this.Service<ITicketStore>().FindRecordAsync(ticket.Id, CancellationToken.None))!;
        Assert.Single(record.Timeline, e => e.Kind == TicketEventKind.EmailSent);
    }

    [Fact]
    public async Task Reconciler_TicketStoredButWorkflowNeverStarted_StartsItExactlyOnce()
    {
        // The state a crash between storing the ticket and starting its workflow leaves behind.
        Ticket ticket = await this.StoreWithoutWorkflowAsync();
        IntakeReconciler reconciler = this.ReconcilerAt(DateTimeOffset.UtcNow.AddMinutes(1));
        var workflows = new DurableTicketWorkflows(this.host.Client);

        IntakeReconciler.Summary first = await reconciler.RunAsync(workflows, CancellationToken.None);
        await Eventually.GetAsync(() => Task.FromResult(this.settings.MailFiles().FirstOrDefault()), TimeSpan.FromSeconds(20), "the confirmation");
        IntakeReconciler.Summary second = await reconciler.RunAsync(workflows, CancellationToken.None);

        Assert.Equal(new IntakeReconciler.Summary(1, 1, 0), first);
        Assert.Equal(0, second.Started);
        Assert.NotNull(await this.host.Client.GetInstanceAsync(ticket.Id));
        Assert.Single(this.settings.MailFiles());
    }

    [Fact]
    public async Task Reconciler_EntryYoungerThanGracePeriod_IsLeftForTheRequestInFlight()
    {
        Ticket ticket = await this.StoreWithoutWorkflowAsync();

        IntakeReconciler.Summary summary = await this.ReconcilerAt(DateTimeOffset.UtcNow).RunAsync(new DurableTicketWorkflows(this.host.Client), CancellationToken.None);

        Assert.Equal(new IntakeReconciler.Summary(0, 0, 0), summary);
        Assert.Null(await this.host.Client.GetInstanceAsync(ticket.Id));
    }

    [Fact]
    public async Task Reconciler_JournalEntryWithoutTicket_IsCleared()
    {
        string neverStored = TicketIds.NewRandom();
        await this.Service<IIntakeJournal>().RecordPendingAsync(neverStored, DateTimeOffset.UtcNow.AddMinutes(-2), CancellationToken.None);

        IntakeReconciler.Summary summary = await this.ReconcilerAt(DateTimeOffset.UtcNow).RunAsync(new DurableTicketWorkflows(this.host.Client), CancellationToken.None);

        Assert.Equal(new IntakeReconciler.Summary(1, 0, 1), summary);
        Assert.Null(await this.host.Client.GetInstanceAsync(neverStored));
    }

    async Task<Ticket> StoreWithoutWorkflowAsync()
    {
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json());
        var (submission, customer, _) = TicketSubmissionReader.Read(body.RootElement, this.Service<ICustomerDirectory>().Find, DateTimeOffset.UtcNow);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        SlaDeadline deadline = this.Service<SlaPolicy>().FirstResponse(customer!.Tier, submission!.Severity, customer.TimeZone, now);
        var ticket = new Ticket(TicketIds.NewRandom(), TicketStatus.Open, now, customer.Plan, customer.Region, customer.TimeZone.Id, deadline, submission, null, TicketIntake.Fingerprint(submission));
        await this.Service<ITicketStore>().CreateAsync(ticket, [TicketEvent.Create(now, TicketEventKind.Submitted, "jane", "Submitted.")], CancellationToken.None);
        await this.Service<IIntakeJournal>().RecordPendingAsync(ticket.Id, now, CancellationToken.None);
        return ticket;
    }

    IntakeReconciler ReconcilerAt(DateTimeOffset now) =>
        new(this.Service<IIntakeJournal>(), this.Service<ITicketStore>(), new FakeTimeProvider(now), NullLogger<IntakeReconciler>.Instance);
}
