using Microsoft.DurableTask;
using Support.Desk.Application.Sla;

namespace Support.Desk.Hosting.Workflows;

/// <summary>The shard a scheduler instance runs; instance ID <c>sla-shard-{Shard}</c>.</summary>
public sealed record SlaShardInput(int Shard);

/// <summary>
/// One instance per SLA shard, for as long as the desk runs: it runs the shard (<see cref="RunSlaShardActivity"/>)
/// while work falls due, and when a run reports nothing due soon, it sleeps on a durable timer until the run's wake
/// time or until a writer raises <see cref="WakeEvent"/>; no activity runs meanwhile. The durable engine supplies what
/// a plain loop could not: one scheduler per shard across a scaled-out app, wake-ups from any instance, and after a
/// crash, the interrupted run handed to another process.
/// </summary>
/// <remarks>
/// Deterministic: time from the context, no I/O; the activity does everything. History stays short by continuing as
/// new every <see cref="RunsPerGeneration"/> runs, keeping wake events that arrived meanwhile. A failed run (storage
/// down) is retried after a pause rather than failing the instance, so no outage can stop a shard.
/// </remarks>
public sealed class SlaShardOrchestrator : TaskOrchestrator<SlaShardInput, string>
{
    public const int RunsPerGeneration = 10;
    public const string WakeEvent = "wake";
    public static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(5);

    public static string InstanceIdFor(int shard) => $"sla-shard-{shard}";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, SlaShardInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        for (int run = 0; run < RunsPerGeneration; run++)
        {
            SlaShardRunSummary summary;
            try
            {
                summary = await context.CallActivityAsync<SlaShardRunSummary>(nameof(RunSlaShardActivity), input);
            }
            catch (TaskFailedException)
            {
                await context.CreateTimer(context.CurrentUtcDateTime + PauseAfterFailure, CancellationToken.None);
                continue;
            }

            switch (summary.Next)
            {
                case SlaShardNext.RunAgain:
                    break;
                case SlaShardNext.LeaseHeld:
                    await context.CreateTimer(Later(context, summary.NextRunAt), CancellationToken.None);
                    break;
                case SlaShardNext.Sleep:
                    await SleepAsync(context, Later(context, summary.NextRunAt));
                    break;
                default:
                    throw new InvalidOperationException($"Unknown next step {summary.Next} from shard {input.Shard}'s run.");
            }
        }

        context.ContinueAsNew(input, preserveUnprocessedEvents: true);
        return "continued";
    }

    /// <summary>Until the wake time, or a writer's wake event, whichever comes first.</summary>
    static async Task SleepAsync(TaskOrchestrationContext context, DateTime wakeAt)
    {
        using var cancel = new CancellationTokenSource();
        Task timer = context.CreateTimer(wakeAt, cancel.Token);
        Task<bool> woken = context.WaitForExternalEvent<bool>(WakeEvent, cancel.Token);
        await Task.WhenAny(timer, woken);
        cancel.Cancel();
    }

    /// <summary>A run's time in the context's clock, never before now.</summary>
    static DateTime Later(TaskOrchestrationContext context, DateTimeOffset? at) =>
        at is { } time && time.UtcDateTime > context.CurrentUtcDateTime ? time.UtcDateTime : context.CurrentUtcDateTime;
}
