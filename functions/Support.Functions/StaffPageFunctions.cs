using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Desk.Hosting.Pages;
using Support.Desk.Routes;

namespace Support.Functions;

/// <summary>
/// HTTP triggers of the pages (staff console, customers' ticket pages) and their assets; the local host maps the
/// same handlers. Anonymous to the platform: the pages check the staff session or the ticket's link themselves.
/// </summary>
public sealed class StaffPageFunctions(
    StaffQueuePage queue, StaffSignInPages signIn, StaffTicketPage ticket, StaffTicketActions ticketActions, StaffAttachmentPages attachments, StaffRegionsPage regions,
    CustomerTicketPage customerTicket, CustomerTicketActions customerTicketActions)
{
    [Function(nameof(SupportDeskRoutes.StaffQueuePage))]
    public Task<IActionResult> StaffQueuePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffConsoleTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        queue.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffSignInPage))]
    public IActionResult StaffSignInPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffSignInTemplate)] HttpRequest request) =>
        new HttpResultActionResult(signIn.Page(request));

    [Function(nameof(SupportDeskRoutes.StaffSignIn))]
    public Task<IActionResult> StaffSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StaffSignInTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        signIn.SignInAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffEntraSignIn))]
    public Task<IActionResult> StaffEntraSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffEntraSignInTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        signIn.EntraSignInAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffSignOut))]
    public Task<IActionResult> StaffSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StaffSignOutTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        signIn.SignOutAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffTicketPage))]
    public Task<IActionResult> StaffTicketPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffTicketPageTemplate)] HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        ticket.GetAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffTicketAction))]
    public Task<IActionResult> StaffTicketAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StaffTicketActionTemplate)] HttpRequest request, string ticketId, string action, CancellationToken cancellationToken) =>
        ticketActions.PostAsync(request, ticketId, action, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffAttachment))]
    public Task<IActionResult> StaffAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffAttachmentTemplate)] HttpRequest request, string ticketId, string attachmentId, CancellationToken cancellationToken) =>
        attachments.DownloadAsync(request, ticketId, attachmentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffTracePage))]
    public Task<IActionResult> StaffTracePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffTraceTemplate)] HttpRequest request, string ticketId, string attachmentId, CancellationToken cancellationToken) =>
        attachments.TraceAsync(request, ticketId, attachmentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffRegionsPage))]
    public Task<IActionResult> StaffRegionsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffRegionsPageTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        regions.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.Asset))]
    public static IActionResult Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.AssetTemplate)] HttpRequest request, string file) =>
        new HttpResultActionResult(StaticAssets.Get(request, file));

    [Function(nameof(SupportDeskRoutes.CustomerTicketPage))]
    public Task<IActionResult> CustomerTicketPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.CustomerTicketPageTemplate)] HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        customerTicket.GetAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.CustomerTicketAction))]
    public Task<IActionResult> CustomerTicketAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.CustomerTicketActionTemplate)] HttpRequest request, string ticketId, string action, CancellationToken cancellationToken) =>
        customerTicketActions.PostAsync(request, ticketId, action, cancellationToken).AsActionResult();
}
