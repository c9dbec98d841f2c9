using Support.Desk.Application;
using Support.Desk.Domain;

namespace Support.Desk.UnitTests;

public class TicketEmailsTests
{
    static Ticket TicketWith(string subject, string requesterName)
    {
        var (submission, _, _) = SubmissionSamples.Read(SubmissionSamples.Valid());
        submission = submission! with { Subject = subject, Requester = new Requester(requesterName, "jane@acme.example") };
        var deadline = new SlaDeadline(TimeSpan.FromHours(4), Coverage.BusinessHours, SubmissionSamples.Now, SubmissionSamples.Now.AddHours(4));
        return new Ticket("SUP-7K3M-9QXD-2F4A", TicketStatus.Open, SubmissionSamples.Now, SupportPlan.Gold, Region.Us, "America/New_York", deadline, submission, null, "f");
    }

    [Fact]
    public void Confirmation_CarriesTicketIdInSubjectAndDeterministicMessageId()
    {
        EmailMessage message = TicketEmails.Confirmation(TicketWith("Login fails", "Jane"));

        Assert.StartsWith("[SUP-7K3M-9QXD-2F4A]", message.Subject, StringComparison.Ordinal);
        Assert.Equal("SUP-7K3M-9QXD-2F4A.confirmation.1", message.MessageId);
        Assert.Equal("jane@acme.example", message.To);
    }

    [Fact]
    public void Confirmation_StatesTargetDueTimeInCustomerZoneAndWhatToExpect()
    {
        EmailMessage message = TicketEmails.Confirmation(TicketWith("Login fails", "Jane"));

        Assert.Contains("4 hours (business hours)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Thursday 26 November 2026 14:00 (America/New_York)", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("closes only after you do", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Confirmation_HtmlInjectionInSubjectAndName_IsEncoded()
    {
        EmailMessage message = TicketEmails.Confirmation(TicketWith("<script>alert(1)</script>", "<img src=x onerror=alert(2)>"));

        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", message.HtmlBody, StringComparison.Ordinal);
    }
}
