using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>
/// Tickets acknowledged but whose workflow has not yet reported that it started. Written alongside the
/// ticket, cleared by the workflow; what is left over is repaired by <see cref="IntakeReconciler"/>.
/// </summary>
public interface IIntakeJournal
{
    Task RecordPendingAsync(string ticketId, DateTimeOffset acceptedAt, CancellationToken cancellationToken);

    Task ClearAsync(string ticketId, CancellationToken cancellationToken);

    IAsyncEnumerable<PendingIntake> ListPendingSinceBeforeAsync(DateTimeOffset acceptedBefore, CancellationToken cancellationToken);
}

public sealed record PendingIntake(string TicketId, DateTimeOffset AcceptedAt);
