using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Application.Email;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// <c>/tickets/{id}</c>: the customer's ticket, opened from the link in their emails. The link carries the ticket's
/// token in the URL fragment, which browsers never send to a server; so the page, when it has no cookie for this
/// ticket yet, posts the fragment to <c>/tickets/{id}/open</c> (a small script), which checks the token and remembers
/// it in a cookie of this ticket, and the page loads again without it. Then it shows the state, the response clock
/// (a live countdown, or paused while we wait for the customer), the timeline entries that are the customer's, an
/// update form, and, once a resolution is proposed, "yes, it is resolved" and "no, it is not" (the email's buttons
/// land here with <c>?confirm=…</c> and the matching form is highlighted: a GET never changes the ticket).
/// </summary>
public sealed class CustomerTicketPage(PageGate gate, TicketQueries queries, TimeProvider clock)
{
    /// <summary>What the page says after a submission or a file; each form command's own words are in <see cref="CustomerTicketActions.Commands"/>.</summary>
    static readonly Dictionary<string, string> DoneMessages = new(StringComparer.Ordinal)
    {
        ["submitted"] = "Thank you: your ticket is logged. We emailed you a confirmation, and a support engineer will respond before the time below.",
        [CustomerTicketActions.Attach] = "Thank you: the file is on the ticket, and the support engineer has been told.",
    };

    static string? DoneMessage(string done) =>
        DoneMessages.GetValueOrDefault(done) ?? CustomerTicketActions.Commands.GetValueOrDefault(done)?.Done;

    public Task<IResult> GetAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            if (await AccessOfAsync(request, ticketId, cancellationToken).ConfigureAwait(false) is not { } access)
            {
                return Opener(request, ticketId);
            }

            return await RenderAsync(request, ticketId, access, problem: null, StatusCodes.Status200OK, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>
    /// How this browser reaches a ticket: a signed-in contact (the tenant's tickets), the ticket's link it opened (a
    /// cookie of that ticket), or both; and the anti-forgery token its forms carry, bound to the session or the link.
    /// </summary>
    internal sealed record TicketPageAccess(Caller Caller, string? TicketToken, string FormToken, Func<IFormCollection, bool> Accepts);

    internal async Task<TicketPageAccess?> AccessOfAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken)
    {
        PageSessions sessions = gate.Sessions;
        CustomerSession? session = await gate.CustomerAsync(request, cancellationToken).ConfigureAwait(false);
        string? token = sessions.ReadTicketToken(request, ticketId);
        if (session is not null)
        {
            return new TicketPageAccess(new Caller(null, token) { Contact = session.Contact }, token, sessions.CustomerFormToken(session),
                form => sessions.AcceptsCustomerForm(request, form, session));
        }

        return token is null
            ? null
            : new TicketPageAccess(Caller.ForTicketHolder(token), token, sessions.TicketFormToken(ticketId, token), form => sessions.AcceptsTicketForm(request, form, ticketId, token));
    }

    /// <summary>The same answer for a ticket that does not exist and a link that does not open it (tokens reveal nothing).</summary>
    internal IResult Gone(HttpRequest request, string ticketId)
    {
        gate.Sessions.ForgetTicket(request.HttpContext.Response, ticketId);
        return PageLayout.Error(request, StatusCodes.Status404NotFound, "ticket-not-found", "This link does not open a ticket.",
            "The link may be incomplete, or it was replaced by a newer one (look for our latest email about this ticket).");
    }

    /// <summary>A first visit: the script posts the fragment's token; without a script, say what is needed.</summary>
    static IResult Opener(HttpRequest request, string ticketId)
    {
        Html main = Html.Of($"""
            <h1>Opening ticket {ticketId}…</h1>
            <form id="ticket-opener" method="post" action="{DeskLinks.PathOf(SupportDeskRoutes.CustomerTicketActionTemplate, ("ticketId", ticketId), ("action", "open"))}">
              <input type="hidden" name="token" value="">
              <input type="hidden" name="query" value="{request.QueryString.Value?.TrimStart('?') ?? string.Empty}">
              <p id="ticket-opener-missing" hidden>This link is incomplete: open the ticket from the link in our latest email about it.</p>
            </form>
            <noscript><p>Opening a ticket from its link needs JavaScript: the key in the link stays in your browser and is never sent in the address.</p></noscript>
            """);
        return PageLayout.Customer(request, "Ticket " + ticketId, main);
    }


