using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Email;
using Support.Desk.Settings;

namespace Support.Desk.Application.Notifications;

/// <summary>
/// Decides which staff notifications a change owes and puts them into the ticket's outbox, in the same save as the
/// change, so each goes out exactly once (the outbox and the email ledger see to that). Coverage-aware like the SLA
/// notices: a notice for a ticket whose SLA runs in business hours waits for the next covered instant; an urgent
/// ticket's goes at once. The lifecycle rules stay pure; this is the one place that knows who hears of what.
/// </summary>
public sealed class StaffNotifications(NotificationOptions options, SlaPolicy policy)
{
    /// <summary>
    /// A new ticket: the queue hears of it; an urgent one also reaches the duty address at once, unless it joined an open
    /// incident at intake: then it joins the incident's digest of new urgent tickets instead.
    /// </summary>
    public Ticket OnSubmitted(Ticket ticket, TicketEvent submitted, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(submitted);
        TicketCommitments work = ticket.Commitments;
        if (options.UrgentTicket && ticket.Severity == Severity.Urgent)
        {
            work = work.Enqueue(ticket.Id, TicketEmailKind.UrgentTicket, now, work.OpenClock?.Id, submitted.Id, digest: ticket.Incident?.IncidentId);
        }
        else if (options.NewTicket)
        {
            work = work.Enqueue(ticket.Id, TicketEmailKind.NewTicket, this.Covered(ticket, now), work.OpenClock?.Id, submitted.Id);
        }

        return ticket with { Commitments = work };
    }

    /// <summary>After a lifecycle command: the customer's word (an update, a file, a rejected resolution) reaches the assignee; an assignment reaches the new assignee.</summary>
    public LifecycleResult OnChanged(LifecycleResult result, Caller caller, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(caller);
        if (result.Ticket is not { } ticket)
        {
            return result;
        }

        TicketCommitments work = ticket.Commitments;
        foreach (TicketEvent e in result.Events)
        {
            bool fromCustomer = e.Kind is TicketEventKind.CustomerUpdate or TicketEventKind.ResolutionRejected
                || (e.Kind == TicketEventKind.AttachmentAdded && caller.Role == UpdateRole.Customer);
            if (options.CustomerActivity && fromCustomer)
            {
                work = work.Enqueue(ticket.Id, TicketEmailKind.CustomerActivity, this.Covered(ticket, now), work.OpenClock?.Id, e.Id);
            }
            else if (options.Assignment && e.Kind == TicketEventKind.AssigneeChanged && ticket.Assignee is { } assignee
                && !string.Equals(assignee, caller.Staff?.Name, StringComparison.OrdinalIgnoreCase))
            {
                work = work.Enqueue(ticket.Id, TicketEmailKind.Assigned, now, work.OpenClock?.Id, e.Id, to: assignee);
            }
        }

        // A notice still waiting for business hours is moot once the ticket closes: nobody needs to hear in the
        // morning of a new ticket, or of a customer's word, that is already settled.
        if (ticket.Status == TicketStatus.Closed && work.Outbox.Any(e => IsStaffNotice(e.Kind) && e.NextAttemptAt > now))
        {
            work = work with { Outbox = [.. work.Outbox.Where(e => !IsStaffNotice(e.Kind) || e.NextAttemptAt <= now)] };
        }

        return work == ticket.Commitments ? result : result with { Ticket = ticket with { Commitments = work } };
    }

    static bool IsStaffNotice(TicketEmailKind kind) =>
        kind is TicketEmailKind.NewTicket or TicketEmailKind.UrgentTicket or TicketEmailKind.CustomerActivity or TicketEmailKind.Assigned;

    /// <summary>Now, or the next instant the ticket's SLA coverage begins.</summary>
    DateTimeOffset Covered(Ticket ticket, DateTimeOffset now) =>
        policy.TermsFor(ticket.Tier, ticket.Severity).Coverage == Coverage.AlwaysOn
            ? now
            : policy.CalendarFor(ticket.Tier, ticket.Severity, ticket.TimeZone).NextCoveredInstant(now);
}
