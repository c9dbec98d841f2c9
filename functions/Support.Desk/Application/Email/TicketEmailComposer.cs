using System.Globalization;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;

namespace Support.Desk.Application;

/// <summary>Where links in emails point (configuration section <c>SupportCenter</c>).</summary>
public sealed class SupportCenterOptions
{
    public const string SectionName = "SupportCenter";

    /// <summary>Public base URL of the desk (Support Center pages and API).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:7071");
}

/// <summary>What an email is about: the ticket, the timeline entry whose text it carries, the clock it concerns.</summary>
public sealed record EmailContext(Ticket Ticket, OutboxEmail Email, TicketEvent? Event, SlaClockStatus? Clock, Customer? Customer, DateTimeOffset Now, string? RegionStatus = null);

/// <summary>
/// Composes every email the desk sends about a ticket: subjects carry the ticket ID, user-supplied text is
/// HTML-encoded, recipients follow the kind (customer side, or the escalation chain). Links in customers'
/// emails carry the ticket's token in the URL fragment, which browsers never send to a server or proxy log.
/// </summary>
public sealed class TicketEmailComposer(EscalationOptions escalation, SupportCenterOptions supportCenter, TicketAccessTokens accessTokens)
{
    static readonly string[] WhatToExpect =
    [
        "A support engineer will respond by the time above. We may ask for more information.",
        "We may invite you to a private Slack channel or a Zoom call; please keep requesting help through Support Center, not Slack.",
        "Send log files, symptoms and any conclusions agreed on a call as updates to this ticket, so the record stays complete.",
        "When we believe the issue is resolved we will ask you to confirm; the ticket closes only after you do.",
    ];

    public EmailMessage Compose(EmailContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Ticket t = context.Ticket;
        TicketSubmission s = t.Submission;
        string requester = s.Requester.Email;
        var doc = new EmailDocument();
        (string to, string[] cc, string subject) = context.Email.Kind switch
        {
            TicketEmailKind.Confirmation => (requester, Array.Empty<string>(), $"We received your ticket: {s.Subject}"),
            TicketEmailKind.AgentReply => (requester, [], $"New reply on your ticket: {s.Subject}"),
            TicketEmailKind.InformationRequested => (requester, [], $"Information needed for your ticket: {s.Subject}"),
            TicketEmailKind.ResolutionProposed => (requester, [], $"Is your issue resolved? {s.Subject}"),
            TicketEmailKind.Closed => (requester, [], $"Ticket closed: {s.Subject}"),
            TicketEmailKind.WaitingReminder => (requester, [], $"Reminder: we are waiting for your information: {s.Subject}"),
            TicketEmailKind.ConfirmationReminder => (requester, [], $"Reminder: please confirm the resolution: {s.Subject}"),
            TicketEmailKind.SlaWarning => (t.Assignee ?? escalation.QueueEmail, [], $"SLA at risk ({WireNames.Of(t.Severity)}, {WireNames.Of(t.Plan)}): {s.Subject}"),
            TicketEmailKind.SlaBreach => (escalation.SupportLeadEmail, [.. new[] { context.Customer?.CustomerSuccessManagerEmail, t.Assignee }.OfType<string>()], $"SLA BREACHED ({WireNames.Of(t.Severity)}, {WireNames.Of(t.Plan)}): {s.Subject}"),
            TicketEmailKind.SlaEscalation => (escalation.DutyManagerEmail, [escalation.SupportLeadEmail], $"SLA breach continues, escalated ({WireNames.Of(t.Severity)}, {WireNames.Of(t.Plan)}): {s.Subject}"),
            TicketEmailKind.DeliveryFailureAlert => (escalation.SupportLeadEmail, [], $"Email delivery failed: {s.Subject}"),
            TicketEmailKind.AccessLinkReissued => (requester, [], $"A new link to your ticket: {s.Subject}"),
            _ => throw new ArgumentOutOfRangeException(nameof(context), context.Email.Kind, "Unknown email kind."),
        };

        switch (context.Email.Kind)
        {
            case TicketEmailKind.Confirmation:
                SlaClockStatus? first = context.Clock;
                doc.Paragraph($"Hello {s.Requester.Name},")
                    .Paragraph($"We received your ticket {t.Id}.")
                    .Facts(
                        ("Ticket ID", t.Id),
                        ("Subject", s.Subject),
                        ("Severity", $"{WireNames.Of(t.Severity)}: {Severities.DefinitionOf(t.Severity)}"),
                        ("Plan", $"{WireNames.Of(t.Plan)} ({WireNames.Of(t.Tier)} enterprise support)"),
                        ("First response target", first is null ? "-" : $"{FormatDuration(first.Terms.Target)} ({(first.Terms.Coverage == Coverage.AlwaysOn ? "24x7" : "business hours")})"),
                        ("First response due by", first?.DueAt is { } due ? Local(due, t) : "-"),
                        ("Applications", string.Join(", ", s.Applications)),
                        ("Connections", string.Join(", ", s.Connections)))
                    .Paragraph(t.RegionAdvisory is null ? string.Empty : $"Known issue in your region: {t.RegionAdvisory}. We will take it into account; you can follow it on the status page.")
                    .Paragraph("What to expect:")
                    .Bullets(WhatToExpect)
                    .Link("Open your ticket", this.TicketPage(t, null));
                break;
            case TicketEmailKind.AgentReply:
                doc.Paragraph($"Hello {s.Requester.Name},").Paragraph($"{context.Event?.Actor ?? "Our support team"} replied to ticket {t.Id}:").Quote(context.Event?.Body)
                    .Paragraph("Add any further information as an update to the ticket.")
                    .Link("Open your ticket", this.TicketPage(t, null));
                break;
            case TicketEmailKind.InformationRequested:
                doc.Paragraph($"Hello {s.Requester.Name},").Paragraph($"To continue with ticket {t.Id} we need more information:").Quote(context.Event?.Body)
                    .Paragraph("Please add it as an update to the ticket. Log files, a screenshot of the error and an HTTP trace (.har file) help most.")
                    .Link("Open your ticket", this.TicketPage(t, null));
                break;
            case TicketEmailKind.ResolutionProposed:
                doc.Paragraph($"Hello {s.Requester.Name},").Paragraph($"We believe ticket {t.Id} is resolved:").Quote(context.Event?.Body)
                    .Paragraph("The ticket closes only after you confirm. Please tell us whether the issue is resolved:")
                    .Link("Yes, it is resolved", this.TicketPage(t, "confirm=resolved"))
                    .Link("No, it is not resolved", this.TicketPage(t, "confirm=not-resolved"));
                break;
            case TicketEmailKind.Closed:
                doc.Paragraph($"Hello {s.Requester.Name},").Paragraph($"Thank you for confirming. Ticket {t.Id} is now closed.").Quote(context.Event?.Body)
                    .Paragraph("If the problem comes back, please open a new ticket and mention this one.");
                break;
            case TicketEmailKind.WaitingReminder:
                doc.Paragraph($"Hello {s.Requester.Name},").Paragraph($"We are still waiting for the information we asked for on ticket {t.Id}. Its SLA clock is paused until you answer.")
                    .Link("Open the ticket", this.TicketPage(t, null));
                break;
            case TicketEmailKind.ConfirmationReminder:
                doc.Paragraph($"Hello {s.Requester.Name},").Paragraph($"We proposed a resolution for ticket {t.Id} and are waiting for your confirmation. The ticket stays open until you answer.")
                    .Link("Yes, it is resolved", this.TicketPage(t, "confirm=resolved"))
                    .Link("No, it is not resolved", this.TicketPage(t, "confirm=not-resolved"));
                break;
            case TicketEmailKind.AccessLinkReissued:
                doc.Paragraph($"Hello {s.Requester.Name},").Paragraph($"Our support team replaced the link to ticket {t.Id}. Links in earlier emails no longer open it; use this one from now on.")
                    .Paragraph("If you did not expect this, someone may have shared an earlier email: no action is needed, the old links are closed.")
                    .Link("Open your ticket", this.TicketPage(t, null));
                break;
            case TicketEmailKind.DeliveryFailureAlert:
                doc.Paragraph($"An email about ticket {t.Id} could not be delivered, so the customer or staff may not know what it said. Please contact them another way.")
                    .Quote(context.Event?.Summary)
                    .Link("Ticket", new Uri(supportCenter.PublicBaseUrl, $"/api/tickets/{t.Id}").ToString());
                break;
            default:
                this.Internal(doc, context);
                break;
        }

        return new EmailMessage(context.Email.MessageId, to, cc, $"[{t.Id}] {subject}", doc.Text(), doc.Html());
    }

