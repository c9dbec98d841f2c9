using System.Globalization;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application.Email;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Reports;
using Support.Desk.Domain;
using Support.Desk.Domain.Reports;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// <c>/reports</c>: the signed-in contact's organisation's SLA report for a month of its own calendar (its time zone,
/// named): attainment and response times per severity, and each ticket with every clock's target and outcome. Only
/// the organisation's own facts are read (a row-key range of its tenant), so nothing of another tenant can show.
/// </summary>
public sealed class CustomerReportsPage(PageGate gate, SlaReportQueries reports, ICustomerDirectory directory, IReportSubscriptions subscriptions, TimeProvider clock)
{
    public Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (CustomerSession? session, IResult? refused) = await gate.RequireCustomerAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            string tenant = session.Contact.Tenant;
            DateTimeOffset now = clock.GetUtcNow();
            DateTimeOffset localNow = TimeZoneInfo.ConvertTime(now, directory.Find(tenant)!.TimeZone);
            (int year, int month) = (localNow.Year, localNow.Month);
            string? asked = request.Query["month"].ToString() is { Length: > 0 } m ? m : null;
            if (asked is not null)
            {
                if (!DateTime.TryParseExact(asked, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime parsed) || parsed.Year < 2000
                    || (parsed.Year * 12) + parsed.Month > (localNow.Year * 12) + localNow.Month)
                {
                    return PageLayout.Error(request, StatusCodes.Status400BadRequest, "validation-error", "The month is not valid.", "month: a month up to this one, as yyyy-MM.");
                }

                (year, month) = (parsed.Year, parsed.Month);
            }

