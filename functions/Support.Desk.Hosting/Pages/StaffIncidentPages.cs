using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Application.Incidents;
using Support.Desk.Application.Queue;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Incidents;
using Support.Desk.Domain.Queue;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// The staff console's incidents: <c>/staff/incidents</c> lists them and opens one; <c>/staff/incidents/{id}</c> shows
/// one (its status-page history, its open tickets counted by risk, tier, severity and tenant and listed by time to
/// breach, what was posted and how far it got) with its forms (<see cref="StaffIncidentActions"/>).
/// </summary>
public sealed class StaffIncidentPages(PageGate gate, IncidentDesk desk, TimeProvider clock)
{
    /// <summary>A form that was refused, shown again with its message and what was typed.</summary>
    public sealed record FormProblem(string Action, string Message, IFormCollection Form);

    public Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (StaffSession? session, IResult? refused) = await gate.RequireStaffAsync(request, cancellationToken).ConfigureAwait(false);
            return session is null ? refused! : await this.RenderListAsync(request, session, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
        });

    public Task<IResult> OpenAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (StaffSession? session, IFormCollection? fields, IResult? refused) = await gate.RequireStaffFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            var form = new StaffTicketActions.StaffForm(fields!, new FormCommand());
            var body = new JsonObject
            {
                ["title"] = form["title"],
                ["regions"] = new JsonArray([.. fields!["regions"].Where(r => !string.IsNullOrEmpty(r)).Select(r => (JsonNode?)JsonValue.Create(r))]),
                ["linkOpenTickets"] = form["link"] == "on",
            };
            string[] tenants = [.. form["tenants"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            if (tenants.Length > 0)
            {
                body["tenants"] = new JsonArray([.. tenants.Select(t => (JsonNode?)JsonValue.Create(t))]);
            }

            IncidentResult result = await desk.OpenAsync(session.Caller, form.Command.Reader(IncidentCommandReaders.Open, body), KeyOf(form), cancellationToken).ConfigureAwait(false);
            return result switch
            {
                IncidentResult.Opened opened => PageLayout.SeeOther(request, PathOf(opened.Incident.Id) + "?done=open"),
                IncidentResult.Unreadable when form.Command.Invalid is { } invalid =>
                    await this.RenderListAsync(request, session, new FormProblem("open", FormCommand.Describe(invalid), fields!), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false),
                _ => Refusal(request, result),
            };
        });

    public Task<IResult> GetAsync(HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (StaffSession? session, IResult? refused) = await gate.RequireStaffAsync(request, cancellationToken).ConfigureAwait(false);
            return session is null ? refused! : await this.RenderAsync(request, session, incidentId, null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
        });

    public Task<IResult> PostAsync(HttpRequest request, string incidentId, string action, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            if (!StaffIncidentActions.All.TryGetValue(action, out StaffIncidentActions.StaffIncidentAction? row))
            {
                return PageLayout.Error(request, StatusCodes.Status404NotFound, "action-not-found", "No such action.",
                    $"An incident page takes {string.Join(", ", StaffIncidentActions.All.Keys.Order(StringComparer.Ordinal))}.");
            }

            (StaffSession? session, IFormCollection? fields, IResult? refused) = await gate.RequireStaffFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            var form = new StaffTicketActions.StaffForm(fields!, new FormCommand());
            IncidentResult result = await row.Run(desk, session.Caller, incidentId, form, KeyOf(form), cancellationToken).ConfigureAwait(false);
            FormProblem? problem = result switch
            {
                IncidentResult.Unreadable when form.Command.Invalid is { } invalid => new FormProblem(action, FormCommand.Describe(invalid), fields!),
                IncidentResult.Conflict conflict => new FormProblem(action, conflict.Reason, fields!),
                IncidentResult.NotFound { What: "ticket" } => new FormProblem(action, "No such ticket.", fields!),
                _ => null,
            };
            if (problem is not null)
            {
                int status = result is IncidentResult.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
                return await this.RenderAsync(request, session, incidentId, problem, status, cancellationToken).ConfigureAwait(false);
            }

            return result is IncidentResult.Posted or IncidentResult.TicketChanged
                ? PageLayout.SeeOther(request, PathOf(IncidentIds.Normalize(incidentId) ?? incidentId) + "?done=" + action)
                : Refusal(request, result);
        });

    static string? KeyOf(StaffTicketActions.StaffForm form) =>
        form[StaffIncidentActions.KeyField] is var key && TicketIntake.IsValidIdempotencyKey(key) ? key : null;

    static IResult Refusal(HttpRequest request, IncidentResult result) => result switch
    {
        IncidentResult.NotFound => PageLayout.Error(request, StatusCodes.Status404NotFound, "incident-not-found", "Incident not found.", "There is no incident with this ID."),
        IncidentResult.Denied => PageLayout.Error(request, StatusCodes.Status403Forbidden, "forbidden", "Not allowed.", "Your session may not do this."),
        _ => throw new InvalidOperationException($"Unexpected incident result {result.GetType().Name}."),
    };

    static string PathOf(string incidentId) => DeskLinks.PathOf(SupportDeskRoutes.StaffIncidentPageTemplate, ("incidentId", incidentId));

    static Html Csrf(string token) => Html.Of($"""<input type="hidden" name="{PageSessions.FormField}" value="{token}">""");

    static Html Key() => Html.Of($"""<input type="hidden" name="{StaffIncidentActions.KeyField}" value="{IncidentDesk.NewKey()}">""");

    static Html Time(DateTimeOffset at) => Html.Of($"""<time datetime="{at:o}">{at:yyyy-MM-dd HH:mm} UTC</time>""");

    async Task<IResult> RenderListAsync(HttpRequest request, StaffSession session, FormProblem? problem, int status, CancellationToken cancellationToken)
    {
        (IReadOnlyList<Incident>? incidents, _) = await desk.ListAsync(session.Caller, cancellationToken).ConfigureAwait(false);
        string token = gate.Sessions.FormToken(session);
        string Typed(string field) => problem?.Form[field].ToString() ?? string.Empty;
        Html main = Html.Of($"""
            <h1>Incidents</h1>
            <p class="muted">An incident groups the tickets of one outage: one update reaches every linked ticket once, and their SLA notices go out as one digest per level and interval.</p>
            {(incidents is null || incidents.Count == 0 ? Html.Trusted("""<p class="panel">No incidents.</p>""") : Html.Of($"""
            <div class="table-wrap">
            <table class="cards">
              <caption class="visually-hidden">Incidents, newest first</caption>
              <thead><tr><th scope="col">Incident</th><th scope="col">Status</th><th scope="col">Regions</th><th scope="col" class="optional">From</th><th scope="col">Opened</th></tr></thead>
              <tbody>{incidents.Select(i => Html.Of($"""
                <tr><td data-label="Incident"><span><a class="ticket-id" href="{PathOf(i.Id)}">{i.Id}</a><br>{i.Title}</span></td>
                <td data-label="Status">{WireNames.Of(i.Status)}</td>
                <td data-label="Regions">{string.Join(", ", i.Regions.Select(Domain.Status.Regions.DisplayName))}</td>
                <td data-label="From" class="optional">{(i.Origin == IncidentOrigin.StatusPage ? "status page" : i.OpenedBy)}</td>
                <td data-label="Opened">{Time(i.OpenedAt)}</td></tr>
                """))}</tbody>
            </table>
            </div>
            """))}
            <form method="post" action="{DeskLinks.PathOf(SupportDeskRoutes.StaffIncidentsTemplate)}" class="panel" aria-labelledby="h-open">
              <h2 id="h-open">Open an incident</h2>
              {Csrf(token)}{Key()}
              {Html.When(problem is not null, Html.Of($"""<p class="field-error" id="error-open" role="alert">{problem?.Message}</p>"""))}
              <label for="open-title">Title</label>
              <input id="open-title" name="title" required minlength="3" maxlength="200" value="{Typed("title")}">
              <fieldset><legend>Regions</legend>
                {WireNames.AllOf<Region>().Select(r => Html.Of($"""<label class="inline"><input type="checkbox" name="regions" value="{r}"> {Domain.Status.Regions.DisplayName(WireNames.Parse<Region>(r))} ({r})</label>"""))}
              </fieldset>
              <label for="open-tenants">Only these tenants (optional, comma-separated)</label>
              <input id="open-tenants" name="tenants" value="{Typed("tenants")}" autocomplete="off">
              <label class="inline"><input type="checkbox" name="link" checked> Link the open tickets it covers now</label>
              <div class="actions"><button type="submit">Open incident</button></div>
            </form>
            """);
        return PageLayout.Staff(request, "Incidents", main, session, gate.Sessions, "incidents", status);
    }

    async Task<IResult> RenderAsync(HttpRequest request, StaffSession session, string incidentId, FormProblem? problem, int status, CancellationToken cancellationToken)
    {
        (IncidentView? view, IncidentResult? refused) = await desk.GetAsync(session.Caller, incidentId, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return Refusal(request, refused!);
        }

        Incident incident = view.Incident;
        DateTimeOffset now = clock.GetUtcNow();
        string token = gate.Sessions.FormToken(session);
        string Action(string name) => DeskLinks.PathOf(SupportDeskRoutes.StaffIncidentActionTemplate, ("incidentId", incident.Id), ("action", name));
        string Typed(string field, params string[] actions) => problem is not null && actions.Contains(problem.Action) ? problem.Form[field].ToString() : string.Empty;
        Html Error(params string[] actions) => Html.When(problem is not null && actions.Contains(problem.Action),
            Html.Of($"""<p class="field-error" id="error-{actions[0]}" role="alert">{problem?.Message}</p>"""));
        string? done = request.Query["done"].ToString() is { Length: > 0 } d && (d == "open" || StaffIncidentActions.All.ContainsKey(d))
            ? d == "open" ? "Incident opened; the open tickets it covers are being linked." : StaffIncidentActions.All[d].Done
            : null;
        IncidentTicketCounts c = view.Counts;
        Html Counts<TKey>(string caption, IEnumerable<KeyValuePair<TKey, int>> counts, Func<TKey, string> label) => Html.Of($"""
            <div><h3>{caption}</h3><ul class="counts">{counts.Select(p => Html.Of($"""<li>{label(p.Key)}: <strong>{p.Value.ToString(CultureInfo.InvariantCulture)}</strong></li>"""))}</ul></div>
            """);
        Html main = Html.Of($"""
            <h1>{incident.Id}: {incident.Title}</h1>
            {Html.When(done is not null, Html.Of($"""<p class="notice" role="status">{done}</p>"""))}
            <dl class="facts panel">
              <dt>Status</dt><dd>{WireNames.Of(incident.Status)}{Html.When(incident.ResolvedAt is not null, Html.Of($" at {incident.ResolvedAt:yyyy-MM-dd HH:mm} UTC"))}</dd>
              <dt>Regions</dt><dd>{string.Join(", ", incident.Regions.Select(Domain.Status.Regions.DisplayName))}</dd>
              <dt>Tenants</dt><dd>{(incident.Tenants.Count == 0 ? "all" : string.Join(", ", incident.Tenants))}</dd>
              <dt>Opened</dt><dd>{Time(incident.OpenedAt)} by {incident.OpenedBy}</dd>
              {Html.When(incident.StatusPageState is not null, Html.Of($"""<dt>Status page</dt><dd>{incident.StatusPageState}</dd>"""))}
              {Html.When(incident.Resolution is not null, Html.Of($"""<dt>Resolution</dt><dd>{incident.Resolution}</dd>"""))}
            </dl>
            <section aria-labelledby="h-tickets">
              <h2 id="h-tickets">Linked open tickets: {c.Open.ToString(CultureInfo.InvariantCulture)}</h2>
              <div class="grid2 panel">
                {Counts("By risk", c.ByRisk, r => StaffQueuePage.RiskLabel(WireNames.Of(r)))}
                {Counts("By tier", c.ByTier.OrderBy(p => p.Key), WireNames.Of)}
                {Counts("By severity", c.BySeverity.OrderBy(p => p.Key), WireNames.Of)}
                {Counts("By tenant", c.ByTenant.OrderByDescending(p => p.Value).Take(20), t => t)}
              </div>
              {(view.Tickets.Count == 0 ? Html.Trusted("""<p class="panel">No open tickets are linked.</p>""") : Tickets(view.Tickets, token, now, Action("unlink")))}
            </section>
            {Html.When(incident.IsOpen, Html.Of($"""
            <section aria-labelledby="h-post">
              <h2 id="h-post">Answer every linked ticket</h2>
              <div class="grid2">
                <form method="post" action="{Action("update")}" class="panel">
                  {Csrf(token)}{Key()}
                  <label for="update-body">Update to every linked ticket</label>
                  <textarea id="update-body" name="body" required maxlength="20000">{Typed("body", "update", "note")}</textarea>
                  {Error("update", "note")}
                  <p class="muted">Each ticket gets it as a staff response (its running response clock is met) and each requester one email, in their ticket's thread.</p>
                  <div class="actions">
                    <button type="submit">Post update to all</button>
                    <button type="submit" class="secondary" formaction="{Action("note")}">Internal note on all (staff only)</button>
                  </div>
                </form>
                <form method="post" action="{Action("resolve")}" class="panel">
                  {Csrf(token)}{Key()}
                  <label for="resolve-summary">Resolve the incident</label>
                  <textarea id="resolve-summary" name="summary" required maxlength="20000">{Typed("summary", "resolve")}</textarea>
                  {Error("resolve")}
                  <p class="muted">Every linked open ticket is proposed this resolution; each customer confirms or rejects (a rejected ticket leaves the incident).</p>
                  <div class="actions"><button type="submit">Resolve and propose to all</button></div>
                </form>
                <form method="post" action="{Action("link")}" class="panel">
                  {Csrf(token)}{Key()}
                  <label for="link-ticket">Link a ticket</label>
                  <input id="link-ticket" name="ticketId" required placeholder="SUP-XXXX-XXXX-XXXX" value="{Typed("ticketId", "link", "unlink")}" autocomplete="off">
                  {Error("link", "unlink")}
                  <div class="actions"><button type="submit">Link ticket</button></div>
                </form>
                <form method="post" action="{Action("link-matching")}" class="panel">
                  {Csrf(token)}{Key()}
                  <h3>Link every open ticket matching</h3>
                  {Error("link-matching", "unlink-matching")}
                  <label for="m-region">Region</label><select id="m-region" name="region"><option value="">Any</option>{WireNames.AllOf<Region>().Select(v => Html.Of($"""<option value="{v}">{v}</option>"""))}</select>
                  <label for="m-severity">Severity</label><select id="m-severity" name="severity"><option value="">Any</option>{WireNames.AllOf<Severity>().Select(v => Html.Of($"""<option value="{v}">{v}</option>"""))}</select>
                  <label for="m-tier">Tier</label><select id="m-tier" name="tier"><option value="">Any</option>{WireNames.AllOf<SupportTier>().Select(v => Html.Of($"""<option value="{v}">{v}</option>"""))}</select>
                  <label for="m-tenant">Tenant</label><input id="m-tenant" name="tenant" autocomplete="off">
                  <div class="actions">
                    <button type="submit">Link matching</button>
                    <button type="submit" class="secondary" formaction="{Action("unlink-matching")}">Unlink matching</button>
                  </div>
                </form>
              </div>
            </section>
            """))}
            <section aria-labelledby="h-posts">
              <h2 id="h-posts">Posted</h2>
              {(view.Broadcasts.Count == 0 ? Html.Trusted("""<p class="muted">Nothing yet.</p>""") : Html.Of($"""
              <ol class="timeline">{view.Broadcasts.OrderByDescending(b => b.Sequence).Select(b => Html.Of($"""
                <li{Html.When(b.Kind is IncidentBroadcastKind.Note, Html.Trusted(" class=\"internal\""))}>
                  <div class="meta">{Time(b.At)} · {b.Actor} · {WireNames.Of(b.Kind)} · {(b.State == BroadcastState.Done ? $"reached {b.Applied} ticket(s), passed over {b.Skipped}" : "reaching tickets…")}</div>
                  <p class="body">{b.Body}</p>
                </li>
                """))}</ol>
              """))}
            </section>
            <section aria-labelledby="h-history">
              <h2 id="h-history">History</h2>
              <ul>{view.History.OrderByDescending(h => h.At).Select(h => Html.Of($"""<li>{Time(h.At)}: {h.Summary}</li>"""))}</ul>
            </section>
            """);
        return PageLayout.Staff(request, incident.Id, main, session, gate.Sessions, "incidents", status);
    }

    static Html Tickets(IReadOnlyList<QueueRow> rows, string token, DateTimeOffset now, string unlink) => Html.Of($"""
        <div class="table-wrap">
        <table class="cards">
          <caption class="visually-hidden">Linked open tickets by time to breach (the first {IncidentDesk.ListedTickets.ToString(CultureInfo.InvariantCulture)})</caption>
          <thead><tr><th scope="col">Risk</th><th scope="col">Time to breach</th><th scope="col">Ticket</th><th scope="col">Tenant</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Unlink</span></th></tr></thead>
          <tbody>{rows.Select(r => Html.Of($"""
            <tr class="row-{WireNames.Of(r.Risk)}">
              <td data-label="Risk"><span id="risk-{r.Ticket.Id}" class="risk risk-{WireNames.Of(r.Risk)}">{StaffQueuePage.RiskLabel(WireNames.Of(r.Risk))}</span></td>
              <td data-label="Time to breach">{StaffQueuePage.Countdown(r, "risk-" + r.Ticket.Id, now)}</td>
              <td data-label="Ticket"><span><a class="ticket-id" href="{DeskLinks.PathOf(SupportDeskRoutes.StaffTicketPageTemplate, ("ticketId", r.Ticket.Id))}">{r.Ticket.Id}</a><br>{r.Ticket.Submission.Subject}</span></td>
              <td data-label="Tenant">{r.Ticket.Submission.Tenant}</td>
              <td data-label="Severity">{WireNames.Of(r.Ticket.Severity)}</td>
              <td data-label="Status">{WireNames.Of(r.Ticket.Status)}</td>
              <td data-label="Unlink"><form method="post" action="{unlink}">{Csrf(token)}<input type="hidden" name="ticketId" value="{r.Ticket.Id}"><button type="submit" class="link" aria-label="Unlink {r.Ticket.Id}">Unlink</button></form></td>
            </tr>
            """))}</tbody>
        </table>
        </div>
        """);
}
