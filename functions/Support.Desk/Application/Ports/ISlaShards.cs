namespace Support.Desk.Application.Ports;

/// <summary>The durable side of the SLA shards: one long-running scheduler per shard.</summary>
public interface ISlaShards
{
    /// <summary>Starts the scheduler of every shard that has none running; returns how many it started.</summary>
    Task<int> EnsureRunningAsync(CancellationToken cancellationToken);

    /// <summary>Asks the durable backend about a shard's scheduler: answers when the backend is reachable.</summary>
    Task<bool> IsRunningAsync(int shard, CancellationToken cancellationToken);
}
