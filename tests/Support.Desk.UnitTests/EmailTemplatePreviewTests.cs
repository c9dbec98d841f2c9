using Support.Desk.Application;
using Support.Desk.Domain;
using static Support.Desk.UnitTests.TicketSamples;
using Support.Desk.Application.Email;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Email;
using Support.Desk.Settings;
using Support.Desk.Routes;

namespace Support.Desk.UnitTests;

/// <summary>
/// Renders every email the desk sends to files (bin/…/email-previews/*.html and *.txt) from a ticket whose
/// subject, description, requester name and agent text try to inject HTML, and checks each one.
/// </summary>
public class EmailTemplatePreviewTests
{
    const string Hostile = "<script>alert('x')</script>";
    static readonly DateTimeOffset T0 = NewYorkTime(2026, 11, 26, 10, 0);

    public static TheoryData<TicketEmailKind> EveryKind() => [.. Enum.GetValues<TicketEmailKind>()];

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void EveryTemplate_RendersBothPartsWithTicketIdAndEncodedUserText(TicketEmailKind kind)
    {
        Ticket ticket = New(T0) with
        {
            Submission = New(T0).Submission with
            {
                Subject = "Login broken " + Hostile,
                Description = "Started " + Hostile,
                Requester = new Requester("Jane " + Hostile, "jane@acme.example"),
            },
            RegionAdvisory = "Americas status page: Partial System Outage",
        };
        TicketEvent source = TicketEvent.Create(T0, TicketEventKind.AgentReplied, "sam@desk.example", "Email failed " + Hostile, body: "Try again " + Hostile);
        var composer = new TicketEmailComposer(new EscalationOptions(), new NotificationOptions(), new DeskLinks(new SupportCenterOptions()), AccessTokens);
        var email = new OutboxEmail(MessageIds.For(ticket.Id, kind, 7), kind, "first-response", source.Id, 0, T0);
        SlaClockStatus clock = TicketSla.Evaluate(ticket, new SlaPolicy(new SlaPolicyOptions()), T0.AddHours(5))[0];

        EmailMessage message = composer.Compose(new EmailContext(ticket, email, source, clock, SubmissionSamples.Acme, T0.AddHours(5), "Americas: All Systems Operational"));

        string directory = Path.Combine(AppContext.BaseDirectory, "email-previews");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{WireNames.Of(kind)}.html"), $"<h1>{System.Net.WebUtility.HtmlEncode(message.Subject)}</h1>\n{message.HtmlBody}");
        File.WriteAllText(Path.Combine(directory, $"{WireNames.Of(kind)}.txt"), $"Subject: {message.Subject}\nTo: {message.To}\n\n{message.TextBody}");

        Assert.StartsWith($"[{ticket.Id}] ", message.Subject, StringComparison.Ordinal);
        Assert.Equal($"{ticket.Id}.{WireNames.Of(kind)}.7", message.MessageId);
        Assert.True(EmailAddresses.IsValid(message.To));
        Assert.False(string.IsNullOrWhiteSpace(message.TextBody));
        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(ticket.Id, message.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("outage.1")]
    [InlineData("recovery.2")]
    public void RegionalStatusTemplates_RenderBothPartsListingOpenTicketsWithEncodedText(string notice)
    {
        var snapshot = new Support.Desk.Domain.Status.StatusSnapshot(
            Support.Desk.Domain.Status.StatusIndicator.Major, "Partial System Outage", T0, [],
            [new Support.Desk.Domain.Status.StatusIncident("i1", "Login errors " + Hostile, "investigating", "major", T0, null)], []);
        var state = new Support.Desk.Status.RegionState(Region.Us, snapshot, Support.Desk.Status.RegionHealth.Ok, null, null, T0, null, null, true, notice);
        Support.Desk.Application.Ports.OpenTicketEntry[] tickets = [new("SUP-7K3M-9QXD-2F4A", "acme-prod", Severity.Urgent, "Broken " + Hostile, T0)];

        EmailMessage message = Support.Desk.Status.StatusEmails.Notice(state, tickets, new EscalationOptions(), new DeskLinks(new SupportCenterOptions()));

        string directory = Path.Combine(AppContext.BaseDirectory, "email-previews");
        Directory.CreateDirectory(directory);
        string kind = "regional-" + notice.Split('.')[0];
        File.WriteAllText(Path.Combine(directory, $"{kind}.html"), $"<h1>{System.Net.WebUtility.HtmlEncode(message.Subject)}</h1>\n{message.HtmlBody}");
        File.WriteAllText(Path.Combine(directory, $"{kind}.txt"), $"Subject: {message.Subject}\nTo: {message.To}\n\n{message.TextBody}");

        Assert.StartsWith("[Americas] ", message.Subject, StringComparison.Ordinal);
        Assert.Equal($"status-us.{notice}", message.MessageId);
        Assert.Contains("SUP-7K3M-9QXD-2F4A [urgent] acme-prod", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
    }
}
