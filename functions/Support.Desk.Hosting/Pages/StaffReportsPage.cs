using System.Globalization;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application.Email;
using Support.Desk.Application.Reports;
using Support.Desk.Domain;
using Support.Desk.Domain.Reports;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// <c>/staff/reports</c>: SLA attainment for a period of UTC days (met, missed, still running) by plan, tier, severity,
/// tenant and region, response times against their targets, breaches by incident, the open backlog, and each missed
/// clock with its ticket. Charts are server-drawn SVG with their numbers in tables beside them; every table downloads
/// as CSV (the same query with <c>format=csv</c>, read by the API's reader).
/// </summary>
public sealed class StaffReportsPage(PageGate gate, SlaReportQueries reports, TimeProvider clock)
{
    /// <summary>Missed clocks listed on the page; the CSV has them all.</summary>
    const int MissedShown = 200;

    public Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (StaffSession? session, IResult? refused) = await gate.RequireStaffAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            DateTimeOffset now = clock.GetUtcNow();
            (ReportApi.ReportQuery? read, ValidationErrors errors) = ReportApi.Read(PageAccess.FilledFields(request.Query), now);
            if (read is null)
            {
                return PageLayout.Error(request, StatusCodes.Status400BadRequest, "validation-error", "The period is not valid.", FormCommand.Describe(errors));
            }

