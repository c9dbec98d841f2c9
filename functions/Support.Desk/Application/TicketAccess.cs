using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Settings;

namespace Support.Desk.Application;

/// <summary>
/// The rules of <see cref="TicketAccessPolicy"/>, applied now and with the configured token lifetime: the one
/// place the use cases ask whether a caller may touch a ticket.
/// </summary>
public sealed class TicketAccess(AccessOptions options, TimeProvider clock)
{
    public bool MayAccess(Caller caller, TicketOperation operation, Ticket ticket) =>
        TicketAccessPolicy.MayAccess(caller, operation, ticket, clock.GetUtcNow(), options.TicketTokenLifetimeAfterClose);

    /// <summary>The timeline a caller may see: all of it for staff; for the customer, what is theirs.</summary>
    public static IReadOnlyList<TicketEvent> VisibleTimeline(Caller caller, IReadOnlyList<TicketEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Staff is not null ? timeline : [.. timeline.Where(e => TicketEventVisibility.IsVisibleToCustomer(e.Kind))];
    }
}
