using Support.Desk.Application.Ports;
using Support.Desk.Domain.Access;

namespace Support.Desk.Application.SupportCenter;

/// <summary>
/// "My tickets": a signed-in contact's organisation's tickets, newest first, a page at a time. One range read of the
/// tenant's index, then one point read per row through <see cref="TicketQueries"/> (the same access rule and clocks
/// as the ticket page); a row whose ticket is missing or another tenant's is skipped.
/// </summary>
public sealed class TenantTickets(ITenantTicketIndex index, TicketQueries queries)
{
    public const int PageSize = 25;

    public async Task<(IReadOnlyList<TicketView> Tickets, string? Continuation)> ListAsync(CustomerContact contact, string? continuation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        TenantTicketPage page = await index.ListAsync(contact.Tenant, PageSize, continuation, cancellationToken).ConfigureAwait(false);
        Caller caller = Caller.ForContact(contact);
        TicketLookup[] lookups = await Task.WhenAll(page.Rows.Select(row => queries.GetAsync(caller, row.TicketId, cancellationToken))).ConfigureAwait(false);
        return ([.. lookups.OfType<TicketLookup.Found>().Select(f => f.View)], page.Continuation);
    }
}
