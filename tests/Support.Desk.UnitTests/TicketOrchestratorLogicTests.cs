using Microsoft.DurableTask;
using Support.Desk.Application;
using Support.Desk.Hosting.Workflows;
using Support.Desk.Application.Ports;

namespace Support.Desk.UnitTests;

/// <summary>The orchestrator's scheduling logic on a substituted context: exact timings, no waiting.</summary>
public class TicketOrchestratorLogicTests
{
    static readonly DateTime T0 = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
    const string Advance = nameof(AdvanceTicketActivity);
    const string Acknowledge = nameof(AcknowledgeTicketWorkflowActivity);

    /// <summary>An advance step answering with the given schedules in turn (the last one repeats).</summary>
    static Func<string, object?, DateTime, object> Script(params Func<DateTime, TicketSchedule>[] schedules)
    {
        int call = 0;
        return (name, _, now) => name == Acknowledge ? true : schedules[Math.Min(call++, schedules.Length - 1)](now);
    }

    static (ScriptedOrchestrationContext Context, Task<string> Run) Start(Func<string, object?, DateTime, object> activities, bool acknowledged = false)
    {
        var context = new ScriptedOrchestrationContext(T0, activities);
        Task<string> run = new TicketOrchestrator().RunAsync(context, new TicketWorkflowInput("SUP-7K3M-9QXD-2F4A", acknowledged));
        return (context, run);
    }

    [Fact]
    public void Start_AcknowledgesAdvancesThenSleepsUntilTheNextDueTime()
    {
        var (context, run) = Start(Script(_ => new TicketSchedule(false, T0.AddSeconds(45))));

        Assert.Equal([$"{Acknowledge}@0s", $"{Advance}@0s", "timer(45s)@0s"], context.Log);
        Assert.Equal(1, context.PendingEventWaiters);
        Assert.False(run.IsCompleted);
    }

    [Fact]
    public void TimerOnTime_AdvancesAtTheDueTime()
    {
        var (context, _) = Start(Script(_ => new TicketSchedule(false, T0.AddSeconds(45)), now => new TicketSchedule(false, null)));

        context.FireNextTimerAt(T0.AddSeconds(45));

        Assert.Equal([$"{Acknowledge}@0s", $"{Advance}@0s", "timer(45s)@0s", $"{Advance}@45s"], context.Log);
        Assert.Empty(context.PendingTimers);
        Assert.Equal(1, context.PendingEventWaiters);
    }

    [Fact]
    public void TimerFiringEarly_WaitsAgainWithoutAdvancing()
    {
        var (context, _) = Start(Script(_ => new TicketSchedule(false, T0.AddSeconds(45)), _ => new TicketSchedule(false, null)));

        context.FireNextTimerAt(T0.AddSeconds(44.6));
        string[] afterEarly = [.. context.Log];
        context.FireNextTimerAt(T0.AddSeconds(45));

        Assert.Equal([$"{Acknowledge}@0s", $"{Advance}@0s", "timer(45s)@0s", "timer(45s)@44.6s"], afterEarly);
        Assert.Equal($"{Advance}@45s", context.Log[^1]);
    }

    [Fact]
    public void TicketChanged_WakesAtOnceAndCancelsTheTimer()
    {
        var (context, _) = Start(Script(_ => new TicketSchedule(false, T0.AddHours(1)), now => new TicketSchedule(false, now.AddMinutes(10))));

        context.RaiseEventAt(T0.AddSeconds(7), "changed");

        Assert.Equal($"{Advance}@7s", context.Log[^2]);
        Assert.Equal("timer(607s)@7s", context.Log[^1]);
        Assert.Equal([T0.AddSeconds(607)], context.PendingTimers);
    }

    [Fact]
    public void NothingScheduled_SleepsUntilTheTicketChanges()
    {
        var (context, _) = Start(Script(_ => new TicketSchedule(false, null)));

        Assert.Empty(context.PendingTimers);
        Assert.Equal(1, context.PendingEventWaiters);
    }

    [Fact]
    public async Task Finished_EndsWithClosed()
    {
        var (context, run) = Start(Script(_ => new TicketSchedule(false, null), _ => new TicketSchedule(true, null)));

        context.RaiseEventAt(T0.AddMinutes(3), "changed");

        Assert.Equal("closed", await run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Null(context.ContinuedAsNewWith);
    }

    [Fact]
    public async Task ManyWakeUps_ContinueAsNewAcknowledgedToKeepHistoryShort()
    {
        var (context, run) = Start(Script(now => new TicketSchedule(false, now.AddSeconds(10))));

        for (int i = 1; i <= TicketOrchestrator.WakeUpsPerGeneration; i++)
        {
            context.FireNextTimerAt(T0.AddSeconds(10 * i));
        }

        Assert.Equal("continued", await run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(new TicketWorkflowInput("SUP-7K3M-9QXD-2F4A", Acknowledged: true), context.ContinuedAsNewWith);
        Assert.Equal(TicketOrchestrator.WakeUpsPerGeneration, context.Log.Count(l => l.StartsWith(Advance, StringComparison.Ordinal)));
        Assert.Single(context.Log, l => l.StartsWith(Acknowledge, StringComparison.Ordinal));
    }

    [Fact]
    public void ContinuedGeneration_DoesNotAcknowledgeAgain()
    {
        var (context, _) = Start(Script(_ => new TicketSchedule(false, null)), acknowledged: true);

        Assert.Equal([$"{Advance}@0s"], context.Log);
    }

    [Fact]
    public void FailingStep_IsRetriedOnATimerInsteadOfFailingTheTicket()
    {
        int calls = 0;
        var (context, run) = Start((name, _, now) =>
            name == Acknowledge ? true
            : ++calls == 1 ? throw new TaskFailedException(Advance, 1, new TaskFailureDetails("IOException", "storage unavailable", null, null, null))
            : new TicketSchedule(false, null));

        Assert.Equal("timer(60s)@0s", context.Log[^1]);
        context.FireNextTimerAt(T0.AddMinutes(1));

        Assert.Equal($"{Advance}@60s", context.Log[^1]);
        Assert.False(run.IsFaulted);
    }
}
