using Support.Desk.Domain.Email;

namespace Support.Desk.Domain;

public enum ResponseKind
{
    Reply,
    RequestInfo,
}

public enum UpdateRole
{
    Customer,
    Agent,
}

/// <summary>Who an update is shown to: everyone on the ticket, or staff only (an internal note).</summary>
public enum UpdateVisibility
{
    Public,
    Internal,
}

/// <summary>What a lifecycle command did: the new ticket and its timeline entries, or why it may not happen now.</summary>
public sealed record LifecycleResult(Ticket? Ticket, IReadOnlyList<TicketEvent> Events, string? Conflict)
{
    public static LifecycleResult Rejected(string reason) => new(null, [], reason);
}

/// <summary>
/// The ticket lifecycle: open → first agent response → in progress ⇄ waiting on customer → resolution
/// proposed → closed only when the customer confirms; a customer who says it is not resolved puts it back
/// in progress. Pure: the caller supplies the time and persists the result.
/// </summary>
/// <remarks>
/// Every command takes its <c>actor</c> from the signed-in caller, never from the request body.
/// Clocks: a reply (or a proposed resolution) satisfies the open response clock. A request for information
/// pauses it: the desk waits on the customer, and that time does not count. The customer's answer resumes
/// it; a customer update with no clock open starts a next-response clock; repeated updates keep the clock
/// that is already running.
/// </remarks>
public static class TicketLifecycle
{
    public static LifecycleResult Respond(Ticket ticket, ResponseKind kind, string actor, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Status is not (TicketStatus.Open or TicketStatus.InProgress or TicketStatus.WaitingOnCustomer))
        {
            return LifecycleResult.Rejected($"An agent cannot respond to a ticket that is {WireNames.Of(ticket.Status)}.");
        }

        TicketCommitments work = ticket.Commitments;
        if (kind == ResponseKind.Reply)
        {
            TicketEvent replied = TicketEvent.Create(now, TicketEventKind.AgentReplied, actor, "Agent replied.", body: body);
            work = work.WithClocks(work.Clocks.Select(c => c.Satisfy(now))) with { WaitingSince = null };
            work = work.Enqueue(ticket.Id, TicketEmailKind.AgentReply, now, eventId: replied.Id);
            return new LifecycleResult(ticket with { Status = TicketStatus.InProgress, Commitments = work }, [replied], null);
        }

