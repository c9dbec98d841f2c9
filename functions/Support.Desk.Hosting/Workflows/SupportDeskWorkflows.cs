using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Support.Desk.Application.Sla;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Workflows;

/// <summary>The durable orchestrators and activities of the desk, registered by name in both hosts.</summary>
public static class SupportDeskWorkflows
{
    public static IReadOnlyList<Type> Orchestrators { get; } = [typeof(SlaShardOrchestrator)];

    public static IReadOnlyList<Type> Activities { get; } = [typeof(RunSlaShardActivity)];

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (Type orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }

        foreach (Type activity in Activities)
        {
            registry.AddActivity(activity);
        }
    }
}

/// <summary>
/// The durable task client of the current scope. The local host has one for the whole process and puts it here
/// for every scope; the Functions host binds one to each invocation (<c>[DurableClient]</c>), and the trigger
/// hands it over first thing. Use cases then take <see cref="ISlaShards"/> through their constructors.
/// </summary>
public sealed class DurableClientAccessor(DurableClientSource source)
{
    DurableTaskClient? client;

    public DurableTaskClient Client => this.client ?? source.Latest
        ?? throw new InvalidOperationException("No durable task client in this scope: a Functions trigger that starts or wakes workflows must pass its [DurableClient] to DurableClientAccessor.Use first.");

    public void Use(DurableTaskClient durableClient)
    {
        this.client = durableClient;
        source.Remember(durableClient);
    }
}

/// <summary>
/// The process's durable client for work outside a durable-bound invocation (a writer waking a sleeping shard). The
/// local host sets its one client at start; in the Functions host it is the last one a trigger was bound to (the
/// shard keeper's timer binds one when the host starts): the isolated worker's clients share one channel to the host.
/// </summary>
public sealed class DurableClientSource
{
    DurableTaskClient? latest;

    public DurableTaskClient? Latest => Volatile.Read(ref this.latest);

    public void Remember(DurableTaskClient client) => Volatile.Write(ref this.latest, client);
}

/// <summary>Raises a shard scheduler's wake event through the process's durable client.</summary>
public sealed class DurableSlaShardWaker(DurableClientSource source) : ISlaShardWaker
{
    public Task WakeAsync(int shard, CancellationToken cancellationToken)
    {
        DurableTaskClient client = source.Latest
            ?? throw new InvalidOperationException("No durable client in this process yet (no durable-bound trigger has run): the shard wakes at its timer.");
        return client.RaiseEventAsync(SlaShardOrchestrator.InstanceIdFor(shard), SlaShardOrchestrator.WakeEvent, true, cancellationToken);
    }
}

/// <summary>The SLA shards' schedulers on the scope's durable task client (the local sidecar's, or the Functions binding's).</summary>
public sealed class DurableSlaShards(DurableClientAccessor accessor) : ISlaShards
{

    DurableTaskClient Client => accessor.Client;

    public async Task<int> EnsureRunningAsync(CancellationToken cancellationToken)
    {
        int started = 0;
        foreach (int shard in SlaShards.All)
        {
            string instanceId = SlaShardOrchestrator.InstanceIdFor(shard);
            OrchestrationMetadata? instance = await this.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (IsAlive(instance))
            {
                continue;
            }

            try
            {
                await this.Client.ScheduleNewOrchestrationInstanceAsync(
                    nameof(SlaShardOrchestrator), new SlaShardInput(shard), new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
                started++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Another host started it between the look and the start; providers report that differently, so ask.
                if (!IsAlive(await this.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false)))
                {
                    throw;
                }
            }
        }

        return started;
    }

    public async Task<bool> IsRunningAsync(int shard, CancellationToken cancellationToken) =>
        IsAlive(await this.Client.GetInstanceAsync(SlaShardOrchestrator.InstanceIdFor(shard), getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false));

    /// <summary>Running, about to (pending), or paused by an operator (suspended: left alone).</summary>
    static bool IsAlive(OrchestrationMetadata? instance) => instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running
        or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
}
