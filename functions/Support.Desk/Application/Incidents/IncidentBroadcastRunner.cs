using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Incidents;
using Support.Desk.Settings;

namespace Support.Desk.Application.Incidents;

/// <summary>What one look for pending broadcasts did.</summary>
public sealed record BroadcastRunSummary(int Finished, int Applied, int Skipped, int Failed);

/// <summary>
/// Runs the broadcasts that are not done: each under a lease on its row (renewed while it runs, so a host that dies lets
/// another take it over once the lease lapses), each incident's broadcasts in order (an update posted just after the
/// incident opened waits for the link to finish, so it reaches every ticket the link reached), tickets of one broadcast
/// several at a time. A ticket takes a broadcast at most once, whatever is repeated: the broadcast's number is saved
/// with its effect (<see cref="IncidentTicketRules"/>), so a run taken over after a crash passes over the tickets done.
/// </summary>
public sealed partial class IncidentBroadcastRunner(
    IIncidentStore store,
    IStaffQueueIndex queueIndex,
    TicketWriter writer,
    IncidentOptions options,
    TimeProvider clock,
    ILogger<IncidentBroadcastRunner> logger)
{
    /// <summary>This process, as the holder of leases.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task<BroadcastRunSummary> RunPendingAsync(CancellationToken stopping)
    {
        IReadOnlyList<VersionedBroadcast> pending = await store.PendingBroadcastsAsync(stopping).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            return new BroadcastRunSummary(0, 0, 0, 0);
        }

        // Per incident, its earliest pending broadcast only: the next one runs once this one is done.
        BroadcastRunSummary[] runs = await Task.WhenAll(pending
            .GroupBy(p => p.Broadcast.IncidentId, StringComparer.Ordinal)
            .Select(g => g.MinBy(p => p.Broadcast.Sequence)!)
            .Select(p => this.RunAsync(p, stopping))).ConfigureAwait(false);
        return new BroadcastRunSummary(runs.Sum(r => r.Finished), runs.Sum(r => r.Applied), runs.Sum(r => r.Skipped), runs.Sum(r => r.Failed));
    }

    async Task<BroadcastRunSummary> RunAsync(VersionedBroadcast pending, CancellationToken stopping)
    {
        DateTimeOffset now = clock.GetUtcNow();
        IncidentBroadcast broadcast = pending.Broadcast;
        if (broadcast.LeaseUntil is { } until && until > now && broadcast.LeaseOwner != this.Owner)
        {
            return new BroadcastRunSummary(0, 0, 0, 0);
        }

        IncidentBroadcast leased = broadcast with { LeaseOwner = this.Owner, LeaseUntil = now + options.BroadcastLease };
        if (await store.TryUpdateBroadcastAsync(leased, pending.Version, stopping).ConfigureAwait(false) is not { } version)
        {
            return new BroadcastRunSummary(0, 0, 0, 0);
        }

        using Activity? span = DeskTelemetry.Source.StartActivity("incident.broadcast");
        span?.SetTag("incident.id", broadcast.IncidentId).SetTag("incident.broadcast", broadcast.Sequence).SetTag("incident.kind", broadcast.Kind.ToString());
        var lease = new Lease(leased, version);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var renewing = new CancellationTokenSource();
        Task renewal = this.RenewAsync(lease, lost, renewing.Token);
        int applied = 0, skipped = 0, failed = 0;
        try
        {
            Incident incident = (await store.LoadAsync(broadcast.IncidentId, lost.Token).ConfigureAwait(false))?.Incident
                ?? throw new InvalidOperationException($"Broadcast {broadcast.Sequence} names incident {broadcast.IncidentId}, which does not exist.");
            IReadOnlyList<string> targets = await IncidentTargets.OfAsync(queueIndex, incident, broadcast, lost.Token).ConfigureAwait(false);
            span?.SetTag("incident.targets", targets.Count);
            await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = options.BroadcastParallelism, CancellationToken = lost.Token }, async (ticketId, ct) =>
            {
                try
                {
                    bool before = false;
                    TicketWrite written = await writer.WriteAsync(ticketId, _ => true, (ticket, at) =>
                    {
                        before = AlreadyTaken(ticket, broadcast);
                        return IncidentTicketRules.Apply(ticket, incident, broadcast, at);
                    }, ct).ConfigureAwait(false);
                    if (written is TicketWrite.Saved || before)
                    {
                        Interlocked.Increment(ref applied);
                    }
                    else
                    {
                        Interlocked.Increment(ref skipped);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // This ticket is tried again when the broadcast is next run; the others go on.
                    Interlocked.Increment(ref failed);
                    LogTicketFailed(logger, ex, ticketId, broadcast.IncidentId, broadcast.Sequence);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            LogLeaseLost(logger, broadcast.IncidentId, broadcast.Sequence);
            return new BroadcastRunSummary(0, applied, skipped, failed);
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }

        // Done only when every ticket was dealt with; otherwise the lease is let go and the next look runs it again.
        DateTimeOffset end = clock.GetUtcNow();
        IncidentBroadcast outcome = failed == 0
            ? lease.Current with { State = BroadcastState.Done, Applied = applied, Skipped = skipped, CompletedAt = end, LeaseOwner = null, LeaseUntil = null }
            : lease.Current with { LeaseOwner = null, LeaseUntil = null };
        await store.TryUpdateBroadcastAsync(outcome, lease.Version, CancellationToken.None).ConfigureAwait(false);
        LogRan(logger, broadcast.IncidentId, broadcast.Sequence, applied, skipped, failed);
        return new BroadcastRunSummary(failed == 0 ? 1 : 0, applied, skipped, failed);
    }

    /// <summary>Whether the ticket has this broadcast already (a run taken over after a crash counts it as reached, not passed over).</summary>
    static bool AlreadyTaken(Domain.Ticket ticket, IncidentBroadcast broadcast) =>
        broadcast.Kind != IncidentBroadcastKind.Unlink && ticket.Incident?.IncidentId == broadcast.IncidentId && ticket.Incident.HasApplied(broadcast.Sequence);

    /// <summary>Renews the lease at a third of its length; a renewal refused (another host took the broadcast) stops this run.</summary>
    async Task RenewAsync(Lease lease, CancellationTokenSource lost, CancellationToken done)
    {
        TimeSpan every = options.BroadcastLease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, clock, done).ConfigureAwait(false);
                IncidentBroadcast renewed = lease.Current with { LeaseUntil = clock.GetUtcNow() + options.BroadcastLease };
                string? version = null;
                try
                {
                    version = await store.TryUpdateBroadcastAsync(renewed, lease.Version, done).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Storage hiccup: try again at the next renewal, well before the lease lapses.
                    LogRenewFailed(logger, ex, lease.Current.IncidentId, lease.Current.Sequence);
                    continue;
                }

                if (version is null)
                {
                    await lost.CancelAsync().ConfigureAwait(false);
                    return;
                }

                (lease.Current, lease.Version) = (renewed, version);
            }
        }
        catch (OperationCanceledException)
        {
            // The run finished.
        }
    }

    sealed class Lease(IncidentBroadcast current, string version)
    {
        public IncidentBroadcast Current { get; set; } = current;

        public string Version { get; set; } = version;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} broadcast {Sequence}: {Applied} ticket(s) reached, {Skipped} passed over, {Failed} to try again.")]
    private static partial void LogRan(ILogger logger, string incidentId, int sequence, int applied, int skipped, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket {TicketId} did not take broadcast {Sequence} of incident {IncidentId}; the broadcast tries it again.")]
    private static partial void LogTicketFailed(ILogger logger, Exception error, string ticketId, string incidentId, int sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another host took over broadcast {Sequence} of incident {IncidentId}; this one stopped.")]
    private static partial void LogLeaseLost(ILogger logger, string incidentId, int sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease on broadcast {Sequence} of incident {IncidentId} failed; trying again.")]
    private static partial void LogRenewFailed(ILogger logger, Exception error, string incidentId, int sequence);
}
