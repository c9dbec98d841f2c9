using Support.Desk.Application;
using Support.Desk.Application.Queue;
using Support.Desk.Hosting.Http;
using Support.Desk.Hosting.Pages;
using Support.Desk.Application.Ports;
using Support.Desk.Status;
using Support.Desk.Routes;

namespace Support.LocalHost;

/// <summary>The desk's HTTP API on the local host: the same handlers and routes as the Functions triggers.</summary>
internal static class LocalHostEndpoints
{
    delegate Task<IResult> CommandHandler(HttpRequest request, string ticketId, TicketCommands commands, TicketQueries queries, CancellationToken cancellationToken);

    public static IEndpointRouteBuilder MapSupportDeskApi(this IEndpointRouteBuilder endpoints, string functionKey)
    {
        void Map(RouteDefinition route, Delegate handler)
        {
            RouteHandlerBuilder endpoint = endpoints.MapMethods(route.Template, [route.Method], handler).WithName(route.Name).WithMetadata(route);
            if (route.RequiresFunctionKey)
            {
                endpoint.AddEndpointFilter((invocation, next) => FunctionKeys.IsPresented(invocation.HttpContext.Request, functionKey)
                    ? next(invocation)
                    : ValueTask.FromResult<object?>(FunctionKeys.Refused(invocation.HttpContext.Request)));
            }
        }

        void MapCommand(RouteDefinition route, CommandHandler handler) =>
            Map(route, (HttpRequest request, string ticketId, TicketCommands commands, TicketQueries queries, CancellationToken ct) =>
                handler(request, ticketId, commands, queries, ct));

        Map(SupportDeskRoutes.SubmitTicket, (HttpRequest request, TicketIntake intake, CancellationToken ct) =>
            TicketApi.SubmitAsync(request, intake, ct));
        Map(SupportDeskRoutes.ReceiveInboundEmail, (HttpRequest request, CancellationToken ct) => InboundEmailApi.ReceiveAsync(request, ct));
        Map(SupportDeskRoutes.ListTickets, (HttpRequest request, StaffQueue queue, CancellationToken ct) => QueueApi.ListAsync(request, queue, ct));
        Map(SupportDeskRoutes.GetTicket, (HttpRequest request, string ticketId, TicketQueries queries, CancellationToken ct) =>
            TicketApi.GetAsync(request, ticketId, queries, ct));
        MapCommand(SupportDeskRoutes.UpdateTicket, TicketApi.ReassignAsync);
        MapCommand(SupportDeskRoutes.RespondToTicket, TicketApi.RespondAsync);
        MapCommand(SupportDeskRoutes.AddTicketUpdate, TicketApi.AddUpdateAsync);
        MapCommand(SupportDeskRoutes.ProposeResolution, TicketApi.ProposeResolutionAsync);
        MapCommand(SupportDeskRoutes.ConfirmResolution, TicketApi.ConfirmAsync);
        Map(SupportDeskRoutes.AddAttachment, (HttpRequest request, string ticketId, TicketAttachments attachments, CancellationToken ct) =>
            AttachmentApi.AddAsync(request, ticketId, attachments, ct));
        Map(SupportDeskRoutes.GetAttachment, (HttpRequest request, string ticketId, string attachmentId, TicketAttachments attachments, CancellationToken ct) =>
            AttachmentApi.GetAsync(request, ticketId, attachmentId, attachments, ct));
        MapCommand(SupportDeskRoutes.RevokeTicketAccess, TicketApi.RevokeAccessAsync);
        Map(SupportDeskRoutes.GetOpenApiDocument, OpenApiDocument.Get);
        Map(SupportDeskRoutes.GetHealth, (HttpRequest request, DeskHealth health, CancellationToken ct) => HealthApi.GetAsync(request, health, ct));
        Map(SupportDeskRoutes.GetRegionalStatus, (HttpRequest request, StatusQueries queries, CancellationToken ct) => StatusApi.GetAsync(request, queries, ct));

        // The staff pages and their assets, through the same handlers as the Functions app's page triggers.
        Map(SupportDeskRoutes.StaffQueuePage, (HttpRequest request, CancellationToken ct) => StaffQueuePage.GetAsync(request, ct));
        Map(SupportDeskRoutes.StaffSignInPage, (HttpRequest request) => StaffSignInPages.Page(request));
        Map(SupportDeskRoutes.StaffSignIn, (HttpRequest request, CancellationToken ct) => StaffSignInPages.SignInAsync(request, ct));
        Map(SupportDeskRoutes.StaffEntraSignIn, (HttpRequest request, CancellationToken ct) => StaffSignInPages.EntraSignInAsync(request, ct));
        Map(SupportDeskRoutes.StaffSignOut, (HttpRequest request, CancellationToken ct) => StaffSignInPages.SignOutAsync(request, ct));
        Map(SupportDeskRoutes.StaffTicketPage, (HttpRequest request, string ticketId, CancellationToken ct) => StaffTicketPage.GetAsync(request, ticketId, ct));
        Map(SupportDeskRoutes.StaffTicketAction, (HttpRequest request, string ticketId, string action, CancellationToken ct) => StaffTicketActions.PostAsync(request, ticketId, action, ct));
        Map(SupportDeskRoutes.StaffAttachment, (HttpRequest request, string ticketId, string attachmentId, CancellationToken ct) =>
            StaffAttachmentPages.DownloadAsync(request, ticketId, attachmentId, ct));
        Map(SupportDeskRoutes.StaffTracePage, (HttpRequest request, string ticketId, string attachmentId, CancellationToken ct) =>
            StaffAttachmentPages.TraceAsync(request, ticketId, attachmentId, ct));
        Map(SupportDeskRoutes.StaffRegionsPage, (HttpRequest request, CancellationToken ct) => StaffRegionsPage.GetAsync(request, ct));
        Map(SupportDeskRoutes.Asset, (HttpRequest request, string file) => StaticAssets.Get(request, file));
        Map(SupportDeskRoutes.CustomerTicketPage, (HttpRequest request, string ticketId, CancellationToken ct) => CustomerTicketPage.GetAsync(request, ticketId, ct));
        Map(SupportDeskRoutes.CustomerTicketAction, (HttpRequest request, string ticketId, string action, CancellationToken ct) =>
            CustomerTicketActions.PostAsync(request, ticketId, action, ct));
        Map(SupportDeskRoutes.CustomerSignInPage, (HttpRequest request, CancellationToken ct) => CustomerSignInPages.PageAsync(request, ct));
        Map(SupportDeskRoutes.CustomerSignIn, (HttpRequest request, CancellationToken ct) => CustomerSignInPages.SignInAsync(request, ct));
        Map(SupportDeskRoutes.CustomerSignInLinkPage, (HttpRequest request) => CustomerSignInPages.LinkPage(request));
        Map(SupportDeskRoutes.CustomerSignInLink, (HttpRequest request, CancellationToken ct) => CustomerSignInPages.LinkAsync(request, ct));
        Map(SupportDeskRoutes.CustomerSignOut, (HttpRequest request, CancellationToken ct) => CustomerSignInPages.SignOutAsync(request, ct));
        Map(SupportDeskRoutes.MyTicketsPage, (HttpRequest request, CancellationToken ct) => MyTicketsPage.GetAsync(request, ct));
        Map(SupportDeskRoutes.SubmitTicketPage, (HttpRequest request, CancellationToken ct) => SubmitTicketPage.GetAsync(request, ct));
        Map(SupportDeskRoutes.SubmitTicketForm, (HttpRequest request, CancellationToken ct) => SubmitTicketPage.PostAsync(request, ct));
        Map(SupportDeskRoutes.StatusSubscribe, (HttpRequest request, CancellationToken ct) => StatusSubscriptionPages.SubscribeAsync(request, ct));
        Map(SupportDeskRoutes.StatusSubscriptionConfirmPage, (HttpRequest request) => StatusSubscriptionPages.ConfirmPage(request));
        Map(SupportDeskRoutes.StatusSubscriptionConfirm, (HttpRequest request, CancellationToken ct) => StatusSubscriptionPages.ConfirmAsync(request, ct));
        Map(SupportDeskRoutes.StatusUnsubscribePage, (HttpRequest request) => StatusSubscriptionPages.UnsubscribePage(request));
        Map(SupportDeskRoutes.StatusUnsubscribe, (HttpRequest request, CancellationToken ct) => StatusSubscriptionPages.UnsubscribeAsync(request, ct));

        // Every other path and method: problem+json 404 or 405, as the Functions app's catch-all answers.
        endpoints.MapFallback(SupportDeskRoutes.UnmatchedTemplate, (HttpRequest request) => UnmatchedRequests.Answer(request))
            .WithName(SupportDeskRoutes.Unmatched.Name).WithMetadata(SupportDeskRoutes.Unmatched);
        return endpoints;
    }
}