    void Internal(EmailDocument doc, EmailContext context)
    {
        Ticket t = context.Ticket;
        SlaClockStatus? clock = context.Clock;
        string state = context.Email.Kind switch
        {
            TicketEmailKind.SlaWarning => $"{Math.Round(escalation.WarningFraction * 100)}% of the response target has elapsed.",
            TicketEmailKind.SlaBreach => "The response target has been missed.",
            _ => "The response target is still missed; this is a further escalation.",
        };
        doc.Paragraph(state).Facts(
            ("Ticket", t.Id),
            ("Summary", t.Submission.Subject),
            ("Tenant", t.Submission.Tenant),
            ("Plan", $"{WireNames.Of(t.Plan)} ({WireNames.Of(t.Tier)})"),
            ("Severity", WireNames.Of(t.Severity)),
            ("Clock", clock is null ? "-" : WireNames.Of(clock.Clock.Kind)),
            ("Target", clock is null ? "-" : FormatDuration(clock.Terms.Target)),
            ("Due", clock?.DueAt is { } due ? Local(due, t) : "-"),
            ("Overdue by", clock?.DueAt is { } d && context.Now > d ? FormatDuration(context.Now - d) : "not yet"),
            ("Assignee", t.Assignee ?? "unassigned"),
            ("Region", WireNames.Of(t.Region)),
            ("Regional status now", context.RegionStatus ?? "unknown"),
            ("Regional status at submission", t.RegionAdvisory ?? "no disruption reported"))
            .Link("Ticket", new Uri(supportCenter.PublicBaseUrl, $"/api/tickets/{t.Id}").ToString());
    }

    string TicketPage(Ticket t, string? query)
    {
        string page = new Uri(supportCenter.PublicBaseUrl, $"/tickets/{t.Id}" + (query is null ? string.Empty : "?" + query)).ToString();
        return accessTokens.Recover(t.Id, t.AccessTokenHash, t.AccessTokenVersion) is { } token ? $"{page}#token={token}" : page;
    }

    static string Local(DateTimeOffset instant, Ticket t)
    {
        TimeZoneInfo zone = t.TimeZone;
        DateTimeOffset local = TimeZoneInfo.ConvertTime(instant, zone);
        return string.Create(CultureInfo.InvariantCulture, $"{local:dddd d MMMM yyyy HH:mm} ({zone.Id}), {instant.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
    }

    public static string FormatDuration(TimeSpan d)
    {
        if (d.TotalMinutes < 1)
        {
            return d.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " seconds";
        }

        if (d.TotalMinutes < 60)
        {
            return d.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " minutes";
        }

        return d.TotalHours == 1 ? "1 hour" : d.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + " hours";
    }
}
