using Microsoft.DurableTask;
using Support.Desk.Application.Sla;

namespace Support.Desk.Hosting.Workflows;

/// <summary>One stretch of a shard's scheduling (see <see cref="SlaShardRunner"/>); ends early when the host shuts down.</summary>
public sealed class RunSlaShardActivity(SlaShardRunner runner, HostShutdown shutdown) : TaskActivity<SlaShardInput, SlaShardRunSummary>
{
    public override Task<SlaShardRunSummary> RunAsync(TaskActivityContext context, SlaShardInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return runner.RunAsync(input.Shard, shutdown.Token);
    }
}
