using System.Collections.Frozen;
using System.Globalization;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Email;
using Support.Desk.Routes;
using Support.Desk.Settings;

namespace Support.Desk.Application.Email;

/// <summary>What an email is about: the ticket, the timeline entry whose text it carries, the clock it concerns.</summary>
public sealed record EmailContext(Ticket Ticket, OutboxEmail Email, TicketEvent? Event, SlaClockStatus? Clock, Customer? Customer, DateTimeOffset Now, string? RegionStatus = null);

/// <summary>Who an email goes to.</summary>
public sealed record EmailRecipients(string To, IReadOnlyList<string> Cc)
{
    public static EmailRecipients Only(string to) => new(to, []);
}

/// <summary>How one kind of email is written: to whom, its subject (the ticket ID is put before it), its body.</summary>
internal sealed record EmailTemplate(Func<EmailContext, EmailRecipients> Recipients, Func<EmailContext, string> Subject, Action<EmailContext, EmailDocument> Body);

/// <summary>
/// Composes every email the desk sends about a ticket, from one table with a row per email kind (recipients,
/// subject, body). A kind without a row fails the desk at start (<see cref="Missing"/>), never at send time.
/// Subjects carry the ticket ID, user-supplied text is HTML-encoded, and links come from <see cref="DeskLinks"/>:
/// customers' emails open their ticket page with the token in the URL fragment, staff emails the staff console.
/// </summary>
public sealed class TicketEmailComposer
{
    static readonly string[] WhatToExpect =
    [
        "A support engineer will respond by the time above. We may ask for more information.",
        "We may invite you to a private Slack channel or a Zoom call; please keep requesting help through Support Center, not Slack.",
        "Send log files, symptoms and any conclusions agreed on a call as updates to this ticket, so the record stays complete.",
        "When we believe the issue is resolved we will ask you to confirm; the ticket closes only after you do.",
    ];

    readonly EscalationOptions escalation;
    readonly NotificationOptions notifications;
    readonly DeskLinks links;
    readonly TicketAccessTokens accessTokens;
    readonly FrozenDictionary<TicketEmailKind, EmailTemplate> templates;

    public TicketEmailComposer(EscalationOptions escalation, NotificationOptions notifications, DeskLinks links, TicketAccessTokens accessTokens)
    {
        this.escalation = escalation;
        this.notifications = notifications;
        this.links = links;
        this.accessTokens = accessTokens;
        this.templates = this.Templates().Concat(this.StaffNotices()).ToFrozenDictionary();
        if (this.Missing() is { Count: > 0 } missing)
        {
            throw new InvalidOperationException($"No email template for: {string.Join(", ", missing)}. Add a row to {nameof(TicketEmailComposer)}.{nameof(this.Templates)}.");
        }
    }

    /// <summary>Email kinds without a template (none, or the desk would not have started).</summary>
    public IReadOnlyList<TicketEmailKind> Missing() => [.. Enum.GetValues<TicketEmailKind>().Where(k => !this.templates.ContainsKey(k))];

    public EmailMessage Compose(EmailContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        EmailTemplate template = this.templates[context.Email.Kind];
        var doc = new EmailDocument();
        template.Body(context, doc);
        EmailRecipients recipients = template.Recipients(context);
        return new EmailMessage(context.Email.MessageId, recipients.To, recipients.Cc, $"[{context.Ticket.Id}] {template.Subject(context)}", doc.Text(), doc.Html());
    }

