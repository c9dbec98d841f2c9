using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>Starts and inspects ticket workflows (the durable orchestration whose instance ID is the ticket ID).</summary>
public interface ITicketWorkflows
{
    /// <summary>Starts the workflow; returns false when an instance with that ID already exists.</summary>
    Task<bool> StartAsync(TicketWorkflowInput input, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string ticketId, CancellationToken cancellationToken);

    /// <summary>Tells the ticket's workflow that the ticket changed, so it re-plans its timers.</summary>
    Task NotifyChangedAsync(string ticketId, CancellationToken cancellationToken);
}

/// <summary>
/// The ticket workflow's input: the ticket ID, and whether its start was already acknowledged (carried
/// over when the workflow continues as new to keep its history short).
/// </summary>
public sealed record TicketWorkflowInput(string TicketId, bool Acknowledged = false);

/// <summary>What the workflow does next: finish (closed, nothing left to send) or wake at <see cref="NextAt"/> (or on a change).</summary>
public sealed record TicketSchedule(bool Finished, DateTimeOffset? NextAt);
