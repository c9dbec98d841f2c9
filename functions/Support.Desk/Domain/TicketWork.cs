namespace Support.Desk.Domain;

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

public enum NoticeKind
{
    SlaWarning,
    SlaBreach,
    SlaEscalation,
    CustomerReminder,
}

/// <summary>A notice the desk has dealt with: sent, or skipped because a later one superseded it.</summary>
public sealed record NoticeRecord(string Key, NoticeKind Kind, DateTimeOffset At, bool Skipped);

/// <summary>
/// An email the desk has committed to send, written in the same transaction as the change that caused it.
/// <see cref="EventId"/> points at the timeline entry whose text the email carries.
/// </summary>
public sealed record OutboxEmail(
    string MessageId,
    TicketEmailKind Kind,
    string? ClockId,
    string? EventId,
    int Attempts,
    DateTimeOffset NextAttemptAt);

/// <summary>
/// The workflow state kept on the ticket row: SLA clocks, notices dealt with, the email outbox, and since
/// when the desk waits on the customer. <see cref="Sequence"/> numbers clocks and messages.
/// </summary>
public sealed record TicketWork(
    IReadOnlyList<SlaClock> Clocks,
    IReadOnlyList<NoticeRecord> Notices,
    IReadOnlyList<OutboxEmail> Outbox,
    DateTimeOffset? WaitingSince,
    int Sequence)
{
    /// <summary>Satisfied clocks kept for reporting; older ones live on in the timeline only.</summary>
    public const int SatisfiedClocksKept = 10;

    public static TicketWork Start(string ticketId, DateTimeOffset at) => new(
        [new SlaClock("first-response", SlaClockKind.FirstResponse, at, [], null)],
        [],
        [new OutboxEmail(MessageIds.For(ticketId, TicketEmailKind.Confirmation, 1), TicketEmailKind.Confirmation, null, null, 0, at)],
        null,
        1);

    public SlaClock? OpenClock => this.Clocks.LastOrDefault(c => c.IsOpen);

    public TicketWork WithClocks(IEnumerable<SlaClock> clocks)
    {
        SlaClock[] all = [.. clocks];
        string[] keep = [.. all.Where(c => c.IsOpen).Concat(all.Where(c => !c.IsOpen).TakeLast(SatisfiedClocksKept)).Select(c => c.Id)];
        SlaClock[] kept = [.. all.Where(c => keep.Contains(c.Id))];
        return this with
        {
            Clocks = kept,
            Notices = [.. this.Notices.Where(n => !n.Key.StartsWith("clock:", StringComparison.Ordinal) || kept.Any(c => n.Key.StartsWith($"clock:{c.Id}:", StringComparison.Ordinal)))],
        };
    }

    public TicketWork Enqueue(string ticketId, TicketEmailKind kind, DateTimeOffset at, string? clockId = null, string? eventId = null)
    {
        int sequence = this.Sequence + 1;
        return this with
        {
            Sequence = sequence,
            Outbox = [.. this.Outbox, new OutboxEmail(MessageIds.For(ticketId, kind, sequence), kind, clockId, eventId, 0, at)],
        };
    }
}

public static class MessageIds
{
    /// <summary>Deterministic message IDs: ticket, kind, sequence. A retried send reuses the ID.</summary>
    public static string For(string ticketId, TicketEmailKind kind, int sequence) =>
        $"{ticketId}.{WireNames.Of(kind)}.{sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