    /// <summary>One row per email kind.</summary>
    IEnumerable<KeyValuePair<TicketEmailKind, EmailTemplate>> Templates()
    {
        static KeyValuePair<TicketEmailKind, EmailTemplate> Row(TicketEmailKind kind, Func<EmailContext, EmailRecipients> to, Func<EmailContext, string> subject, Action<EmailContext, EmailDocument> body) =>
            new(kind, new EmailTemplate(to, subject, body));
        static EmailRecipients Requester(EmailContext c) => EmailRecipients.Only(c.Ticket.Submission.Requester.Email);
        static string Hello(EmailContext c) => $"Hello {c.Ticket.Submission.Requester.Name},";

        yield return Row(TicketEmailKind.Confirmation, Requester, c => $"We received your ticket: {c.Ticket.Submission.Subject}", (c, doc) =>
        {
            Ticket t = c.Ticket;
            TicketSubmission s = t.Submission;
            SlaClockStatus? first = c.Clock;
            doc.Paragraph(Hello(c))
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
                .Link("Open your ticket", this.CustomerPage(t));
        });
        yield return Row(TicketEmailKind.AgentReply, Requester, c => $"New reply on your ticket: {c.Ticket.Submission.Subject}", (c, doc) =>
            doc.Paragraph(Hello(c)).Paragraph($"{c.Event?.Actor ?? "Our support team"} replied to ticket {c.Ticket.Id}:").Quote(c.Event?.Body)
                .Paragraph("Add any further information as an update to the ticket.")
                .Link("Open your ticket", this.CustomerPage(c.Ticket)));
        yield return Row(TicketEmailKind.InformationRequested, Requester, c => $"Information needed for your ticket: {c.Ticket.Submission.Subject}", (c, doc) =>
            doc.Paragraph(Hello(c)).Paragraph($"To continue with ticket {c.Ticket.Id} we need more information:").Quote(c.Event?.Body)
                .Paragraph("Please add it as an update to the ticket. Log files, a screenshot of the error and an HTTP trace (.har file) help most.")
                .Link("Open your ticket", this.CustomerPage(c.Ticket)));
        yield return Row(TicketEmailKind.ResolutionProposed, Requester, c => $"Is your issue resolved? {c.Ticket.Submission.Subject}", (c, doc) =>
            doc.Paragraph(Hello(c)).Paragraph($"We believe ticket {c.Ticket.Id} is resolved:").Quote(c.Event?.Body)
                .Paragraph("The ticket closes only after you confirm. Please tell us whether the issue is resolved:")
                .Link("Yes, it is resolved", this.CustomerPage(c.Ticket, "confirm=resolved"))
                .Link("No, it is not resolved", this.CustomerPage(c.Ticket, "confirm=not-resolved")));
        yield return Row(TicketEmailKind.Closed, Requester, c => $"Ticket closed: {c.Ticket.Submission.Subject}", (c, doc) =>
            doc.Paragraph(Hello(c)).Paragraph($"Thank you for confirming. Ticket {c.Ticket.Id} is now closed.").Quote(c.Event?.Body)
                .Paragraph("If the problem comes back, please open a new ticket and mention this one."));
        yield return Row(TicketEmailKind.WaitingReminder, Requester, c => $"Reminder: we are waiting for your information: {c.Ticket.Submission.Subject}", (c, doc) =>
            doc.Paragraph(Hello(c)).Paragraph($"We are still waiting for the information we asked for on ticket {c.Ticket.Id}. Its SLA clock is paused until you answer.")
                .Link("Open the ticket", this.CustomerPage(c.Ticket)));
        yield return Row(TicketEmailKind.ConfirmationReminder, Requester, c => $"Reminder: please confirm the resolution: {c.Ticket.Submission.Subject}", (c, doc) =>
            doc.Paragraph(Hello(c)).Paragraph($"We proposed a resolution for ticket {c.Ticket.Id} and are waiting for your confirmation. The ticket stays open until you answer.")
                .Link("Yes, it is resolved", this.CustomerPage(c.Ticket, "confirm=resolved"))
                .Link("No, it is not resolved", this.CustomerPage(c.Ticket, "confirm=not-resolved")));
        yield return Row(TicketEmailKind.AccessLinkReissued, Requester, c => $"A new link to your ticket: {c.Ticket.Submission.Subject}", (c, doc) =>
            doc.Paragraph(Hello(c)).Paragraph($"Our support team replaced the link to ticket {c.Ticket.Id}. Links in earlier emails no longer open it; use this one from now on.")
                .Paragraph("If you did not expect this, someone may have shared an earlier email: no action is needed, the old links are closed.")
                .Link("Open your ticket", this.CustomerPage(c.Ticket)));
        yield return Row(TicketEmailKind.IncidentUpdate, Requester, c => $"Update on the incident affecting your ticket: {c.Ticket.Submission.Subject}", (c, doc) =>
            doc.Paragraph(Hello(c)).Paragraph($"Your ticket {c.Ticket.Id} is part of a known incident ({c.Ticket.Incident?.IncidentId ?? "now closed"}). {c.Event?.Actor ?? "Our support team"} posted this update for everyone affected:")
                .Quote(c.Event?.Body)
                .Paragraph("You do not need to reply unless something differs for you; anything you add to the ticket reaches the engineer handling it.")
                .Link("Open your ticket", this.CustomerPage(c.Ticket)));
        yield return Row(TicketEmailKind.SlaWarning,
            c => EmailRecipients.Only(c.Ticket.Assignee ?? this.escalation.QueueEmail),
            c => $"SLA at risk ({WireNames.Of(c.Ticket.Severity)}, {WireNames.Of(c.Ticket.Plan)}): {c.Ticket.Submission.Subject}",
            (c, doc) => this.SlaFacts(c, doc, $"{Math.Round(this.escalation.WarningFraction * 100)}% of the response target has elapsed."));
        yield return Row(TicketEmailKind.SlaBreach,
            c => new EmailRecipients(this.escalation.SupportLeadEmail, [.. new[] { c.Customer?.CustomerSuccessManagerEmail, c.Ticket.Assignee }.OfType<string>()]),
            c => $"SLA BREACHED ({WireNames.Of(c.Ticket.Severity)}, {WireNames.Of(c.Ticket.Plan)}): {c.Ticket.Submission.Subject}",
            (c, doc) => this.SlaFacts(c, doc, "The response target has been missed."));
        yield return Row(TicketEmailKind.SlaEscalation,
            _ => new EmailRecipients(this.escalation.DutyManagerEmail, [this.escalation.SupportLeadEmail]),
            c => $"SLA breach continues, escalated ({WireNames.Of(c.Ticket.Severity)}, {WireNames.Of(c.Ticket.Plan)}): {c.Ticket.Submission.Subject}",
            (c, doc) => this.SlaFacts(c, doc, "The response target is still missed; this is a further escalation."));
        yield return Row(TicketEmailKind.DeliveryFailureAlert,
            _ => EmailRecipients.Only(this.escalation.SupportLeadEmail),
            c => $"Email delivery failed: {c.Ticket.Submission.Subject}",
            (c, doc) => doc.Paragraph($"An email about ticket {c.Ticket.Id} could not be delivered, so the customer or staff may not know what it said. Please contact them another way.")
                .Quote(c.Event?.Summary)
                .Link("Ticket", this.links.StaffTicketPage(c.Ticket.Id).ToString()));
    }

