using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using static Support.Desk.UnitTests.TicketSamples;
using Support.Desk.Application.Email;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Email;
using Support.Desk.Settings;
using Support.Desk.Routes;

namespace Support.Desk.UnitTests;

public class TicketEmailComposerTests
{
    static readonly SlaPolicy Policy = new(new SlaPolicyOptions());
    static readonly EscalationOptions Escalation = new();
    static readonly TicketEmailComposer Composer = new(Escalation, new NotificationOptions(), new DeskLinks(new SupportCenterOptions { PublicBaseUrl = new Uri("https://support.example") }), AccessTokens);
    static readonly DateTimeOffset T0 = NewYorkTime(2026, 11, 26, 10, 0);

    static EmailMessage Compose(Ticket ticket, TicketEmailKind kind, TicketEvent? source = null, DateTimeOffset? now = null)
    {
        OutboxEmail email = ticket.Commitments.Outbox.FirstOrDefault(o => o.Kind == kind) ?? new OutboxEmail($"{ticket.Id}.{WireNames.Of(kind)}.9", kind, "first-response", source?.Id, 0, T0);
        SlaClockStatus clock = TicketSla.Evaluate(ticket, Policy, now ?? T0)[0];
        return Composer.Compose(new EmailContext(ticket, email, source, clock, SubmissionSamples.Acme, now ?? T0));
    }

    [Fact]
    public void Confirmation_CarriesTicketIdTargetAndDueTimeInCustomerZone()
    {
        EmailMessage message = Compose(New(T0), TicketEmailKind.Confirmation);

        Assert.StartsWith("[SUP-7K3M-9QXD-2F4A] We received your ticket", message.Subject, StringComparison.Ordinal);
        Assert.Equal("SUP-7K3M-9QXD-2F4A.confirmation.1", message.MessageId);
        Assert.Equal("jane@acme.example", message.To);
        Assert.Contains("4 hours (business hours)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Thursday 26 November 2026 14:00 (America/New_York)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("closes only after you do", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlInjectionInSubjectNameAndAgentText_IsEncoded()
    {
        Ticket ticket = New(T0) with
        {
            Submission = New(T0).Submission with { Subject = "<script>alert(1)</script>", Requester = new Requester("<img src=x onerror=alert(2)>", "jane@acme.example") },
        };
        TicketEvent reply = TicketEvent.Create(T0, TicketEventKind.AgentReplied, "agent", "Agent replied.", body: "<b>bold</b> & <a href='javascript:x'>link</a>");

        EmailMessage confirmation = Compose(ticket, TicketEmailKind.Confirmation);
        EmailMessage answer = Compose(ticket, TicketEmailKind.AgentReply, reply);

        Assert.DoesNotContain("<script>", confirmation.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", confirmation.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", confirmation.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", answer.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp;", answer.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("> <b>bold</b>", answer.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolutionProposed_LinksToConfirmAndRejectWithTheTicketTokenInTheFragment()
    {
        Ticket ticket = New(T0).Then(t => TicketLifecycle.ProposeResolution(t, "agent", "Key rotated.", T0.AddHours(1)));
        TicketEvent proposed = TicketEvent.Create(T0.AddHours(1), TicketEventKind.ResolutionProposed, "agent", "Proposed.", body: "Key rotated.");

        EmailMessage message = Compose(ticket, TicketEmailKind.ResolutionProposed, proposed);

        Assert.Contains($"https://support.example/tickets/SUP-7K3M-9QXD-2F4A?confirm=resolved#token={SampleToken}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://support.example/tickets/SUP-7K3M-9QXD-2F4A?confirm=not-resolved#token={SampleToken}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("> Key rotated.", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomerEmails_LinkWithTheToken_StaffEmailsNever()
    {
        Ticket ticket = New(T0);

        Assert.Contains($"#token={SampleToken}", Compose(ticket, TicketEmailKind.Confirmation).TextBody, StringComparison.Ordinal);
        Assert.Contains($"#token={SampleToken}", Compose(ticket, TicketEmailKind.InformationRequested).HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(TicketAccessTokens.Prefix, Compose(ticket, TicketEmailKind.SlaBreach).TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(TicketAccessTokens.Prefix, Compose(ticket, TicketEmailKind.SlaWarning).HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void TicketWithoutRecoverableToken_LinksWithoutOne()
    {
        Ticket ticket = New(T0) with { AccessTokenHash = TicketAccessTokens.HashOf("tkt_from-a-retired-key") };

        string text = Compose(ticket, TicketEmailKind.Confirmation).TextBody;

        Assert.Contains("https://support.example/tickets/SUP-7K3M-9QXD-2F4A", text, StringComparison.Ordinal);
        Assert.DoesNotContain("#token=", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Warning_GoesToAssigneeOrElseTheQueue()
    {
        Assert.Equal(Escalation.QueueEmail, Compose(New(T0), TicketEmailKind.SlaWarning).To);
        Assert.Equal("sam@desk.example", Compose(New(T0, assignee: "sam@desk.example"), TicketEmailKind.SlaWarning).To);
    }

    [Fact]
    public void Breach_GoesToSupportLeadWithCustomerSuccessManagerAndSaysHowLongOverdue()
    {
        EmailMessage message = Compose(New(T0), TicketEmailKind.SlaBreach, now: NewYorkTime(2026, 11, 26, 15, 30));

        Assert.Equal(Escalation.SupportLeadEmail, message.To);
        Assert.Equal(["csm@acme.example"], message.Cc);
        Assert.Contains("SLA BREACHED", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Overdue by: 1.5 hours", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Plan: gold (standard)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Severity: high", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void ContinuedBreach_GoesToDutyManager()
    {
        EmailMessage message = Compose(New(T0), TicketEmailKind.SlaEscalation, now: NewYorkTime(2026, 11, 26, 16, 0));

        Assert.Equal(Escalation.DutyManagerEmail, message.To);
        Assert.Equal([Escalation.SupportLeadEmail], message.Cc);
    }

    [Fact]
    public void Assigned_GoesToWhoeverWasAssignedAtTheChange_EvenAfterAnotherReassignment()
    {
        Ticket ticket = New(T0, assignee: "sam@desk.example");
        var email = new OutboxEmail($"{ticket.Id}.assigned.3", TicketEmailKind.Assigned, null, null, 0, T0, To: "kim@desk.example");

        EmailMessage message = Composer.Compose(new EmailContext(ticket, email, null, null, null, T0));

        Assert.Equal("kim@desk.example", message.To);
        Assert.StartsWith($"[{ticket.Id}] Assigned to you", message.Subject, StringComparison.Ordinal);
    }
}
