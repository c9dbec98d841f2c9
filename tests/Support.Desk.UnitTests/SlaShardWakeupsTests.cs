using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Sla;

namespace Support.Desk.UnitTests;

/// <summary>What a writer does after scheduling a ticket: a sleeping shard is woken once when the row falls due before its wake time.</summary>
public class SlaShardWakeupsTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    sealed class States : ISlaShardStates
    {
        public SlaShardState State { get; set; } = SlaShardState.None;

        int reads;

        public int Reads => Volatile.Read(ref this.reads);

        /// <summary>While set, reads wait for it (a slow store).</summary>
        public TaskCompletionSource? Gate { get; set; }

        public async Task<SlaShardState> GetAsync(int shard, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref this.reads);
            if (this.Gate is { } gate)
            {
                await gate.Task;
            }

            return this.State;
        }

        public Task<SlaShardState?> TryReplaceAsync(int shard, SlaShardState state, string? ifVersion, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Writers never write a shard's state.");
    }

    sealed class Waker(bool fail = false) : ISlaShardWaker
    {
        public List<int> Woken { get; } = [];

        public Task WakeAsync(int shard, CancellationToken cancellationToken)
        {
            this.Woken.Add(shard);
            return fail ? Task.FromException(new HttpRequestException("durable backend unreachable")) : Task.CompletedTask;
        }
    }

    static DueRow Row(DateTimeOffset dueAt, string ticketId = "SUP-0000000000AA") => new(ticketId, dueAt, Now, $"due-{dueAt.UtcTicks}-{ticketId}", "W/\"1\"");

    static SlaShardState Asleep(DateTimeOffset since, DateTimeOffset wakeAt) => new(null, since, since, wakeAt, "v");

    [Fact]
    public async Task RowDueBeforeASleepingShardWakes_WakesItOnce_HoweverManyWritersFollow()
    {
        var states = new States { State = Asleep(Now.AddMinutes(-1), Now.AddMinutes(30)) };
        var waker = new Waker();
        var wakeups = new SlaShardWakeups(new SlaShardSignals(), states, waker, TimeProvider.System, NullLogger<SlaShardWakeups>.Instance);

        await wakeups.ScheduledAsync(Row(Now), CancellationToken.None);
        await wakeups.ScheduledAsync(Row(Now.AddSeconds(1)), CancellationToken.None);
        await wakeups.ScheduledAsync(Row(Now.AddSeconds(2)), CancellationToken.None);

        Assert.Equal([SlaShards.Of("SUP-0000000000AA")], waker.Woken);
        Assert.Equal(1, states.Reads);
    }

    [Fact]
    public async Task ShardSleepsAgainLater_IsWokenAgainForTheNewSleep()
    {
        var states = new States { State = Asleep(Now.AddMinutes(-1), Now.AddMinutes(30)) };
        var waker = new Waker();
        var wakeups = new SlaShardWakeups(new SlaShardSignals(), states, waker, TimeProvider.System, NullLogger<SlaShardWakeups>.Instance);
        int shard = SlaShards.Of("SUP-0000000000AA");

        await wakeups.ScheduledAsync(Row(Now), CancellationToken.None);
        wakeups.Observe(shard, Asleep(Now.AddMinutes(2), Now.AddMinutes(40)));
        await wakeups.ScheduledAsync(Row(Now.AddMinutes(3)), CancellationToken.None);

        Assert.Equal([shard, shard], waker.Woken);
    }

    [Fact]
    public async Task RowDueAfterTheWakeTime_OrShardAwake_WakesNothing()
    {
        var states = new States { State = Asleep(Now.AddMinutes(-1), Now.AddMinutes(30)) };
        var waker = new Waker();
        var wakeups = new SlaShardWakeups(new SlaShardSignals(), states, waker, TimeProvider.System, NullLogger<SlaShardWakeups>.Instance);
        await wakeups.ScheduledAsync(Row(Now.AddMinutes(31)), CancellationToken.None);
        wakeups.Observe(SlaShards.Of("SUP-0000000000AA"), new SlaShardState("run-1", Now.AddSeconds(15), null, null, "v2"));
        await wakeups.ScheduledAsync(Row(Now), CancellationToken.None);

        Assert.Empty(waker.Woken);
    }

    [Fact]
    public async Task WakeFails_TheWriterIsNotFailed_AndTheRowStillNudgesAShardRunningHere()
    {
        var signals = new SlaShardSignals();
        var states = new States { State = Asleep(Now.AddMinutes(-1), Now.AddMinutes(30)) };
        var waker = new Waker(fail: true);
        var wakeups = new SlaShardWakeups(signals, states, waker, TimeProvider.System, NullLogger<SlaShardWakeups>.Instance);
        using SlaShardSignals.Subscription listening = signals.Listen(SlaShards.Of("SUP-0000000000AA"));

        await wakeups.ScheduledAsync(Row(Now), CancellationToken.None);

        Assert.Single(waker.Woken);
        Assert.True(listening.Reader.TryRead(out DueRow? nudged));
        Assert.Equal(Now, nudged.DueAt);
    }

    [Fact]
    public async Task CachedState_IsReadAgainOnceOlderThanTheSleepSettleAllows()
    {
        var time = new FakeTimeProvider(Now);
        var states = new States();
        var wakeups = new SlaShardWakeups(new SlaShardSignals(), states, new Waker(), time, NullLogger<SlaShardWakeups>.Instance);

        await wakeups.ScheduledAsync(Row(Now), CancellationToken.None);
        await wakeups.ScheduledAsync(Row(Now), CancellationToken.None);
        time.Advance(SlaShardWakeups.StateMaxAge + TimeSpan.FromMilliseconds(100));
        await wakeups.ScheduledAsync(Row(Now), CancellationToken.None);

        Assert.Equal(2, states.Reads);
        Assert.True(SlaShardWakeups.StateMaxAge < SlaShardRunner.SleepSettleTime);
    }

    [Fact]
    public async Task ManyWritersFindTheCacheExpired_OneReadServesThemAll()
    {
        var states = new States { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var wakeups = new SlaShardWakeups(new SlaShardSignals(), states, new Waker(), TimeProvider.System, NullLogger<SlaShardWakeups>.Instance);

        Task[] writers = [.. Enumerable.Range(0, 16).Select(_ => wakeups.ScheduledAsync(Row(Now), CancellationToken.None))];
        Assert.All(writers, w => Assert.False(w.IsCompleted));
        states.Gate.SetResult();
        await Task.WhenAll(writers);

        Assert.Equal(1, states.Reads);
    }

    [Fact]
    public async Task SteadyWriters_NeverWaitForARead_TheCacheIsRefreshedBeforeItExpires()
    {
        var time = new FakeTimeProvider(Now);
        var states = new States();
        var wakeups = new SlaShardWakeups(new SlaShardSignals(), states, new Waker(), time, NullLogger<SlaShardWakeups>.Instance);
        await wakeups.ScheduledAsync(Row(Now), CancellationToken.None);

        // Past the refresh age, within the maximum: the writer is answered from the cache and a read starts behind it.
        time.Advance(SlaShardWakeups.StateRefreshAge + TimeSpan.FromMilliseconds(100));
        states.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task writer = wakeups.ScheduledAsync(Row(Now), CancellationToken.None);

        Assert.True(writer.IsCompletedSuccessfully);
        Assert.Equal(2, states.Reads);
        states.Gate.SetResult();

        // Past the maximum with no read since: the writer waits for one.
        time.Advance(SlaShardWakeups.StateMaxAge + TimeSpan.FromMilliseconds(100));
        states.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task late = wakeups.ScheduledAsync(Row(Now), CancellationToken.None);
        Assert.False(late.IsCompleted);
        states.Gate.SetResult();
        await late;
        Assert.Equal(3, states.Reads);
    }

}