    /// <summary>The staff notifications: a new ticket, a customer's word, an assignment.</summary>
    IEnumerable<KeyValuePair<TicketEmailKind, EmailTemplate>> StaffNotices()
    {
        static string Title(EmailContext c) => $"({WireNames.Of(c.Ticket.Severity)}, {WireNames.Of(c.Ticket.Plan)}, {c.Ticket.Submission.Tenant}): {c.Ticket.Submission.Subject}";
        yield return new(TicketEmailKind.NewTicket, new EmailTemplate(
            _ => EmailRecipients.Only(this.escalation.QueueEmail),
            c => "New ticket " + Title(c),
            (c, doc) => this.SlaFacts(c, doc, "A new ticket is in the queue.")));
        yield return new(TicketEmailKind.UrgentTicket, new EmailTemplate(
            _ => new EmailRecipients(this.notifications.UrgentTicketEmail, [this.escalation.QueueEmail]),
            c => "URGENT new ticket " + Title(c),
            (c, doc) => this.SlaFacts(c, doc, "A new urgent ticket: production is down or severely impaired. Its response clock runs around the clock.")));
        yield return new(TicketEmailKind.CustomerActivity, new EmailTemplate(
            c => EmailRecipients.Only(c.Ticket.Assignee ?? this.escalation.QueueEmail),
            c => "Customer activity " + Title(c),
            (c, doc) =>
            {
                doc.Paragraph($"{c.Event?.Summary ?? "The customer added to the ticket."}").Quote(c.Event?.Body);
                this.SlaFacts(c, doc, "The customer is waiting for a response.");
            }));
        yield return new(TicketEmailKind.Assigned, new EmailTemplate(
            c => EmailRecipients.Only(c.Email.To ?? c.Ticket.Assignee ?? this.escalation.QueueEmail),
            c => "Assigned to you " + Title(c),
            (c, doc) => this.SlaFacts(c, doc, $"{c.Event?.Actor ?? "Someone"} assigned this ticket to you.")));
    }

    /// <summary>The body of the SLA emails to staff: what happened, and the facts needed to act on it.</summary>
    void SlaFacts(EmailContext context, EmailDocument doc, string state)
    {
        Ticket t = context.Ticket;
        SlaClockStatus? clock = context.Clock;
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
            .Link("Ticket", this.links.StaffTicketPage(t.Id).ToString());
    }

    string CustomerPage(Ticket t, string? query = null) =>
        this.links.CustomerTicketPage(t.Id, this.accessTokens.Recover(t.Id, t.AccessTokenHash, t.AccessTokenVersion), query).ToString();

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
