using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Ports;

namespace Support.Desk.Application.Sla;

/// <summary>
/// What a writer does after putting a ticket on the schedule: nudge the shard if it runs in this process, and wake
/// it if it sleeps past the new row's due time (a durable event, which reaches it whichever instance it runs on).
/// </summary>
/// <remarks>
/// <para>
/// Writers read the shard's state from a cache at most <see cref="StateMaxAge"/> old, checked after their row is
/// written. A shard that decides to sleep writes so first, then waits <see cref="SlaShardRunner.SleepSettleTime"/>
/// (longer than that age) and reads its schedule once more before it sleeps: a writer that still saw it awake wrote
/// its row before that last read, which finds it. A writer that sees it asleep wakes it once per sleep. One read per
/// shard is in flight at a time, started ahead of expiry while writers keep coming, so at intake's busiest a writer
/// is answered from memory instead of waiting for the store.
/// </para>
/// <para>
/// A wake that fails (the durable backend unreachable) is logged, not thrown: the ticket is stored and scheduled,
/// and a sleeping shard looks at its schedule at least every <c>SlaScheduler:MaxSleep</c>.
/// </para>
/// </remarks>
public sealed partial class SlaShardWakeups(SlaShardSignals signals, ISlaShardStates states, ISlaShardWaker waker, TimeProvider clock, ILogger<SlaShardWakeups> logger)
{
    public static readonly TimeSpan StateMaxAge = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A cached state older than this is still used, and one read starts in the background, so that under a steady
    /// stream of writers the cache never reaches <see cref="StateMaxAge"/> and no writer waits for a read.
    /// </summary>
    public static readonly TimeSpan StateRefreshAge = TimeSpan.FromMilliseconds(600);

    readonly ConcurrentDictionary<int, (SlaShardState State, long ReadAt)> cache = new();
    readonly ConcurrentDictionary<int, (Task<SlaShardState> Read, long StartedAt)> reads = new();
    readonly ConcurrentDictionary<int, DateTimeOffset> wokenFromSleepOf = new();

    public async Task ScheduledAsync(DueRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        signals.Nudge(row);
        int shard = SlaShards.Of(row.TicketId);
        try
        {
            SlaShardState state = await this.StateAsync(shard, cancellationToken).ConfigureAwait(false);
            if (state.SleepingSince is { } since && row.DueAt < state.WakeAt
                && !(this.wokenFromSleepOf.TryGetValue(shard, out DateTimeOffset woken) && woken == since))
            {
                this.wokenFromSleepOf[shard] = since;
                await waker.WakeAsync(shard, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogWakeFailed(logger, ex, shard, row.TicketId);
        }
    }

    /// <summary>A run in this process changed its shard's state: writers here see it at once.</summary>
    public void Observe(int shard, SlaShardState state) => this.cache[shard] = (state, clock.GetTimestamp());


    async Task<SlaShardState> StateAsync(int shard, CancellationToken cancellationToken)
    {
        if (this.cache.TryGetValue(shard, out var cached) && clock.GetElapsedTime(cached.ReadAt) < StateMaxAge)
        {
            if (clock.GetElapsedTime(cached.ReadAt) >= StateRefreshAge)
            {
                _ = this.ReadOnce(shard);
            }

            return cached.State;
        }

        return await this.ReadOnce(shard).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One read per shard at a time: a writer joins a read in flight, which started less than <see cref="StateMaxAge"/>
    /// ago (reads never outlive it by design: a slower one is replaced), so what it answers is as fresh as the cache must be.
    /// </summary>
    Task<SlaShardState> ReadOnce(int shard)
    {
        while (true)
        {
            if (this.reads.TryGetValue(shard, out var inFlight) && clock.GetElapsedTime(inFlight.StartedAt) < StateMaxAge)
            {
                return inFlight.Read;
            }

            var started = new TaskCompletionSource<SlaShardState>(TaskCreationOptions.RunContinuationsAsynchronously);
            var read = (started.Task, clock.GetTimestamp());
            bool ours = inFlight.Read is null ? this.reads.TryAdd(shard, read) : this.reads.TryUpdate(shard, read, inFlight);
            if (!ours)
            {
                continue;
            }

            _ = this.CompleteAsync(shard, read.Item2, started);
            return started.Task;
        }
    }

    async Task CompleteAsync(int shard, long startedAt, TaskCompletionSource<SlaShardState> result)
    {
        try
        {
            // Not the writer's token: other writers may be waiting on this read.
            SlaShardState state = await states.GetAsync(shard, CancellationToken.None).ConfigureAwait(false);
            this.cache.AddOrUpdate(shard, (state, startedAt), (_, existing) => existing.ReadAt > startedAt ? existing : (state, startedAt));
            result.SetResult(state);
        }
        catch (Exception ex)
        {
            result.SetException(ex);
        }
        finally
        {
            this.reads.TryRemove(new KeyValuePair<int, (Task<SlaShardState>, long)>(shard, (result.Task, startedAt)));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake SLA shard {Shard} for ticket {TicketId}; the shard finds it at its next look (within SlaScheduler:MaxSleep).")]
    private static partial void LogWakeFailed(ILogger logger, Exception error, int shard, string ticketId);
}
