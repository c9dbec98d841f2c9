using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

namespace Support.Desk.Application.Sla;

/// <summary>What one run of a shard did.</summary>
public sealed record SlaShardRunSummary(int Shard, int Advanced, int Failed, int ScheduleReads);

/// <summary>
/// Runs one SLA shard for <see cref="SlaSchedulerOptions.RunFor"/>: reads from the open-ticket index what falls due
/// before its next read, and advances each ticket at the moment it falls due (its notices and emails, through
/// <see cref="TicketProgress"/>), then writes back when the ticket is next due. Deadlines that fall due together
/// are handled together, a bounded number at a time.
/// </summary>
/// <remarks>
/// <para>
/// Timing comes from the schedule, not from durable timers: a deadline between two reads is known at the first
/// and waited for in memory, so a notice goes out when it falls due rather than when a timer message is next
/// polled. Intake and commands in the same process nudge the shard (<see cref="SlaShardSignals"/>) so new work
/// starts at once; from other processes it is found at the next read.
/// </para>
/// <para>
/// Writes back to the schedule are conditional on the entry as it was read: if intake or a command rescheduled
/// the ticket meanwhile, that entry wins and the ticket is advanced again. One loop owns all state; ticket steps
/// run concurrently and report back through a channel.
/// </para>
/// </remarks>
public sealed partial class SlaShardRunner(
    IOpenTicketIndex index,
    TicketProgress progress,
    SlaShardSignals signals,
    SlaSchedulerOptions options,
    TimeProvider clock,
    ILogger<SlaShardRunner> logger)
{
    /// <summary>An entry naming a ticket that is still not stored after this long belongs to an intake that failed: it is dropped.</summary>
    public static readonly TimeSpan AbandonedEntryAge = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A run goes on past its end by up to this much while a known deadline falls due within <see cref="HandOverWindow"/>,
    /// so that the hand-over to the next run (a round trip through the durable engine's queues, up to a second or two
    /// when they are idle) falls between deadlines rather than on one.
    /// </summary>
    public static readonly TimeSpan MaxExtension = TimeSpan.FromSeconds(3);

    /// <summary>How far ahead a run looks for a deadline before handing over.</summary>
    public static readonly TimeSpan HandOverWindow = TimeSpan.FromSeconds(2);

    public async Task<SlaShardRunSummary> RunAsync(int shard, CancellationToken stopping)
    {
        using Activity? span = DeskTelemetry.Source.StartActivity("sla.shard.run");
        span?.SetTag("sla.shard", shard);
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

            if (now >= nextRead)
            {
                // While a backlog of known due work outlasts the interval, reading again would only return it again.
                if (run.Backlog(now) < options.MaxConcurrentTickets)
                {
                    await this.ReadScheduleAsync(run, now + options.PollInterval, stopping).ConfigureAwait(false);
                }

                nextRead = now + options.PollInterval;
            }

            while (nudges.Reader.TryRead(out DueTicket nudge))
            {
                run.Nudged(nudge, now);
            }

            while (completions.Reader.TryRead(out Completion completion))
            {
                run.Completed(completion, now, options.RetryAfterFailure, nextRead + options.PollInterval);
            }

            foreach (ScheduledTicket entry in run.TakeDue(clock.GetUtcNow(), options.MaxConcurrentTickets))
            {
                run.InFlight.Add(entry.TicketId, this.AdvanceAsync(entry, completions.Writer));
            }

            // Sleep until the next read, the next known deadline, the end of the run, or news (a nudge, a finished step).
            now = clock.GetUtcNow();
            DateTimeOffset end = now < until ? until : until + MaxExtension;
            DateTimeOffset wake = new[] { nextRead, end, run.NextDue(now, options.MaxConcurrentTickets) ?? end }.Min();
            if (wake > now)
            {
                await WaitAsync(wake - now, nudges.Reader, completions.Reader, stopping).ConfigureAwait(false);
            }
        }

        // Steps already started finish; their outcome is in storage whatever happens to this run.
        await Task.WhenAll(run.InFlight.Values).ConfigureAwait(false);
        span?.SetTag("sla.advanced", run.Advanced).SetTag("sla.failed", run.Failed);
        return new SlaShardRunSummary(shard, run.Advanced, run.Failed, run.Reads);
    }

    async Task ReadScheduleAsync(Run run, DateTimeOffset dueBy, CancellationToken stopping)
    {
        try
        {
            IReadOnlyList<ScheduledTicket> due = await index.DueAsync(run.Shard, dueBy, stopping).ConfigureAwait(false);
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

    async Task AdvanceAsync(ScheduledTicket entry, ChannelWriter<Completion> completions)
    {
        // Off the loop's thread: the loop goes on scheduling while this ticket's storage round trips run. Each ticket's
        // step is a trace of its own (a shard run spans hundreds of tickets), not a child of the run's span.
        await Task.Yield();
        Activity.Current = null;
        Completion completion;
        try
        {
            TicketAdvance result = await progress.AdvanceAsync(entry.TicketId, CancellationToken.None).ConfigureAwait(false);
            if (result.Ticket is null && clock.GetUtcNow() - entry.CreatedAt < AbandonedEntryAge)
            {
                completion = new Completion(entry.TicketId, Outcome.NotStoredYet);
            }
            else if (result.Ticket is null || result.Finished)
            {
                bool removed = await index.RemoveAsync(entry.TicketId, entry.Version, CancellationToken.None).ConfigureAwait(false);
                completion = new Completion(entry.TicketId, removed ? Outcome.Done : Outcome.Rescheduled);
            }
            else if (result.NextAt == entry.DueAt && entry.Version is not null)
            {
                completion = new Completion(entry.TicketId, Outcome.Done, result.NextAt, entry.Version, entry.CreatedAt);
            }
            else
            {
                string? version = await index.ScheduleAsync(result.Ticket, result.NextAt, entry.Version, CancellationToken.None).ConfigureAwait(false);
                completion = version is null
                    ? new Completion(entry.TicketId, Outcome.Rescheduled)
                    : new Completion(entry.TicketId, Outcome.Done, result.NextAt, version, result.Ticket.CreatedAt);
            }
        }
        catch (Exception ex)
        {
            LogAdvanceFailed(logger, ex, entry.TicketId);
            completion = new Completion(entry.TicketId, Outcome.Failed);
        }

        completions.TryWrite(completion);
    }

    static async Task WaitAsync(TimeSpan delay, ChannelReader<DueTicket> nudges, ChannelReader<Completion> completions, CancellationToken stopping)
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

        /// <summary>The entry changed while the ticket was advanced (intake or a command rescheduled it): read it again.</summary>
        Rescheduled,

        /// <summary>The entry came before its ticket was stored: look again shortly.</summary>
        NotStoredYet,

        Failed,
    }

    /// <summary>A step's result; when done, the ticket's next due time and the schedule entry's version as written.</summary>
    readonly record struct Completion(string TicketId, Outcome Outcome, DateTimeOffset? NextAt = null, string? Version = null, DateTimeOffset CreatedAt = default);

    /// <summary>
    /// The run's state, owned by its loop: the entries it knows of by ticket, and a queue of them by the time they
    /// may run (due, or later after a failure). Replaced entries stay in the queue and are skipped when they surface.
    /// </summary>
    sealed class Run(int shard)
    {
        readonly Dictionary<string, ScheduledTicket> known = new(StringComparer.Ordinal);
        readonly PriorityQueue<ScheduledTicket, DateTimeOffset> queue = new();
        readonly Dictionary<string, DateTimeOffset> notBefore = new(StringComparer.Ordinal);
        readonly Dictionary<string, DueTicket> changedWhileInFlight = new(StringComparer.Ordinal);

        public int Shard { get; } = shard;

        public Dictionary<string, Task> InFlight { get; } = new(StringComparer.Ordinal);

        public int Advanced { get; private set; }

        public int Failed { get; private set; }

        public int Reads { get; private set; }

        public bool ReadFailing { get; set; }

        public void Read(IReadOnlyList<ScheduledTicket> due)
        {
            this.Reads++;
            foreach (ScheduledTicket entry in due)
            {
                bool unchanged = this.known.TryGetValue(entry.TicketId, out ScheduledTicket? current) && current.Version == entry.Version && current.DueAt == entry.DueAt;
                if (!unchanged && !this.InFlight.ContainsKey(entry.TicketId))
                {
                    this.Know(entry);
                }
            }
        }

        public void Nudged(DueTicket nudge, DateTimeOffset now)
        {
            if (this.InFlight.ContainsKey(nudge.TicketId))
            {
                // Whatever the running step read may predate this change: go again when it is done.
                this.changedWhileInFlight[nudge.TicketId] = nudge;
                return;
            }

            // The nudge follows the writer's schedule write: its version is the entry's latest.
            this.notBefore.Remove(nudge.TicketId);
            this.Know(new ScheduledTicket(nudge.TicketId, nudge.DueAt, now, nudge.Version));
        }

        /// <summary>Records a finished step. A ticket due again before the next read's horizon is kept, so that deadline is not missed until then.</summary>
        public void Completed(Completion completion, DateTimeOffset now, TimeSpan retryAfterFailure, DateTimeOffset horizon)
        {
            this.InFlight.Remove(completion.TicketId);
            switch (completion.Outcome)
            {
                case Outcome.Done:
                    this.Advanced++;
                    if (completion.NextAt is { } next && next <= horizon)
                    {
                        this.Know(new ScheduledTicket(completion.TicketId, next, completion.CreatedAt, completion.Version));
                    }

                    break;
                case Outcome.Failed:
                    this.Failed++;
                    this.notBefore[completion.TicketId] = now + retryAfterFailure;
                    break;
                case Outcome.NotStoredYet:
                    this.notBefore[completion.TicketId] = now + TimeSpan.FromSeconds(1);
                    break;
                case Outcome.Rescheduled:
                    break;
            }

            if (this.changedWhileInFlight.Remove(completion.TicketId, out DueTicket nudge) && completion.Outcome != Outcome.Failed)
            {
                // Whether the step's conditional write-back lost to the nudge's entry or came before it, that entry is the latest: go again.
                this.notBefore.Remove(completion.TicketId);
                this.Know(new ScheduledTicket(completion.TicketId, now, now, nudge.Version));
            }
        }

        /// <summary>Entries that may run by <paramref name="now"/>, earliest first, as many as there are free slots; taken out of the known set.</summary>
        public List<ScheduledTicket> TakeDue(DateTimeOffset now, int maxInFlight)
        {
            var taken = new List<ScheduledTicket>();
            while (this.InFlight.Count + taken.Count < maxInFlight && this.Peek() is { } at && at <= now)
            {
                ScheduledTicket entry = this.queue.Dequeue();
                if (this.notBefore.TryGetValue(entry.TicketId, out DateTimeOffset later) && later > now)
                {
                    // Failed a moment ago: back in the queue for when it may run again.
                    this.queue.Enqueue(entry, later);
                    continue;
                }

                this.notBefore.Remove(entry.TicketId);
                this.known.Remove(entry.TicketId);
                taken.Add(entry);
            }

            return taken;
        }

        /// <summary>When the loop must look again for work: the earliest known entry's time, unless every slot is busy.</summary>
        public DateTimeOffset? NextDue(DateTimeOffset now, int maxInFlight) => this.InFlight.Count >= maxInFlight ? null : this.Peek();

        /// <summary>Past the run's end: whether a known deadline (or work in flight) is close enough to finish first, within the extension.</summary>
        public bool DeadlineImminent(DateTimeOffset now, DateTimeOffset until) =>
            now < until + MaxExtension && (this.InFlight.Count > 0 || this.Peek() is { } next && next <= now + HandOverWindow);

        /// <summary>Known entries that may run now: work the run has not got to yet (entries held back after a failure do not count).</summary>
        public int Backlog(DateTimeOffset now) =>
            this.known.Values.Count(e => e.DueAt <= now && !(this.notBefore.TryGetValue(e.TicketId, out DateTimeOffset later) && later > now));

        void Know(ScheduledTicket entry)
        {
            this.known[entry.TicketId] = entry;
            DateTimeOffset at = this.notBefore.TryGetValue(entry.TicketId, out DateTimeOffset later) && later > entry.DueAt ? later : entry.DueAt;
            this.queue.Enqueue(entry, at);
        }

        /// <summary>The earliest time in the queue, once entries replaced since they were queued are dropped.</summary>
        DateTimeOffset? Peek()
        {
            while (this.queue.TryPeek(out ScheduledTicket? entry, out DateTimeOffset at))
            {
                if (this.known.TryGetValue(entry.TicketId, out ScheduledTicket? current) && ReferenceEquals(current, entry))
                {
                    return at;
                }

                this.queue.Dequeue();
            }

            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA shard {Shard} could not read its schedule; it keeps what it knows and reads again shortly.")]
    private static partial void LogReadFailed(ILogger logger, Exception error, int shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Advancing ticket {TicketId} failed; its shard tries again later.")]
    private static partial void LogAdvanceFailed(ILogger logger, Exception error, string ticketId);
}
