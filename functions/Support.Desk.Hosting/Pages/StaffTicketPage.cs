using System.Globalization;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Application.Email;
using Support.Desk.Domain;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// <c>/staff/tickets/{id}</c>: every field, every clock with its live countdown or paused state, the attachments,
/// the timeline, and the forms staff work the ticket with. Each form posts to <c>/staff/tickets/{id}/{action}</c>
/// (<see cref="StaffTicketActions"/>), which answers with a redirect back (303), or this page again with the problem
/// beside the form.
/// </summary>
public sealed class StaffTicketPage(PageGate gate, TicketQueries queries, StaffOptions staff, TimeProvider clock)
{
    /// <summary>What a form failed with, to show beside it with what was typed.</summary>
    internal sealed record FormProblem(string Action, string Message, IFormCollection Form);

    public Task<IResult> GetAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (StaffSession? session, IResult? refused) = await gate.RequireStaffAsync(request, cancellationToken).ConfigureAwait(false);
            return session is null ? refused! : await RenderAsync(request, session, ticketId, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
        });

    internal static IResult NotFound(HttpRequest request) =>
        PageLayout.Error(request, StatusCodes.Status404NotFound, "ticket-not-found", "Ticket not found.", "There is no ticket with this ID.");

    internal async Task<IResult> RenderAsync(HttpRequest request, StaffSession session, string ticketId, FormProblem? problem, int status, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(session.Caller, ticketId, cancellationToken).ConfigureAwait(false) is not TicketLookup.Found found)
        {
            return NotFound(request);
        }

        TicketView view = found.View;
        Ticket t = view.Ticket;
        TicketSubmission s = t.Submission;
        DateTimeOffset now = clock.GetUtcNow();
        string token = gate.Sessions.FormToken(session);
        string done = request.Query["done"].ToString();
        Html main = Html.Of($"""
            <p><a href="{DeskLinks.PathOf(SupportDeskRoutes.StaffConsoleTemplate)}">← Queue</a></p>
            <h1>{t.Id}: {s.Subject}</h1>
            {Html.When(problem is null && StaffTicketActions.All.ContainsKey(done), Html.Of($"""<p class="notice ok" role="status">{StaffTicketActions.All.GetValueOrDefault(done)?.Done}</p>"""))}
            {Html.When(problem is not null, Html.Of($"""<p class="notice error" role="alert">Not saved: {problem?.Message}</p>"""))}
            <div class="grid2">
              <section class="panel" aria-labelledby="h-summary">
                <h2 id="h-summary">Summary</h2>
                <dl class="facts">
                  <dt>Status</dt><dd>{WireNames.Of(t.Status)}</dd>
                  <dt>Severity</dt><dd>{WireNames.Of(t.Severity)}: {Severities.DefinitionOf(t.Severity)}{Html.When(t.Severity != s.Severity, Html.Of($" (submitted as {WireNames.Of(s.Severity)})"))}</dd>
                  <dt>Plan</dt><dd>{WireNames.Of(t.Plan)} ({WireNames.Of(t.Tier)} enterprise support)</dd>
                  <dt>Tenant</dt><dd>{s.Tenant}</dd>
                  <dt>Region</dt><dd>{WireNames.Of(t.Region)} · {t.TimeZoneId}</dd>
                  <dt>Assignee</dt><dd>{t.Assignee ?? "unassigned"}</dd>
                  <dt>Requester</dt><dd>{s.Requester.Name} &lt;{s.Requester.Email}&gt;</dd>
                  <dt>Submitted</dt><dd><time datetime="{t.CreatedAt:o}">{t.CreatedAt:yyyy-MM-dd HH:mm} UTC</time></dd>
                  <dt>Regional status</dt><dd>{t.RegionAdvisory ?? "no disruption reported at submission"}</dd>
                  <dt>Incident</dt><dd>{(t.Incident is { } link
                      ? Html.Of($"""<a href="{DeskLinks.PathOf(SupportDeskRoutes.StaffIncidentPageTemplate, ("incidentId", link.IncidentId))}">{link.IncidentId}</a> (its updates reach this ticket; its SLA notices go out in the incident's digests)""")
                      : Html.Trusted("none"))}</dd>
                  <dt>Next notice</dt><dd>{(view.NextNoticeAt is { } n ? n.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "none scheduled")}</dd>
                </dl>
              </section>
              <section class="panel" aria-labelledby="h-clocks">
                <h2 id="h-clocks">SLA clocks</h2>
                {Clocks(view, now)}
              </section>
            </div>
            {Html.When(t.Status != TicketStatus.Closed, Actions(request, t, token, problem))}
            <section aria-labelledby="h-details">
              <h2 id="h-details">What the customer told us</h2>
              <div class="panel">
                <p class="body">{s.Description}</p>
                <dl class="facts">
                  <dt>Applications</dt><dd>{string.Join(", ", s.Applications)}</dd>
                  <dt>Connections</dt><dd>{string.Join(", ", s.Connections)}</dd>
                  <dt>Login stage</dt><dd>{WireNames.Of(s.LoginStage)}</dd>
                  <dt>Started</dt><dd>{s.StartedAt:yyyy-MM-dd HH:mm} UTC</dd>
                  <dt>Users affected</dt><dd>{WireNames.Of(s.AffectedUsers)}</dd>
                  <dt>Frequency</dt><dd>{WireNames.Of(s.Frequency)}</dd>
                  <dt>Browsers</dt><dd>{WireNames.Of(s.Browsers)}{Html.When(s.Browser is not null, Html.Of($" ({s.Browser})"))}</dd>
                  {Html.When(s.Appliance is not null, Html.Of($"<dt>Appliance</dt><dd>version {s.Appliance?.Version}; node {s.Appliance?.NodeStatus}; health check {s.Appliance?.HealthCheckStatus}</dd>"))}
                  {Html.When(s.Precheck is { Count: > 0 }, Html.Of($"""<dt>Checked before logging</dt><dd><ul class="prechecks">{(s.Precheck ?? []).Select(p => Html.Of($"<li>{Prechecks.Find(p.Key)?.Question ?? p.Key}: <strong>{PrecheckWords(p.Answer)}</strong></li>"))}</ul></dd>"""))}
                </dl>
              </div>
            </section>
            {Attachments(t.Id, view.Timeline)}
            <section aria-labelledby="h-timeline">
              <h2 id="h-timeline">Timeline (newest first)</h2>
              <ol class="timeline" reversed>{view.Timeline.Reverse().Select(Entry)}</ol>
            </section>
            """);
        return PageLayout.Staff(request, t.Id, main, session, gate.Sessions, "queue", status);
    }

    static Html Clocks(TicketView view, DateTimeOffset now)
    {
        if (view.Clocks.Count == 0)
        {
            return Html.Trusted("""<p class="muted">No clocks.</p>""");
        }

        return Html.Of($"""
            <div class="table-wrap"><table>
              <thead><tr><th scope="col">Clock</th><th scope="col">State</th><th scope="col">Target</th><th scope="col">Time to breach</th></tr></thead>
              <tbody>{view.Clocks.Select(c => Html.Of($"""
                <tr>
                  <td>{WireNames.Of(c.Clock.Kind)}<br><span class="muted">started {c.Clock.StartedAt:yyyy-MM-dd HH:mm} UTC</span></td>
                  <td>{WireNames.Of(c.State)}{Html.When(c.Breached, Html.Trusted(""" <span class="risk risk-breached">breached</span>"""))}{Html.When(c.Clock.Pauses.Count > 0, Html.Of($"<br><span class=\"muted\">paused {c.Clock.Pauses.Count} time(s)</span>"))}</td>
                  <td>{TicketEmailComposer.FormatDuration(c.Terms.Target)} ({WireNames.Of(c.Terms.Coverage)})</td>
                  <td>{ClockCountdown(c, now)}</td>
                </tr>
                """))}</tbody>
            </table></div>
            """);
    }

    static Html ClockCountdown(SlaClockStatus clock, DateTimeOffset now) => clock.State switch
    {
        SlaClockState.Running when clock.DueAt is { } due => Html.Of($"""<time class="countdown" datetime="{due:o}" data-due="{due:o}">{StaffQueuePage.Remaining(due, now)}</time>"""),
        SlaClockState.Paused => Html.Of($"""<span class="countdown">paused, {TicketEmailComposer.FormatDuration(clock.Remaining)} left</span>"""),
        SlaClockState.Met => Html.Of($"met at {clock.Clock.SatisfiedAt:yyyy-MM-dd HH:mm} UTC"),
        _ => Html.Of($"missed; answered {clock.Clock.SatisfiedAt:yyyy-MM-dd HH:mm} UTC"),
    };

    Html Actions(HttpRequest request, Ticket t, string token, FormProblem? problem)
    {
        string Action(string name) => DeskLinks.PathOf(SupportDeskRoutes.StaffTicketActionTemplate, ("ticketId", t.Id), ("action", name));
        string Typed(string field, params string[] actions) => problem is not null && actions.Contains(problem.Action) ? problem.Form[field].ToString() : string.Empty;
        Html Error(params string[] actions) => Html.When(problem is not null && actions.Contains(problem.Action),
            Html.Of($"""<p class="field-error" id="error-{actions[0]}">{problem?.Message}</p>"""));
        Html Described(params string[] actions) => Html.When(problem is not null && actions.Contains(problem.Action), Html.Of($""" aria-describedby="error-{actions[0]}" aria-invalid="true" """));
        Html Csrf() => Html.Of($"""<input type="hidden" name="{PageSessions.FormField}" value="{token}">""");
        bool canRespond = t.Status is TicketStatus.Open or TicketStatus.InProgress or TicketStatus.WaitingOnCustomer;

        return Html.Of($"""
            <section aria-labelledby="h-work">
              <h2 id="h-work">Work the ticket</h2>
              <div class="grid2">
                {Html.When(canRespond, Html.Of($"""
                <form method="post" action="{Action("reply")}" class="panel">
                  {Csrf()}
                  <label for="respond-body">Reply to the customer</label>
                  <textarea id="respond-body" name="body" required maxlength="20000"{Described("reply", "request-info")}>{Typed("body", "reply", "request-info")}</textarea>
                  {Error("reply", "request-info")}
                  <div class="actions">
                    <button type="submit">Send reply</button>
                    <button type="submit" class="secondary" formaction="{Action("request-info")}">Request information (pauses the clock)</button>
                  </div>
                </form>
                """))}
                <form method="post" action="{Action("update")}" class="panel">
                  {Csrf()}
                  <label for="update-body">Update or internal note</label>
                  <textarea id="update-body" name="body" required maxlength="20000"{Described("update", "note")}>{Typed("body", "update", "note")}</textarea>
                  {Error("update", "note")}
                  <div class="actions">
                    <button type="submit">Post update (customer sees it)</button>
                    <button type="submit" class="secondary" formaction="{Action("note")}">Add internal note (staff only)</button>
                  </div>
                </form>
                {Html.When(canRespond, Html.Of($"""
                <form method="post" action="{Action("resolution")}" class="panel">
                  {Csrf()}
                  <label for="resolution-summary">Propose a resolution</label>
                  <textarea id="resolution-summary" name="summary" required maxlength="20000"{Described("resolution")}>{Typed("summary", "resolution")}</textarea>
                  {Error("resolution")}
                  <p class="muted">The customer is asked to confirm; the ticket closes only when they do.</p>
                  <div class="actions"><button type="submit">Propose resolution</button></div>
                </form>
                """))}
                <div class="panel">
                  <form method="post" action="{Action("assignment")}">
                    {Csrf()}
                    <label for="assign-severity">Severity</label>
                    <select id="assign-severity" name="severity">{WireNames.AllOf<Severity>().Select(v => Html.Of($"""<option value="{v}"{Html.When(v == WireNames.Of(t.Severity), Html.Trusted(" selected"))}>{v}</option>"""))}</select>
                    <label for="assign-assignee">Assignee</label>
                    <select id="assign-assignee" name="assignee"{Described("assignment", "assign-to-me")}>
                      <option value=""{Html.When(t.Assignee is null, Html.Trusted(" selected"))}>{(t.Assignee is null ? "unassigned" : "keep " + t.Assignee)}</option>
                      {staff.Roster.Select(r => Html.Of($"""<option value="{r.Email}"{Html.When(string.Equals(r.Email, t.Assignee, StringComparison.OrdinalIgnoreCase), Html.Trusted(" selected"))}>{r.Name} ({r.Email})</option>"""))}
                    </select>
                    {Error("assignment", "assign-to-me")}
                    <div class="actions"><button type="submit">Save severity and assignee</button></div>
                  </form>
                  <form method="post" action="{Action("assign-to-me")}" class="actions">
                    {Csrf()}
                    <button type="submit" class="secondary">Assign to me</button>
                  </form>
                  <form method="post" action="{Action("revoke-access")}" class="actions" data-confirm="Earlier links to this ticket will stop working and the requester gets a new one. Continue?">
                    {Csrf()}
                    <button type="submit" class="secondary">Revoke the customer's link</button>
                  </form>
                </div>
              </div>
            </section>
            """);
    }

    static Html Attachments(string ticketId, IReadOnlyList<TicketEvent> timeline)
    {
        IReadOnlyList<ListedAttachment> listed = TicketAttachments.Listed(timeline);
        return Html.Of($"""
            <section aria-labelledby="h-attachments">
              <h2 id="h-attachments">Attachments</h2>
              {(listed.Count == 0 ? Html.Trusted("""<p class="muted">None yet.</p>""") : Html.Of($"""
              <ul>{listed.Select(a => Html.Of($"""
                <li>{a.Description} · {a.Actor}, {a.At:yyyy-MM-dd HH:mm} UTC ·
                  <a href="{DeskLinks.PathOf(SupportDeskRoutes.StaffAttachmentTemplate, ("ticketId", ticketId), ("attachmentId", a.Id))}">Download</a>
                  {Html.When(a.IsTrace, Html.Of($"""· <a href="{DeskLinks.PathOf(SupportDeskRoutes.StaffTraceTemplate, ("ticketId", ticketId), ("attachmentId", a.Id))}">View requests</a>"""))}
                </li>
                """))}</ul>
              """))}
            </section>
            """);
    }

    static Html Entry(TicketEvent e)
    {
        bool internalOnly = !TicketEventVisibility.IsVisibleToCustomer(e.Kind);
        return Html.Of($"""
            <li{Html.When(internalOnly, Html.Trusted(" class=\"internal\""))}>
              <div class="meta"><time datetime="{e.At:o}">{e.At:yyyy-MM-dd HH:mm:ss} UTC</time> · {e.Actor} · {WireNames.Of(e.Kind)}{Html.When(internalOnly, Html.Trusted(" · staff only"))}</div>
              <div>{e.Summary}</div>
              {Html.When(e.Body is not null, Html.Of($"""<p class="body">{e.Body}</p>"""))}
            </li>
            """);
    }

    static string PrecheckWords(PrecheckAnswer answer) => answer switch
    {
        PrecheckAnswer.Ok => "fine",
        PrecheckAnswer.Problem => "found a problem",
        _ => "not checked",
    };
}
