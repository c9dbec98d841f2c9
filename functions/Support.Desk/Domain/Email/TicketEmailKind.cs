namespace Support.Desk.Domain.Email;

public enum TicketEmailKind
{
    Confirmation,
    AgentReply,
    InformationRequested,
    ResolutionProposed,
    Closed,
    WaitingReminder,
    ConfirmationReminder,
    SlaWarning,
    SlaBreach,
    SlaEscalation,

    /// <summary>Internal alert: another email of this ticket could not be delivered.</summary>
    DeliveryFailureAlert,

    /// <summary>A fresh link to the ticket, after staff revoked the old one.</summary>
    AccessLinkReissued,

    /// <summary>Staff: a new ticket for the queue.</summary>
    NewTicket,

    /// <summary>Staff: a new urgent ticket, to the duty address at once.</summary>
    UrgentTicket,

    /// <summary>Staff: the customer updated, attached a file or rejected the resolution.</summary>
    CustomerActivity,

    /// <summary>Staff: a ticket was assigned to the recipient.</summary>
    Assigned,

    /// <summary>An update staff posted to every ticket of a major incident.</summary>
    IncidentUpdate,
}
