using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Support.Desk.Application;
using Support.Desk.Application.Email;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Attachments;
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
public static class CustomerTicketPage
{
    static readonly Dictionary<string, string> DoneMessages = new(StringComparer.Ordinal)
    {
        ["submitted"] = "Thank you: your ticket is logged. We emailed you a confirmation, and a support engineer will respond before the time below.",
        ["update"] = "Thank you: your update is on the ticket, and the support engineer has been told.",
        ["attach"] = "Thank you: the file is on the ticket, and the support engineer has been told.",
        ["resolved"] = "Thank you for confirming. The ticket is closed.",
        ["not-resolved"] = "Thank you: the ticket is open again, and a support engineer will respond.",
    };

    public static Task<IResult> GetAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
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
    sealed record TicketPageAccess(Caller Caller, string? TicketToken, string FormToken, Func<IFormCollection, bool> Accepts);

    static async Task<TicketPageAccess?> AccessOfAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken)
    {
        PageSessions sessions = PageAccess.Sessions(request);
        CustomerSession? session = await PageAccess.CustomerAsync(request, cancellationToken).ConfigureAwait(false);
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

    public static Task<IResult> PostAsync(HttpRequest request, string ticketId, string action, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            PageSessions sessions = PageAccess.Sessions(request);
            string page = DeskLinks.PathOf(SupportDeskRoutes.CustomerTicketPageTemplate, ("ticketId", ticketId));
            if (action == "attach")
            {
                return await AttachAsync(request, ticketId, page, cancellationToken).ConfigureAwait(false);
            }

            IFormCollection? form = await PageAccess.ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (form is null)
            {
                return PageLayout.Error(request, StatusCodes.Status415UnsupportedMediaType, "not-a-form", "Not a form.",
                    "Ticket pages take HTML form posts (application/x-www-form-urlencoded) of at most 128 KiB.");
            }

            if (action == "open")
            {
                return await OpenAsync(request, ticketId, form, page, cancellationToken).ConfigureAwait(false);
            }

            if (!DoneMessages.ContainsKey(action))
            {
                return PageLayout.Error(request, StatusCodes.Status404NotFound, "action-not-found", "No such action.", "A ticket page takes open, update, attach, resolved and not-resolved.");
            }

            if (await AccessOfAsync(request, ticketId, cancellationToken).ConfigureAwait(false) is not { } access || !access.Accepts(form))
            {
                return PageAccess.Forgery(request);
            }

            TicketCommands commands = request.HttpContext.RequestServices.GetRequiredService<TicketCommands>();
            Caller caller = access.Caller;
            var formCommand = new FormCommand();
            string comment = form["comment"].ToString();
            JsonObject Confirmation(bool resolved) => comment.Length == 0
                ? new JsonObject { ["resolved"] = resolved }
                : new JsonObject { ["resolved"] = resolved, ["comment"] = comment };
            CommandResult result = action switch
            {
                "update" => await commands.AddUpdateAsync(caller, ticketId, formCommand.Reader(TicketCommandReaders.Update, new JsonObject { ["body"] = form["body"].ToString() }), cancellationToken).ConfigureAwait(false),
                "resolved" => await commands.ConfirmAsync(caller, ticketId, formCommand.Reader(TicketCommandReaders.Confirmation, Confirmation(true)), cancellationToken).ConfigureAwait(false),
                _ => await commands.ConfirmAsync(caller, ticketId, formCommand.Reader(TicketCommandReaders.Confirmation, Confirmation(false)), cancellationToken).ConfigureAwait(false),
            };

            return result switch
            {
                CommandResult.Done => PageLayout.SeeOther(request, page + "?done=" + action),
                CommandResult.Unreadable when formCommand.Invalid is { } invalid =>
                    await RenderAsync(request, ticketId, access, (action, FormCommand.Describe(invalid), form), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false),
                CommandResult.Conflict conflict =>
                    await RenderAsync(request, ticketId, access, (action, conflict.Reason, form), StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false),
                _ => Gone(request, ticketId),
            };
        });

    /// <summary>
    /// A file from the page (multipart, the anti-forgery field first, then the file). The token is checked before a
    /// byte of the file is read, and the file goes through the same path as the API's uploads: the ticket's state
    /// and attachment count checked first, an upload turn, the size cap, inspection and sanitizing.
    /// </summary>
    static async Task<IResult> AttachAsync(HttpRequest request, string ticketId, string page, CancellationToken cancellationToken)
    {
        if (await AccessOfAsync(request, ticketId, cancellationToken).ConfigureAwait(false) is not { } access || PageAccess.MultipartOf(request) is not { } reader)
        {
            return PageAccess.Forgery(request);
        }

        MultipartSection? section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        string? formToken = null;
        if (section?.GetContentDispositionHeader() is { } field && field.Name.Value == PageSessions.FormField && !field.IsFileDisposition())
        {
            byte[]? value = await CappedReader.ReadAsync(section.Body, 512, null, cancellationToken).ConfigureAwait(false);
            formToken = value is null ? null : System.Text.Encoding.UTF8.GetString(value);
        }

        var tokenForm = new FormCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { [PageSessions.FormField] = formToken ?? string.Empty });
        if (formToken is null || !access.Accepts(tokenForm))
        {
            return PageAccess.Forgery(request);
        }

        section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
        if (section?.GetContentDispositionHeader() is not { } file || !file.IsFileDisposition() || file.FileName.Value is not { Length: > 0 } fileName)
        {
            return await RenderAsync(request, ticketId, access, ("attach", "Choose a file to attach.", tokenForm), StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }

        TicketAttachments attachments = request.HttpContext.RequestServices.GetRequiredService<TicketAttachments>();
        AttachmentResult result = await attachments.ReceiveAsync(access.Caller, ticketId,
            ct => CappedReader.ReadAsync(section.Body, AttachmentInspector.MaxUploadBytes, null, ct), fileName, cancellationToken).ConfigureAwait(false);
        string? problem = result switch
        {
            AttachmentResult.Stored => null,
            AttachmentResult.TooLarge => $"The file is too large: screenshots and logs may be at most {AttachmentInspector.MaxScreenshotBytes / (1024 * 1024)} MiB, HTTP traces {AttachmentInspector.MaxTraceBytes / (1024 * 1024)} MiB.",
            AttachmentResult.Busy => "We are checking other files right now; please try again in a minute.",
            AttachmentResult.Rejected rejected => rejected.Rejection.Detail,
            AttachmentResult.Conflict conflict => conflict.Reason,
            _ => string.Empty,
        };
        return problem switch
        {
            null => PageLayout.SeeOther(request, page + "?done=attach"),
            { Length: 0 } => Gone(request, ticketId),
            _ => await RenderAsync(request, ticketId, access, ("attach", problem, tokenForm), result is AttachmentResult.Rejected r ? r.Rejection.Status : StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The token from the link's fragment: checked against the ticket, then remembered for this ticket only.</summary>
    static async Task<IResult> OpenAsync(HttpRequest request, string ticketId, IFormCollection form, string page, CancellationToken cancellationToken)
    {
        // Setting a ticket's cookie from another site would seat the victim inside the attacker's ticket: the post must show it comes from this page.
        if (!PageAccess.Sessions(request).IsSameOrigin(request, requireEvidence: true))
        {
            return PageAccess.Forgery(request);
        }

        string token = form["token"].ToString();
        if (!token.StartsWith(TicketAccessTokens.Prefix, StringComparison.Ordinal) || token.Length > 256)
        {
            return Gone(request, ticketId);
        }

        TicketQueries queries = request.HttpContext.RequestServices.GetRequiredService<TicketQueries>();
        if (await queries.GetAsync(Caller.ForTicketHolder(token), ticketId, cancellationToken).ConfigureAwait(false) is not TicketLookup.Found)
        {
            return Gone(request, ticketId);
        }

        PageAccess.Sessions(request).RememberTicket(request, ticketId, token);
        string query = form["query"].ToString();
        return PageLayout.SeeOther(request, page + (query is "confirm=resolved" or "confirm=not-resolved" ? "?" + query : string.Empty));
    }

    /// <summary>The same answer for a ticket that does not exist and a link that does not open it (tokens reveal nothing).</summary>
    static IResult Gone(HttpRequest request, string ticketId)
    {
        PageAccess.Sessions(request).ForgetTicket(request.HttpContext.Response, ticketId);
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


    static async Task<IResult> RenderAsync(HttpRequest request, string ticketId, TicketPageAccess access, (string Action, string Message, IFormCollection Form)? problem, int status, CancellationToken cancellationToken)
    {
        TicketQueries queries = request.HttpContext.RequestServices.GetRequiredService<TicketQueries>();
        if (await queries.GetAsync(access.Caller, ticketId, cancellationToken).ConfigureAwait(false) is not TicketLookup.Found found)
        {
            // Signed in, but for another tenant, and this browser never opened the ticket's link: it may be opening it now.
            return access.TicketToken is null && problem is null ? Opener(request, ticketId) : Gone(request, ticketId);
        }

        TicketView view = found.View;
        Ticket t = view.Ticket;
        DateTimeOffset now = request.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        string formToken = access.FormToken;
        string done = request.Query["done"].ToString();
        string confirm = request.Query["confirm"].ToString();
        string Action(string name) => DeskLinks.PathOf(SupportDeskRoutes.CustomerTicketActionTemplate, ("ticketId", t.Id), ("action", name));
        Html Csrf() => Html.Of($"""<input type="hidden" name="{PageSessions.FormField}" value="{formToken}">""");
        Html Error(string action) => Html.When(problem?.Action == action, Html.Of($"""<p class="field-error" id="error-{action}">{problem?.Message}</p>"""));
        SlaClockStatus? open = view.Clocks.LastOrDefault(c => c.State is SlaClockState.Running or SlaClockState.Paused);

        Html main = Html.Of($"""
            <h1>{t.Id}: {t.Submission.Subject}</h1>
            {Html.When(problem is null && DoneMessages.ContainsKey(done), Html.Of($"""<p class="notice ok" role="status">{DoneMessages.GetValueOrDefault(done)}</p>"""))}
            {Html.When(problem is not null, Html.Of($"""<p class="notice error" role="alert">Not saved: {problem?.Message}</p>"""))}
            {Html.When(problem is null && int.TryParse(request.Query["skipped"], out int skipped) && skipped > 0, Html.Of($"""<p class="notice error" role="alert">{request.Query["skipped"].ToString()} file(s) could not be attached (a type we do not take, too large, or too many). Attach them again below.</p>"""))}
            <div class="grid2">
              <section class="panel" aria-labelledby="h-state">
                <h2 id="h-state">Where it stands</h2>
                <dl class="facts">
                  <dt>Status</dt><dd>{StatusInWords(t.Status)}</dd>
                  <dt>Severity</dt><dd>{WireNames.Of(t.Severity)}: {Severities.DefinitionOf(t.Severity)}</dd>
                  <dt>Plan</dt><dd>{WireNames.Of(t.Plan)}</dd>
                  <dt>Our response</dt><dd>{Clock(open, t.Status, now)}</dd>
                  <dt>Submitted</dt><dd><time datetime="{t.CreatedAt:o}">{t.CreatedAt:yyyy-MM-dd HH:mm} UTC</time> by {t.Submission.Requester.Name}</dd>
                  {Html.When(t.RegionAdvisory is not null, Html.Of($"<dt>Known issue in your region</dt><dd>{t.RegionAdvisory}</dd>"))}
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
                  <div class="meta"><time datetime="{e.At:o}">{e.At:yyyy-MM-dd HH:mm} UTC</time> · {e.Actor}</div>
                  <div>{e.Summary}</div>
                  {Html.When(e.Body is not null, Html.Of($"""<p class="body">{e.Body}</p>"""))}
                </li>
                """))}</ol>
            </section>
            """);
        return PageLayout.Customer(request, t.Id, main, status);
    }

    internal static Html Clock(SlaClockStatus? clock, TicketStatus status, DateTimeOffset now) => clock switch
    {
        { State: SlaClockState.Running, DueAt: { } due } => Html.Of($"""due by <time datetime="{due:o}">{due:yyyy-MM-dd HH:mm} UTC</time>, <time class="countdown" datetime="{due:o}" data-due="{due:o}">{StaffQueuePage.Remaining(due, now)}</time>"""),
        { State: SlaClockState.Paused } paused => Html.Of($"""<span class="countdown">paused while we wait for your answer ({TicketEmailComposer.FormatDuration(paused.Remaining)} left)</span>"""),
        _ when status == TicketStatus.ResolutionProposed => Html.Trusted("we proposed a resolution; please tell us whether it worked"),
        _ when status == TicketStatus.Closed => Html.Trusted("the ticket is closed"),
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
