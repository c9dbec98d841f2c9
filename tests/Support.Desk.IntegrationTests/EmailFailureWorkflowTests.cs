using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Hosting.Workflows;
using Support.Desk.IntegrationTests.Infrastructure;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Support.Desk.Application.Ports;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>A provider that refuses one message for good: the failure is recorded and alerted, and the SLA countdown goes on.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class EmailFailureWorkflowTests(AzuriteFixture azurite) : IAsyncLifetime
{
    readonly WireMockServer sendGrid = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePorts.Next()}"] });
    DeskDurableHost host = null!;

    public async Task InitializeAsync()
    {
        this.sendGrid.Given(Request.Create().WithPath("/v3/mail/send").UsingPost().WithBody(new WildcardMatcher("*We received your ticket*")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("{\"errors\":[{\"message\":\"The to address is blocked\"}]}"));
        this.sendGrid.Given(Request.Create().WithPath("/v3/mail/send").UsingPost()).AtPriority(2).RespondWith(Response.Create().WithStatusCode(202));
        DeskSettings settings = new DeskSettings(azurite)
            .With("Email:Provider", "SendGrid")
            .With("Email:SendGrid:ApiKey", "SG.test-key")
            .With("Email:SendGrid:BaseUrl", this.sendGrid.Url!)
            .With("Storage:EmailLedgerTable", "Ledger" + Guid.NewGuid().ToString("N")[..10])
            .With("Sla:Standard:High:Target", "00:00:04")
            .With("Sla:Standard:High:Coverage", "always-on");
        this.host = await DeskServices.StartDurableAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await this.host.DisposeAsync();
        this.sendGrid.Stop();
        this.sendGrid.Dispose();
    }

    [Fact]
    public async Task PermanentlyRefusedConfirmation_IsMarkedFailedAlertsTheLeadAndTheCountdownGoesOn()
    {
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json());
        await using AsyncServiceScope scope = DeskServices.ScopeWith(this.host.Services, this.host.Client);
        IntakeResult result = await scope.ServiceProvider.GetRequiredService<TicketIntake>().SubmitAsync(body.RootElement, null, CancellationToken.None);
        string id = Assert.IsType<IntakeResult.Accepted>(result).Ticket.Id;
        ITicketStore store = this.host.Services.GetRequiredService<ITicketStore>();

        TicketRecord record = await Eventually.GetAsync(
            async () => await store.FindRecordAsync(id, CancellationToken.None) is { } r && r.Timeline.Any(e => e.Kind == TicketEventKind.SlaBreached)
                && r.Timeline.Count(e => e.Kind == TicketEventKind.EmailSent) >= 3 ? r : null,
            TimeSpan.FromSeconds(30),
            "the breach after the failed confirmation");

        TicketEvent failed = Assert.Single(record.Timeline, e => e.Kind == TicketEventKind.EmailFailed);
        Assert.Contains("confirmation email could not be sent after 1 attempt(s)", failed.Summary, StringComparison.Ordinal);
        Assert.Contains(record.Timeline, e => e.Kind == TicketEventKind.EmailSent && e.Summary.StartsWith("delivery-failure-alert", StringComparison.Ordinal));
        Assert.Contains(record.Timeline, e => e.Kind == TicketEventKind.SlaWarning);

        // The refused confirmation was tried once (a 4xx is not retried).
        Assert.Single(this.sendGrid.LogEntries, e => e.RequestMessage.Body!.Contains("We received your ticket", StringComparison.Ordinal));
    }
}
