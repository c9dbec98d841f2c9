using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Hosting.Http.Contracts;
using Support.Desk.Hosting.Pages;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// One route of the desk: its definition (name, method, template, whether the platform checks a function key), the
/// handler that serves it (in the shape a minimal API maps), and, for an API route, what the OpenAPI document says of it.
/// </summary>
public sealed record DeskEndpoint(RouteDefinition Route, Delegate Handler, ApiDescription? Api = null)
{
    public bool IsApi => this.Route.Template.StartsWith(SupportDeskRoutes.Prefix + "/", StringComparison.Ordinal);
}

/// <summary>
/// Which handler serves each route of the catalog (<see cref="SupportDeskRoutes"/>). The local host maps this table in
/// a loop; the Functions app's triggers are one-line forwarders to the same handler methods (its attributes are the
/// only repetition the isolated worker forces), and the parity test holds both to the catalog. A handler's own
/// dependencies arrive through its constructor, and the handler through the route's parameters.
/// </summary>
public static class SupportDeskEndpoints
{
    public static IReadOnlyList<DeskEndpoint> All { get; } =
    [
        // The API.
        new(SupportDeskRoutes.SubmitTicket, (HttpRequest request, TicketApi api, CancellationToken ct) => api.SubmitAsync(request, ct),
            new(
                "Submit a production ticket (webhook).",
                ApiCallers.FunctionKey,
                [
                    new(201, "Acknowledged, with the customer's token. Replays of an idempotent request carry `Idempotent-Replayed: true`.", typeof(AcknowledgementContract), Headers: ["Location"]),
                    new(400, "Invalid fields; `errors` names each one, including unknown and repeated fields."),
                    new(401, "No function key, or (when signatures are required) no valid Standard Webhooks signature."),
                    new(409, "Signed webhooks only: this webhook-id was already accepted; `Location` names its ticket and nothing new was created."),
                    new(413, "Body over 256 KiB."),
                    new(415, "Body is not JSON."),
                    new(422, "Idempotency key reused with a different body."),
                    new(503, "Storage or the workflow engine did not answer; nothing was half-written. Retry with the same Idempotency-Key.", Headers: ["Retry-After"]),
                ],
                typeof(TicketSubmissionContract),
                Parameters: ApiDescriptions.IdempotencyHeaders)),
        new(SupportDeskRoutes.ListTickets, (HttpRequest request, QueueApi api, CancellationToken ct) => api.ListAsync(request, ct),
            new(
                "The staff queue: open tickets (or one state), earliest running SLA deadline first, then paused clocks by time left, then tickets waiting on nobody's clock; filtered and paged.",
                ApiCallers.Staff,
                [
                    new(200, "One page of the queue.", typeof(QueuePageContract)),
                    new(400, "A filter, the page size or the continuation is not valid; `errors` names each (unknown parameters too)."),
                    new(401, ApiDescriptions.Refused401),
                    new(403, ApiDescriptions.Refused403),
                    new(503, "Storage unavailable; retry after `Retry-After`.", Headers: ["Retry-After"]),
                ],
                Parameters: QueueApi.Parameters)),
        new(SupportDeskRoutes.GetTicket, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.GetAsync(request, ticketId, ct),
            new(
                "A ticket with its SLA clocks and timeline: everything for staff; for its customer, what is theirs.",
                ApiCallers.Customer | ApiCallers.Staff,
                [new(200, "The ticket.", typeof(TicketContract)), new(401, ApiDescriptions.Refused401), new(403, ApiDescriptions.Refused403), new(404, ApiDescriptions.NotFound404), new(503, "Storage unavailable; retry after `Retry-After`.", Headers: ["Retry-After"])])),
        new(SupportDeskRoutes.UpdateTicket, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.ReassignAsync(request, ticketId, ct),
            new(
                "Re-assign severity and/or assignee. A severity change recomputes every clock from its start.",
                ApiCallers.Staff, ApiDescriptions.CommandAnswers, typeof(ReassignmentContract))),
        new(SupportDeskRoutes.RespondToTicket, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.RespondAsync(request, ticketId, ct),
            new(
                "Agent reply (satisfies the running response clock) or request for information (pauses it; waiting on the customer).",
                ApiCallers.Staff, ApiDescriptions.CommandAnswers, typeof(AgentResponseContract))),
        new(SupportDeskRoutes.AddTicketUpdate, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.AddUpdateAsync(request, ticketId, ct),
            new(
                "An update as whoever signed in: a customer's (resumes a paused clock), an agent's (conclusions, next steps), or a staff-only internal note.",
                ApiCallers.Customer | ApiCallers.Staff, ApiDescriptions.CommandAnswers, typeof(TicketUpdateContract))),
        new(SupportDeskRoutes.ProposeResolution, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.ProposeResolutionAsync(request, ticketId, ct),
            new(
                "Agent proposes a resolution; the customer is asked to confirm.",
                ApiCallers.Staff, ApiDescriptions.CommandAnswers, typeof(ResolutionContract))),
        new(SupportDeskRoutes.ConfirmResolution, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.ConfirmAsync(request, ticketId, ct),
            new(
                "The customer confirms (closes the ticket) or rejects (back in progress) the proposed resolution.",
                ApiCallers.Customer, ApiDescriptions.CommandAnswers, typeof(ConfirmationContract))),
        new(SupportDeskRoutes.AddAttachment, (HttpRequest request, string ticketId, AttachmentApi api, CancellationToken ct) => api.AddAsync(request, ticketId, ct),
            new(
                "Attach a screenshot (PNG or JPEG), an HTTP trace (.har) or a log file (.log, .txt, .json). The file is the raw body; what it is comes from its content. "
                + "Traces and logs are sanitized by default-deny before they are stored. The caller, the ticket's state and its attachment count are checked before the body is read.",
                ApiCallers.Customer | ApiCallers.Staff,
                [
                    new(200, "The same file was attached before; nothing new was stored.", typeof(AttachmentContract)),
                    new(201, "Stored; `Location` is where to download it.", typeof(AttachmentContract), Headers: ["Location"]),
                    new(401, ApiDescriptions.Refused401),
                    new(403, ApiDescriptions.Refused403),
                    new(404, ApiDescriptions.NotFound404),
                    new(409, "The ticket is closed, or already has 50 attachments."),
                    new(413, "Screenshots and logs may be at most 10 MiB, traces 25 MiB."),
                    new(415, "Not a screenshot, a trace or a log (executables, archives, documents, scripts, text not named as a log)."),
                    new(422, "Starts like one but is malformed: a broken image, bytes after its end, absurd dimensions, JSON that is not a HAR, a HAR field of the wrong type, more than 2,000,000 values, text that is not UTF-8."),
                    new(503, "Storage unavailable, or no upload turn came free in time; retry after `Retry-After`.", Headers: ["Retry-After"]),
                ],
                typeof(byte[]),
                "application/octet-stream",
                [new("filename", "query", "Display name; reduced to safe characters. For logs its extension (.log, .txt, .json) says the file is one.")])),
        new(SupportDeskRoutes.GetAttachment, (HttpRequest request, string ticketId, string attachmentId, AttachmentApi api, CancellationToken ct) =>
            api.GetAsync(request, ticketId, attachmentId, ct),
            new(
                "Download an attachment, always as a file (Content-Disposition attachment, nosniff, sandboxed).",
                ApiCallers.Customer | ApiCallers.Staff,
                [
                    new(200, "The file.", typeof(byte[]), "application/octet-stream"),
                    new(401, ApiDescriptions.Refused401),
                    new(404, "No such attachment on a ticket these credentials open."),
                    new(503, "Storage unavailable; retry after `Retry-After`.", Headers: ["Retry-After"]),
                ])),
        new(SupportDeskRoutes.RevokeTicketAccess, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.RevokeAccessAsync(request, ticketId, ct),
            new(
                "Staff revoke the customer's link: earlier links and tokens stop opening the ticket, and the requester is emailed a fresh link (unless the ticket is closed).",
                ApiCallers.Staff,
                [.. ApiDescriptions.CommandAnswers.Where(a => a.Status is not (400 or 413 or 415))])),
        new(SupportDeskRoutes.GetOpenApiDocument, OpenApiDocument.Get,
            new("This document.", ApiCallers.Anonymous, [new(200, "The OpenAPI document.", typeof(object))])),
        new(SupportDeskRoutes.GetRegionalStatus, (HttpRequest request, StatusApi api, CancellationToken ct) => api.GetAsync(request, ct),
            new(
                "Every region's status page state: health, indicator, active incidents, degraded components, maintenances, when last checked and changed, and history.",
                ApiCallers.Staff,
                [new(200, "Regional status.", typeof(RegionalStatusContract)), new(400, "Bad `since`."), new(401, ApiDescriptions.Refused401), new(403, ApiDescriptions.Refused403), new(503, "Storage unavailable.", Headers: ["Retry-After"])],
                Parameters: [new("since", "query", "History from this instant (RFC 3339); default: the last 24 hours.")])),
        new(SupportDeskRoutes.GetHealth, (HttpRequest request, DeskHealth health, CancellationToken ct) => HealthApi.GetAsync(request, health, ct),
            new(
                "Whether storage and the durable backend are reachable, and how old the last regional status poll is.",
                ApiCallers.Anonymous,
                [new(200, "Healthy.", typeof(HealthContract)), new(503, "Storage or the durable backend is unreachable; Retry-After says when to ask again.", typeof(HealthContract), Headers: ["Retry-After"])])),
        new(SupportDeskRoutes.ReceiveInboundEmail, (HttpRequest request, InboundEmailApi api, CancellationToken ct) => api.ReceiveAsync(request, ct),
            new(
                "Receive a customer's reply by email (SendGrid Inbound Parse webhook, multipart/form-data; authenticated by the basic-auth credentials in the Inbound Parse URL, InboundEmail:Credentials).",
                ApiCallers.InboundEmailProvider,
                [
                    new(200, "Taken: posted on the ticket, repeated (already on it), or dropped with the reason (not a genuine reply address, SPF and DKIM failed, a sender who is neither the requester nor a contact of the tenant, an empty reply, a closed ticket). Never retried.", typeof(InboundOutcomeContract)),
                    new(400, "The form has no from, or neither to nor envelope."),
                    new(401, "No inbound credentials, or wrong ones (the intake key and host keys are not accepted)."),
                    new(404, "Replies by email are not set up here (no InboundEmail:Credentials)."),
                    new(413, "A field over 2 MiB, a file over 25 MiB, or the email over 30 MiB."),
                    new(415, "Not multipart/form-data."),
                    new(503, "Storage unavailable; the provider retries, and a retried email is posted once.", Headers: ["Retry-After"]),
                ],
                RequestContentType: "multipart/form-data")),
        new(SupportDeskRoutes.ListIncidents, (HttpRequest request, IncidentApi api, CancellationToken ct) => api.ListAsync(request, ct),
            new("Major incidents, newest first.", ApiCallers.Staff,
                [new(200, "The incidents.", typeof(IncidentListContract)), new(401, ApiDescriptions.Refused401), new(403, ApiDescriptions.Refused403), new(503, "Storage unavailable.", Headers: ["Retry-After"])])),
        new(SupportDeskRoutes.OpenIncident, (HttpRequest request, IncidentApi api, CancellationToken ct) => api.OpenAsync(request, ct),
            new(
                "Open a major incident for regions (and optionally only some tenants). Their open tickets link to it (unless linkOpenTickets is false), and new ones as they arrive. "
                + "Incidents of a status page open by themselves (Incidents:OpenFromStatusPage).",
                ApiCallers.Staff, IncidentApiAnswers.Opened, typeof(OpenIncidentContract), Parameters: IncidentApiAnswers.Key)),
        new(SupportDeskRoutes.GetIncident, (HttpRequest request, string incidentId, IncidentApi api, CancellationToken ct) => api.GetAsync(request, incidentId, ct),
            new("An incident: what was posted and how far it got, its history, its open tickets counted by risk, tier, severity and tenant, and the first 100 by time to breach.",
                ApiCallers.Staff,
                [new(200, "The incident.", typeof(IncidentDetailContract)), new(401, ApiDescriptions.Refused401), new(403, ApiDescriptions.Refused403), new(404, "No such incident."), new(503, "Storage unavailable.", Headers: ["Retry-After"])])),
        new(SupportDeskRoutes.PostIncidentUpdate, (HttpRequest request, string incidentId, IncidentApi api, CancellationToken ct) => api.PostUpdateAsync(request, incidentId, ct),
            new(
                "An update to every linked ticket: on each a staff response (its running first- or next-response clock is met) and one email to its requester, in the ticket's thread; "
                + "or, with internal true, a note for staff on each. Reaches each ticket exactly once, in the background; closed tickets are passed over.",
                ApiCallers.Staff, IncidentApiAnswers.Posted, typeof(IncidentPostContract), Parameters: IncidentApiAnswers.Key)),
        new(SupportDeskRoutes.ResolveIncident, (HttpRequest request, string incidentId, IncidentApi api, CancellationToken ct) => api.ResolveAsync(request, incidentId, ct),
            new("Resolve the incident: every linked open ticket is proposed this resolution, and each customer confirms (closing it) or rejects (it leaves the incident, back in progress).",
                ApiCallers.Staff, IncidentApiAnswers.Posted, typeof(ResolutionContract), Parameters: IncidentApiAnswers.Key)),
        new(SupportDeskRoutes.LinkToIncident, (HttpRequest request, string incidentId, IncidentApi api, CancellationToken ct) => api.LinkAsync(request, incidentId, ct),
            new("Link one ticket (taken from another incident if it was in one; answered 200), or every open ticket matching the queue's filters (answered 202; runs in the background).",
                ApiCallers.Staff, IncidentApiAnswers.Linked, typeof(IncidentLinkContract), Parameters: IncidentApiAnswers.Key)),
        new(SupportDeskRoutes.UnlinkFromIncident, (HttpRequest request, string incidentId, IncidentApi api, CancellationToken ct) => api.UnlinkAsync(request, incidentId, ct),
            new("Unlink one ticket (200), or every linked ticket matching the queue's filters (202). An unlinked ticket's notices go out on their own again.",
                ApiCallers.Staff, IncidentApiAnswers.Linked, typeof(IncidentLinkContract), Parameters: IncidentApiAnswers.Key)),

        new(SupportDeskRoutes.GetSlaReport, (HttpRequest request, ReportApi api, CancellationToken ct) => api.GetAsync(request, ct),
            new(
                "SLA report for a period of UTC days: attainment (met, missed, still running) of the clocks that started in it by plan, tier, severity, tenant and region; "
                + "response times (median, p90) against targets; missed clocks by incident and each with its ticket; open tickets at the end of each day. As JSON, or one table as CSV.",
                ApiCallers.Staff,
                [
                    new(200, "The report (or, with format=csv, the table as text/csv).", typeof(SlaReportContract)),
                    new(400, "The period, format or table is not valid, or a parameter is unknown or repeated; `errors` names each."),
                    new(401, ApiDescriptions.Refused401),
                    new(403, ApiDescriptions.Refused403),
                    new(503, "Storage unavailable; retry after `Retry-After`.", Headers: ["Retry-After"]),
                ],
                Parameters: ReportApi.Parameters)),

        // The staff console.
        new(SupportDeskRoutes.StaffQueuePage, (HttpRequest request, StaffQueuePage page, CancellationToken ct) => page.GetAsync(request, ct)),
        new(SupportDeskRoutes.StaffSignInPage, (HttpRequest request, StaffSignInPages pages) => pages.Page(request)),
        new(SupportDeskRoutes.StaffSignIn, (HttpRequest request, StaffSignInPages pages, CancellationToken ct) => pages.SignInAsync(request, ct)),
        new(SupportDeskRoutes.StaffEntraSignIn, (HttpRequest request, StaffSignInPages pages, CancellationToken ct) => pages.EntraSignInAsync(request, ct)),
        new(SupportDeskRoutes.StaffSignOut, (HttpRequest request, StaffSignInPages pages, CancellationToken ct) => pages.SignOutAsync(request, ct)),
        new(SupportDeskRoutes.StaffTicketPage, (HttpRequest request, string ticketId, StaffTicketPage page, CancellationToken ct) => page.GetAsync(request, ticketId, ct)),
        new(SupportDeskRoutes.StaffTicketAction, (HttpRequest request, string ticketId, string action, StaffTicketActions actions, CancellationToken ct) =>
            actions.PostAsync(request, ticketId, action, ct)),
        new(SupportDeskRoutes.StaffAttachment, (HttpRequest request, string ticketId, string attachmentId, StaffAttachmentPages pages, CancellationToken ct) =>
            pages.DownloadAsync(request, ticketId, attachmentId, ct)),
        new(SupportDeskRoutes.StaffTracePage, (HttpRequest request, string ticketId, string attachmentId, StaffAttachmentPages pages, CancellationToken ct) =>
            pages.TraceAsync(request, ticketId, attachmentId, ct)),
        new(SupportDeskRoutes.StaffRegionsPage, (HttpRequest request, StaffRegionsPage page, CancellationToken ct) => page.GetAsync(request, ct)),
        new(SupportDeskRoutes.StaffReportsPage, (HttpRequest request, StaffReportsPage page, CancellationToken ct) => page.GetAsync(request, ct)),
        new(SupportDeskRoutes.StaffIncidentsPage, (HttpRequest request, StaffIncidentPages pages, CancellationToken ct) => pages.ListAsync(request, ct)),
        new(SupportDeskRoutes.StaffOpenIncident, (HttpRequest request, StaffIncidentPages pages, CancellationToken ct) => pages.OpenAsync(request, ct)),
        new(SupportDeskRoutes.StaffIncidentPage, (HttpRequest request, string incidentId, StaffIncidentPages pages, CancellationToken ct) => pages.GetAsync(request, incidentId, ct)),
        new(SupportDeskRoutes.StaffIncidentAction, (HttpRequest request, string incidentId, string action, StaffIncidentPages pages, CancellationToken ct) =>
            pages.PostAsync(request, incidentId, action, ct)),
        new(SupportDeskRoutes.Asset, (HttpRequest request, string file) => StaticAssets.Get(request, file)),

        // The Support Center.
        new(SupportDeskRoutes.CustomerTicketPage, (HttpRequest request, string ticketId, CustomerTicketPage page, CancellationToken ct) => page.GetAsync(request, ticketId, ct)),
        new(SupportDeskRoutes.CustomerTicketAction, (HttpRequest request, string ticketId, string action, CustomerTicketActions actions, CancellationToken ct) =>
            actions.PostAsync(request, ticketId, action, ct)),
        new(SupportDeskRoutes.CustomerSignInPage, (HttpRequest request, CustomerSignInPages pages, CancellationToken ct) => pages.PageAsync(request, ct)),
        new(SupportDeskRoutes.CustomerSignIn, (HttpRequest request, CustomerSignInPages pages, CancellationToken ct) => pages.SignInAsync(request, ct)),
        new(SupportDeskRoutes.CustomerSignInLinkPage, (HttpRequest request) => CustomerSignInPages.LinkPage(request)),
        new(SupportDeskRoutes.CustomerSignInLink, (HttpRequest request, CustomerSignInPages pages, CancellationToken ct) => pages.LinkAsync(request, ct)),
        new(SupportDeskRoutes.CustomerSignOut, (HttpRequest request, CustomerSignInPages pages, CancellationToken ct) => pages.SignOutAsync(request, ct)),
        new(SupportDeskRoutes.MyTicketsPage, (HttpRequest request, MyTicketsPage page, CancellationToken ct) => page.GetAsync(request, ct)),
        new(SupportDeskRoutes.CustomerReportsPage, (HttpRequest request, CustomerReportsPage page, CancellationToken ct) => page.GetAsync(request, ct)),
        new(SupportDeskRoutes.CustomerReportSubscription, (HttpRequest request, CustomerReportsPage page, CancellationToken ct) => page.SubscriptionAsync(request, ct)),
        new(SupportDeskRoutes.SubmitTicketPage, (HttpRequest request, SubmitTicketPage page, CancellationToken ct) => page.GetAsync(request, ct)),
        new(SupportDeskRoutes.SubmitTicketForm, (HttpRequest request, SubmitTicketForm form, CancellationToken ct) => form.PostAsync(request, ct)),
        new(SupportDeskRoutes.StatusSubscribe, (HttpRequest request, StatusSubscriptionPages pages, CancellationToken ct) => pages.SubscribeAsync(request, ct)),
        new(SupportDeskRoutes.StatusSubscriptionConfirmPage, (HttpRequest request) => StatusSubscriptionPages.ConfirmPage(request)),
        new(SupportDeskRoutes.StatusSubscriptionConfirm, (HttpRequest request, StatusSubscriptionPages pages, CancellationToken ct) => pages.ConfirmAsync(request, ct)),
        new(SupportDeskRoutes.StatusUnsubscribePage, (HttpRequest request) => StatusSubscriptionPages.UnsubscribePage(request)),
        new(SupportDeskRoutes.StatusUnsubscribe, (HttpRequest request, StatusSubscriptionPages pages, CancellationToken ct) => pages.UnsubscribeAsync(request, ct)),
    ];

    /// <summary>Every route either host serves, API and pages (the catch-all aside).</summary>
    public static IReadOnlyList<RouteDefinition> Routes { get; } = [.. All.Select(e => e.Route)];

    /// <summary>The API's routes, in the order the OpenAPI document lists them; each carries its description.</summary>
    public static IReadOnlyList<DeskEndpoint> Api { get; } = [.. All.Where(e => e.IsApi)];

    /// <summary>Every handler class a route takes (registered once each by the composition).</summary>
    public static IReadOnlyList<Type> HandlerTypes { get; } =
        [.. All.SelectMany(e => e.Handler.Method.GetParameters()).Select(p => p.ParameterType)
            .Where(t => t.Assembly == typeof(SupportDeskEndpoints).Assembly && t.IsClass).Distinct()];
}
