namespace Support.Desk.Application.Ports;

/// <summary>Wakes a sleeping shard's scheduler from any instance (a durable external event).</summary>
public interface ISlaShardWaker
{
    Task WakeAsync(int shard, CancellationToken cancellationToken);
}
