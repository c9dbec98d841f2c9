namespace Support.Desk.Routes;

/// <summary>
/// One HTTP route of the desk. Which handler serves it, and what the OpenAPI document says of it, is its row in the
/// hosting layer's route table (<c>SupportDeskEndpoints</c>), which both hosts serve (a test compares them).
/// <paramref name="RequiresFunctionKey"/>: the platform checks a function key first (Functions
/// <c>AuthorizationLevel.Function</c>; the local host checks its own key). Every other route but health and
/// the OpenAPI document authenticates its callers in the application.
/// </summary>
public sealed record RouteDefinition(string Name, string Method, string Template, bool RequiresFunctionKey = false);

/// <summary>
/// The desk's route names and templates, which links in emails and answers are built from (<see cref="DeskLinks"/>) and
/// the Functions triggers' attributes name. The API lives under <c>/api</c>; everything else at the root is reserved for the pages
/// (the customer Support Center at <c>/</c>, the staff console at <c>/staff</c>). That is why <c>host.json</c>
/// sets the Functions route prefix to empty and every template here carries its own <c>api/</c>: one catalog
/// then describes every path either host serves, and one catch-all answers the rest. Templates are constants
/// so the Functions triggers' attributes can use them too.
/// </summary>
public static class SupportDeskRoutes
{
    public const string Prefix = "api";
    const string Api = Prefix + "/";
    public const string TicketsTemplate = Api + "tickets";
    public const string TicketTemplate = Api + "tickets/{ticketId}";
    public const string ResponsesTemplate = Api + "tickets/{ticketId}/responses";
    public const string UpdatesTemplate = Api + "tickets/{ticketId}/updates";
    public const string ResolutionTemplate = Api + "tickets/{ticketId}/resolution";
    public const string ConfirmationTemplate = Api + "tickets/{ticketId}/confirmation";
    public const string AttachmentsTemplate = Api + "tickets/{ticketId}/attachments";
    public const string AttachmentTemplate = Api + "tickets/{ticketId}/attachments/{attachmentId}";
    public const string AccessRevocationTemplate = Api + "tickets/{ticketId}/access-revocation";
    public const string OpenApiTemplate = Api + "openapi.json";
    public const string StatusTemplate = Api + "status";
    public const string HealthTemplate = Api + "health";
    public const string InboundEmailTemplate = Api + "inbound/email";
    public const string IncidentsTemplate = Api + "incidents";
    public const string IncidentTemplate = Api + "incidents/{incidentId}";
    public const string IncidentUpdatesTemplate = Api + "incidents/{incidentId}/updates";
    public const string IncidentResolutionTemplate = Api + "incidents/{incidentId}/resolution";
    public const string IncidentLinksTemplate = Api + "incidents/{incidentId}/links";
    public const string IncidentUnlinksTemplate = Api + "incidents/{incidentId}/unlinks";
    public const string SlaReportTemplate = Api + "reports/sla";

    /// <summary>Everything no route takes: answered 404, or 405 when another method of the path exists.</summary>
    public const string UnmatchedTemplate = "{*path}";

    public static readonly RouteDefinition SubmitTicket = new(nameof(SubmitTicket), "POST", TicketsTemplate, RequiresFunctionKey: true);
    public static readonly RouteDefinition ListTickets = new(nameof(ListTickets), "GET", TicketsTemplate);
    public static readonly RouteDefinition GetTicket = new(nameof(GetTicket), "GET", TicketTemplate);
    public static readonly RouteDefinition UpdateTicket = new(nameof(UpdateTicket), "PATCH", TicketTemplate);
    public static readonly RouteDefinition RespondToTicket = new(nameof(RespondToTicket), "POST", ResponsesTemplate);
    public static readonly RouteDefinition AddTicketUpdate = new(nameof(AddTicketUpdate), "POST", UpdatesTemplate);
    public static readonly RouteDefinition ProposeResolution = new(nameof(ProposeResolution), "POST", ResolutionTemplate);
    public static readonly RouteDefinition ConfirmResolution = new(nameof(ConfirmResolution), "POST", ConfirmationTemplate);
    public static readonly RouteDefinition AddAttachment = new(nameof(AddAttachment), "POST", AttachmentsTemplate);
    public static readonly RouteDefinition GetAttachment = new(nameof(GetAttachment), "GET", AttachmentTemplate);
    public static readonly RouteDefinition RevokeTicketAccess = new(nameof(RevokeTicketAccess), "POST", AccessRevocationTemplate);
    public static readonly RouteDefinition GetOpenApiDocument = new(nameof(GetOpenApiDocument), "GET", OpenApiTemplate);
    public static readonly RouteDefinition GetRegionalStatus = new(nameof(GetRegionalStatus), "GET", StatusTemplate);
    public static readonly RouteDefinition GetHealth = new(nameof(GetHealth), "GET", HealthTemplate);

