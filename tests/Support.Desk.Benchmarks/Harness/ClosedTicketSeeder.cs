using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Email;
using Support.Desk.Hosting;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Harness;

/// <summary>
/// Puts closed tickets into a desk's storage through the desk's own table stores: each ticket row (closed, its
/// clock satisfied), its timeline (submitted, confirmation sent, replied, resolution proposed and confirmed, closing
/// email sent) and the send-ledger rows of its three emails. That is what a handled ticket leaves behind; it is
/// written directly because pushing 10,000 tickets through their whole lives would take most of the time budget.
/// </summary>
public static class ClosedTicketSeeder
{
    public static async Task SeedAsync(DeskSettings settings, int count, int parallelism = 32)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSupportDesk(new ConfigurationBuilder().AddInMemoryCollection(settings.Values).Build());
        await using ServiceProvider provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ITicketStore>();
        var ledger = provider.GetRequiredService<IEmailLedger>();
        var directory = provider.GetRequiredService<ICustomerDirectory>();

        DateTimeOffset now = DateTimeOffset.UtcNow;
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(tenant: BenchDesk.Tenant, severity: "urgent", subject: "Handled earlier"));
        (TicketSubmission? submission, Customer? customer, ValidationErrors errors) = TicketSubmissionReader.Read(body.RootElement, directory.Find, now);
        if (submission is null || customer is null)
        {
            throw new InvalidOperationException($"The seed submission is invalid: {string.Join("; ", errors.ToDictionary().Select(f => $"{f.Key}: {string.Join(", ", f.Value)}"))}");
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            DateTimeOffset created = now.AddDays(-30).AddMinutes(i);
            string id = TicketIds.NewRandom();
            TicketCommitments start = TicketCommitments.Start(id, created);
            var ticket = new Ticket(id, TicketStatus.Closed, created, customer.Plan, customer.Region, customer.TimeZone.Id, submission.Severity, "sam@desk.example",
                submission, null, TicketIntake.Fingerprint(submission),
                start.WithClocks([.. start.Clocks.Select(c => c with { SatisfiedAt = created.AddMinutes(20) })]) with { Outbox = [], Sequence = 3 })
            {
                ClosedAt = created.AddHours(5),
            };
            string[] messages = [MessageIds.For(id, TicketEmailKind.Confirmation, 1), MessageIds.For(id, TicketEmailKind.AgentReply, 2), MessageIds.For(id, TicketEmailKind.Closed, 3)];
            TicketEvent[] timeline =
            [
                TicketEvent.Create(created, TicketEventKind.Submitted, submission.Requester.Email, "Ticket submitted."),
                TicketEvent.Create(created.AddSeconds(1), TicketEventKind.EmailSent, TicketProgress.Actor, "confirmation email sent.", messages[0]),
                TicketEvent.Create(created.AddMinutes(20), TicketEventKind.AgentReplied, "sam@desk.example", "Agent replied.", body: "We are looking into it."),
                TicketEvent.Create(created.AddMinutes(20).AddSeconds(1), TicketEventKind.EmailSent, TicketProgress.Actor, "agent-reply email sent.", messages[1]),
                TicketEvent.Create(created.AddHours(4), TicketEventKind.ResolutionProposed, "sam@desk.example", "Resolution proposed.", body: "Fixed in the identity provider."),
                TicketEvent.Create(created.AddHours(5), TicketEventKind.ResolutionConfirmed, submission.Requester.Email, "Customer confirmed the fix."),
                TicketEvent.Create(created.AddHours(5).AddSeconds(1), TicketEventKind.EmailSent, TicketProgress.Actor, "closed email sent.", messages[2]),
            ];
            await store.CreateAsync(ticket, timeline, ct);
            foreach (string message in messages)
            {
                await ledger.RecordAsync(new EmailLedgerEntry(message, EmailLedgerState.Sent, created, 1, "pickup"), ct);
            }
        });
    }
}
