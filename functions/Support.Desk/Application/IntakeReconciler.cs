using Microsoft.Extensions.Logging;
using Support.Desk.Domain;
using Support.Desk.Application.Ports;

namespace Support.Desk.Application;

/// <summary>
/// Repairs intake interrupted between storing a ticket and starting its workflow (a crash, a durable
/// backend outage). Runs on a schedule; entries younger than <see cref="GracePeriod"/> belong to requests
/// that may still be in flight and are left alone.
/// </summary>
public sealed partial class IntakeReconciler(
    IIntakeJournal journal,
    ITicketStore store,
    ITicketWorkflows workflows,
    TimeProvider clock,
    ILogger<IntakeReconciler> logger)
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    public sealed record Summary(int Examined, int Started, int Cleared);

    public async Task<Summary> RunAsync(CancellationToken cancellationToken)
    {
        int examined = 0, started = 0, cleared = 0;
        DateTimeOffset cutoff = clock.GetUtcNow() - GracePeriod;
        await foreach (PendingIntake pending in journal.ListPendingSinceBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false))
        {
            examined++;
            if (await workflows.ExistsAsync(pending.TicketId, cancellationToken).ConfigureAwait(false))
            {
                // Started; its first step clears the entry, unless a replayed request wrote it again.
                await journal.ClearAsync(pending.TicketId, cancellationToken).ConfigureAwait(false);
                cleared++;
                continue;
            }

            var ticket = (await store.LoadAsync(pending.TicketId, cancellationToken).ConfigureAwait(false))?.Ticket;
            if (ticket is null || ticket.Status == TicketStatus.Closed)
            {
                // The request failed before the ticket was stored, and was never acknowledged; or the ticket's
                // work is done (a replayed key wrote its entry again after its workflow ended and was purged).
                await journal.ClearAsync(pending.TicketId, cancellationToken).ConfigureAwait(false);
                cleared++;
                continue;
            }

            if (await workflows.StartAsync(TicketIntake.WorkflowInputFor(ticket), cancellationToken).ConfigureAwait(false))
            {
                started++;
                LogRepaired(logger, ticket.Id, pending.AcceptedAt);
            }
        }

        return new Summary(examined, started, cleared);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Started the workflow of ticket {TicketId}, acknowledged at {AcceptedAt} without one.")]
    private static partial void LogRepaired(ILogger logger, string ticketId, DateTimeOffset acceptedAt);
}
