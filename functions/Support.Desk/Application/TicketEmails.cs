using System.Globalization;
using System.Net;
using System.Text;
using Support.Desk.Domain;

namespace Support.Desk.Application;

public enum TicketEmailKind
{
    Confirmation,
}

/// <summary>
/// Composes the emails the desk sends about a ticket. Every message ID is deterministic
/// (ticket, kind, sequence) so a retried send is recognised by the sender and not delivered twice.
/// User-supplied text is HTML-encoded in the HTML part.
/// </summary>
public static class TicketEmails
{
    public static string MessageIdFor(string ticketId, TicketEmailKind kind, int sequence) =>
        $"{ticketId}.{WireNames.Of(kind)}.{sequence.ToString(CultureInfo.InvariantCulture)}";

    public static EmailMessage Compose(Ticket ticket, TicketEmailKind kind) => kind switch
    {
        TicketEmailKind.Confirmation => Confirmation(ticket),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown email kind."),
    };

    public static EmailMessage Confirmation(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        TicketSubmission s = ticket.Submission;
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(ticket.TimeZoneId);
        DateTimeOffset dueLocal = TimeZoneInfo.ConvertTime(ticket.FirstResponse.DueAt, zone);
        string due = string.Create(
            CultureInfo.InvariantCulture,
            $"{dueLocal:dddd d MMMM yyyy HH:mm} ({zone.Id}), {ticket.FirstResponse.DueAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        string coverage = ticket.FirstResponse.Coverage == Coverage.AlwaysOn ? "24x7" : "business hours";
        string target = $"{FormatDuration(ticket.FirstResponse.Target)} ({coverage})";

        (string Label, string Value)[] facts =
        [
            ("Ticket ID", ticket.Id),
            ("Subject", s.Subject),
            ("Severity", $"{WireNames.Of(s.Severity)}: {Severities.DefinitionOf(s.Severity)}"),
            ("Plan", $"{WireNames.Of(ticket.Plan)} ({WireNames.Of(ticket.Tier)} enterprise support)"),
            ("First response target", target),
            ("First response due by", due),
            ("Applications", string.Join(", ", s.Applications)),
            ("Connections", string.Join(", ", s.Connections)),
        ];
        string[] expectations =
        [
            "A support engineer will respond by the time above. We may ask for more information.",
            "We may invite you to a private Slack channel or a Zoom call; please keep requesting help through Support Center, not Slack.",
            "Send log files, symptoms and any conclusions agreed on a call as updates to this ticket, so the record stays complete.",
            "When we believe the issue is resolved we will ask you to confirm; the ticket closes only after you do.",
        ];

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Hello {s.Requester.Name},").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"We received your ticket {ticket.Id}.").AppendLine();
        foreach ((string label, string value) in facts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{label}: {value}");
        }

        text.AppendLine().AppendLine("What to expect:");
        foreach (string line in expectations)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        }

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>Hello {Encode(s.Requester.Name)},</p><p>We received your ticket <strong>{Encode(ticket.Id)}</strong>.</p><table>");
        foreach ((string label, string value) in facts)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th align=\"left\">{Encode(label)}</th><td>{Encode(value)}</td></tr>");
        }

        html.Append("</table><p>What to expect:</p><ul>");
        foreach (string line in expectations)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{Encode(line)}</li>");
        }

        html.Append("</ul>");

        return new EmailMessage(
            MessageIdFor(ticket.Id, TicketEmailKind.Confirmation, 1),
            s.Requester.Email,
            [],
            $"[{ticket.Id}] We received your ticket: {s.Subject}",
            text.ToString(),
            html.ToString());
    }

    static string Encode(string text) => WebUtility.HtmlEncode(text);

    static string FormatDuration(TimeSpan d)
    {
        if (d.TotalMinutes < 60)
        {
            return d.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " minutes";
        }

        return d.TotalHours == 1 ? "1 hour" : d.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + " hours";
    }
}
