using Microsoft.DurableTask;
using Support.Desk.Application.Sla;

namespace Support.Desk.Hosting.Workflows;

/// <summary>The shard a scheduler instance runs; instance ID <c>sla-shard-{Shard}</c>.</summary>
public sealed record SlaShardInput(int Shard);

/// <summary>
/// One instance per SLA shard, running for as long as the desk does: it runs the shard (<see cref="RunSlaShardActivity"/>)
/// one stretch after another. The durable engine supplies what a plain loop could not: exactly one runner per shard
/// across a scaled-out app, and after a crash, the interrupted stretch taken up by another process.
/// </summary>
/// <remarks>
/// Deterministic: no time, no I/O; the activity does everything. History stays short by continuing as new every
/// <see cref="RunsPerGeneration"/> runs. A failed run (storage down) is retried after a pause rather than failing
/// the instance, so no outage can stop a shard.
/// </remarks>
public sealed class SlaShardOrchestrator : TaskOrchestrator<SlaShardInput, string>
{
    public const int RunsPerGeneration = 10;
    public static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(5);

    public static string InstanceIdFor(int shard) => $"sla-shard-{shard}";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, SlaShardInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        for (int run = 0; run < RunsPerGeneration; run++)
        {
            try
            {
                await context.CallActivityAsync<SlaShardRunSummary>(nameof(RunSlaShardActivity), input);
            }
            catch (TaskFailedException)
            {
                await context.CreateTimer(context.CurrentUtcDateTime + PauseAfterFailure, CancellationToken.None);
            }
        }

        context.ContinueAsNew(input);
        return "continued";
    }
}
