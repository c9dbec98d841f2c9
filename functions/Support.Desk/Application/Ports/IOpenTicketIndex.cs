using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>Open tickets by region (and tenant), kept by the ticket workflow: a ticket is added when its workflow starts, removed when it closes.</summary>
public interface IOpenTicketIndex
{
    Task AddAsync(Ticket ticket, CancellationToken cancellationToken);

    Task RemoveAsync(Ticket ticket, CancellationToken cancellationToken);

    Task<IReadOnlyList<OpenTicketEntry>> ListAsync(Region region, CancellationToken cancellationToken);
}

public sealed record OpenTicketEntry(string TicketId, string Tenant, Severity Severity, string Subject, DateTimeOffset CreatedAt);