    internal async Task<IResult> RenderAsync(HttpRequest request, string ticketId, TicketPageAccess access, (string Action, string Message, IFormCollection Form)? problem, int status, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(access.Caller, ticketId, cancellationToken).ConfigureAwait(false) is not TicketLookup.Found found)
        {
            // Signed in, but for another tenant, and this browser never opened the ticket's link: it may be opening it now.
            return access.TicketToken is null && problem is null ? Opener(request, ticketId) : Gone(request, ticketId);
        }

        TicketView view = found.View;
        Ticket t = view.Ticket;
        DateTimeOffset now = clock.GetUtcNow();
        string formToken = access.FormToken;
        string done = request.Query["done"].ToString();
        string confirm = request.Query["confirm"].ToString();
        string Action(string name) => DeskLinks.PathOf(SupportDeskRoutes.CustomerTicketActionTemplate, ("ticketId", t.Id), ("action", name));
        Html Csrf() => Html.Of($"""<input type="hidden" name="{PageSessions.FormField}" value="{formToken}">""");
        Html Error(string action) => Html.When(problem?.Action == action, Html.Of($"""<p class="field-error" id="error-{action}">{problem?.Message}</p>"""));
        SlaClockStatus? open = view.Clocks.LastOrDefault(c => c.State is SlaClockState.Running or SlaClockState.Paused);

