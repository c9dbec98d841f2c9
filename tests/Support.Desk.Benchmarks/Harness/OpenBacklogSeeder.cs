using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Queue;
using Support.Desk.Domain;
using Support.Desk.Hosting;
using Support.Desk.Hosting.Storage;
using Support.Desk.Testing;

namespace Support.Desk.Benchmarks.Harness;

/// <summary>
/// A desk with a backlog: open normal-severity tickets of many tenants, written through the desk's own stores as
/// intake and the first SLA step leave them (the ticket with its submitted event, its listing and schedule row, its
/// tenant's row, and with <c>queue</c> its staff-queue row), each next due between one hour and three days ahead. Written
/// directly because submitting 100,000 tickets over HTTP would take most of the time budget.
/// </summary>
public static class OpenBacklogSeeder
{
    public static async Task<double> SeedAsync(DeskSettings settings, int count, bool queue, Action<string> log, int parallelism = 32)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSupportDesk(new ConfigurationBuilder().AddInMemoryCollection(settings.Values).Build());
        await using ServiceProvider provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ITicketStore>();
        var schedule = provider.GetRequiredService<IOpenTicketIndex>();
        var tenants = provider.GetRequiredService<ITenantTicketIndex>();
        var staffQueue = provider.GetRequiredService<StaffQueue>();
        var directory = provider.GetRequiredService<ICustomerDirectory>();

        // As on a desk that has run this version from its start: the one-time fills of indexes added later are done
        // (on the empty desk, before the seed), so the host's first start does not fill them from the backlog.
        await provider.GetRequiredService<StaffQueueBackfill>().BackfillAsync(CancellationToken.None);
        await provider.GetRequiredService<TenantTicketsBackfill>().BackfillAsync(CancellationToken.None);

        DateTimeOffset now = DateTimeOffset.UtcNow;
        using JsonDocument body = JsonDocument.Parse(TicketRequests.Json(tenant: BenchDesk.Tenant, severity: "normal", subject: "Reports export is slow"));
        (TicketSubmission? submission, Customer? customer, _) = TicketSubmissionReader.Read(body.RootElement, directory.Find, now);
        long started = Stopwatch.GetTimestamp();
        int done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            DateTimeOffset created = now.AddMinutes(-(i % 5000));
            string id = TicketIds.NewRandom();
            TicketSubmission own = submission! with { Tenant = $"backlog-{i % 200:D3}" };
            var ticket = new Ticket(id, TicketStatus.Open, created, customer!.Plan, customer.Region, customer.TimeZone.Id, Severity.Normal, null,
                own, null, TicketIntake.Fingerprint(own), TicketCommitments.Start(id, created) with { Outbox = [] });
            await store.CreateAsync(ticket, [TicketEvent.Create(created, TicketEventKind.Submitted, own.Requester.Email, "Ticket submitted.")], ct);
            await schedule.ScheduleAsync(ticket, now.AddHours(1).AddMinutes(i * 4231L % (71 * 60)), ct);
            await tenants.AddAsync(ticket, ct);
            if (queue)
            {
                await staffQueue.PrepareAsync(ticket, created, ct);
            }

            if (Interlocked.Increment(ref done) % 10000 == 0)
            {
                log($"seeded {done:N0} open tickets in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
            }
        });
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
