using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Reports;
using Support.Desk.Settings;

namespace Support.Desk.Application.Sla;

/// <summary>What the shard's scheduler does after a run.</summary>
public enum SlaShardNext
{
    /// <summary>Work is due soon: run again at once.</summary>
    RunAgain,

    /// <summary>Nothing falls due soon: sleep until <see cref="SlaShardRunSummary.NextRunAt"/> or a wake event.</summary>
    Sleep,

    /// <summary>Another run holds the shard (this one was handed out twice): try again when its lease ends.</summary>
    LeaseHeld,
}

/// <summary>What one run of a shard did, and what its scheduler does next.</summary>
public sealed record SlaShardRunSummary(int Shard, int Advanced, int Failed, int ScheduleReads, SlaShardNext Next = SlaShardNext.RunAgain, DateTimeOffset? NextRunAt = null);

/// <summary>
/// Runs one SLA shard for <see cref="SlaSchedulerOptions.RunFor"/>: reads from the schedule what falls due before its
/// next read, and advances each ticket at the moment it falls due (its notices and emails, through
/// <see cref="TicketProgress"/>), then moves the ticket's schedule rows to when it is next due. When nothing falls due
/// soon, the run puts the shard to sleep (see <see cref="SlaShardWakeups"/>) and its scheduler waits on a durable timer.
/// </summary>
/// <remarks>
/// <para>
/// Timing comes from the schedule, not from durable timers: a deadline between two reads is known at the first and
/// waited for in memory, so a notice goes out when it falls due rather than when a timer message is next polled.
/// Intake and commands in the same process nudge the shard (<see cref="SlaShardSignals"/>) so new work starts at
/// once; from other processes it is found at the next read.
/// </para>
/// <para>
/// A run holds the shard's lease (its state row) for its life: a run handed out twice by the durable engine finds the
/// lease held and returns at once, and a run that lost its lease starts no further step. Moves are conditional on the
/// rows as read: if a writer added a row meanwhile, the ticket is advanced again. One loop owns all state; ticket
/// steps run concurrently and report back through a channel.
/// </para>
/// </remarks>
public sealed partial class SlaShardRunner(
    IOpenTicketIndex index,
    ISlaShardStates states,
    TicketProgress progress,
    SlaReportRecorder reports,
    SlaShardSignals signals,
    SlaShardWakeups wakeups,
    SlaSchedulerOptions options,
    TimeProvider clock,
    ILogger<SlaShardRunner> logger)
{
    /// <summary>A row naming a ticket that is still not stored after this long belongs to an intake that failed: it is dropped.</summary>
    public static readonly TimeSpan AbandonedEntryAge = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A run goes on past its end by up to this much while a known deadline falls due within <see cref="HandOverWindow"/>,
    /// so that the hand-over to the next run (a round trip through the durable engine's queues, up to a second or two
    /// when they are idle) falls between deadlines rather than on one.
    /// </summary>
    public static readonly TimeSpan MaxExtension = TimeSpan.FromSeconds(3);

    /// <summary>How far ahead a run looks for a deadline before handing over.</summary>
    public static readonly TimeSpan HandOverWindow = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Between declaring the shard asleep and the last read of its schedule: longer than writers cache the shard's
    /// state (<see cref="SlaShardWakeups.StateMaxAge"/>), so every writer that saw it awake has written its row by then.
    /// </summary>
    public static readonly TimeSpan SleepSettleTime = TimeSpan.FromSeconds(2);

    /// <summary>How often a run renews its lease, and so how soon it notices having lost it.</summary>
    public static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(5);

    /// <summary>Rows read at most per read: a backlog larger than this is read again as it is worked off.</summary>
    public const int MaxRowsPerRead = 2000;

    /// <summary>
    /// How long a lease lasts from its last renewal: two renewals and a margin for a slow store, whatever the run's
    /// length (a live run renews it every <see cref="LeaseRenewal"/>). After a crash, another run takes the shard once it
    /// lapses, 7 to 12 s after the kill, inside the durable message's own visibility timeout.
    /// </summary>
    public static readonly TimeSpan LeaseTerm = (2 * LeaseRenewal) + TimeSpan.FromSeconds(2);

    public async Task<SlaShardRunSummary> RunAsync(int shard, CancellationToken stopping)
    {
        using Activity? span = DeskTelemetry.Source.StartActivity("sla.shard.run");
        span?.SetTag("sla.shard", shard);
        // Which process holds the shard, in its state row: how an operator (or a test) sees the shards spread.
        string runId = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        var lease = new Lease(states, wakeups, clock, logger, LeaseTerm, shard, runId);
        if (await lease.TakeAsync(stopping).ConfigureAwait(false) is { } heldUntil)
        {
            LogLeaseHeld(logger, shard, heldUntil);
            return new SlaShardRunSummary(shard, 0, 0, 0, SlaShardNext.LeaseHeld, heldUntil);
        }

        using SlaShardSignals.Subscription nudges = signals.Listen(shard);
        var run = new Run(shard);
        DateTimeOffset until = clock.GetUtcNow() + options.RunFor;
        DateTimeOffset nextRead = DateTimeOffset.MinValue;
        var completions = Channel.CreateUnbounded<Completion>(new UnboundedChannelOptions { SingleReader = true });

        while (true)
        {
            DateTimeOffset now = clock.GetUtcNow();
            if (stopping.IsCancellationRequested || (now >= until && !run.DeadlineImminent(now, until)))
            {
                break;
            }

            if (!await lease.KeepAsync(now, stopping).ConfigureAwait(false))
            {
                LogLeaseLost(logger, shard);
                break;
            }

            if (now >= nextRead)
            {
                // While a backlog of known due work outlasts the interval, reading again would only return it again.
                if (run.Backlog(now) < options.MaxConcurrentTickets)
                {
                    await this.ReadScheduleAsync(run, now + options.PollInterval, stopping).ConfigureAwait(false);
                }

                nextRead = now + options.PollInterval;
            }

            while (nudges.Reader.TryRead(out DueRow? nudge))
            {
                run.Add(nudge);
            }

            while (completions.Reader.TryRead(out Completion completion))
            {
                run.Completed(completion, now, options.RetryAfterFailure, nextRead + options.PollInterval);
            }

            foreach ((string ticketId, IReadOnlyList<DueRow> rows) in run.TakeDue(clock.GetUtcNow(), options.MaxConcurrentTickets))
            {
                run.InFlight.Add(ticketId, this.AdvanceAsync(ticketId, rows, completions.Writer));
            }

            // Sleep until the next read, the next known deadline, the end of the run, or news (a nudge, a finished step).
            now = clock.GetUtcNow();
            DateTimeOffset end = now < until ? until : until + MaxExtension;
            DateTimeOffset wake = new[] { nextRead, end, run.NextDue(options.MaxConcurrentTickets) ?? end }.Min();
            if (wake > now)
            {
                await WaitAsync(wake - now, nudges.Reader, completions.Reader, stopping).ConfigureAwait(false);
            }
        }

        // Steps already started finish; their outcome is in storage whatever happens to this run.
        await Task.WhenAll(run.InFlight.Values).ConfigureAwait(false);
        span?.SetTag("sla.advanced", run.Advanced).SetTag("sla.failed", run.Failed);
        var summary = new SlaShardRunSummary(shard, run.Advanced, run.Failed, run.Reads);
        if (stopping.IsCancellationRequested || !lease.Held || run.HasWork)
        {
            await lease.ReleaseAsync().ConfigureAwait(false);
            return summary;
        }

        return await this.SleepIfIdleAsync(lease, nudges, summary, stopping).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts the shard to sleep when nothing falls due before another run would end: declared first, then, once every
    /// writer has seen it, confirmed by one more read (see <see cref="SlaShardWakeups"/>).
    /// </summary>
    async Task<SlaShardRunSummary> SleepIfIdleAsync(Lease lease, SlaShardSignals.Subscription nudges, SlaShardRunSummary summary, CancellationToken stopping)
    {
        try
        {
            DateTimeOffset now = clock.GetUtcNow();
            // Only rows before the longest sleep matter: the read returns what falls due in the next few minutes at most.
            DateTimeOffset horizon = now + options.MaxSleep + options.WakeLead;
            DateTimeOffset? earliest = await index.EarliestDueAsync(lease.Shard, horizon, stopping).ConfigureAwait(false);
            DateTimeOffset wakeAt = WakeTime(earliest, now);
            if (wakeAt <= now + options.RunFor || !await lease.DeclareSleepAsync(now, wakeAt, stopping).ConfigureAwait(false))
            {
                await lease.ReleaseAsync().ConfigureAwait(false);
                return summary;
            }

            await Task.Delay(SleepSettleTime, clock, stopping).ConfigureAwait(false);
            earliest = await index.EarliestDueAsync(lease.Shard, horizon, stopping).ConfigureAwait(false);
            if (nudges.Reader.TryPeek(out _) || WakeTime(earliest, now) < wakeAt)
            {
                // A writer's row came in while the shard was settling: no sleep after all.
                await lease.ReleaseAsync().ConfigureAwait(false);
                return summary;
            }

            return summary with { Next = SlaShardNext.Sleep, NextRunAt = wakeAt };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // Storage unreachable: staying awake is always safe.
            LogReadFailed(logger, ex, lease.Shard);
            await lease.ReleaseAsync().ConfigureAwait(false);
            return summary;
        }
        catch (OperationCanceledException)
        {
            await lease.ReleaseAsync().ConfigureAwait(false);
            return summary;
        }
    }

    /// <summary>When a sleeping shard wakes: a lead before its earliest row, and at least every <see cref="SlaSchedulerOptions.MaxSleep"/>.</summary>
    DateTimeOffset WakeTime(DateTimeOffset? earliest, DateTimeOffset now)
    {
        DateTimeOffset latest = now + options.MaxSleep;
        return earliest is { } due && due - options.WakeLead < latest ? due - options.WakeLead : latest;
    }

    async Task ReadScheduleAsync(Run run, DateTimeOffset dueBy, CancellationToken stopping)
    {
        try
        {
            IReadOnlyList<DueRow> due = await index.DueAsync(run.Shard, dueBy, MaxRowsPerRead, stopping).ConfigureAwait(false);
            run.Read(due);
            run.ReadFailing = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            // Storage unreachable: keep going with what is known and read again at the next interval. Logged once per streak.
            if (!run.ReadFailing)
            {
                LogReadFailed(logger, ex, run.Shard);
            }

            run.ReadFailing = true;
        }
    }

    async Task AdvanceAsync(string ticketId, IReadOnlyList<DueRow> rows, ChannelWriter<Completion> completions)
    {
        // Off the loop's thread: the loop goes on scheduling while this ticket's storage round trips run. Each ticket's
        // step is a trace of its own (a shard run spans hundreds of tickets), not a child of the run's span.
        await Task.Yield();
        Activity.Current = null;
        Completion completion;
        try
        {
            TicketAdvance result = await progress.AdvanceAsync(ticketId, CancellationToken.None).ConfigureAwait(false);
            if (result.Ticket is not null)
            {
                // Before the row goes: a failure here fails the step, which is tried again, so no settled clock goes unrecorded.
                await reports.RecordAsync(result.Ticket, CancellationToken.None).ConfigureAwait(false);
            }

            DateTimeOffset createdAt = rows.Min(r => r.CreatedAt);
            if (result.Ticket is null && clock.GetUtcNow() - createdAt < AbandonedEntryAge)
            {
                completion = new Completion(ticketId, Outcome.NotStoredYet);
            }
            else if (result.Ticket is null || result.Finished)
            {
                bool removed = await index.RemoveAsync(ticketId, rows, CancellationToken.None).ConfigureAwait(false);
                completion = new Completion(ticketId, removed ? Outcome.Done : Outcome.Rescheduled);
            }
            else
            {
                ScheduleMove move = await index.MoveAsync(ticketId, rows, result.NextAt, result.Ticket.CreatedAt, CancellationToken.None).ConfigureAwait(false);
                completion = new Completion(ticketId, move.Applied ? Outcome.Done : Outcome.Rescheduled, move.Next);
            }
        }
        catch (Exception ex)
        {
            LogAdvanceFailed(logger, ex, ticketId);
            completion = new Completion(ticketId, Outcome.Failed);
        }

        completions.TryWrite(completion);
    }

    static async Task WaitAsync(TimeSpan delay, ChannelReader<DueRow> nudges, ChannelReader<Completion> completions, CancellationToken stopping)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Task[] waits =
        [
            Task.Delay(delay, wake.Token),
            nudges.WaitToReadAsync(wake.Token).AsTask(),
            completions.WaitToReadAsync(wake.Token).AsTask(),
        ];
        await Task.WhenAny(waits).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(waits).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The waits that lost the race.
        }
    }

    enum Outcome
    {
        /// <summary>Advanced, and the schedule says when next.</summary>
        Done,

        /// <summary>A row changed while the ticket was advanced (a writer added one): handle it again.</summary>
        Rescheduled,

        /// <summary>The row came before its ticket was stored: look again shortly.</summary>
        NotStoredYet,

        Failed,
    }

    /// <summary>A step's result; when done, the ticket's next row as written (null: none).</summary>
    readonly record struct Completion(string TicketId, Outcome Outcome, DueRow? Next = null);

    /// <summary>
    /// The shard's lease on its state row, held by one run: taken at the start (unless another run holds it), renewed
    /// as the run goes on, and either released or turned into the shard's sleep at the end.
    /// </summary>
    sealed class Lease(ISlaShardStates states, SlaShardWakeups wakeups, TimeProvider clock, ILogger logger, TimeSpan term, int shard, string runId)
    {
        SlaShardState? held;

        public int Shard => shard;

        public bool Held => this.held is not null;

        /// <summary>Takes the lease; returns when another run's lease ends if it holds it.</summary>
        public async Task<DateTimeOffset?> TakeAsync(CancellationToken cancellationToken)
        {
            SlaShardState current = await states.GetAsync(shard, cancellationToken).ConfigureAwait(false);
            DateTimeOffset now = clock.GetUtcNow();
            if (current.Owner is not null && current.LeaseUntil > now)
            {
                return current.LeaseUntil;
            }

            this.held = await this.WriteAsync(new SlaShardState(runId, now + term, null, null, null), current.Version, cancellationToken).ConfigureAwait(false);
            return this.held is null ? now + TimeSpan.FromSeconds(1) : null;
        }

        /// <summary>Renews the lease every <see cref="LeaseRenewal"/>; false once it is lost (another run took the shard), which the renewal finds.</summary>
        public async Task<bool> KeepAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            if (this.held is not { } lease)
            {
                return false;
            }

            if (lease.LeaseUntil - now > term - LeaseRenewal)
            {
                return true;
            }

            try
            {
                this.held = await this.WriteAsync(lease with { LeaseUntil = now + term }, lease.Version, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage unreachable: the lease holds until its end; past it, stop.
                LogReadFailed(logger, ex, shard);
                return now < lease.LeaseUntil - TimeSpan.FromSeconds(2);
            }

            return this.held is not null;
        }

        public async Task<bool> DeclareSleepAsync(DateTimeOffset now, DateTimeOffset wakeAt, CancellationToken cancellationToken)
        {
            if (this.held is not { } lease)
            {
                return false;
            }

            // The lease is given up with the declaration: the scheduler's next run (after the sleep) takes it afresh.
            this.held = await this.WriteAsync(new SlaShardState(null, now, now, wakeAt, null), lease.Version, cancellationToken).ConfigureAwait(false);
            return this.held is not null;
        }

        /// <summary>Ends the run's hold (or a declared sleep that was called off): the shard is awake and free.</summary>
        public async Task ReleaseAsync()
        {
            if (this.held is not { } lease)
            {
                return;
            }

            try
            {
                this.held = null;
                await this.WriteAsync(new SlaShardState(null, clock.GetUtcNow(), null, null, null), lease.Version, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The lease runs out by itself.
                LogReadFailed(logger, ex, shard);
            }
        }

        async Task<SlaShardState?> WriteAsync(SlaShardState state, string? ifVersion, CancellationToken cancellationToken)
        {
            SlaShardState? written = await states.TryReplaceAsync(shard, state, ifVersion, cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                wakeups.Observe(shard, written);
            }

            return written;
        }
    }

    /// <summary>
    /// The run's state, owned by its loop: per ticket, the schedule rows it knows of (due by the next read), and a
    /// queue of tickets by the time they may run (due, or later after a failure). Superseded queue items are skipped
    /// when they surface.
    /// </summary>
    sealed class Run(int shard)
    {
        readonly Dictionary<string, Pending> known = new(StringComparer.Ordinal);
        readonly PriorityQueue<(string TicketId, long Stamp), DateTimeOffset> queue = new();
        readonly Dictionary<string, DateTimeOffset> notBefore = new(StringComparer.Ordinal);
        readonly Dictionary<string, IReadOnlyList<DueRow>> inFlightRows = new(StringComparer.Ordinal);
        readonly HashSet<string> changedWhileInFlight = new(StringComparer.Ordinal);
        long stamps;

        public int Shard { get; } = shard;

        public Dictionary<string, Task> InFlight { get; } = new(StringComparer.Ordinal);

        public int Advanced { get; private set; }

        public int Failed { get; private set; }

        public int Reads { get; private set; }

        public bool ReadFailing { get; set; }

        /// <summary>Whether anything is known to be due, waiting or in flight: a run with work left does not put its shard to sleep.</summary>
        public bool HasWork => this.known.Count > 0 || this.InFlight.Count > 0;

        public void Read(IReadOnlyList<DueRow> due)
        {
            this.Reads++;
            foreach (DueRow row in due)
            {
                this.Add(row);
            }
        }

        /// <summary>A row read or nudged: new rows (or new versions) of a ticket join what is known of it.</summary>
        public void Add(DueRow row)
        {
            if (this.inFlightRows.TryGetValue(row.TicketId, out IReadOnlyList<DueRow>? handling))
            {
                // The running step may predate this row: go again when it is done (unless it is one the step handles).
                if (!handling.Any(r => r.Key == row.Key && r.Version == row.Version))
                {
                    this.changedWhileInFlight.Add(row.TicketId);
                    this.Know(row);
                }

                return;
            }

            this.Know(row);
        }

        /// <summary>Records a finished step. A next row due before the next read's horizon is kept, so that deadline is not missed until then.</summary>
        public void Completed(Completion completion, DateTimeOffset now, TimeSpan retryAfterFailure, DateTimeOffset horizon)
        {
            this.InFlight.Remove(completion.TicketId);
            this.inFlightRows.Remove(completion.TicketId, out IReadOnlyList<DueRow>? handled);
            bool changed = this.changedWhileInFlight.Remove(completion.TicketId);
            switch (completion.Outcome)
            {
                case Outcome.Done:
                    this.Advanced++;
                    if (completion.Next is { } next && next.DueAt <= horizon)
                    {
                        this.Know(next);
                    }

                    break;
                case Outcome.Failed:
                    this.Failed++;
                    this.notBefore[completion.TicketId] = now + retryAfterFailure;
                    this.Requeue(completion.TicketId, handled);
                    break;
                case Outcome.NotStoredYet:
                    this.notBefore[completion.TicketId] = now + TimeSpan.FromSeconds(1);
                    this.Requeue(completion.TicketId, handled);
                    break;
                case Outcome.Rescheduled:
                    // A handled row changed: the next read returns it as it is now.
                    break;
            }

            if (changed && completion.Outcome != Outcome.Failed && this.known.TryGetValue(completion.TicketId, out Pending? pending))
            {
                // Rows that came in during the step are due now, whatever their time: the step may have read the ticket before their change.
                this.notBefore.Remove(completion.TicketId);
                this.Enqueue(completion.TicketId, pending, now);
            }
        }

        /// <summary>Tickets that may run by <paramref name="now"/>, earliest first, as many as there are free slots, with their rows; taken out of the known set.</summary>
        public List<(string TicketId, IReadOnlyList<DueRow> Rows)> TakeDue(DateTimeOffset now, int maxInFlight)
        {
            var taken = new List<(string, IReadOnlyList<DueRow>)>();
            while (this.InFlight.Count + taken.Count < maxInFlight && this.Peek() is { } at && at <= now)
            {
                (string ticketId, _) = this.queue.Dequeue();
                if (this.InFlight.ContainsKey(ticketId))
                {
                    // Queued again while its step runs: it goes again when the step completes.
                    continue;
                }

                if (this.notBefore.TryGetValue(ticketId, out DateTimeOffset later) && later > now)
                {
                    // Failed a moment ago: back in the queue for when it may run again.
                    this.Enqueue(ticketId, this.known[ticketId], later);
                    continue;
                }

                this.notBefore.Remove(ticketId);
                this.known.Remove(ticketId, out Pending? pending);
                IReadOnlyList<DueRow> rows = [.. pending!.Rows.Values];
                this.inFlightRows[ticketId] = rows;
                taken.Add((ticketId, rows));
            }

            return taken;
        }

        /// <summary>When the loop must look again for work: the earliest known ticket's time, unless every slot is busy.</summary>
        public DateTimeOffset? NextDue(int maxInFlight) => this.InFlight.Count >= maxInFlight ? null : this.Peek();

        /// <summary>Past the run's end: whether a known deadline (or work in flight) is close enough to finish first, within the extension.</summary>
        public bool DeadlineImminent(DateTimeOffset now, DateTimeOffset until) =>
            now < until + MaxExtension && (this.InFlight.Count > 0 || this.Peek() is { } next && next <= now + HandOverWindow);

        /// <summary>Known tickets that may run now: work the run has not got to yet (tickets held back after a failure do not count).</summary>
        public int Backlog(DateTimeOffset now) =>
            this.known.Count(p => p.Value.DueAt <= now && !this.InFlight.ContainsKey(p.Key) && !(this.notBefore.TryGetValue(p.Key, out DateTimeOffset later) && later > now));

        void Requeue(string ticketId, IReadOnlyList<DueRow>? handled)
        {
            foreach (DueRow row in handled ?? [])
            {
                this.Know(row);
            }
        }

        void Know(DueRow row)
        {
            if (!this.known.TryGetValue(row.TicketId, out Pending? pending))
            {
                pending = new Pending();
                this.known[row.TicketId] = pending;
            }

            if (pending.Rows.TryGetValue(row.Key, out DueRow? had) && had.Version == row.Version)
            {
                return;
            }

            pending.Rows[row.Key] = row;
            if (row.DueAt < pending.DueAt || pending.Rows.Count == 1)
            {
                pending.DueAt = row.DueAt;
                DateTimeOffset at = this.notBefore.TryGetValue(row.TicketId, out DateTimeOffset later) && later > row.DueAt ? later : row.DueAt;
                this.Enqueue(row.TicketId, pending, at);
            }
        }

        void Enqueue(string ticketId, Pending pending, DateTimeOffset at)
        {
            pending.Stamp = ++this.stamps;
            this.queue.Enqueue((ticketId, pending.Stamp), at);
        }

        /// <summary>The earliest time in the queue, once items superseded since they were queued are dropped.</summary>
        DateTimeOffset? Peek()
        {
            while (this.queue.TryPeek(out (string TicketId, long Stamp) item, out DateTimeOffset at))
            {
                if (this.known.TryGetValue(item.TicketId, out Pending? current) && current.Stamp == item.Stamp)
                {
                    return at;
                }

                this.queue.Dequeue();
            }

            return null;
        }

        sealed class Pending
        {
            public Dictionary<string, DueRow> Rows { get; } = new(StringComparer.Ordinal);

            public DateTimeOffset DueAt { get; set; } = DateTimeOffset.MaxValue;

            public long Stamp { get; set; }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA shard {Shard} could not read or write its schedule; it keeps what it knows and tries again shortly.")]
    private static partial void LogReadFailed(ILogger logger, Exception error, int shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Advancing ticket {TicketId} failed; its shard tries again later.")]
    private static partial void LogAdvanceFailed(ILogger logger, Exception error, string ticketId);

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA shard {Shard} is held by another run until {HeldUntil}; this run (handed out twice) leaves it alone.")]
    private static partial void LogLeaseHeld(ILogger logger, int shard, DateTimeOffset heldUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA shard {Shard}'s run lost its lease to another run; it starts no further step.")]
    private static partial void LogLeaseLost(ILogger logger, int shard);
}
