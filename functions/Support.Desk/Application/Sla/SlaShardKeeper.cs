using Microsoft.Extensions.Logging;
using Support.Desk.Application.Ports;

namespace Support.Desk.Application.Sla;

/// <summary>
/// Keeps every SLA shard's scheduler running: run when a host starts and then on a schedule, it starts the ones
/// that are missing (first start of a task hub, or one that failed or was terminated by an operator).
/// </summary>
public sealed partial class SlaShardKeeper(ISlaShards shards, ILogger<SlaShardKeeper> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        int started = await shards.EnsureRunningAsync(cancellationToken).ConfigureAwait(false);
        if (started > 0)
        {
            LogStarted(logger, started);
        }

        return started;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Count} SLA shard scheduler(s).")]
    private static partial void LogStarted(ILogger logger, int count);
}
