using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>Every tenant's tickets, newest first: what "My tickets" lists. Rows never change once written.</summary>
public interface ITenantTicketIndex
{
    /// <summary>Adds the ticket's row (written before the ticket itself; a row whose ticket is missing is skipped by readers).</summary>
    Task AddAsync(Ticket ticket, CancellationToken cancellationToken);

    Task<TenantTicketPage> ListAsync(string tenant, int pageSize, string? continuation, CancellationToken cancellationToken);
}

public sealed record TenantTicketRow(string TicketId, DateTimeOffset CreatedAt);

public sealed record TenantTicketPage(IReadOnlyList<TenantTicketRow> Rows, string? Continuation);