    /// <summary>SendGrid's Inbound Parse webhook: customers' replies by email, authenticated in the app by credentials of its own (InboundEmail:Credentials), not by a function key.</summary>
    public static readonly RouteDefinition ReceiveInboundEmail = new(nameof(ReceiveInboundEmail), "POST", InboundEmailTemplate);

    public static readonly RouteDefinition ListIncidents = new(nameof(ListIncidents), "GET", IncidentsTemplate);
    public static readonly RouteDefinition OpenIncident = new(nameof(OpenIncident), "POST", IncidentsTemplate);
    public static readonly RouteDefinition GetIncident = new(nameof(GetIncident), "GET", IncidentTemplate);
    public static readonly RouteDefinition PostIncidentUpdate = new(nameof(PostIncidentUpdate), "POST", IncidentUpdatesTemplate);
    public static readonly RouteDefinition ResolveIncident = new(nameof(ResolveIncident), "POST", IncidentResolutionTemplate);
    public static readonly RouteDefinition LinkToIncident = new(nameof(LinkToIncident), "POST", IncidentLinksTemplate);
    public static readonly RouteDefinition UnlinkFromIncident = new(nameof(UnlinkFromIncident), "POST", IncidentUnlinksTemplate);
    public static readonly RouteDefinition GetSlaReport = new(nameof(GetSlaReport), "GET", SlaReportTemplate);

    /// <summary>The catch-all of both hosts (answered 404, or 405 naming the methods the path takes). Its method is every method.</summary>
    public static readonly RouteDefinition Unmatched = new(nameof(Unmatched), "*", UnmatchedTemplate);

    /// <summary>The methods the catch-all takes (every method a client may send).</summary>
    public static readonly string[] AnyMethod = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    /// <summary>A customer's ticket page; emails link here with the ticket's token in the fragment.</summary>
    public const string CustomerTicketPageTemplate = "tickets/{ticketId}";

    /// <summary>The staff console's queue.</summary>
    public const string StaffConsoleTemplate = "staff";

    /// <summary>A ticket in the staff console; staff emails link here.</summary>
    public const string StaffTicketPageTemplate = "staff/tickets/{ticketId}";

    public const string StaffSignInTemplate = "staff/sign-in";
    public const string StaffEntraSignInTemplate = "staff/sign-in/entra";
    public const string StaffSignOutTemplate = "staff/sign-out";

    /// <summary>A form on a staff ticket page: reply, request-info, resolution, update, note, assignment, assign-to-me, revoke-access.</summary>
    public const string StaffTicketActionTemplate = "staff/tickets/{ticketId}/{action}";
    public const string StaffAttachmentTemplate = "staff/tickets/{ticketId}/attachments/{attachmentId}";

    /// <summary>An HTTP trace (HAR) as a readable list of its requests.</summary>
    public const string StaffTraceTemplate = "staff/tickets/{ticketId}/attachments/{attachmentId}/requests";
    public const string StaffRegionsPageTemplate = "staff/regions";

    /// <summary>SLA attainment and response times for a period; <c>format=csv</c> downloads one of its tables.</summary>
    public const string StaffReportsPageTemplate = "staff/reports";

    /// <summary>Major incidents: the list (and the form that opens one), an incident's page, and its forms (update, note, resolve, link, unlink, link-matching).</summary>
    public const string StaffIncidentsTemplate = "staff/incidents";
    public const string StaffIncidentPageTemplate = "staff/incidents/{incidentId}";
    public const string StaffIncidentActionTemplate = "staff/incidents/{incidentId}/{action}";

    /// <summary>A form on a customer's ticket page: open (the link's token), update, resolved, not-resolved.</summary>
    public const string CustomerTicketActionTemplate = "tickets/{ticketId}/{action}";

    /// <summary>The Support Center's sign-in: a work email in, a single-use link out.</summary>
    public const string CustomerSignInTemplate = "sign-in";

    /// <summary>Where a sign-in link lands (its token in the fragment); posting it opens the session.</summary>
    public const string CustomerSignInLinkTemplate = "sign-in/link";
    public const string CustomerSignOutTemplate = "sign-out";

    /// <summary>My tickets: the signed-in contact's organisation's tickets, newest first; the Support Center's home.</summary>
    public const string MyTicketsTemplate = "tickets";

    /// <summary>The organisation's SLA report for a month of its own calendar (<c>?month=yyyy-MM</c>).</summary>
    public const string CustomerReportsTemplate = "reports";

    /// <summary>The monthly report email: <c>monthly=on</c> or <c>off</c>, for the signed-in contact's own address.</summary>
    public const string CustomerReportSubscriptionTemplate = "reports/subscription";

    /// <summary>The submit form with the pre-check triage. Not <c>tickets/new</c>: the Functions host orders routes by name, not by precedence.</summary>
    public const string SubmitTicketPageTemplate = "submit";

    /// <summary>Subscribing to the region's status emails (signed in), confirming by the emailed link, and one-click unsubscribe.</summary>
    public const string StatusSubscriptionsTemplate = "status/subscriptions";
    public const string StatusSubscriptionConfirmTemplate = "status/subscriptions/confirm";
    public const string StatusUnsubscribeTemplate = "status/unsubscribe";

