namespace Support.Desk.Domain.Email;

/// <summary>
/// An email the desk has committed to send, written in the same transaction as the change that caused it.
/// <see cref="EventId"/> points at the timeline entry whose text the email carries; <see cref="To"/> fixes the
/// recipient when it must be who it was at the change (the person just assigned), not who it is at sending.
/// </summary>
public sealed record OutboxEmail(
    string MessageId,
    TicketEmailKind Kind,
    string? ClockId,
    string? EventId,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? To = null,
    string? Digest = null);
