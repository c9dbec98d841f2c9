using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Support.Desk.Application.Sla;
using Support.Desk.Hosting.Workflows;

namespace Support.Functions;

/// <summary>
/// One-line wrappers that expose the class-based orchestrator and activity to the Functions host (the source
/// generator that would write these is not available). Function names are the class names, exactly as the local
/// host's registry names them.
/// </summary>
public sealed class SlaShardFunctions(SlaShardRunner runner)
{
    [Function(nameof(SlaShardOrchestrator))]
    public static Task<string> RunSlaShardOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new SlaShardOrchestrator().RunAsync(context, context.GetInput<SlaShardInput>()!);

    /// <summary>The invocation's cancellation token fires when the host shuts down: the run ends early, as in the local host.</summary>
    [Function(nameof(RunSlaShardActivity))]
    public Task<SlaShardRunSummary> RunSlaShard([ActivityTrigger] SlaShardInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return runner.RunAsync(input.Shard, cancellationToken);
    }
}
