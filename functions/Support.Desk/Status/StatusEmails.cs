using Support.Desk.Domain;
using Support.Desk.Domain.Status;
using Support.Desk.Application.Email;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

using Support.Desk.Routes;

namespace Support.Desk.Status;

/// <summary>The staff email sent when a region goes to a major or critical state, or recovers, listing its open tickets.</summary>
public static class StatusEmails
{
    public static EmailMessage Notice(RegionState state, IReadOnlyList<OpenTicketEntry> tickets, EscalationOptions escalation, DeskLinks links)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(escalation);
        ArgumentNullException.ThrowIfNull(links);
        StatusSnapshot snapshot = state.Snapshot ?? throw new ArgumentException("A notice needs a snapshot.", nameof(state));
        string notice = state.PendingNotice ?? throw new ArgumentException("No notice is pending.", nameof(state));
        bool outage = notice.StartsWith("outage", StringComparison.Ordinal);
        string name = Regions.DisplayName(state.Region);
        var doc = new EmailDocument()
            .Paragraph(outage
                ? $"The {name} status page reports a {WireNames.Of(snapshot.Indicator)} disruption."
                : $"The {name} status page has recovered.")
            .Paragraph(snapshot.Summary())
            .Paragraph(tickets.Count == 0 ? $"There are no open tickets in {name}." : $"Open tickets in {name} ({tickets.Count}):")
            .Bullets([.. tickets.OrderBy(t => t.Severity).ThenBy(t => t.CreatedAt)
                .Select(t => $"{t.TicketId} [{WireNames.Of(t.Severity)}] {t.Tenant}: {t.Subject} ({links.StaffTicketPage(t.TicketId)})")]);
        string subject = outage
            ? $"[{name}] Regional outage ({WireNames.Of(snapshot.Indicator)}): {tickets.Count} open ticket(s)"
            : $"[{name}] Regional status recovered: {tickets.Count} open ticket(s)";
        return new EmailMessage($"status-{WireNames.Of(state.Region)}.{notice}", escalation.SupportLeadEmail, [escalation.QueueEmail], subject, doc.Text(), doc.Html());
    }
}
