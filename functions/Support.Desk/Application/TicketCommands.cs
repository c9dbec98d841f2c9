using System.Diagnostics;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Notifications;
using Support.Desk.Application.Queue;
using Support.Desk.Application.Sla;
using Support.Desk.Settings;

namespace Support.Desk.Application;

public abstract record CommandResult
{
    private CommandResult()
    {
    }

    public sealed record Done(Ticket Ticket) : CommandResult
    {
        /// <summary>The command had been applied before (a repeated delivery of the same emailed reply): nothing changed now.</summary>
        public bool Repeated { get; init; }
    }

    /// <summary>No such ticket, or one the caller's token does not open (the two look the same).</summary>
    public sealed record NotFound : CommandResult;

    /// <summary>The caller has no credential (401) or one that can never do this (403).</summary>
    public sealed record Denied(AccessDecision Decision) : CommandResult;

    /// <summary>The caller may use this command, but not as this body asks (403, with the reason).</summary>
    public sealed record Refused(string Reason) : CommandResult;

    /// <summary>The body could not be taken (not JSON, too large, invalid fields): the reader has its answer.</summary>
    public sealed record Unreadable : CommandResult;

    /// <summary>The command is not allowed in the ticket's current state (HTTP 409).</summary>
    public sealed record Conflict(string Reason) : CommandResult;

    /// <summary>The body is well-formed but names something the desk does not take (HTTP 400 with the fields).</summary>
    public sealed record Invalid(ValidationErrors Errors) : CommandResult;
}

/// <summary>Reads a command's request; null when its body could not be taken (the reader keeps the reason for its caller).</summary>
public delegate Task<T?> CommandReader<T>(CancellationToken cancellationToken)
    where T : class;

/// <summary>A command that carries nothing but the caller and the ticket.</summary>
public sealed record NoRequest
{
    public static CommandReader<NoRequest> Reader { get; } = _ => Task.FromResult<NoRequest?>(new NoRequest());
}

