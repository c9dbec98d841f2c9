using Support.Desk.Application.Email;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Email;
using Support.Desk.Routes;
using Support.Desk.Settings;
using static Support.Desk.UnitTests.TicketSamples;

namespace Support.Desk.UnitTests.Notices;

/// <summary>The email templates: a row for every kind, so the composer has an answer for every email the desk queues.</summary>
public class EmailTemplateTableTests
{
    static readonly TicketEmailComposer Composer = new(new EscalationOptions(), new NotificationOptions(), new DeskLinks(new SupportCenterOptions { PublicBaseUrl = new Uri("https://support.example") }), AccessTokens);

    [Fact]
    public void EveryEmailKind_HasATemplate()
    {
        Assert.Empty(Composer.Missing());
    }

    public static TheoryData<TicketEmailKind> Kinds => [.. Enum.GetValues<TicketEmailKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_ComposesAMessageWithRecipientsSubjectTextAndHtml(TicketEmailKind kind)
    {
        DateTimeOffset t0 = NewYorkTime(2026, 11, 26, 10, 0);
        Ticket ticket = New(t0);
        var email = new OutboxEmail($"{ticket.Id}.{WireNames.Of(kind)}.2", kind, "first-response", null, 0, t0);
        TicketEvent source = TicketEvent.Create(t0, TicketEventKind.AgentReplied, "sam@desk.example", "Agent replied.", body: "Text of the event.");

        EmailMessage message = Composer.Compose(new Application.Email.EmailContext(ticket, email, source, TicketSla.Evaluate(ticket, new SlaPolicy(new SlaPolicyOptions()), t0)[0], SubmissionSamples.Acme, t0));

        Assert.Contains("@", message.To, StringComparison.Ordinal);
        Assert.StartsWith($"[{ticket.Id}] ", message.Subject, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(message.TextBody));
        Assert.Contains("<", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/", message.TextBody, StringComparison.Ordinal);
    }
}
