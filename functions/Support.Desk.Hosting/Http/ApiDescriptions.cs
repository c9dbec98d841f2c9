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
/// What several API routes' descriptions share (answers and parameters). Each route's own description is in its row
/// of <see cref="SupportDeskEndpoints"/>, where the OpenAPI document (<see cref="OpenApiDocument"/>) reads it.
/// </summary>
public static class ApiDescriptions
{
    internal const string Refused401 = "No credentials, or wrong ones.";
    internal const string Refused403 = "These credentials may never do this (a customer on a staff operation, staff confirming for the customer, an Entra token without the staff role), or this body asks what the caller may not (staff posting as the customer).";
    internal const string NotFound404 = "No ticket with this ID that these credentials open (another customer's ticket looks the same).";

    internal static readonly ApiAnswer[] CommandAnswers =
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

    internal static readonly ApiParameter[] IdempotencyHeaders =
    [
        new("Idempotency-Key", "header", "Makes the submission safe to retry for 24 hours: the same key and body return the same ticket."),
        new("webhook-id", "header", "Standard Webhooks message ID; used as the idempotency key. With webhook-timestamp and webhook-signature when signatures are required."),
    ];
}

/// <summary>What the incident commands answer.</summary>
internal static class IncidentApiAnswers
{
    internal static readonly ApiParameter[] Key =
    [
        new("Idempotency-Key", "header", "Makes the post safe to repeat: the same key posts once, and a repeat answers with what it posted (Idempotent-Replayed: true)."),
    ];

    static readonly ApiAnswer[] Refusals =
    [
        new(400, "Invalid fields; `errors` names each one."),
        new(401, ApiDescriptions.Refused401),
        new(403, ApiDescriptions.Refused403),
        new(413, "Body over 128 KiB."),
        new(415, "Body is not JSON."),
        new(503, "Storage unavailable; retry with the same Idempotency-Key.", Headers: ["Retry-After"]),
    ];

    internal static readonly ApiAnswer[] Opened =
    [
        new(200, "Opened before under this Idempotency-Key; nothing new.", typeof(IncidentSummaryContract), Headers: ["Location"]),
        new(201, "Opened.", typeof(IncidentSummaryContract), Headers: ["Location"]),
        .. Refusals,
    ];

    internal static readonly ApiAnswer[] Posted =
    [
        new(202, "Recorded; it reaches the linked tickets in the background (the incident shows how far it got).", typeof(BroadcastContract), Headers: ["Location"]),
        new(404, "No such incident."),
        new(409, "The incident is resolved."),
        .. Refusals,
    ];

    internal static readonly ApiAnswer[] Linked =
    [
        new(200, "The ticket, linked or unlinked.", typeof(IncidentLinkResultContract)),
        new(202, "Recorded; it reaches the matching tickets in the background.", typeof(BroadcastContract), Headers: ["Location"]),
        new(404, "No such incident, or no such ticket."),
        new(409, "The ticket is closed, already linked (or not linked), or the incident is resolved."),
        .. Refusals,
    ];
}
