using System.Globalization;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application.Email;
using Support.Desk.Application.Queue;
using Support.Desk.Domain;
using Support.Desk.Domain.Queue;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// <c>/staff</c>: the queue, sorted by time to breach, coloured by risk (and saying it in words), with live countdowns,
/// the API's filters as a form, paging, and a region that refreshes itself. The filters are the API's query
/// parameters, read by the same reader, plus <c>within</c> (minutes) for "breaching within".
/// </summary>
public sealed class StaffQueuePage(PageGate gate, StaffQueue queue, StaffOptions staff, PageOptions pages, TimeProvider clock)
{
    const string RegionId = "queue";
    static readonly int[] WithinChoices = [15, 60, 240, 1440];

    public Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (StaffSession? session, IResult? refused) = await gate.RequireStaffAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }


            // Empty fields of the GET form mean "any"; "within" becomes the API's breachingBefore.
            var query = PageAccess.FilledFields(request.Query, except: "within").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

            int? within = int.TryParse(request.Query["within"], NumberStyles.None, CultureInfo.InvariantCulture, out int minutes) && WithinChoices.Contains(minutes) ? minutes : null;
            if (within is { } m)
            {
                query["breachingBefore"] = clock.GetUtcNow().AddMinutes(m).ToString("o", CultureInfo.InvariantCulture);
            }

            (QueueApi.QueueQuery? read, var errors) = QueueApi.ReadQuery(new QueryCollection(query), session.Caller);
            if (read is null)
            {
                return PageLayout.Error(request, StatusCodes.Status400BadRequest, "validation-error", "The filters are not valid.", FormCommand.Describe(errors));
            }

            QueueResult result = await queue.ListAsync(session.Caller, read.Filter, read.Continuation, read.PageSize, cancellationToken).ConfigureAwait(false);
            if (result is not QueueResult.Listed listed)
            {
                return PageLayout.Error(request, StatusCodes.Status400BadRequest, "validation-error", "This page of the queue is gone.", "Start again from the first page.");
            }

            return PageLayout.Staff(request, "Queue", Render(request, session, listed.Page, within, clock.GetUtcNow()), session, gate.Sessions, "queue");
        });

    Html Render(HttpRequest request, StaffSession session, QueuePage page, int? within, DateTimeOffset now)
    {
        string Selected(string name) => request.Query[name].ToString();
        Html Options<TEnum>(string name, string anyLabel)
            where TEnum : struct, Enum =>
            Html.Of($"""<option value="">{anyLabel}</option>{WireNames.AllOf<TEnum>().Select(v => Option(v, v, Selected(name)))}""");

        (string Value, string Label)[] states = [("", "Open (all)"), ("new", "New (not yet answered)"), ("in-progress", "In progress"), ("waiting-on-customer", "Waiting on customer"), ("resolution-proposed", "Resolution proposed"), ("closed", "Closed")];
        (string Value, string Label)[] assignees = [("", "Anyone"), ("me", "Me"), ("unassigned", "Unassigned"), .. staff.Roster.Select(r => (r.Email, r.Name))];
        string home = DeskLinks.PathOf(SupportDeskRoutes.StaffConsoleTemplate);
        string? next = page.Continuation is null ? null : home + QueryWith(request, "continuation", page.Continuation);
        int refresh = (int)pages.QueueRefresh.TotalSeconds;

        return Html.Of($"""
            <h1>Queue</h1>
            <form method="get" action="{home}" class="panel filters" aria-label="Filter the queue">
              <div><label for="f-state">State</label><select id="f-state" name="state">{states.Select(s => Option(s.Value, s.Label, Selected("state")))}</select></div>
              <div><label for="f-severity">Severity</label><select id="f-severity" name="severity">{Options<Severity>("severity", "Any")}</select></div>
              <div><label for="f-region">Region</label><select id="f-region" name="region">{Options<Region>("region", "Any")}</select></div>
              <div><label for="f-tier">Tier</label><select id="f-tier" name="tier">{Options<SupportTier>("tier", "Any")}</select></div>
              <div><label for="f-assignee">Assignee</label><select id="f-assignee" name="assignee">{assignees.Select(a => Option(a.Value, a.Label, Selected("assignee")))}</select></div>
              <div><label for="f-tenant">Tenant</label><input id="f-tenant" name="tenant" value="{Selected("tenant")}" autocomplete="off"></div>
              <div><label for="f-within">Breaching within</label><select id="f-within" name="within"><option value="">Any time</option>{WithinChoices.Select(w => Option(w.ToString(CultureInfo.InvariantCulture), Within(w), within?.ToString(CultureInfo.InvariantCulture) ?? ""))}</select></div>
              <div class="actions"><button type="submit">Apply</button><a class="button secondary" href="{home}">Reset</a></div>
            </form>
            <div id="{RegionId}" data-refresh="{refresh}">
              <p class="muted" role="status">{page.Rows.Count} ticket(s) on this page, earliest deadline first · updated {now:HH:mm:ss} UTC, refreshes every {refresh} s.</p>
              {(page.Rows.Count == 0 ? Html.Trusted("""<p class="panel">No tickets match.</p>""") : Table(page.Rows, now))}
              <nav class="pager" aria-label="Pages">
                {Html.When(request.Query.ContainsKey("continuation"), Html.Of($"""<a href="{home + QueryWith(request, "continuation", null)}">First page</a>"""))}
                {Html.When(next is not null, Html.Of($"""<a href="{next}" rel="next">Next page</a>"""))}
              </nav>
            </div>
            """);
    }

    static Html Table(IReadOnlyList<QueueRow> rows, DateTimeOffset now) => Html.Of($"""
        <div class="table-wrap">
        <table class="cards">
          <caption class="visually-hidden">Tickets by time to breach</caption>
          <thead><tr><th scope="col">Risk</th><th scope="col">Time to breach</th><th scope="col">Ticket</th><th scope="col">Tenant</th><th scope="col">Severity</th><th scope="col" class="optional">Plan</th><th scope="col">Status</th><th scope="col" class="optional">Assignee</th><th scope="col" class="optional">Region</th><th scope="col" class="optional">Last activity</th></tr></thead>
          <tbody>{rows.Select(r => Row(r, now))}</tbody>
        </table>
        </div>
        """);

    static Html Row(QueueRow row, DateTimeOffset now)
    {
        Ticket t = row.Ticket;
        string risk = row.Clock?.State == SlaClockState.Paused ? "paused" : WireNames.Of(row.Risk);
        string badgeId = "risk-" + t.Id;
        return Html.Of($"""
            <tr class="row-{WireNames.Of(row.Risk)}">
              <td data-label="Risk"><span id="{badgeId}" class="risk risk-{risk}" data-risk="{risk}">{RiskLabel(risk)}</span></td>
              <td data-label="Time to breach">{Countdown(row, badgeId, now)}</td>
              <td data-label="Ticket"><span><a class="ticket-id" href="{DeskLinks.PathOf(SupportDeskRoutes.StaffTicketPageTemplate, ("ticketId", t.Id))}">{t.Id}</a><br>{t.Submission.Subject}</span></td>
              <td data-label="Tenant">{t.Submission.Tenant}</td>
              <td data-label="Severity">{WireNames.Of(t.Severity)}</td>
              <td data-label="Plan" class="optional">{WireNames.Of(t.Plan)} ({WireNames.Of(t.Tier)})</td>
              <td data-label="Status">{WireNames.Of(t.Status)}</td>
              <td data-label="Assignee" class="optional">{t.Assignee ?? "unassigned"}</td>
              <td data-label="Region" class="optional">{WireNames.Of(t.Region)}</td>
              <td data-label="Last activity" class="optional"><time datetime="{row.LastActivityAt:o}">{row.LastActivityAt:yyyy-MM-dd HH:mm} UTC</time></td>
            </tr>
            """);
    }

    /// <summary>A live countdown to the running clock's deadline; a paused clock's time left; nothing when no clock is open.</summary>
    public static Html Countdown(QueueRow row, string badgeId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Clock switch
        {
            { State: SlaClockState.Paused } paused => Html.Of($"""<span class="countdown">paused, {TicketEmailComposer.FormatDuration(paused.Remaining)} left</span>"""),
            { State: SlaClockState.Running, DueAt: { } due } => Html.Of($"""<time class="countdown" datetime="{due:o}" data-due="{due:o}"{Html.When(row.WarningAt is not null, Html.Of($" data-warn=\"{row.WarningAt:o}\""))} data-badge="{badgeId}">{Remaining(due, now)}</time>"""),
            _ => Html.Trusted("""<span class="muted">no clock running</span>"""),
        };
    }

    public static string Remaining(DateTimeOffset due, DateTimeOffset now) =>
        due > now ? "in " + TicketEmailComposer.FormatDuration(due - now) : "breached " + TicketEmailComposer.FormatDuration(now - due) + " ago";

    public static string RiskLabel(string risk) => risk == "at-risk" ? "at risk" : risk;

    static string Within(int minutes) => minutes < 60 ? $"{minutes} minutes" : minutes == 60 ? "1 hour" : minutes < 1440 ? $"{minutes / 60} hours" : "1 day";

    static Html Option(string value, string label, string selected) =>
        Html.Of($"""<option value="{value}"{Html.When(value == selected, Html.Trusted(" selected"))}>{label}</option>""");

    /// <summary>The current query with one parameter replaced (or removed when null).</summary>
    static string QueryWith(HttpRequest request, string name, string? value)
    {
        var builder = new Microsoft.AspNetCore.Http.Extensions.QueryBuilder(request.Query.Where(p => p.Key != name && p.Value.ToString().Length > 0));
        if (value is not null)
        {
            builder.Add(name, value);
        }

        return builder.ToQueryString().Value ?? string.Empty;
    }
}
