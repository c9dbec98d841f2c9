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
}
