using System.Collections.Frozen;
using Support.Desk.Hosting.Http.Contracts;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Http;

/// <summary>Who may call an operation, as the document's security requirements say.</summary>
[Flags]
public enum ApiCallers
{
    Anonymous = 0,

    /// <summary>The intake webhook's function key.</summary>
    FunctionKey = 1,

    /// <summary>A ticket's customer, with its token.</summary>
    Customer = 2,

    /// <summary>Staff, with a staff key or an Entra ID token.</summary>
    Staff = 4,

    /// <summary>The email provider's Inbound Parse webhook, with the inbound endpoint's own basic-auth credentials.</summary>
    InboundEmailProvider = 8,
}

/// <summary>One answer of an operation: its status, what it means, and its body's type (a problem document when null and 4xx/5xx).</summary>
public sealed record ApiAnswer(int Status, string Meaning, Type? Body = null, string ContentType = "application/json", IReadOnlyList<string>? Headers = null);

/// <summary>A query or header parameter an operation reads.</summary>
public sealed record ApiParameter(string Name, string In, string Meaning);

/// <summary>What the OpenAPI document says of one route beside its method and path (those come from the route catalog).</summary>
public sealed record ApiDescription(
    string Summary,
    ApiCallers Callers,
    IReadOnlyList<ApiAnswer> Answers,
    Type? RequestBody = null,
    string RequestContentType = "application/json",
    IReadOnlyList<ApiParameter>? Parameters = null);

/// <summary>
/// The description of every API route, keyed by route name: the endpoint metadata the OpenAPI document is
/// generated from (<see cref="OpenApiDocument"/>). A route without a description stops the document, so a new
/// endpoint cannot go undocumented.
/// </summary>
public static class ApiDescriptions
{
    const string Refused401 = "No credentials, or wrong ones.";
    const string Refused403 = "These credentials may never do this (a customer on a staff operation, staff confirming for the customer, an Entra token without the staff role), or this body asks what the caller may not (staff posting as the customer).";
    const string NotFound404 = "No ticket with this ID that these credentials open (another customer's ticket looks the same).";

    static readonly ApiAnswer[] CommandAnswers =
    [
        new(200, "The ticket after the change, as the caller may see it.", typeof(TicketContract)),
        new(400, "Invalid fields (also text that is not Unicode); `errors` names each one, including unknown and repeated fields."),
        new(401, Refused401),
        new(403, Refused403),
        new(404, NotFound404),
        new(409, "Not allowed in the ticket's current state."),
        new(413, "Body over 128 KiB."),
        new(415, "Body is not JSON."),
        new(503, "Storage or the workflow engine did not answer; retry after `Retry-After`.", Headers: ["Retry-After"]),
    ];

    static readonly ApiParameter[] IdempotencyHeaders =
    [
        new("Idempotency-Key", "header", "Makes the submission safe to retry for 24 hours: the same key and body return the same ticket."),
        new("webhook-id", "header", "Standard Webhooks message ID; used as the idempotency key. With webhook-timestamp and webhook-signature when signatures are required."),
    ];

