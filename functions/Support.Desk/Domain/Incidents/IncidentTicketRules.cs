using Support.Desk.Domain.Email;

namespace Support.Desk.Domain.Incidents;

/// <summary>
/// What an incident does to one ticket: link and unlink it, and apply a broadcast. Pure, like
/// <see cref="TicketLifecycle"/>: the caller supplies the time and saves the result. A rejection here means the ticket
/// is passed over (closed, not linked, already done), not that anything failed.
/// </summary>
public static class IncidentTicketRules
{
    /// <summary>Links a ticket. <paramref name="moveFromOther"/>: a staff member's explicit link takes a ticket from another incident; automatic links never do.</summary>
    public static LifecycleResult Link(Ticket ticket, Incident incident, string actor, DateTimeOffset now, bool moveFromOther, int? broadcast = null)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(incident);
        if (ticket.Status == TicketStatus.Closed)
        {
            return LifecycleResult.Rejected("The ticket is closed.");
        }

        if (ticket.Incident?.IncidentId == incident.Id)
        {
            return LifecycleResult.Rejected($"The ticket is already linked to {incident.Id}.");
        }

        if (ticket.Incident is { } other && !moveFromOther)
        {
            return LifecycleResult.Rejected($"The ticket is linked to {other.IncidentId}.");
        }

        TicketEvent linked = LinkedEvent(incident, actor, now);
        var link = new IncidentLink(incident.Id, now, broadcast is { } b ? [b] : []);
        return new LifecycleResult(ticket with { Incident = link }, [linked], null);
    }

    /// <summary>The timeline entry of a link (also written by intake for a ticket linked as it is submitted).</summary>
    public static TicketEvent LinkedEvent(Incident incident, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return TicketEvent.Create(now, TicketEventKind.IncidentLinked, actor,
            $"Linked to incident {incident.Id}: {incident.Title}. Updates about it are posted here.", "link-" + incident.Id);
    }

    public static LifecycleResult Unlink(Ticket ticket, string incidentId, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Incident?.IncidentId != incidentId)
        {
            return LifecycleResult.Rejected($"The ticket is not linked to {incidentId}.");
        }

        TicketEvent unlinked = TicketEvent.Create(now, TicketEventKind.IncidentUnlinked, actor,
            $"No longer linked to incident {incidentId}; the ticket is handled on its own.", "unlink-" + incidentId);
        return new LifecycleResult(ticket with { Incident = null }, [unlinked], null);
    }

    /// <summary>
    /// A broadcast on one ticket, at most once: the broadcast's number is saved with its effect. An update answers the
    /// ticket as a reply would (its running response clocks are met, and the requester is emailed); a resolution is
    /// proposed as staff would propose one; a note is for staff only.
    /// </summary>
    public static LifecycleResult Apply(Ticket ticket, Incident incident, IncidentBroadcast broadcast, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(broadcast);
        return broadcast.Kind switch
        {
            IncidentBroadcastKind.Link => Link(ticket, incident, broadcast.Actor, now, moveFromOther: false, broadcast.Sequence),
            IncidentBroadcastKind.Unlink => Unlink(ticket, incident.Id, broadcast.Actor, now),
            IncidentBroadcastKind.Update or IncidentBroadcastKind.Note or IncidentBroadcastKind.Resolution => ApplyToLinked(ticket, incident, broadcast, now),
            _ => throw new ArgumentOutOfRangeException(nameof(broadcast), broadcast.Kind, "Every broadcast kind must say what it does to a ticket."),
        };
    }

    static LifecycleResult ApplyToLinked(Ticket ticket, Incident incident, IncidentBroadcast broadcast, DateTimeOffset now)
    {
        if (ticket.Incident is not { } link || link.IncidentId != incident.Id)
        {
            return LifecycleResult.Rejected($"The ticket is not linked to {incident.Id}.");
        }

        if (link.HasApplied(broadcast.Sequence))
        {
            return LifecycleResult.Rejected($"Broadcast {broadcast.Sequence} of {incident.Id} is already on the ticket.");
        }

        if (ticket.Status == TicketStatus.Closed)
        {
            return LifecycleResult.Rejected("The ticket is closed.");
        }

        string discriminator = $"{incident.Id}-{broadcast.Sequence}";
        LifecycleResult result = broadcast.Kind switch
        {
            IncidentBroadcastKind.Update => Answer(ticket, incident, broadcast, now, discriminator),
            IncidentBroadcastKind.Note => new LifecycleResult(ticket, [TicketEvent.Create(now, TicketEventKind.InternalNote, broadcast.Actor,
                $"Internal note on incident {incident.Id} (staff only).", discriminator, broadcast.Body)], null),
            IncidentBroadcastKind.Resolution => TicketLifecycle.ProposeResolution(ticket, broadcast.Actor, broadcast.Body, now),
            _ => throw new ArgumentOutOfRangeException(nameof(broadcast), broadcast.Kind, "Not a broadcast to linked tickets."),
        };
        return result.Ticket is not { } changed
            ? result
            : result with { Ticket = changed with { Incident = link with { Applied = [.. link.Applied, broadcast.Sequence] } } };
    }

    static LifecycleResult Answer(Ticket ticket, Incident incident, IncidentBroadcast broadcast, DateTimeOffset now, string discriminator)
    {
        TicketEvent posted = TicketEvent.Create(now, TicketEventKind.IncidentUpdate, broadcast.Actor, $"Update on incident {incident.Id}: {incident.Title}.", discriminator, broadcast.Body);
        TicketCommitments work = ticket.Commitments;
        TicketStatus status = ticket.Status;

        // An answer to every customer of the incident is a response to each: it meets the clocks that run, as a reply does.
        // A ticket whose resolution is proposed keeps waiting for the customer's word.
        if (ticket.Status is TicketStatus.Open or TicketStatus.InProgress or TicketStatus.WaitingOnCustomer)
        {
            work = work.WithClocks(work.Clocks.Select(c => c.Satisfy(now))) with { WaitingSince = null };
            status = TicketStatus.InProgress;
        }

        work = work.Enqueue(ticket.Id, TicketEmailKind.IncidentUpdate, now, eventId: posted.Id);
        return new LifecycleResult(ticket with { Status = status, Commitments = work }, [posted], null);
    }
}
