using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>Durable storage of tickets and their timelines.</summary>
public interface ITicketStore
{
    /// <summary>Stores a new ticket and its first timeline events atomically (one round trip where the store allows).</summary>
    Task<CreateTicketOutcome> CreateAsync(Ticket ticket, IReadOnlyList<TicketEvent> initialEvents, CancellationToken cancellationToken);

    Task<VersionedTicket?> LoadAsync(string ticketId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the ticket if it is still at <paramref name="version"/> and adds the events, atomically.
    /// Returns the new version, or null when someone else changed it first: reload and try again.
    /// </summary>
    Task<string?> TryUpdateAsync(Ticket ticket, string version, IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken);

    Task<TicketEvent?> FindEventAsync(string ticketId, string eventId, CancellationToken cancellationToken);

    Task<TicketRecord?> FindRecordAsync(string ticketId, CancellationToken cancellationToken);

    /// <summary>Adds an event; writing the same event ID twice keeps one entry.</summary>
    Task AppendEventAsync(string ticketId, TicketEvent ticketEvent, CancellationToken cancellationToken);
}
