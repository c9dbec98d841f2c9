using System.Collections.Frozen;
using Support.Desk.Domain.Email;

namespace Support.Desk.Domain.Incidents;

/// <summary>
/// The staff notices that an open incident's digest takes instead of an email per ticket, by level: a new urgent ticket
/// (the duty page), an SLA warning, a breach, a continued-breach escalation. Every other email goes on its own.
/// </summary>
public static class DigestLevels
{
    public const string NewUrgent = "new-urgent";
    public const string Warning = "warning";
    public const string Breach = "breach";
    public const string Escalation = "escalation";

    static readonly FrozenDictionary<TicketEmailKind, string> ByKind = new Dictionary<TicketEmailKind, string>
    {
        [TicketEmailKind.UrgentTicket] = NewUrgent,
        [TicketEmailKind.SlaWarning] = Warning,
        [TicketEmailKind.SlaBreach] = Breach,
        [TicketEmailKind.SlaEscalation] = Escalation,
    }.ToFrozenDictionary();

    public static IReadOnlyCollection<string> All => ByKind.Values;

    /// <summary>The digest level that takes this email while its ticket is in an open incident; null when it always goes on its own.</summary>
    public static string? Of(TicketEmailKind kind) => ByKind.GetValueOrDefault(kind);
}
