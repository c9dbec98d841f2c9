using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Support.Desk.Application.Email;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Reports;
using Support.Desk.Domain.Status;
using Support.Desk.Routes;

namespace Support.Desk.Application.SupportCenter;

/// <summary>
/// The Support Center's own emails: a sign-in link, a subscription's confirmation, and a region's status change to a
/// subscriber (with one-click unsubscribe: <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c>, RFC 8058). Each
/// message ID is fixed by what it is about, so the send ledger delivers each at most once.
/// </summary>
public sealed class SupportCenterEmails(DeskLinks links, SignedTokens tokens, ICustomerDirectory customers)
{
    public EmailMessage SignInLink(CustomerContact contact, string token, string linkId, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(contact);
        Uri link = links.SignInLink(token);
        var doc = new EmailDocument()
            .Paragraph($"Someone, hopefully you, asked to sign in to the Support Center as {contact.Email}.")
            .Link("Sign in to the Support Center", link.ToString())
            .Paragraph($"The link works once, until {LocalTimes.Format(expiresAt, this.ZoneOf(contact.Tenant))}. If you did not ask for it, ignore this email: nobody can sign in without it.");
        return new EmailMessage("signin." + linkId, contact.Email, [], "Your Support Center sign-in link", doc.Text(), doc.Html());
    }

    public EmailMessage SubscriptionConfirmation(StatusSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        string name = Regions.DisplayName(subscription.Region);
        string token = tokens.Issue(TokenPurpose.SubscriptionConfirmation, subscription.RequestedAt.AddDays(7), subscription.Email, WireNames.Of(subscription.Region));
        var doc = new EmailDocument()
            .Paragraph($"Please confirm that {subscription.Email} should get an email whenever the {name} status page reports an incident or a major disruption.")
            .Link("Confirm the subscription", links.SubscriptionConfirmation(token).ToString())
            .Paragraph("If you did not ask for this, ignore this email and nothing will be sent.");
        return new EmailMessage($"status-confirm.{WireNames.Of(subscription.Region)}.{AddressId(subscription.Email)}.{subscription.RequestedAt.UtcTicks}",
            subscription.Email, [], $"Confirm your {name} status subscription", doc.Text(), doc.Html());
    }

    /// <summary>
    /// A month's SLA report to one subscribed contact. Its ID names the tenant, the month and the address, so however
    /// often the monthly run comes round, the send ledger delivers it once.
    /// </summary>
    public EmailMessage MonthlyReport(ReportSubscription subscription, CustomerSlaReport report)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(report);
        string month = new DateTime(report.Year, report.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        int met = report.BySeverity.Sum(s => s.Met), missed = report.BySeverity.Sum(s => s.Missed), running = report.BySeverity.Sum(s => s.Running);
        string[] bySeverity =
        [
            .. report.BySeverity.Where(s => s.Met + s.Missed + s.Running > 0).Select(s =>
                string.Create(CultureInfo.InvariantCulture, $"{WireNames.Of(s.Severity)} (target {TicketEmailComposer.FormatDuration(s.Target)}): {s.Met} met, {s.Missed} missed, {s.Running} still running")
                + (s.Attainment is { } a ? string.Create(CultureInfo.InvariantCulture, $"; {a * 100:0.0} % met") : string.Empty)
                + (s.MedianResponse is { } median ? "; median response " + TicketEmailComposer.FormatDuration(median) : string.Empty)),
        ];
        var doc = new EmailDocument()
            .Paragraph($"Your SLA report for {month} ({report.Tenant}, times in {report.Zone.Id}): {report.Tickets.Count} ticket(s); of the response clocks that started in the month, {met} met, {missed} missed and {running} still running.")
            .Bullets(bySeverity.Length == 0 ? ["No response clock started in the month."] : bySeverity)
            .Link("Open the full report, ticket by ticket", links.CustomerReport(report.Year, report.Month).ToString())
            .Paragraph("You get this email because you asked for it in the Support Center; stop it on the report's page.");
        return new EmailMessage(
            string.Create(CultureInfo.InvariantCulture, $"sla-report.{report.Tenant}.{report.Year:D4}-{report.Month:D2}.{AddressId(subscription.Email)}"),
            subscription.Email, [], $"SLA report for {month}: {report.Tenant}", doc.Text(), doc.Html());
    }

    /// <summary>One change of a region's status to one subscriber; <paramref name="changeId"/> names the change, so a repeat is the same message.</summary>
    public EmailMessage StatusChange(StatusSubscription subscription, string changeId, DateTimeOffset at, IReadOnlyList<string> changes, StatusSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(snapshot);
        string name = Regions.DisplayName(subscription.Region);
        Uri unsubscribe = links.Unsubscribe(tokens.Issue(TokenPurpose.Unsubscribe, null, subscription.Email, WireNames.Of(subscription.Region)));
        var doc = new EmailDocument()
            .Paragraph($"The {name} status page changed at {LocalTimes.Format(at, this.ZoneOf(subscription.Tenant))}:")
            .Bullets([.. changes])
            .Paragraph("Now: " + snapshot.Summary())
            .Paragraph("If this affects you, open a ticket in the Support Center; tickets of the region are noted automatically.")
            .Link("Support Center", links.SupportCenter().ToString())
            .Link("Unsubscribe from these emails", unsubscribe.ToString());
        string subject = $"[{name} status] {(snapshot.IsOutage ? WireNames.Of(snapshot.Indicator) + " disruption: " : string.Empty)}{changes[0]}";
        return new EmailMessage($"status-sub.{changeId}.{AddressId(subscription.Email)}", subscription.Email, [], subject.Length > 200 ? subject[..200] : subject, doc.Text(), doc.Html())
        {
            Headers = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["List-Unsubscribe"] = $"<{unsubscribe}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            },
        };
    }

    /// <summary>An address as a short stable ID (message IDs and table keys hold no addresses).</summary>
    public static string AddressId(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())))[..24];
    }

    /// <summary>Times in emails are in the organisation's own zone, named; UTC for a tenant the directory no longer lists.</summary>
    TimeZoneInfo ZoneOf(string tenant) => customers.Find(tenant)?.TimeZone ?? TimeZoneInfo.Utc;
}