            StaffSlaReport report = await reports.StaffAsync(read.Period.From, read.Period.To, cancellationToken).ConfigureAwait(false);
            if (read.CsvTable is { } table)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"sla-{WireNames.Of(table)}-{ReportDays.DayKey(read.Period.From)}-to-{ReportDays.DayKey(read.Period.To.AddDays(-1))}.csv");
                request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
                return Results.Text(SlaReportCsv.Render(report, table), "text/csv; charset=utf-8");
            }

            return PageLayout.Staff(request, "SLA reports", Render(report, now), session, gate.Sessions, "reports");
        });

    static Html Render(StaffSlaReport report, DateTimeOffset now)
    {
        string from = ReportDays.DayKey(report.From);
        string to = ReportDays.DayKey(report.To.AddDays(-1));
        DateOnly today = ReportDays.DayOf(now);
        string path = DeskLinks.PathOf(SupportDeskRoutes.StaffReportsPageTemplate);
        string Csv(SlaReportCsv.Table table) => $"{path}?from={from}&to={to}&format=csv&table={WireNames.Of(table)}";
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        (string Label, DateOnly From, DateOnly To)[] presets =
        [
            ("Last 30 days", today.AddDays(-29), today),
            ("This month", thisMonth, today),
            ("Last month", thisMonth.AddMonths(-1), thisMonth.AddDays(-1)),
            ("Last 12 months", today.AddDays(-364), today),
        ];
        AttainmentRow[] bySeverity = [.. report.Attainment.Where(r => r.Dimension == ReportDimension.Severity)];
        return Html.Of($"""
            <h1>SLA reports</h1>
            <form class="panel report-period" method="get" action="{path}">
              <div><label for="from">First day (UTC)</label><input id="from" name="from" type="date" value="{from}" required></div>
              <div><label for="to">Last day (UTC)</label><input id="to" name="to" type="date" value="{to}" required></div>
              <button type="submit">Show</button>
              <p class="muted">Or: {Html.Join(presets.Select((p, i) => Html.Of($"""{Html.When(i > 0, Html.Trusted(" · "))}<a href="{path}?from={ReportDays.DayKey(p.From)}&to={ReportDays.DayKey(p.To)}">{p.Label}</a>""")))}</p>
            </form>
            <p>Clocks that started from {from} to {to} (UTC days), as they stand at <time datetime="{report.AsOf:o}">{report.AsOf:yyyy-MM-dd HH:mm} UTC</time>. A clock is met when answered before its deadline and missed when its deadline passed first; response times are covered time (business hours where the plan says so), as the targets are.</p>
            <section class="panel" aria-labelledby="h-total">
              <h2 id="h-total">Attainment</h2>
              <div class="report-figures">
                <p><strong>{SvgCharts.Percent(report.Total.Attainment)}</strong><br>met</p>
                <p><strong>{report.Total.Met}</strong><br>clocks met</p>
                <p><strong>{report.Total.Missed}</strong><br>clocks missed</p>
                <p><strong>{report.Total.Running}</strong><br>still running</p>
              </div>
              {Html.When(bySeverity.Length > 0, SvgCharts.AttainmentBars("chart-severity", "Attainment by severity", bySeverity))}
            </section>
            {Html.Join(Enum.GetValues<ReportDimension>().Select(d => AttainmentTable(d, [.. report.Attainment.Where(r => r.Dimension == d)])))}
            <p><a href="{Csv(SlaReportCsv.Table.Attainment)}" download>Attainment as CSV</a></p>
            <section aria-labelledby="h-responses">
              <h2 id="h-responses">Response times</h2>
              {(report.Responses.Count == 0 ? Html.Trusted("<p>No clock that started in the period was answered yet.</p>") : ResponseTable(report.Responses))}
              <p><a href="{Csv(SlaReportCsv.Table.Responses)}" download>Response times as CSV</a></p>
            </section>
            <section aria-labelledby="h-incidents">
              <h2 id="h-incidents">Missed clocks by incident</h2>
              {(report.BreachesByIncident.Count == 0 ? Html.Trusted("<p>No clock missed.</p>") : IncidentTable(report.BreachesByIncident))}
              <p><a href="{Csv(SlaReportCsv.Table.Incidents)}" download>By incident as CSV</a></p>
            </section>
            <section aria-labelledby="h-backlog">
              <h2 id="h-backlog">Open backlog</h2>
              {SvgCharts.BacklogLine("chart-backlog", "Open tickets at the end of each day", report.Backlog)}
              <details><summary>Open tickets by day</summary>{BacklogTable(report.Backlog)}</details>
              <p><a href="{Csv(SlaReportCsv.Table.Backlog)}" download>Backlog as CSV</a></p>
            </section>
            <section aria-labelledby="h-missed">
              <h2 id="h-missed">Missed clocks ({report.Missed.Count})</h2>
              {(report.Missed.Count == 0 ? Html.Trusted("<p>None.</p>") : MissedTable(report.Missed, now))}
              {Html.When(report.Missed.Count > MissedShown, Html.Of($"<p>The first {MissedShown} by deadline; the CSV has all {report.Missed.Count}.</p>"))}
              <p><a href="{Csv(SlaReportCsv.Table.Missed)}" download>Missed clocks as CSV</a></p>
            </section>
            """);
    }

    static Html AttainmentTable(ReportDimension dimension, AttainmentRow[] rows)
    {
        string id = "h-by-" + WireNames.Of(dimension);
        return Html.Of($"""
            <section aria-labelledby="{id}">
              <h2 id="{id}">By {WireNames.Of(dimension)}</h2>
              {(rows.Length == 0 ? Html.Trusted("<p>No clocks in the period.</p>") : Html.Of($"""
              <div class="table-wrap" tabindex="0" role="region" aria-labelledby="{id}"><table>
                <thead><tr><th scope="col">{WireNames.Of(dimension)}</th><th scope="col">Met</th><th scope="col">Missed</th><th scope="col">Still running</th><th scope="col">Attainment</th></tr></thead>
                <tbody>{rows.Select(r => Html.Of($"""<tr><th scope="row">{r.Value}</th><td>{r.Met}</td><td>{r.Missed}</td><td>{r.Running}</td><td>{SvgCharts.Percent(r.Attainment)}</td></tr>"""))}</tbody>
              </table></div>
              """))}
            </section>
            """);
    }

    static Html ResponseTable(IReadOnlyList<ResponseRow> rows) => Html.Of($"""
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-responses"><table>
          <thead><tr><th scope="col">Clock</th><th scope="col">Tier</th><th scope="col">Severity</th><th scope="col">Target</th><th scope="col">Answered</th><th scope="col">Median</th><th scope="col">90th percentile</th><th scope="col">Within target</th></tr></thead>
          <tbody>{rows.Select(r => Html.Of($"""<tr><th scope="row">{WireNames.Of(r.Kind)}</th><td>{WireNames.Of(r.Tier)}</td><td>{WireNames.Of(r.Severity)}</td><td>{TicketEmailComposer.FormatDuration(r.Target)}</td><td>{r.Answered}</td><td>{TicketEmailComposer.FormatDuration(r.Median)}</td><td>{TicketEmailComposer.FormatDuration(r.P90)}</td><td>{r.WithinTarget} of {r.Answered}</td></tr>"""))}</tbody>
        </table></div>
        """);

    static Html IncidentTable(IReadOnlyList<IncidentBreaches> rows) => Html.Of($"""
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-incidents"><table>
          <thead><tr><th scope="col">Incident</th><th scope="col">Missed clocks</th></tr></thead>
          <tbody>{rows.Select(r => Html.Of($"""<tr><th scope="row">{(r.Incident is { } id ? Html.Of($"""<a href="{DeskLinks.PathOf(SupportDeskRoutes.StaffIncidentPageTemplate, ("incidentId", id))}">{id}</a>""") : Html.Trusted("none"))}</th><td>{r.Missed}</td></tr>"""))}</tbody>
        </table></div>
        """);

    static Html BacklogTable(IReadOnlyList<BacklogPoint> rows) => Html.Of($"""
        <div class="table-wrap" tabindex="0" role="region" aria-label="Open tickets by day"><table>
          <thead><tr><th scope="col">Day (UTC)</th><th scope="col">Open at its end</th></tr></thead>
          <tbody>{rows.Select(r => Html.Of($"""<tr><th scope="row">{ReportDays.DayKey(r.Day)}</th><td>{r.Open}</td></tr>"""))}</tbody>
        </table></div>
        """);

    static Html MissedTable(IReadOnlyList<MissedClock> rows, DateTimeOffset now) => Html.Of($"""
        <div class="table-wrap"><table class="cards">
          <thead><tr><th scope="col">Ticket</th><th scope="col">Tenant</th><th scope="col">Severity</th><th scope="col">Clock</th><th scope="col">Deadline</th><th scope="col">Late by</th><th scope="col" class="optional">Incident</th></tr></thead>
          <tbody>{rows.Take(MissedShown).Select(m => Html.Of($"""
            <tr>
              <td data-label="Ticket"><a class="ticket-id" href="{DeskLinks.PathOf(SupportDeskRoutes.StaffTicketPageTemplate, ("ticketId", m.TicketId))}">{m.TicketId}</a></td>
              <td data-label="Tenant">{m.Tenant}</td>
              <td data-label="Severity">{WireNames.Of(m.Severity)} ({WireNames.Of(m.Plan)})</td>
              <td data-label="Clock">{WireNames.Of(m.Kind)}</td>
              <td data-label="Deadline"><time datetime="{m.DueAt:o}">{m.DueAt:yyyy-MM-dd HH:mm} UTC</time></td>
              <td data-label="Late by">{TicketEmailComposer.FormatDuration((m.AnsweredAt ?? now) - m.DueAt)}{Html.When(m.AnsweredAt is null, Html.Trusted(" (not answered yet)"))}</td>
              <td data-label="Incident" class="optional">{m.Incident ?? "none"}</td>
            </tr>
            """))}</tbody>
        </table></div>
        """);
}
