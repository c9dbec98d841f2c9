using Support.Desk.Domain.Email;
using Support.Desk.Domain.Notices;

namespace Support.Desk.Domain;

/// <summary>
/// What the desk has committed to on a ticket, kept on the ticket row: its SLA clocks, the notices it has dealt
/// with, the emails it has promised to send (the outbox), and since when it waits on the customer.
/// <see cref="Sequence"/> numbers clocks and messages.
/// </summary>
public sealed record TicketCommitments(
    IReadOnlyList<SlaClock> Clocks,
    IReadOnlyList<NoticeRecord> Notices,
    IReadOnlyList<OutboxEmail> Outbox,
    DateTimeOffset? WaitingSince,
    int Sequence)
{
    /// <summary>Satisfied clocks kept for reporting; older ones live on in the timeline only.</summary>
    public const int SatisfiedClocksKept = 10;

    public static TicketCommitments Start(string ticketId, DateTimeOffset at) => new(
        [new SlaClock("first-response", SlaClockKind.FirstResponse, at, [], null)],
        [],
        [new OutboxEmail(MessageIds.For(ticketId, TicketEmailKind.Confirmation, 1), TicketEmailKind.Confirmation, null, null, 0, at)],
        null,
        1);

    public SlaClock? OpenClock => this.Clocks.LastOrDefault(c => c.IsOpen);

    public TicketCommitments WithClocks(IEnumerable<SlaClock> clocks)
    {
        SlaClock[] all = [.. clocks];
        string[] keep = [.. all.Where(c => c.IsOpen).Concat(all.Where(c => !c.IsOpen).TakeLast(SatisfiedClocksKept)).Select(c => c.Id)];
        SlaClock[] kept = [.. all.Where(c => keep.Contains(c.Id))];
        return this with
        {
            Clocks = kept,
            Notices = [.. this.Notices.Where(n => n.Key.ClockId is not { } clockId || kept.Any(c => c.Id == clockId))],
        };
    }

    public TicketCommitments Enqueue(string ticketId, TicketEmailKind kind, DateTimeOffset at, string? clockId = null, string? eventId = null, string? to = null, string? digest = null)
    {
        int sequence = this.Sequence + 1;
        return this with
        {
            Sequence = sequence,
            Outbox = [.. this.Outbox, new OutboxEmail(MessageIds.For(ticketId, kind, sequence), kind, clockId, eventId, 0, at, to, digest)],
        };
    }
}
