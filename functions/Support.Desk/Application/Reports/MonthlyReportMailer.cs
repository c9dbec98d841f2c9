using Microsoft.Extensions.Logging;
using Support.Desk.Application.Ports;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Domain;
using Support.Desk.Domain.Reports;

namespace Support.Desk.Application.Reports;

/// <summary>
/// Emails each subscribed contact their organisation's SLA report for the month that just ended in its time zone (the
/// <c>SendMonthlyReports</c> schedule, hourly). Each message's ID names tenant, month and address, and goes through the
/// send ledger, so it is delivered once however many runs (or instances) come round; a send that failed is tried
/// again by the next run within the first <see cref="SendingDays"/> days of the month. A contact the directory no longer
/// lists for the tenant gets nothing.
/// </summary>
public sealed partial class MonthlyReportMailer(
    IReportSubscriptions subscriptions,
    ICustomerDirectory customers,
    SlaReportQueries reports,
    SupportCenterEmails emails,
    IEmailSender email,
    TimeProvider clock,
    ILogger<MonthlyReportMailer> logger)
{
    /// <summary>The first days of a month, in the tenant's zone, in which last month's report goes out.</summary>
    public const int SendingDays = 3;

    /// <summary>Sends what is due; how many emails were handed to the provider now (not those sent before).</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        int sent = 0;
        var byTenant = new Dictionary<string, CustomerSlaReport?>(StringComparer.Ordinal);
        foreach (ReportSubscription subscription in await subscriptions.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (customers.Find(subscription.Tenant) is not { } customer || customers.FindContact(subscription.Email)?.Tenant != subscription.Tenant)
            {
                continue;
            }

            DateTimeOffset local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), customer.TimeZone);
            if (local.Day > SendingDays)
            {
                continue;
            }

            if (!byTenant.TryGetValue(subscription.Tenant, out CustomerSlaReport? report))
            {
                DateTime previous = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(-1);
                report = await reports.CustomerAsync(subscription.Tenant, previous.Year, previous.Month, cancellationToken).ConfigureAwait(false);
                byTenant[subscription.Tenant] = report;
            }

            if (report is null)
            {
                continue;
            }

            try
            {
                if (await email.SendAsync(emails.MonthlyReport(subscription, report), cancellationToken).ConfigureAwait(false) == EmailSendOutcome.Sent)
                {
                    sent++;
                }
            }
            catch (EmailDeliveryException ex)
            {
                // The next run tries again (its ledger entry says it was not sent); one address must not stop the others.
                LogSendFailed(logger, ex, subscription.Tenant);
            }
        }

        return sent;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The monthly SLA report to a contact of {Tenant} was not sent; the next run tries again.")]
    private static partial void LogSendFailed(ILogger logger, Exception error, string tenant);
}
