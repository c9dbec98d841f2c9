using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;

namespace Support.Desk.Application;

public abstract record CommandResult
{
    private CommandResult()
    {
    }

    public sealed record Done(Ticket Ticket) : CommandResult;

    /// <summary>No such ticket, or one the caller's token does not open (the two look the same).</summary>
    public sealed record NotFound : CommandResult;

    /// <summary>The caller has no credential (401) or one that can never do this (403).</summary>
    public sealed record Denied(AccessDecision Decision) : CommandResult;

    /// <summary>The command is not allowed in the ticket's current state (HTTP 409).</summary>
    public sealed record Conflict(string Reason) : CommandResult;
}

/// <summary>
/// Runs lifecycle commands against stored tickets: load, apply the pure lifecycle rule as the signed-in caller,
/// save with the version read (retrying on a concurrent change), then wake the ticket's workflow so it re-plans
/// its timers.
/// </summary>
public sealed partial class TicketCommands(ITicketStore store, TicketAccess access, TicketAccessTokens tokens, TimeProvider clock, ILogger<TicketCommands> logger)
{
    const int MaxAttempts = 5;

    public Task<CommandResult> RespondAsync(Caller caller, string ticketId, ResponseKind kind, string body, ITicketWorkflows workflows, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.Respond, ticketId, (t, actor, now) => TicketLifecycle.Respond(t, kind, actor, body, now), workflows, cancellationToken);

    /// <summary>An update as whoever the caller is: staff post agent updates (or internal notes), a ticket's holder posts as the customer.</summary>
    public Task<CommandResult> AddUpdateAsync(Caller caller, string ticketId, string body, UpdateVisibility visibility, ITicketWorkflows workflows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return this.ExecuteAsync(caller, OperationOf(caller.Role), ticketId, (t, actor, now) => TicketLifecycle.AddUpdate(t, caller.Role, actor, body, now, visibility), workflows, cancellationToken);
    }

    public Task<CommandResult> ProposeResolutionAsync(Caller caller, string ticketId, string summary, ITicketWorkflows workflows, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.ProposeResolution, ticketId, (t, actor, now) => TicketLifecycle.ProposeResolution(t, actor, summary, now), workflows, cancellationToken);

    public Task<CommandResult> ConfirmAsync(Caller caller, string ticketId, bool resolved, string? comment, ITicketWorkflows workflows, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.Confirm, ticketId, (t, actor, now) => TicketLifecycle.Confirm(t, resolved, actor, comment, now), workflows, cancellationToken);

    public Task<CommandResult> ReassignAsync(Caller caller, string ticketId, Severity? severity, string? assignee, ITicketWorkflows workflows, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.Reassign, ticketId, (t, actor, now) => TicketLifecycle.Reassign(t, severity, assignee, actor, now), workflows, cancellationToken);

    /// <summary>Staff revoke the customer's link: earlier links stop opening the ticket, and a fresh one is emailed.</summary>
    public Task<CommandResult> RevokeAccessAsync(Caller caller, string ticketId, ITicketWorkflows workflows, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.RevokeAccess, ticketId, (t, actor, now) =>
            TicketLifecycle.ReissueAccess(t, TicketAccessTokens.HashOf(tokens.Issue(t.Id, t.AccessTokenVersion + 1)), actor, now), workflows, cancellationToken);

    /// <summary>Staff post as the provider; a customer's update is always the customer's.</summary>
    public static TicketOperation OperationOf(UpdateRole role) =>
        role == UpdateRole.Customer ? TicketOperation.AddCustomerUpdate : TicketOperation.AddAgentUpdate;

    async Task<CommandResult> ExecuteAsync(
        Caller caller, TicketOperation operation, string ticketId, Func<Ticket, string, DateTimeOffset, LifecycleResult> command, ITicketWorkflows workflows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        if (TicketAccessPolicy.Decide(caller, operation) is var decision and not AccessDecision.Continue)
        {
            return new CommandResult.Denied(decision);
        }

        using Activity? span = DeskTelemetry.Source.StartActivity("ticket.command");
        span?.SetTag("ticket.id", ticketId);
        if (TicketIds.Normalize(ticketId) is not { } id)
        {
            return new CommandResult.NotFound();
        }

        for (int attempt = 1; ; attempt++)
        {
            VersionedTicket? current = await store.LoadAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null || !access.MayAccess(caller, operation, current.Ticket))
            {
                return new CommandResult.NotFound();
            }

            LifecycleResult result = command(current.Ticket, caller.ActorOn(current.Ticket), clock.GetUtcNow());
            if (result.Conflict is { } reason)
            {
                return new CommandResult.Conflict(reason);
            }

            if (await store.TryUpdateAsync(result.Ticket!, current.Version, result.Events, cancellationToken).ConfigureAwait(false) is not null)
            {
                await NotifyAsync(workflows, id, cancellationToken).ConfigureAwait(false);
                return new CommandResult.Done(result.Ticket!);
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"Ticket {id} kept changing; gave up after {MaxAttempts} attempts.");
            }
        }
    }

    async Task NotifyAsync(ITicketWorkflows workflows, string ticketId, CancellationToken cancellationToken)
    {
        try
        {
            await workflows.NotifyChangedAsync(ticketId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is stored; the workflow still acts on it at its next wake-up, only perhaps later.
            LogNotifyFailed(logger, ex, ticketId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the workflow of ticket {TicketId} after a change.")]
    private static partial void LogNotifyFailed(ILogger logger, Exception error, string ticketId);
}
