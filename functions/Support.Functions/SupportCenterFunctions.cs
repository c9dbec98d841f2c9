using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Desk.Hosting.Pages;
using Support.Desk.Routes;

namespace Support.Functions;

/// <summary>
/// HTTP triggers of the customer Support Center: sign-in by email link, My tickets, the submit form, status-email
/// subscriptions. The local host maps the same handlers. Anonymous to the platform: the pages check the Support
/// Center session, or the signed token in a link, themselves. No two of these routes overlap (the Functions host
/// orders routes by function name, not by ASP.NET Core's precedence).
/// </summary>
public static class SupportCenterFunctions
{
    [Function(nameof(SupportDeskRoutes.CustomerSignInPage))]
    public static Task<IActionResult> CustomerSignInPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.CustomerSignInTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        CustomerSignInPages.PageAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.CustomerSignIn))]
    public static Task<IActionResult> CustomerSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.CustomerSignInTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        CustomerSignInPages.SignInAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.CustomerSignInLinkPage))]
    public static IActionResult CustomerSignInLinkPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.CustomerSignInLinkTemplate)] HttpRequest request) =>
        new HttpResultActionResult(CustomerSignInPages.LinkPage(request));

    [Function(nameof(SupportDeskRoutes.CustomerSignInLink))]
    public static Task<IActionResult> CustomerSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.CustomerSignInLinkTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        CustomerSignInPages.LinkAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.CustomerSignOut))]
    public static Task<IActionResult> CustomerSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.CustomerSignOutTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        CustomerSignInPages.SignOutAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.MyTicketsPage))]
    public static Task<IActionResult> MyTicketsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.MyTicketsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        Desk.Hosting.Pages.MyTicketsPage.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.SubmitTicketPage))]
    public static Task<IActionResult> SubmitTicketPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.SubmitTicketPageTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        Desk.Hosting.Pages.SubmitTicketPage.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.SubmitTicketForm))]
    public static Task<IActionResult> SubmitTicketForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.SubmitTicketPageTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        Desk.Hosting.Pages.SubmitTicketPage.PostAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StatusSubscribe))]
    public static Task<IActionResult> StatusSubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StatusSubscriptionsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        StatusSubscriptionPages.SubscribeAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StatusSubscriptionConfirmPage))]
    public static IActionResult StatusSubscriptionConfirmPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StatusSubscriptionConfirmTemplate)] HttpRequest request) =>
        new HttpResultActionResult(StatusSubscriptionPages.ConfirmPage(request));

    [Function(nameof(SupportDeskRoutes.StatusSubscriptionConfirm))]
    public static Task<IActionResult> StatusSubscriptionConfirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StatusSubscriptionConfirmTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        StatusSubscriptionPages.ConfirmAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StatusUnsubscribePage))]
    public static IActionResult StatusUnsubscribePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StatusUnsubscribeTemplate)] HttpRequest request) =>
        new HttpResultActionResult(StatusSubscriptionPages.UnsubscribePage(request));

    [Function(nameof(SupportDeskRoutes.StatusUnsubscribe))]
    public static Task<IActionResult> StatusUnsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StatusUnsubscribeTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        StatusSubscriptionPages.UnsubscribeAsync(request, cancellationToken).AsActionResult();
}
