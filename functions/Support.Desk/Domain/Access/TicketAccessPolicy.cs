namespace Support.Desk.Domain.Access;

/// <summary>A staff member, authenticated by a staff key or an Entra ID token.</summary>
public sealed record StaffMember(string Name, string Method);

/// <summary>
/// Who sent a request: a staff member, the holder of some ticket token, a signed-in contact of a tenant, or nobody.
/// Which ticket a token opens is only known once the ticket is loaded (<see cref="TicketAccessPolicy.MayAccess"/>).
/// </summary>
public sealed record Caller(StaffMember? Staff, string? TicketToken)
{
    /// <summary>A signed-in contact of a tenant (the Support Center's session): the tenant's tickets, as their customer.</summary>
    public CustomerContact? Contact { get; init; }

    /// <summary>Who the timeline says acted: the staff member, the signed-in contact, or (holding the ticket's token) its requester.</summary>
    public string ActorOn(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return this.Staff?.Name ?? this.Contact?.Email ?? ticket.Submission.Requester.Email;
    }

    /// <summary>Whether the caller acts for the provider (staff) or for the customer.</summary>
    public UpdateRole Role => this.Staff is null ? UpdateRole.Customer : UpdateRole.Agent;

    public static Caller Anonymous { get; } = new(null, null);

    public static Caller ForStaff(StaffMember staff) => new(staff, null);

    public static Caller ForTicketHolder(string token) => new(null, token);

    public static Caller ForContact(CustomerContact contact) => new(null, null) { Contact = contact };

    public bool IsAnonymous => this.Staff is null && this.TicketToken is null && this.Contact is null;
}

/// <summary>What a request wants to do with a ticket (or the desk).</summary>
public enum TicketOperation
{
    Read,
    AddCustomerUpdate,
    AddAttachment,
    ReadAttachment,

    /// <summary>Closing a ticket is the customer's word alone.</summary>
    Confirm,

    AddAgentUpdate,
    Respond,
    ProposeResolution,
    Reassign,
    ReadStatus,

    /// <summary>Revoking the customer's link and sending a fresh one.</summary>
    RevokeAccess,

    /// <summary>Reading the staff queue.</summary>
    ReadQueue,

    /// <summary>Opening, reading, posting to and resolving major incidents, and linking tickets to them.</summary>
    ManageIncidents,

    /// <summary>The staff SLA report, across every customer.</summary>
    ReadReports,
}

public enum AccessDecision
{
    /// <summary>Go on; for ticket holders, <see cref="TicketAccessPolicy.MayAccess"/> decides once the ticket is loaded.</summary>
    Continue,

    /// <summary>No credential at all: 401.</summary>
    Unauthenticated,

    /// <summary>A credential that can never do this, whatever the ticket: 403.</summary>
    Forbidden,
}

/// <summary>
/// The desk's access rules, the same in both hosts. Staff may do everything but confirm a resolution; a ticket
/// holder may read, update, attach to and confirm that one ticket; a tenant's signed-in contact may do the same on
/// every ticket of that tenant, and nothing on another's. A token (or contact) that does not open the ticket is
/// answered as if the ticket did not exist, so neither reveals which tickets exist.
/// </summary>
public static class TicketAccessPolicy
{
    public static bool IsStaffOnly(TicketOperation operation) =>
        operation is TicketOperation.AddAgentUpdate or TicketOperation.Respond or TicketOperation.ProposeResolution
            or TicketOperation.Reassign or TicketOperation.ReadStatus or TicketOperation.RevokeAccess or TicketOperation.ReadQueue
            or TicketOperation.ManageIncidents or TicketOperation.ReadReports;

    public static bool StaffMay(TicketOperation operation) => operation != TicketOperation.Confirm;

    /// <summary>The decision that needs no ticket: checked before a body is read or a ticket loaded.</summary>
    public static AccessDecision Decide(Caller caller, TicketOperation operation)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsAnonymous)
        {
            return AccessDecision.Unauthenticated;
        }

        bool staffMay = caller.Staff is not null && StaffMay(operation);
        bool holderMay = (caller.TicketToken is not null || caller.Contact is not null) && !IsStaffOnly(operation);
        return staffMay || holderMay ? AccessDecision.Continue : AccessDecision.Forbidden;
    }

    /// <summary>
    /// Whether the caller may do <paramref name="operation"/> on this ticket at <paramref name="now"/>. A ticket's
    /// token opens it while it is open and for <paramref name="tokenLifetimeAfterClose"/> after it closes.
    /// </summary>
    public static bool MayAccess(Caller caller, TicketOperation operation, Ticket ticket, DateTimeOffset now, TimeSpan tokenLifetimeAfterClose)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(ticket);
        if (Decide(caller, operation) != AccessDecision.Continue)
        {
            return false;
        }

        if (caller.Staff is not null && StaffMay(operation))
        {
            return true;
        }

        if (caller.Contact is { } contact && !IsStaffOnly(operation) && contact.Tenant == ticket.Submission.Tenant)
        {
            return true;
        }

        bool expired = ticket.Status == TicketStatus.Closed && ticket.ClosedAt is { } closedAt && now > closedAt + tokenLifetimeAfterClose;
        return !IsStaffOnly(operation) && !expired && TicketAccessTokens.Matches(ticket.AccessTokenHash, caller.TicketToken);
    }
}