            CustomerSlaReport report = (await reports.CustomerAsync(tenant, year, month, cancellationToken).ConfigureAwait(false))!;
            bool subscribed = await subscriptions.FindAsync(tenant, session.Contact.Email, cancellationToken).ConfigureAwait(false) is not null;
            Html main = Html.Of($"""
                {Html.When(request.Query["done"] == "subscribed", Html.Trusted("""<p class="notice ok" role="status">Done: this report comes by email in the first days of each month.</p>"""))}
                {Html.When(request.Query["done"] == "unsubscribed", Html.Trusted("""<p class="notice ok" role="status">Done: no more monthly report emails.</p>"""))}
                {Render(report, localNow)}
                {SubscriptionPanel(session, subscribed, gate.Sessions.CustomerFormToken(session))}
                """);
            return PageLayout.Customer(request, "SLA report", main, active: "reports");
        });

    /// <summary>
    /// The monthly email, for the signed-in contact's own address only (which the sign-in link proved is theirs): subscribe
    /// or stop. Posting the state wanted makes a repeated or raced post harmless.
    /// </summary>
    public Task<IResult> SubscriptionAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (CustomerSession? session, IFormCollection? form, IResult? refused) = await gate.RequireCustomerFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            string path = DeskLinks.PathOf(SupportDeskRoutes.CustomerReportsTemplate);
            switch (form!["monthly"].ToString())
            {
                case "on":
                    await subscriptions.PutAsync(new ReportSubscription(session.Contact.Tenant, session.Contact.Email, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                    return PageLayout.SeeOther(request, path + "?done=subscribed");
                case "off":
                    await subscriptions.RemoveAsync(session.Contact.Tenant, session.Contact.Email, cancellationToken).ConfigureAwait(false);
                    return PageLayout.SeeOther(request, path + "?done=unsubscribed");
                default:
                    return PageLayout.Error(request, StatusCodes.Status400BadRequest, "validation-error", "Say on or off.", "monthly: on (email me this report each month) or off.");
            }
        });

    static Html SubscriptionPanel(CustomerSession session, bool subscribed, string formToken) => Html.Of($"""
        <section class="panel" aria-labelledby="h-monthly">
          <h2 id="h-monthly">Monthly email</h2>
          <p id="monthly-state">{(subscribed
              ? $"{session.Contact.Email} gets this report by email in the first days of each month, for the month before."
              : $"Get this report for the month before at {session.Contact.Email} in the first days of each month.")}</p>
          <form method="post" action="{DeskLinks.PathOf(SupportDeskRoutes.CustomerReportSubscriptionTemplate)}">
            <input type="hidden" name="{PageSessions.FormField}" value="{formToken}">
            <input type="hidden" name="monthly" value="{(subscribed ? "off" : "on")}">
            <div class="actions"><button type="submit" class="secondary">{(subscribed ? "Stop the monthly email" : "Email me this report each month")}</button></div>
          </form>
        </section>
        """);

    static Html Render(CustomerSlaReport report, DateTimeOffset localNow)
    {
        var first = new DateTime(report.Year, report.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        string title = first.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        string path = DeskLinks.PathOf(SupportDeskRoutes.CustomerReportsTemplate);
        DateTime previous = first.AddMonths(-1);
        DateTime next = first.AddMonths(1);
        bool hasNext = (next.Year * 12) + next.Month <= (localNow.Year * 12) + localNow.Month;
        TimeZoneInfo zone = report.Zone;
        AttainmentRow[] bars = [.. report.BySeverity.Where(s => s.Met + s.Missed + s.Running > 0)
            .Select(s => new AttainmentRow(ReportDimension.Severity, WireNames.Of(s.Severity), s.Met, s.Missed, s.Running))];
        return Html.Of($"""
            <h1>SLA report: {title}</h1>
            <p>Every response clock of {report.Tenant}'s tickets that started in {title}, in your time zone ({zone.Id}): from {LocalTimes.Format(report.From, zone)} to {LocalTimes.Format(report.To, zone)}, as it stands at {LocalTimes.Format(report.AsOf, zone)}. A clock is met when we answered before its deadline; response times count the hours your plan covers, as the targets do.</p>
            <nav class="pager" aria-label="Months">
              <a href="{path}?month={previous:yyyy-MM}">{previous.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}</a>
              {Html.When(hasNext, Html.Of($"""<a href="{path}?month={next:yyyy-MM}">{next.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}</a>"""))}
            </nav>
            <section class="panel" aria-labelledby="h-severity">
              <h2 id="h-severity">By severity</h2>
              {(bars.Length == 0 ? Html.Trusted("<p>No response clock started this month.</p>") : SvgCharts.AttainmentBars("chart-customer", "Clocks met by severity", bars))}
              <div class="table-wrap"><table class="cards">
                <thead><tr><th scope="col">Severity</th><th scope="col">Target</th><th scope="col">Met</th><th scope="col">Missed</th><th scope="col">Still running</th><th scope="col">Attainment</th><th scope="col">Median response</th><th scope="col">90th percentile</th></tr></thead>
                <tbody>{report.BySeverity.Select(s => Html.Of($"""<tr><th scope="row" data-label="Severity">{WireNames.Of(s.Severity)}</th><td data-label="Target">{TicketEmailComposer.FormatDuration(s.Target)}</td><td data-label="Met">{s.Met}</td><td data-label="Missed">{s.Missed}</td><td data-label="Still running">{s.Running}</td><td data-label="Attainment">{SvgCharts.Percent(s.Attainment)}</td><td data-label="Median response">{(s.MedianResponse is { } med ? TicketEmailComposer.FormatDuration(med) : "-")}</td><td data-label="90th percentile">{(s.P90Response is { } p90 ? TicketEmailComposer.FormatDuration(p90) : "-")}</td></tr>"""))}</tbody>
              </table></div>
            </section>
            <section aria-labelledby="h-report-tickets">
              <h2 id="h-report-tickets">Tickets ({report.Tickets.Count})</h2>
              {(report.Tickets.Count == 0 ? Html.Trusted("<p>No tickets this month.</p>") : Tickets(report, zone))}
            </section>
            """);
    }

    static Html Tickets(CustomerSlaReport report, TimeZoneInfo zone) => Html.Of($"""
        <div class="table-wrap"><table class="cards">
          <thead><tr><th scope="col">Ticket</th><th scope="col">Severity</th><th scope="col">Opened</th><th scope="col">Clock</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">Response time</th></tr></thead>
          <tbody>{report.Tickets.SelectMany(t => t.Clocks.Count == 0 ? [Row(t, null, zone)] : t.Clocks.Select(c => Row(t, c, zone)))}</tbody>
        </table></div>
        """);

    static Html Row(CustomerReportTicket row, ClockFact? clock, TimeZoneInfo zone)
    {
        TicketFact t = row.Ticket;
        return Html.Of($"""
            <tr>
              <td data-label="Ticket"><span><a class="ticket-id" href="{DeskLinks.PathOf(SupportDeskRoutes.CustomerTicketPageTemplate, ("ticketId", t.TicketId))}">{t.TicketId}</a><br>{t.Subject}</span></td>
              <td data-label="Severity">{WireNames.Of(clock?.Severity ?? t.Severity)}</td>
              <td data-label="Opened"><time datetime="{t.CreatedAt:o}">{LocalTimes.Format(t.CreatedAt, zone)}</time></td>
              <td data-label="Clock">{(clock is null ? "none this month" : ClockName(clock.Kind))}</td>
              <td data-label="Target">{(clock is null ? "-" : TicketEmailComposer.FormatDuration(clock.Target))}</td>
              <td data-label="Outcome">{(clock is null ? "-" : Outcome(clock, zone))}</td>
              <td data-label="Response time">{(clock?.ResponseTime is { } r ? TicketEmailComposer.FormatDuration(r) : "-")}</td>
            </tr>
            """);
    }

    static string ClockName(SlaClockKind kind) => kind switch
    {
        SlaClockKind.FirstResponse => "first response",
        SlaClockKind.NextResponse => "next response",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Every clock kind has a name."),
    };

    static string Outcome(ClockFact clock, TimeZoneInfo zone) => clock.Outcome switch
    {
        SlaOutcome.Met => "met, answered " + LocalTimes.Format(clock.AnsweredAt!.Value, zone),
        SlaOutcome.Missed when clock.AnsweredAt is { } answered => "missed, answered " + LocalTimes.Format(answered, zone) + " (due " + LocalTimes.Format(clock.DueAt!.Value, zone) + ")",
        SlaOutcome.Missed => "missed, not answered yet (due " + LocalTimes.Format(clock.DueAt!.Value, zone) + ")",
        SlaOutcome.Running => clock.DueAt is { } due ? "running, due " + LocalTimes.Format(due, zone) : "running",
        SlaOutcome.Paused => "paused while we wait for your answer",
        _ => throw new ArgumentOutOfRangeException(nameof(clock), clock.Outcome, "Every outcome has words."),
    };
}
