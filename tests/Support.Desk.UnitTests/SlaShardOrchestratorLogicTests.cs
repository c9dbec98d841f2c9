using Microsoft.DurableTask;
using Support.Desk.Application.Sla;
using Support.Desk.Hosting.Workflows;

namespace Support.Desk.UnitTests;

/// <summary>The shard scheduler's orchestration on a substituted context: exact calls, no waiting.</summary>
public class SlaShardOrchestratorLogicTests
{
    static readonly DateTime T0 = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
    const string Run = nameof(RunSlaShardActivity);

    static (ScriptedOrchestrationContext Context, Task<string> Orchestration, List<object?> Inputs) Start(Func<int, object> runs)
    {
        var inputs = new List<object?>();
        var context = new ScriptedOrchestrationContext(T0, (name, input, _) =>
        {
            inputs.Add(input);
            return name == Run ? runs(inputs.Count) : throw new InvalidOperationException($"Unexpected activity {name}.");
        });
        return (context, new SlaShardOrchestrator().RunAsync(context, new SlaShardInput(2)), inputs);
    }

    [Fact]
    public async Task Runs_OneAfterAnother_ThenContinuesAsNewWithTheSameShard()
    {
        var (context, orchestration, inputs) = Start(_ => new SlaShardRunSummary(2, 5, 0, 60));

        Assert.Equal("continued", await orchestration.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([.. Enumerable.Repeat($"{Run}@0s", SlaShardOrchestrator.RunsPerGeneration), "continue-as-new@0s"], context.Log);
        Assert.All(inputs, input => Assert.Equal(new SlaShardInput(2), input));
        Assert.Equal(new SlaShardInput(2), context.ContinuedAsNewWith);
    }

    [Fact]
    public void FailedRun_PausesAndRunsAgainInsteadOfFailingTheShard()
    {
        var (context, orchestration, _) = Start(call => call == 1
            ? throw new TaskFailedException(Run, 1, new TaskFailureDetails("IOException", "storage unavailable", null, null, null))
            : new SlaShardRunSummary(2, 0, 0, 1));

        Assert.Equal([$"{Run}@0s", "timer(5s)@0s"], context.Log);
        context.FireNextTimerAt(T0.AddSeconds(5));

        Assert.Equal($"{Run}@5s", context.Log[1 + 1]);
        Assert.False(orchestration.IsFaulted);
    }

    [Fact]
    public void IdleRun_SleepsOnATimerUntilItsWakeTime_RunningNoActivityMeanwhile()
    {
        var (context, _, _) = Start(call => call == 1
            ? new SlaShardRunSummary(2, 0, 0, 10, SlaShardNext.Sleep, new DateTimeOffset(T0.AddMinutes(5)))
            : new SlaShardRunSummary(2, 1, 0, 10));

        Assert.Equal([$"{Run}@0s", "timer(300s)@0s"], context.Log);
        Assert.Equal(1, context.PendingEventWaiters);
        context.FireNextTimerAt(T0.AddMinutes(5));

        Assert.Equal($"{Run}@300s", context.Log[2]);
        Assert.Equal(0, context.PendingEventWaiters);
    }

    [Fact]
    public void SleepingShard_AWakeEventRunsItAtOnce_AndCancelsItsTimer()
    {
        var (context, _, _) = Start(call => call == 1
            ? new SlaShardRunSummary(2, 0, 0, 10, SlaShardNext.Sleep, new DateTimeOffset(T0.AddMinutes(5)))
            : new SlaShardRunSummary(2, 1, 0, 10));

        context.RaiseEventAt(T0.AddSeconds(42), true);

        Assert.Equal([$"{Run}@0s", "timer(300s)@0s", $"{Run}@42s"], context.Log.Take(3));
        Assert.Empty(context.PendingTimers);
    }

    [Fact]
    public void RunHandedOutTwice_WaitsForTheOtherRunsLeaseThenRunsAgain()
    {
        var (context, _, _) = Start(call => call == 1
            ? new SlaShardRunSummary(2, 0, 0, 0, SlaShardNext.LeaseHeld, new DateTimeOffset(T0.AddSeconds(12)))
            : new SlaShardRunSummary(2, 3, 0, 10));

        Assert.Equal([$"{Run}@0s", "timer(12s)@0s"], context.Log);
        Assert.Equal(0, context.PendingEventWaiters);
        context.FireNextTimerAt(T0.AddSeconds(12));

        Assert.Equal($"{Run}@12s", context.Log[2]);
    }

    [Fact]
    public void WakeTimeAlreadyPast_RunsAgainWithoutWaiting()
    {
        var (context, _, _) = Start(call => call == 1
            ? new SlaShardRunSummary(2, 0, 0, 10, SlaShardNext.Sleep, new DateTimeOffset(T0.AddSeconds(-3)))
            : new SlaShardRunSummary(2, 1, 0, 10));

        Assert.Equal([$"{Run}@0s", "timer(0s)@0s"], context.Log);
    }
}