        TicketEvent requested = TicketEvent.Create(now, TicketEventKind.InformationRequested, actor, "Agent requested information; the SLA clock is paused until the customer answers.", body: body);
        work = work.WithClocks(work.Clocks.Select(c => c.Pause(now))) with { WaitingSince = work.WaitingSince ?? now };
        work = work.Enqueue(ticket.Id, TicketEmailKind.InformationRequested, now, eventId: requested.Id);
        return new LifecycleResult(ticket with { Status = TicketStatus.WaitingOnCustomer, Commitments = work }, [requested], null);
    }

    public static LifecycleResult AddUpdate(Ticket ticket, UpdateRole role, string actor, string body, DateTimeOffset now, UpdateVisibility visibility = UpdateVisibility.Public, string? discriminator = null)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Status == TicketStatus.Closed)
        {
            return LifecycleResult.Rejected("The ticket is closed; open a new ticket for a new problem.");
        }

        if (role == UpdateRole.Agent)
        {
            TicketEvent note = visibility == UpdateVisibility.Internal
                ? TicketEvent.Create(now, TicketEventKind.InternalNote, actor, "Internal note (staff only).", body: body)
                : TicketEvent.Create(now, TicketEventKind.AgentUpdate, actor, "Agent added an update.", body: body);
            return new LifecycleResult(ticket, [note], null);
        }

        if (visibility == UpdateVisibility.Internal)
        {
            return LifecycleResult.Rejected("Only staff write internal notes.");
        }

        TicketEvent update = TicketEvent.Create(now, TicketEventKind.CustomerUpdate, actor, discriminator?.StartsWith("email-", StringComparison.Ordinal) == true ? "Customer replied by email." : "Customer added an update.", discriminator, body);
        TicketCommitments work = ticket.Commitments;
        TicketStatus status = ticket.Status;
        if (ticket.Status is TicketStatus.WaitingOnCustomer or TicketStatus.InProgress)
        {
            bool anyPaused = work.Clocks.Any(c => c.IsPaused);
            work = work.WithClocks(work.Clocks.Select(c => c.Resume(now))) with { WaitingSince = null };
            if (!anyPaused && work.OpenClock is null)
            {
                work = StartNextResponseClock(work, now);
            }

            status = TicketStatus.InProgress;
        }

        return new LifecycleResult(ticket with { Status = status, Commitments = work }, [update], null);
    }

    /// <summary>
    /// An attachment on the timeline. A customer's file answers a request for information like an update does: a
    /// paused clock resumes and the ticket is back in progress. Staff files change nothing but the timeline.
    /// </summary>
    public static LifecycleResult RecordAttachment(Ticket ticket, UpdateRole role, TicketEvent added, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Status == TicketStatus.Closed)
        {
            return LifecycleResult.Rejected("The ticket is closed; open a new ticket and mention this one.");
        }

        if (role == UpdateRole.Customer && ticket.Status == TicketStatus.WaitingOnCustomer)
        {
            TicketCommitments work = ticket.Commitments.WithClocks(ticket.Commitments.Clocks.Select(c => c.Resume(now))) with { WaitingSince = null };
            return new LifecycleResult(ticket with { Status = TicketStatus.InProgress, Commitments = work }, [added], null);
        }

        return new LifecycleResult(ticket, [added], null);
    }

    public static LifecycleResult ProposeResolution(Ticket ticket, string actor, string summary, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Status is not (TicketStatus.Open or TicketStatus.InProgress or TicketStatus.WaitingOnCustomer))
        {
            return LifecycleResult.Rejected($"A resolution cannot be proposed for a ticket that is {WireNames.Of(ticket.Status)}.");
        }

        TicketEvent proposed = TicketEvent.Create(now, TicketEventKind.ResolutionProposed, actor, "Resolution proposed; waiting for the customer to confirm.", body: summary);
        TicketCommitments work = ticket.Commitments.WithClocks(ticket.Commitments.Clocks.Select(c => c.Satisfy(now))) with { WaitingSince = now };
        work = work.Enqueue(ticket.Id, TicketEmailKind.ResolutionProposed, now, eventId: proposed.Id);
        return new LifecycleResult(ticket with { Status = TicketStatus.ResolutionProposed, Commitments = work }, [proposed], null);
    }

    public static LifecycleResult Confirm(Ticket ticket, bool resolved, string actor, string? comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Status != TicketStatus.ResolutionProposed)
        {
            return LifecycleResult.Rejected($"Only a proposed resolution can be confirmed or rejected; the ticket is {WireNames.Of(ticket.Status)}.");
        }

        if (resolved)
        {
            TicketEvent confirmed = TicketEvent.Create(now, TicketEventKind.ResolutionConfirmed, actor, "Customer confirmed the issue is resolved; ticket closed.", body: comment);
            TicketCommitments closedWork = ticket.Commitments with { WaitingSince = null };
            closedWork = closedWork.Enqueue(ticket.Id, TicketEmailKind.Closed, now, eventId: confirmed.Id);
            return new LifecycleResult(ticket with { Status = TicketStatus.Closed, Commitments = closedWork, ClosedAt = now }, [confirmed], null);
        }

        TicketEvent rejected = TicketEvent.Create(now, TicketEventKind.ResolutionRejected, actor, "Customer says the issue is not resolved; back in progress.", body: comment);
        TicketCommitments work = StartNextResponseClock(ticket.Commitments with { WaitingSince = null }, now);
        Ticket reopened = ticket with { Status = TicketStatus.InProgress, Commitments = work };

        // The incident's resolution (or one proposed while linked) did not fix it: this ticket has a cause of its own.
        return ticket.Incident is { } link
            ? new LifecycleResult(reopened with { Incident = null }, [rejected, TicketEvent.Create(now, TicketEventKind.IncidentUnlinked, actor,
                $"No longer linked to incident {link.IncidentId}: the customer says its resolution did not fix this ticket.", "unlink-" + link.IncidentId)], null)
            : new LifecycleResult(reopened, [rejected], null);
    }

    public static LifecycleResult Reassign(Ticket ticket, Severity? severity, string? assignee, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Status == TicketStatus.Closed)
        {
            return LifecycleResult.Rejected("A closed ticket cannot be changed.");
        }

        var events = new List<TicketEvent>();
        Ticket updated = ticket;
        if (severity is { } s && s != ticket.Severity)
        {
            events.Add(TicketEvent.Create(now, TicketEventKind.SeverityChanged, actor,
                $"Severity changed from {WireNames.Of(ticket.Severity)} to {WireNames.Of(s)}; SLA clocks recomputed from their start."));
            updated = updated with { Severity = s };
        }

        if (assignee is not null && assignee != ticket.Assignee)
        {
            events.Add(TicketEvent.Create(now, TicketEventKind.AssigneeChanged, actor, $"Assigned to {assignee}."));
            updated = updated with { Assignee = assignee };
        }

        return new LifecycleResult(updated, events, null);
    }

    /// <summary>
    /// Staff revoke the customer's link (say it was forwarded too widely): the next token takes the place of the
    /// current one, whose hash is replaced, so every earlier link stops opening the ticket; the requester is
    /// sent the fresh link unless the ticket is closed.
    /// </summary>
    public static LifecycleResult ReissueAccess(Ticket ticket, string nextTokenHash, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        TicketEvent reissued = TicketEvent.Create(now, TicketEventKind.AccessLinkReissued, actor,
            ticket.Status == TicketStatus.Closed
                ? "Access revoked: earlier links to this ticket no longer open it."
                : "Access revoked: earlier links to this ticket no longer open it; a fresh link was sent to the requester.");
        TicketCommitments work = ticket.Status == TicketStatus.Closed ? ticket.Commitments : ticket.Commitments.Enqueue(ticket.Id, TicketEmailKind.AccessLinkReissued, now, eventId: reissued.Id);
        return new LifecycleResult(ticket with { AccessTokenHash = nextTokenHash, AccessTokenVersion = ticket.AccessTokenVersion + 1, Commitments = work }, [reissued], null);
    }

    static TicketCommitments StartNextResponseClock(TicketCommitments work, DateTimeOffset now)
    {
        int sequence = work.Sequence + 1;
        var clock = new SlaClock($"next-response-{sequence}", SlaClockKind.NextResponse, now, [], null);
        return work.WithClocks([.. work.Clocks, clock]) with { Sequence = sequence };
    }
}
