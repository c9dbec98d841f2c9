using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Hosting;
using Support.Desk.Application.Sla;
using Support.Desk.Hosting.Workflows;
using Support.Desk.IntegrationTests.Infrastructure;
using Support.Desk.Domain.Email;
using Support.Desk.Testing;

namespace Support.Desk.IntegrationTests;

/// <summary>Spans of one ticket submission end to end, captured with OpenTelemetry's in-memory exporter.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Submission_EmitsSpansForIntakeStorageShardAndEmail()
    {
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var spans = new List<Activity>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource(Telemetry.Sources).AddInMemoryExporter(spans).Build()!;
        // Short shard runs, so a run's span (and the durable activity's around it) ends within the test.
        await using DeskDurableHost host = await DeskServices.StartDurableAsync(new DeskSettings(azurite).With("SlaScheduler:RunFor", "00:00:02"));
        // Stands in for the sampled HTTP request span that ASP.NET Core instrumentation starts.
        using var request = new Activity("POST /api/tickets").Start();
        request.ActivityTraceFlags |= ActivityTraceFlags.Recorded;

        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json());
        await using AsyncServiceScope scope = DeskServices.ScopeWith(host.Services, host.Client);
        IntakeResult result = await scope.ServiceProvider.GetRequiredService<TicketIntake>().SubmitAsync(body.RootElement, null, CancellationToken.None);
        request.Stop();
        string id = Assert.IsType<IntakeResult.Accepted>(result).Ticket.Id;
        // Other tests run in parallel and emit spans too: only this ticket's spans count.
        (Activity advance, Activity send) = await Eventually.GetAsync(
            () =>
            {
                Activity[] now = spans.ToArray();
                Activity? advance = now.FirstOrDefault(s => s.DisplayName == "ticket.advance" && Equals(s.GetTagItem("ticket.id"), id)
                    && now.Any(c => c.DisplayName == "email.send" && c.ParentSpanId == s.SpanId));
                return Task.FromResult(advance is null ? null
                    : Tuple.Create(advance, now.First(c => c.DisplayName == "email.send" && c.ParentSpanId == advance.SpanId)));
            },
            TimeSpan.FromSeconds(20),
            "this ticket's email span");
        tracing.ForceFlush();
        Activity[] captured = [.. spans];

        Activity submit = Assert.Single(captured, s => s.DisplayName == "ticket.submit" && Equals(s.GetTagItem("ticket.id"), id));
        Assert.Equal(request.TraceId, submit.TraceId);

        // The schedule row (with the listing, one transaction) and the queue row, then the ticket (a transaction with its
        // first event): storage spans inside the submission, in that order.
        Activity[] writes = [.. captured.Where(s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal) && s.ParentSpanId == submit.SpanId).OrderBy(s => s.StartTimeUtc)];
        Activity queueRow = Assert.Single(writes, s => s.DisplayName.Contains("UpsertEntity", StringComparison.Ordinal));
        Activity[] transactions = [.. writes.Where(s => s.DisplayName.Contains("SubmitTransaction", StringComparison.Ordinal))];
        Assert.Equal(2, transactions.Length);
        Activity store = transactions.MaxBy(s => s.StartTimeUtc)!;
        Activity schedule = transactions.MinBy(s => s.StartTimeUtc)!;
        Assert.All([schedule, queueRow], u => Assert.True(u.StartTimeUtc + u.Duration <= store.StartTimeUtc, "the schedule row and queue row are written before the ticket"));

        // The shard's step for this ticket is a trace of its own: advancing it, sending the confirmation, their storage calls.
        Assert.Equal(default, advance.ParentSpanId);
        Assert.Equal(advance.SpanId, send.ParentSpanId);
        Assert.Equal(WireNames.Of(TicketEmailKind.Confirmation), send.GetTagItem("email.kind"));
        Assert.Contains(captured, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal) && s.TraceId == advance.TraceId && s.SpanId != advance.SpanId);

        // Shard runs are traced inside the Durable Task SDK's activity spans.
        Activity run = await Eventually.GetAsync(
            () => Task.FromResult(spans.ToArray().FirstOrDefault(s => s.DisplayName == "sla.shard.run" && s.Parent?.Source.Name.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal) == true)),
            TimeSpan.FromSeconds(10),
            "a shard run inside a durable activity span");
        Assert.NotNull(run.GetTagItem("sla.shard"));
    }
}