    static readonly FrozenDictionary<string, ApiDescription> Table = new Dictionary<string, ApiDescription>
    {
        [SupportDeskRoutes.ReceiveInboundEmail.Name] = new(
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
            RequestContentType: "multipart/form-data"),
        [SupportDeskRoutes.SubmitTicket.Name] = new(
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
            Parameters: IdempotencyHeaders),
        [SupportDeskRoutes.ListTickets.Name] = new(
            "The staff queue: open tickets (or one state), earliest running SLA deadline first, then paused clocks by time left, then tickets waiting on nobody's clock; filtered and paged.",
            ApiCallers.Staff,
            [
                new(200, "One page of the queue.", typeof(QueuePageContract)),
                new(400, "A filter, the page size or the continuation is not valid; `errors` names each (unknown parameters too)."),
                new(401, Refused401),
                new(403, Refused403),
                new(503, "Storage unavailable; retry after `Retry-After`.", Headers: ["Retry-After"]),
            ],
            Parameters: QueueApi.Parameters),
        [SupportDeskRoutes.GetTicket.Name] = new(
            "A ticket with its SLA clocks and timeline: everything for staff; for its customer, what is theirs.",
            ApiCallers.Customer | ApiCallers.Staff,
            [new(200, "The ticket.", typeof(TicketContract)), new(401, Refused401), new(403, Refused403), new(404, NotFound404), new(503, "Storage unavailable; retry after `Retry-After`.", Headers: ["Retry-After"])]),
        [SupportDeskRoutes.UpdateTicket.Name] = new(
            "Re-assign severity and/or assignee. A severity change recomputes every clock from its start.",
            ApiCallers.Staff, CommandAnswers, typeof(ReassignmentContract)),
        [SupportDeskRoutes.RespondToTicket.Name] = new(
            "Agent reply (satisfies the running response clock) or request for information (pauses it; waiting on the customer).",
            ApiCallers.Staff, CommandAnswers, typeof(AgentResponseContract)),
        [SupportDeskRoutes.AddTicketUpdate.Name] = new(
            "An update as whoever signed in: a customer's (resumes a paused clock), an agent's (conclusions, next steps), or a staff-only internal note.",
            ApiCallers.Customer | ApiCallers.Staff, CommandAnswers, typeof(TicketUpdateContract)),
        [SupportDeskRoutes.ProposeResolution.Name] = new(
            "Agent proposes a resolution; the customer is asked to confirm.",
            ApiCallers.Staff, CommandAnswers, typeof(ResolutionContract)),
        [SupportDeskRoutes.ConfirmResolution.Name] = new(
            "The customer confirms (closes the ticket) or rejects (back in progress) the proposed resolution.",
            ApiCallers.Customer, CommandAnswers, typeof(ConfirmationContract)),
        [SupportDeskRoutes.RevokeTicketAccess.Name] = new(
            "Staff revoke the customer's link: earlier links and tokens stop opening the ticket, and the requester is emailed a fresh link (unless the ticket is closed).",
            ApiCallers.Staff,
            [.. CommandAnswers.Where(a => a.Status is not (400 or 413 or 415))]),
        [SupportDeskRoutes.AddAttachment.Name] = new(
            "Attach a screenshot (PNG or JPEG), an HTTP trace (.har) or a log file (.log, .txt, .json). The file is the raw body; what it is comes from its content. "
            + "Traces and logs are sanitized by default-deny before they are stored. The caller, the ticket's state and its attachment count are checked before the body is read.",
            ApiCallers.Customer | ApiCallers.Staff,
            [
                new(200, "The same file was attached before; nothing new was stored.", typeof(AttachmentContract)),
                new(201, "Stored; `Location` is where to download it.", typeof(AttachmentContract), Headers: ["Location"]),
                new(401, Refused401),
                new(403, Refused403),
                new(404, NotFound404),
                new(409, "The ticket is closed, or already has 50 attachments."),
                new(413, "Screenshots and logs may be at most 10 MiB, traces 25 MiB."),
                new(415, "Not a screenshot, a trace or a log (executables, archives, documents, scripts, text not named as a log)."),
                new(422, "Starts like one but is malformed: a broken image, bytes after its end, absurd dimensions, JSON that is not a HAR, a HAR field of the wrong type, more than 2,000,000 values, text that is not UTF-8."),
                new(503, "Storage unavailable, or no upload turn came free in time; retry after `Retry-After`.", Headers: ["Retry-After"]),
            ],
            typeof(byte[]),
            "application/octet-stream",
            [new("filename", "query", "Display name; reduced to safe characters. For logs its extension (.log, .txt, .json) says the file is one.")]),
        [SupportDeskRoutes.GetAttachment.Name] = new(
            "Download an attachment, always as a file (Content-Disposition attachment, nosniff, sandboxed).",
            ApiCallers.Customer | ApiCallers.Staff,
            [
                new(200, "The file.", typeof(byte[]), "application/octet-stream"),
                new(401, Refused401),
                new(404, "No such attachment on a ticket these credentials open."),
                new(503, "Storage unavailable; retry after `Retry-After`.", Headers: ["Retry-After"]),
            ]),
        [SupportDeskRoutes.GetOpenApiDocument.Name] = new("This document.", ApiCallers.Anonymous, [new(200, "The OpenAPI document.", typeof(object))]),
        [SupportDeskRoutes.GetRegionalStatus.Name] = new(
            "Every region's status page state: health, indicator, active incidents, degraded components, maintenances, when last checked and changed, and history.",
            ApiCallers.Staff,
            [new(200, "Regional status.", typeof(RegionalStatusContract)), new(400, "Bad `since`."), new(401, Refused401), new(403, Refused403), new(503, "Storage unavailable.", Headers: ["Retry-After"])],
            Parameters: [new("since", "query", "History from this instant (RFC 3339); default: the last 24 hours.")]),
        [SupportDeskRoutes.GetHealth.Name] = new(
            "Whether storage and the durable backend are reachable, and how old the last regional status poll is.",
            ApiCallers.Anonymous,
            [new(200, "Healthy.", typeof(HealthContract)), new(503, "Storage or the durable backend is unreachable; Retry-After says when to ask again.", typeof(HealthContract), Headers: ["Retry-After"])]),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static ApiDescription For(RouteDefinition route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Table.TryGetValue(route.Name, out ApiDescription? description)
            ? description
            : throw new InvalidOperationException($"Route {route.Name} has no description in {nameof(ApiDescriptions)}; every API route is documented.");
    }
}
