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
public static class StaffPageFunctions
{
    [Function(nameof(SupportDeskRoutes.StaffQueuePage))]
    public static Task<IActionResult> StaffQueuePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffConsoleTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        Desk.Hosting.Pages.StaffQueuePage.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffSignInPage))]
    public static IActionResult StaffSignInPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffSignInTemplate)] HttpRequest request) =>
        new HttpResultActionResult(StaffSignInPages.Page(request));

    [Function(nameof(SupportDeskRoutes.StaffSignIn))]
    public static Task<IActionResult> StaffSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StaffSignInTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        StaffSignInPages.SignInAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffEntraSignIn))]
    public static Task<IActionResult> StaffEntraSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffEntraSignInTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        StaffSignInPages.EntraSignInAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffSignOut))]
    public static Task<IActionResult> StaffSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StaffSignOutTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        StaffSignInPages.SignOutAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffTicketPage))]
    public static Task<IActionResult> StaffTicketPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffTicketPageTemplate)] HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        Desk.Hosting.Pages.StaffTicketPage.GetAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffTicketAction))]
    public static Task<IActionResult> StaffTicketAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StaffTicketActionTemplate)] HttpRequest request, string ticketId, string action, CancellationToken cancellationToken) =>
        Desk.Hosting.Pages.StaffTicketActions.PostAsync(request, ticketId, action, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffAttachment))]
    public static Task<IActionResult> StaffAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffAttachmentTemplate)] HttpRequest request, string ticketId, string attachmentId, CancellationToken cancellationToken) =>
        StaffAttachmentPages.DownloadAsync(request, ticketId, attachmentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffTracePage))]
    public static Task<IActionResult> StaffTracePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffTraceTemplate)] HttpRequest request, string ticketId, string attachmentId, CancellationToken cancellationToken) =>
        StaffAttachmentPages.TraceAsync(request, ticketId, attachmentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StaffRegionsPage))]
    public static Task<IActionResult> StaffRegionsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StaffRegionsPageTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        Desk.Hosting.Pages.StaffRegionsPage.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.Asset))]
    public static IActionResult Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.AssetTemplate)] HttpRequest request, string file) =>
        new HttpResultActionResult(StaticAssets.Get(request, file));

    [Function(nameof(SupportDeskRoutes.CustomerTicketPage))]
    public static Task<IActionResult> CustomerTicketPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.CustomerTicketPageTemplate)] HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        Desk.Hosting.Pages.CustomerTicketPage.GetAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.CustomerTicketAction))]
    public static Task<IActionResult> CustomerTicketAction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.CustomerTicketActionTemplate)] HttpRequest request, string ticketId, string action, CancellationToken cancellationToken) =>
        Desk.Hosting.Pages.CustomerTicketActions.PostAsync(request, ticketId, action, cancellationToken).AsActionResult();
}
