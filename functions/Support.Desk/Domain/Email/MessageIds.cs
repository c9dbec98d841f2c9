using System.Globalization;

namespace Support.Desk.Domain.Email;

public static class MessageIds
{
    /// <summary>Deterministic message IDs: ticket, kind, sequence. A retried send reuses the ID.</summary>
    public static string For(string ticketId, TicketEmailKind kind, int sequence) =>
        $"{ticketId}.{WireNames.Of(kind)}.{sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