    /// <summary>The pages' stylesheet, script and icon, embedded in the app.</summary>
    public const string AssetTemplate = "assets/{file}";

    public static readonly RouteDefinition StaffQueuePage = new(nameof(StaffQueuePage), "GET", StaffConsoleTemplate);
    public static readonly RouteDefinition StaffSignInPage = new(nameof(StaffSignInPage), "GET", StaffSignInTemplate);
    public static readonly RouteDefinition StaffSignIn = new(nameof(StaffSignIn), "POST", StaffSignInTemplate);
    public static readonly RouteDefinition StaffEntraSignIn = new(nameof(StaffEntraSignIn), "GET", StaffEntraSignInTemplate);
    public static readonly RouteDefinition StaffSignOut = new(nameof(StaffSignOut), "POST", StaffSignOutTemplate);
    public static readonly RouteDefinition StaffTicketPage = new(nameof(StaffTicketPage), "GET", StaffTicketPageTemplate);
    public static readonly RouteDefinition StaffTicketAction = new(nameof(StaffTicketAction), "POST", StaffTicketActionTemplate);
    public static readonly RouteDefinition StaffAttachment = new(nameof(StaffAttachment), "GET", StaffAttachmentTemplate);
    public static readonly RouteDefinition StaffTracePage = new(nameof(StaffTracePage), "GET", StaffTraceTemplate);
    public static readonly RouteDefinition StaffRegionsPage = new(nameof(StaffRegionsPage), "GET", StaffRegionsPageTemplate);
    public static readonly RouteDefinition StaffReportsPage = new(nameof(StaffReportsPage), "GET", StaffReportsPageTemplate);
    public static readonly RouteDefinition StaffIncidentsPage = new(nameof(StaffIncidentsPage), "GET", StaffIncidentsTemplate);
    public static readonly RouteDefinition StaffOpenIncident = new(nameof(StaffOpenIncident), "POST", StaffIncidentsTemplate);
    public static readonly RouteDefinition StaffIncidentPage = new(nameof(StaffIncidentPage), "GET", StaffIncidentPageTemplate);
    public static readonly RouteDefinition StaffIncidentAction = new(nameof(StaffIncidentAction), "POST", StaffIncidentActionTemplate);
    public static readonly RouteDefinition Asset = new(nameof(Asset), "GET", AssetTemplate);
    public static readonly RouteDefinition CustomerTicketPage = new(nameof(CustomerTicketPage), "GET", CustomerTicketPageTemplate);
    public static readonly RouteDefinition CustomerTicketAction = new(nameof(CustomerTicketAction), "POST", CustomerTicketActionTemplate);
    public static readonly RouteDefinition CustomerSignInPage = new(nameof(CustomerSignInPage), "GET", CustomerSignInTemplate);
    public static readonly RouteDefinition CustomerSignIn = new(nameof(CustomerSignIn), "POST", CustomerSignInTemplate);
    public static readonly RouteDefinition CustomerSignInLinkPage = new(nameof(CustomerSignInLinkPage), "GET", CustomerSignInLinkTemplate);
    public static readonly RouteDefinition CustomerSignInLink = new(nameof(CustomerSignInLink), "POST", CustomerSignInLinkTemplate);
    public static readonly RouteDefinition CustomerSignOut = new(nameof(CustomerSignOut), "POST", CustomerSignOutTemplate);
    public static readonly RouteDefinition MyTicketsPage = new(nameof(MyTicketsPage), "GET", MyTicketsTemplate);
    public static readonly RouteDefinition CustomerReportsPage = new(nameof(CustomerReportsPage), "GET", CustomerReportsTemplate);
    public static readonly RouteDefinition CustomerReportSubscription = new(nameof(CustomerReportSubscription), "POST", CustomerReportSubscriptionTemplate);
    public static readonly RouteDefinition SubmitTicketPage = new(nameof(SubmitTicketPage), "GET", SubmitTicketPageTemplate);
    public static readonly RouteDefinition SubmitTicketForm = new(nameof(SubmitTicketForm), "POST", SubmitTicketPageTemplate);
    public static readonly RouteDefinition StatusSubscribe = new(nameof(StatusSubscribe), "POST", StatusSubscriptionsTemplate);
    public static readonly RouteDefinition StatusSubscriptionConfirmPage = new(nameof(StatusSubscriptionConfirmPage), "GET", StatusSubscriptionConfirmTemplate);
    public static readonly RouteDefinition StatusSubscriptionConfirm = new(nameof(StatusSubscriptionConfirm), "POST", StatusSubscriptionConfirmTemplate);
    public static readonly RouteDefinition StatusUnsubscribePage = new(nameof(StatusUnsubscribePage), "GET", StatusUnsubscribeTemplate);
    public static readonly RouteDefinition StatusUnsubscribe = new(nameof(StatusUnsubscribe), "POST", StatusUnsubscribeTemplate);
}
