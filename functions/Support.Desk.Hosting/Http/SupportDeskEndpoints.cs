using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Hosting.Pages;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Http;

/// <summary>One route of the desk and the handler that serves it, in the shape a minimal API maps.</summary>
public sealed record DeskEndpoint(RouteDefinition Route, Delegate Handler);

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
        new(SupportDeskRoutes.SubmitTicket, (HttpRequest request, TicketApi api, CancellationToken ct) => api.SubmitAsync(request, ct)),
        new(SupportDeskRoutes.ReceiveInboundEmail, (HttpRequest request, InboundEmailApi api, CancellationToken ct) => api.ReceiveAsync(request, ct)),
        new(SupportDeskRoutes.ListTickets, (HttpRequest request, QueueApi api, CancellationToken ct) => api.ListAsync(request, ct)),
        new(SupportDeskRoutes.GetTicket, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.GetAsync(request, ticketId, ct)),
        new(SupportDeskRoutes.UpdateTicket, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.ReassignAsync(request, ticketId, ct)),
        new(SupportDeskRoutes.RespondToTicket, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.RespondAsync(request, ticketId, ct)),
        new(SupportDeskRoutes.AddTicketUpdate, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.AddUpdateAsync(request, ticketId, ct)),
        new(SupportDeskRoutes.ProposeResolution, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.ProposeResolutionAsync(request, ticketId, ct)),
        new(SupportDeskRoutes.ConfirmResolution, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.ConfirmAsync(request, ticketId, ct)),
        new(SupportDeskRoutes.AddAttachment, (HttpRequest request, string ticketId, AttachmentApi api, CancellationToken ct) => api.AddAsync(request, ticketId, ct)),
        new(SupportDeskRoutes.GetAttachment, (HttpRequest request, string ticketId, string attachmentId, AttachmentApi api, CancellationToken ct) =>
            api.GetAsync(request, ticketId, attachmentId, ct)),
        new(SupportDeskRoutes.RevokeTicketAccess, (HttpRequest request, string ticketId, TicketApi api, CancellationToken ct) => api.RevokeAccessAsync(request, ticketId, ct)),
        new(SupportDeskRoutes.GetOpenApiDocument, OpenApiDocument.Get),
        new(SupportDeskRoutes.GetHealth, (HttpRequest request, DeskHealth health, CancellationToken ct) => HealthApi.GetAsync(request, health, ct)),
        new(SupportDeskRoutes.GetRegionalStatus, (HttpRequest request, StatusApi api, CancellationToken ct) => api.GetAsync(request, ct)),

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
        new(SupportDeskRoutes.SubmitTicketPage, (HttpRequest request, SubmitTicketPage page, CancellationToken ct) => page.GetAsync(request, ct)),
        new(SupportDeskRoutes.SubmitTicketForm, (HttpRequest request, SubmitTicketForm form, CancellationToken ct) => form.PostAsync(request, ct)),
        new(SupportDeskRoutes.StatusSubscribe, (HttpRequest request, StatusSubscriptionPages pages, CancellationToken ct) => pages.SubscribeAsync(request, ct)),
        new(SupportDeskRoutes.StatusSubscriptionConfirmPage, (HttpRequest request) => StatusSubscriptionPages.ConfirmPage(request)),
        new(SupportDeskRoutes.StatusSubscriptionConfirm, (HttpRequest request, StatusSubscriptionPages pages, CancellationToken ct) => pages.ConfirmAsync(request, ct)),
        new(SupportDeskRoutes.StatusUnsubscribePage, (HttpRequest request) => StatusSubscriptionPages.UnsubscribePage(request)),
        new(SupportDeskRoutes.StatusUnsubscribe, (HttpRequest request, StatusSubscriptionPages pages, CancellationToken ct) => pages.UnsubscribeAsync(request, ct)),
    ];

    /// <summary>Every handler class a route takes (registered once each by the composition).</summary>
    public static IReadOnlyList<Type> HandlerTypes { get; } =
        [.. All.SelectMany(e => e.Handler.Method.GetParameters()).Select(p => p.ParameterType)
            .Where(t => t.Assembly == typeof(SupportDeskEndpoints).Assembly && t.IsClass).Distinct()];
}
