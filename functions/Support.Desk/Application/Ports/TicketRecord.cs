using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>A ticket together with its timeline, in time order.</summary>
public sealed record TicketRecord(Ticket Ticket, IReadOnlyList<TicketEvent> Timeline);

/// <summary>A ticket with the version it was read at, for optimistic concurrency.</summary>
public sealed record VersionedTicket(Ticket Ticket, string Version);

public enum CreateTicketOutcome
{
    Created,
    AlreadyExists,
}
