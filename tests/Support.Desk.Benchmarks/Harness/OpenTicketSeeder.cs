using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Harness;

/// <summary>Open tickets of the bench tenant (region us) in the open-ticket index, as the outage email lists them (next due a day ahead).</summary>
public static class OpenTicketSeeder
{
    public static async Task SeedAsync(IServiceProvider services, int count)
    {
        var index = services.GetRequiredService<IOpenTicketIndex>();
        var directory = services.GetRequiredService<ICustomerDirectory>();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(tenant: BenchDesk.Tenant, severity: "urgent", subject: "Login fails in the outage"));
        (TicketSubmission? submission, Customer? customer, _) = TicketSubmissionReader.Read(body.RootElement, directory.Find, now);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            string id = TicketIds.NewRandom();
            var ticket = new Ticket(id, TicketStatus.Open, now, customer!.Plan, customer.Region, customer.TimeZone.Id, Severity.Urgent, null,
                submission!, null, TicketIntake.Fingerprint(submission!), TicketCommitments.Start(id, now));
            await index.ScheduleAsync(ticket, now.AddDays(1), ct);
        });
    }
}
