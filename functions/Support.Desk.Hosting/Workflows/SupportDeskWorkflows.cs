using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Support.Desk.Application;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Workflows;

/// <summary>The durable orchestrators and activities of the desk, registered by name in both hosts.</summary>
public static class SupportDeskWorkflows
{
    public static IReadOnlyList<Type> Orchestrators { get; } = [typeof(TicketOrchestrator)];

    public static IReadOnlyList<Type> Activities { get; } =
        [typeof(AcknowledgeTicketWorkflowActivity), typeof(AdvanceTicketActivity)];

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
/// hands it over first thing. Use cases then take <see cref="ITicketWorkflows"/> through their constructors.
/// </summary>
public sealed class DurableClientAccessor
{
    DurableTaskClient? client;

    public DurableTaskClient Client => this.client
        ?? throw new InvalidOperationException("No durable task client in this scope: a Functions trigger that starts or wakes workflows must pass its [DurableClient] to DurableClientAccessor.Use first.");

    public void Use(DurableTaskClient durableClient) => this.client = durableClient;
}

/// <summary>Ticket workflows on the scope's durable task client (the local sidecar's, or the Functions binding's).</summary>
public sealed class DurableTicketWorkflows(DurableClientAccessor accessor) : ITicketWorkflows
{
    DurableTaskClient Client => accessor.Client;

    public async Task<bool> StartAsync(TicketWorkflowInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            await this.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(TicketOrchestrator), input, new StartOrchestrationOptions(input.TicketId), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Providers report "already exists" differently; ask instead of parsing their exceptions.
            if (await this.ExistsAsync(input.TicketId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            throw;
        }
    }

    public async Task<bool> ExistsAsync(string ticketId, CancellationToken cancellationToken) =>
        await this.Client.GetInstanceAsync(ticketId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null;

    public Task NotifyChangedAsync(string ticketId, CancellationToken cancellationToken) =>
        this.Client.RaiseEventAsync(ticketId, TicketOrchestrator.TicketChangedEvent, "changed", cancellationToken);
}
