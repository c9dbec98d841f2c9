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
public sealed class SupportCenterFunctions(CustomerSignInPages signIn, MyTicketsPage myTickets, SubmitTicketPage submit, SubmitTicketForm submitForm, StatusSubscriptionPages subscriptions)
{
    [Function(nameof(SupportDeskRoutes.CustomerSignInPage))]
    public Task<IActionResult> CustomerSignInPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.CustomerSignInTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        signIn.PageAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.CustomerSignIn))]
    public Task<IActionResult> CustomerSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.CustomerSignInTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        signIn.SignInAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.CustomerSignInLinkPage))]
    public static IActionResult CustomerSignInLinkPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.CustomerSignInLinkTemplate)] HttpRequest request) =>
        new HttpResultActionResult(CustomerSignInPages.LinkPage(request));

    [Function(nameof(SupportDeskRoutes.CustomerSignInLink))]
    public Task<IActionResult> CustomerSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.CustomerSignInLinkTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        signIn.LinkAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.CustomerSignOut))]
    public Task<IActionResult> CustomerSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.CustomerSignOutTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        signIn.SignOutAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.MyTicketsPage))]
    public Task<IActionResult> MyTicketsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.MyTicketsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        myTickets.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.SubmitTicketPage))]
    public Task<IActionResult> SubmitTicketPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.SubmitTicketPageTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        submit.GetAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.SubmitTicketForm))]
    public Task<IActionResult> SubmitTicketForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.SubmitTicketPageTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        submitForm.PostAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StatusSubscribe))]
    public Task<IActionResult> StatusSubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StatusSubscriptionsTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        subscriptions.SubscribeAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StatusSubscriptionConfirmPage))]
    public static IActionResult StatusSubscriptionConfirmPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StatusSubscriptionConfirmTemplate)] HttpRequest request) =>
        new HttpResultActionResult(StatusSubscriptionPages.ConfirmPage(request));

    [Function(nameof(SupportDeskRoutes.StatusSubscriptionConfirm))]
    public Task<IActionResult> StatusSubscriptionConfirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StatusSubscriptionConfirmTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        subscriptions.ConfirmAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.StatusUnsubscribePage))]
    public static IActionResult StatusUnsubscribePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StatusUnsubscribeTemplate)] HttpRequest request) =>
        new HttpResultActionResult(StatusSubscriptionPages.UnsubscribePage(request));

    [Function(nameof(SupportDeskRoutes.StatusUnsubscribe))]
    public Task<IActionResult> StatusUnsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.StatusUnsubscribeTemplate)] HttpRequest request, CancellationToken cancellationToken) =>
        subscriptions.UnsubscribeAsync(request, cancellationToken).AsActionResult();
}