/// <summary>
/// Runs lifecycle commands against stored tickets, deciding every question of access here, once, from the
/// signed-in caller: whether the caller may use the command at all (before its body is read), whether this body
/// asks for something this caller may not do, and whether the caller may touch this ticket. Then it loads the
/// ticket, applies the pure lifecycle rule as the caller, saves with the version read (retrying on a concurrent
/// change, with jittered back-off, for at most <see cref="TicketContention.Budget"/>), and puts the ticket on its shard's schedule as due now, so the shard sends what the change queued and
/// re-plans its notices.
/// </summary>
/// <remarks>
/// The schedule entry is written before the change (so a crash between the two cannot leave a change unscheduled)
/// and again after it (so a shard that advanced the ticket from its state before the change, and wrote back a
/// later due time, is overruled); the shard's own write-back is conditional on the entry it read.
/// </remarks>
public sealed class TicketCommands(
    ITicketStore store,
    TicketWriter writer,
    StaffNotifications notifications,
    StaffOptions staff,
    TicketAccess access,
    TicketAccessTokens tokens,
    CustomerQuotas quotas)
{
    /// <summary>What staff send as the assignee to take a ticket themselves.</summary>
    public const string AssignToMe = "me";

    public Task<CommandResult> RespondAsync(Caller caller, string ticketId, CommandReader<ResponseRequest> read, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.Respond, ticketId, read, null, (t, r, actor, now) => TicketLifecycle.Respond(t, r.Kind, actor, r.Body, now), cancellationToken);

    /// <summary>An update as whoever the caller is: staff post agent updates (or internal notes), a ticket's holder posts as the customer.</summary>
    public Task<CommandResult> AddUpdateAsync(Caller caller, string ticketId, CommandReader<UpdateRequest> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return this.ExecuteAsync(caller, OperationOf(caller.Role), ticketId, read,
            r => (r.Role, caller.Role, r.Visibility) switch
            {
                (UpdateRole.Customer, UpdateRole.Agent, _) => Refuse("Staff cannot post as the customer; send the update without a role, or with role 'agent'."),
                (UpdateRole.Agent, UpdateRole.Customer, _) => Refuse("Only staff post agent updates."),
                (_, UpdateRole.Customer, UpdateVisibility.Internal) => Refuse("Only staff write internal notes."),
                _ => null,
            },
            (t, r, actor, now) => TicketLifecycle.AddUpdate(t, caller.Role, actor, r.Body, now, r.Visibility),
            cancellationToken);
    }

    /// <summary>
    /// A customer's reply by email as an update, exactly once: its timeline entry carries <paramref name="replyId"/>
    /// (from the email's Message-ID), and a ticket that already has it is left as it is, however often the provider
    /// delivers the email, and also when two deliveries race (the loser's write fails on the version and rereads).
    /// </summary>
    public Task<CommandResult> AddEmailedUpdateAsync(Caller caller, string ticketId, string body, string replyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        string discriminator = "email-" + replyId;
        return this.ExecuteAsync(caller, TicketOperation.AddCustomerUpdate, ticketId, _ => Task.FromResult<UpdateRequest?>(new UpdateRequest(UpdateRole.Customer, body, UpdateVisibility.Public)),
            null, (t, r, actor, now) => TicketLifecycle.AddUpdate(t, UpdateRole.Customer, actor, r.Body, now, r.Visibility, discriminator), cancellationToken,
            alreadyApplied: async (id, ct) => (await store.FindRecordAsync(id, ct).ConfigureAwait(false))?.Timeline
                .Any(e => e.Kind == TicketEventKind.CustomerUpdate && e.Id.EndsWith("-" + discriminator, StringComparison.Ordinal)) == true);
    }

    public Task<CommandResult> ProposeResolutionAsync(Caller caller, string ticketId, CommandReader<ResolutionRequest> read, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.ProposeResolution, ticketId, read, null, (t, r, actor, now) => TicketLifecycle.ProposeResolution(t, actor, r.Summary, now), cancellationToken);

    public Task<CommandResult> ConfirmAsync(Caller caller, string ticketId, CommandReader<ConfirmationRequest> read, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.Confirm, ticketId, read, null, (t, r, actor, now) => TicketLifecycle.Confirm(t, r.Resolved, actor, r.Comment, now), cancellationToken);

    /// <summary>Changes severity or assignee. The assignee must be on the staff roster; <c>me</c> is the signed-in staff member.</summary>
    public Task<CommandResult> ReassignAsync(Caller caller, string ticketId, CommandReader<ReassignRequest> read, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.Reassign, ticketId, read,
            r => r.Assignee is null || this.AssigneeOf(caller, r.Assignee) is not null ? null : new CommandResult.Invalid(ValidationErrors.Of("assignee",
                r.Assignee == AssignToMe
                    ? "You are not on the staff roster (Staff:Roster), so you cannot take tickets."
                    : $"Not on the staff roster; assign one of: {string.Join(", ", staff.Roster.Select(e => e.Email))}.")),
            (t, r, actor, now) => TicketLifecycle.Reassign(t, r.Severity, r.Assignee is null ? null : this.AssigneeOf(caller, r.Assignee), actor, now), cancellationToken);

    /// <summary>The roster address an assignment names (<c>me</c>: the caller's), or null when it names nobody on the roster.</summary>
    string? AssigneeOf(Caller caller, string assignee) =>
        staff.Find(assignee == AssignToMe ? caller.Staff?.Name : assignee)?.Email;

    static CommandResult.Refused Refuse(string reason) => new(reason);

    /// <summary>Staff revoke the customer's link: earlier links stop opening the ticket, and a fresh one is emailed.</summary>
    public Task<CommandResult> RevokeAccessAsync(Caller caller, string ticketId, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.RevokeAccess, ticketId, NoRequest.Reader, null, (t, _, actor, now) =>
            TicketLifecycle.ReissueAccess(t, TicketAccessTokens.HashOf(tokens.Issue(t.Id, t.AccessTokenVersion + 1)), actor, now), cancellationToken);

    /// <summary>
    /// Puts an attachment, already stored, on the timeline: saved with the ticket, so the notice it owes is queued in
    /// the same write; a customer's file resumes a clock paused for their answer.
    /// </summary>
    public Task<CommandResult> RecordAttachmentAsync(Caller caller, string ticketId, TicketEvent added, CancellationToken cancellationToken) =>
        this.ExecuteAsync(caller, TicketOperation.AddAttachment, ticketId, NoRequest.Reader, null, (t, _, _, now) => TicketLifecycle.RecordAttachment(t, caller.Role, added, now), cancellationToken);

    /// <summary>Staff post as the provider; a customer's update is always the customer's.</summary>
    public static TicketOperation OperationOf(UpdateRole role) =>
        role == UpdateRole.Customer ? TicketOperation.AddCustomerUpdate : TicketOperation.AddAgentUpdate;

    async Task<CommandResult> ExecuteAsync<TRequest>(
        Caller caller,
        TicketOperation operation,
        string ticketId,
        CommandReader<TRequest> read,
        Func<TRequest, CommandResult?>? refuse,
        Func<Ticket, TRequest, string, DateTimeOffset, LifecycleResult> command,
        CancellationToken cancellationToken,
        Func<string, CancellationToken, Task<bool>>? alreadyApplied = null)
        where TRequest : class
    {
        ArgumentNullException.ThrowIfNull(read);
        if (TicketAccessPolicy.Decide(caller, operation) is var decision and not AccessDecision.Continue)
        {
            return new CommandResult.Denied(decision);
        }

        // Only now is the body read: a caller who may never do this does not get to send one.
        if (await read(cancellationToken).ConfigureAwait(false) is not { } request)
        {
            return new CommandResult.Unreadable();
        }

        if (refuse?.Invoke(request) is { } refusal)
        {
            return refusal;
        }

        using Activity? span = DeskTelemetry.Source.StartActivity("ticket.command");
        span?.SetTag("ticket.id", ticketId);
        if (TicketIds.Normalize(ticketId) is not { } id)
        {
            return new CommandResult.NotFound();
        }

        TicketWrite written = await writer.WriteAsync(
            id,
            ticket => access.MayAccess(caller, operation, ticket),
            (ticket, changedAt) => notifications.OnChanged(command(ticket, request, caller.ActorOn(ticket), changedAt), caller, changedAt),
            cancellationToken,
            accepted: ticket =>
                // A customer's update the ticket takes counts against their quota once, however often the write is retried
                // (one refused by the ticket's state spends nothing); staff are not counted.
                operation == TicketOperation.AddCustomerUpdate && caller.Staff is null
                    ? quotas.TakeAsync(QuotaKind.Updates, caller.ActorOn(ticket), ticket.Submission.Tenant, cancellationToken)
                    : Task.CompletedTask,
            alreadyApplied).ConfigureAwait(false);
        return written switch
        {
            TicketWrite.Saved saved => new CommandResult.Done(saved.Ticket),
            TicketWrite.AlreadyApplied repeated => new CommandResult.Done(repeated.Ticket) { Repeated = true },
            TicketWrite.Rejected rejected => new CommandResult.Conflict(rejected.Reason),
            TicketWrite.NotFound => new CommandResult.NotFound(),
            _ => throw new InvalidOperationException($"Unknown write outcome {written.GetType().Name}."),
        };
    }
}
