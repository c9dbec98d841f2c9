namespace Support.Desk.Hosting.Http;

/// <summary>
/// One HTTP route of the desk. Both hosts must expose exactly these (a test compares them).
/// <paramref name="RequiresFunctionKey"/>: the platform checks a function key first (Functions
/// <c>AuthorizationLevel.Function</c>; the local host checks its own key). Every other route but health and
/// the OpenAPI document authenticates its callers in the application.
/// </summary>
public sealed record RouteDefinition(string Name, string Method, string Template, bool RequiresFunctionKey = false);

/// <summary>
/// The desk's routes under <c>/api</c>. Templates are constants so the Functions triggers' attributes can
/// use them too.
/// </summary>
public static class SupportDeskRoutes
{
    public const string Prefix = "api";
    public const string TicketsTemplate = "tickets";
    public const string TicketTemplate = "tickets/{ticketId}";
    public const string ResponsesTemplate = "tickets/{ticketId}/responses";
    public const string UpdatesTemplate = "tickets/{ticketId}/updates";
    public const string ResolutionTemplate = "tickets/{ticketId}/resolution";
    public const string ConfirmationTemplate = "tickets/{ticketId}/confirmation";
    public const string AttachmentsTemplate = "tickets/{ticketId}/attachments";
    public const string AttachmentTemplate = "tickets/{ticketId}/attachments/{attachmentId}";
    public const string OpenApiTemplate = "openapi.json";
    public const string StatusTemplate = "status";
    public const string HealthTemplate = "health";

    public static readonly RouteDefinition SubmitTicket = new(nameof(SubmitTicket), "POST", TicketsTemplate, RequiresFunctionKey: true);
    public static readonly RouteDefinition GetTicket = new(nameof(GetTicket), "GET", TicketTemplate);
    public static readonly RouteDefinition UpdateTicket = new(nameof(UpdateTicket), "PATCH", TicketTemplate);
    public static readonly RouteDefinition RespondToTicket = new(nameof(RespondToTicket), "POST", ResponsesTemplate);
    public static readonly RouteDefinition AddTicketUpdate = new(nameof(AddTicketUpdate), "POST", UpdatesTemplate);
    public static readonly RouteDefinition ProposeResolution = new(nameof(ProposeResolution), "POST", ResolutionTemplate);
    public static readonly RouteDefinition ConfirmResolution = new(nameof(ConfirmResolution), "POST", ConfirmationTemplate);
    public static readonly RouteDefinition AddAttachment = new(nameof(AddAttachment), "POST", AttachmentsTemplate);
    public static readonly RouteDefinition GetAttachment = new(nameof(GetAttachment), "GET", AttachmentTemplate);
    public static readonly RouteDefinition GetOpenApiDocument = new(nameof(GetOpenApiDocument), "GET", OpenApiTemplate);
    public static readonly RouteDefinition GetRegionalStatus = new(nameof(GetRegionalStatus), "GET", StatusTemplate);
    public static readonly RouteDefinition GetHealth = new(nameof(GetHealth), "GET", HealthTemplate);

    public static IReadOnlyList<RouteDefinition> All { get; } =
        [SubmitTicket, GetTicket, UpdateTicket, RespondToTicket, AddTicketUpdate, ProposeResolution, ConfirmResolution, AddAttachment, GetAttachment, GetOpenApiDocument, GetRegionalStatus, GetHealth];
}
