using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Support.Desk.Application;

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

/// <summary>Ticket workflows on a durable task client (the local sidecar's, or the Functions binding's).</summary>
public sealed class DurableTicketWorkflows(DurableTaskClient client) : ITicketWorkflows
{
    public async Task<bool> StartAsync(TicketWorkflowInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
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
        await client.GetInstanceAsync(ticketId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null;

    public Task NotifyChangedAsync(string ticketId, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(ticketId, TicketOrchestrator.TicketChangedEvent, "changed", cancellationToken);
}
