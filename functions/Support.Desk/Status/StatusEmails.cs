using Support.Desk.Domain;
using Support.Desk.Domain.Status;
using Support.Desk.Application.Email;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

using Support.Desk.Routes;

namespace Support.Desk.Status;

/// <summary>
/// What the desk says when a region goes to a major or critical state, or recovers: the staff email listing its open
/// tickets, and the note on each of those tickets' timelines.
/// </summary>
public static class StatusEmails
{
    /// <summary>Who the timeline says wrote the note.</summary>
    public const string Actor = "status-monitor";

    /// <summary>The note on every open ticket of the region; its time and ID come from the notice, so a repeat writes the same entry.</summary>
    public static TicketEvent TimelineNote(RegionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        StatusSnapshot snapshot = state.Snapshot ?? throw new ArgumentException("A notice needs a snapshot.", nameof(state));
        string notice = state.PendingNotice ?? throw new ArgumentException("No notice is pending.", nameof(state));
        bool outage = notice.StartsWith("outage", StringComparison.Ordinal);
        var at = new DateTimeOffset(long.Parse(notice[(notice.IndexOf('.', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
        string name = Regions.DisplayName(state.Region);
        string summary = outage
            ? $"Regional outage in {name} ({WireNames.Of(snapshot.Indicator)}): {snapshot.Summary()} This ticket may be affected."
            : $"The {name} status page has recovered: {snapshot.Summary()}";
        return TicketEvent.Create(at, TicketEventKind.RegionStatusNoted, Actor, summary, "status-" + notice.Replace('.', '-'));
    }

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