        Html main = Html.Of($"""
            <h1>{t.Id}: {t.Submission.Subject}</h1>
            {Html.When(problem is null && DoneMessage(done) is not null, Html.Of($"""<p class="notice ok" role="status">{DoneMessage(done)}</p>"""))}
            {Html.When(problem is not null, Html.Of($"""<p class="notice error" role="alert">Not saved: {problem?.Message}</p>"""))}
            {Html.When(problem is null && int.TryParse(request.Query["skipped"], out int skipped) && skipped > 0, Html.Of($"""<p class="notice error" role="alert">{request.Query["skipped"].ToString()} file(s) could not be attached (a type we do not take, too large, or too many). Attach them again below.</p>"""))}
            <div class="grid2">
              <section class="panel" aria-labelledby="h-state">
                <h2 id="h-state">Where it stands</h2>
                <dl class="facts">
                  <dt>Status</dt><dd>{StatusInWords(t.Status)}</dd>
                  <dt>Severity</dt><dd>{WireNames.Of(t.Severity)}: {Severities.DefinitionOf(t.Severity)}</dd>
                  <dt>Plan</dt><dd>{WireNames.Of(t.Plan)}</dd>
                  <dt>Our response</dt><dd>{Clock(open, t, now)}</dd>
                  <dt>Submitted</dt><dd><time datetime="{t.CreatedAt:o}">{LocalTimes.Format(t.CreatedAt, t.TimeZone)}</time> by {t.Submission.Requester.Name}</dd>
                  {Html.When(t.RegionAdvisory is not null, Html.Of($"<dt>Known issue in your region</dt><dd>{t.RegionAdvisory}</dd>"))}
                  {Html.When(t.Incident is not null, Html.Of($"<dt>Known incident</dt><dd>This ticket is part of incident {t.Incident?.IncidentId}: our updates about it are posted on this ticket and emailed to you.</dd>"))}
                </dl>
              </section>
              {Html.When(t.Status == TicketStatus.ResolutionProposed, Html.Of($"""
              <section class="panel" aria-labelledby="h-confirm">
                <h2 id="h-confirm">Is the issue resolved?</h2>
                <p>The ticket closes only when you confirm. {(confirm.Length > 0 ? "Please confirm your answer with the button below." : string.Empty)}</p>
                <form method="post" action="{Action("resolved")}"{Html.When(confirm == "resolved", Html.Trusted(" class=\"highlight\""))}>
                  {Csrf()}
                  <label for="comment-resolved">Anything to add? (optional)</label>
                  <textarea id="comment-resolved" name="comment" maxlength="20000"></textarea>
                  {Error("resolved")}
                  <div class="actions"><button type="submit">Yes, it is resolved</button></div>
                </form>
                <form method="post" action="{Action("not-resolved")}"{Html.When(confirm == "not-resolved", Html.Trusted(" class=\"highlight\""))}>
                  {Csrf()}
                  <label for="comment-not-resolved">What still fails? (optional)</label>
                  <textarea id="comment-not-resolved" name="comment" maxlength="20000"></textarea>
                  {Error("not-resolved")}
                  <div class="actions"><button type="submit" class="secondary">No, it is not resolved</button></div>
                </form>
              </section>
              """))}
              {Html.When(t.Status != TicketStatus.Closed, Html.Of($"""
              <form method="post" action="{Action("update")}" class="panel">
                {Csrf()}
                <label for="update-body">Add an update</label>
                <textarea id="update-body" name="body" required maxlength="20000"{Html.When(problem?.Action == "update", Html.Trusted(" aria-describedby=\"error-update\" aria-invalid=\"true\""))}>{(problem?.Action == "update" ? problem.Value.Form["body"].ToString() : string.Empty)}</textarea>
                {Error("update")}
                <p class="muted">Symptoms, log excerpts, what you tried, conclusions from a call: everything on the ticket keeps the record complete. If we asked you for information, your answer restarts our response clock.</p>
                <div class="actions"><button type="submit">Send update</button></div>
              </form>
              <form method="post" action="{Action("attach")}" enctype="multipart/form-data" class="panel">
                {Csrf()}
                <label for="attach-file">Attach a file</label>
                <input id="attach-file" name="file" type="file" required accept=".png,.jpg,.jpeg,.har,.log,.txt,.json"{Html.When(problem?.Action == "attach", Html.Trusted(" aria-describedby=\"error-attach\" aria-invalid=\"true\""))}>
                {Error("attach")}
                <p class="muted">A screenshot of the error (PNG or JPEG), an HTTP trace (.har) or a log file (.log, .txt, .json), up to 10 MiB (traces 25 MiB). Passwords, tokens and cookies in traces and logs are removed before the file is stored.</p>
                <details>
                  <summary>How to record an HTTP trace (.har)</summary>
                  <ol>
                    <li>Open the browser's developer tools (F12, or Cmd+Option+I on a Mac) and choose the Network tab.</li>
                    <li>Tick "Preserve log", clear the list, then reproduce the problem from the start (sign out first for login problems).</li>
                    <li>Right-click in the list and choose "Save all as HAR", then attach the file here.</li>
                  </ol>
                </details>
                <div class="actions"><button type="submit" class="secondary">Attach file</button></div>
              </form>
              """))}
            </div>
            <section aria-labelledby="h-timeline">
              <h2 id="h-timeline">History (newest first)</h2>
              <ol class="timeline" reversed>{view.Timeline.Reverse().Select(e => Html.Of($"""
                <li>
                  <div class="meta"><time datetime="{e.At:o}">{LocalTimes.Format(e.At, t.TimeZone)}</time> · {e.Actor}</div>
                  <div>{e.Summary}</div>
                  {Html.When(e.Body is not null, Html.Of($"""<p class="body">{e.Body}</p>"""))}
                </li>
                """))}</ol>
            </section>
            """);
        return PageLayout.Customer(request, t.Id, main, status);
    }

    /// <summary>Our running clock in the customer's words, its deadline in their organisation's zone (named).</summary>
    internal static Html Clock(SlaClockStatus? clock, Ticket ticket, DateTimeOffset now) => clock switch
    {
        { State: SlaClockState.Running, DueAt: { } due } => Html.Of($"""due by <time datetime="{due:o}">{LocalTimes.Format(due, ticket.TimeZone)}</time>, <time class="countdown" datetime="{due:o}" data-due="{due:o}">{StaffQueuePage.Remaining(due, now)}</time>"""),
        { State: SlaClockState.Paused } paused => Html.Of($"""<span class="countdown">paused while we wait for your answer ({TicketEmailComposer.FormatDuration(paused.Remaining)} left)</span>"""),
        _ when ticket.Status == TicketStatus.ResolutionProposed => Html.Trusted("we proposed a resolution; please tell us whether it worked"),
        _ when ticket.Status == TicketStatus.Closed => Html.Trusted("the ticket is closed"),
        _ => Html.Trusted("answered; we will respond to your next update"),
    };

    internal static string StatusInWords(TicketStatus status) => status switch
    {
        TicketStatus.Open => "received; a support engineer will respond",
        TicketStatus.InProgress => "in progress",
        TicketStatus.WaitingOnCustomer => "waiting for your answer",
        TicketStatus.ResolutionProposed => "resolution proposed: please confirm",
        _ => "closed",
    };
}
