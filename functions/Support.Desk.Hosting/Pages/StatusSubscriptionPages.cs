using System.Globalization;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application.Ports;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Domain;
using Support.Desk.Domain.Status;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// Status-email subscriptions. Subscribing is a signed-in contact's form; the address then confirms by its emailed
/// link (double opt-in). Confirming and unsubscribing are links in emails: a GET shows a button and changes nothing
/// (mail scanners fetch links), the POST does it. The unsubscribe address is also the <c>List-Unsubscribe</c> target of
/// every status email, so a mail client's one-click POST (RFC 8058, body <c>List-Unsubscribe=One-Click</c>, no
/// cookies) unsubscribes at once. Those two posts need no session or form token: the signed token in the address
/// is the authority, and it can only ever do this one harmless thing.
/// </summary>
public sealed class StatusSubscriptionPages(PageGate gate, ICustomerDirectory directory, StatusSubscriptions subscriptions)
{
    public Task<IResult> SubscribeAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (CustomerSession? session, IFormCollection? form, IResult? refused) = await gate.RequireCustomerFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            Customer customer = directory.Find(session.Contact.Tenant)!;
            Region region = WireNames.TryParse(form!["region"].ToString(), out Region chosen) ? chosen : customer.Region;
            (SubscribeOutcome outcome, TimeSpan? retryAfter) = await subscriptions.SubscribeAsync(session.Contact, form["email"].ToString(), region, gate.ClientAddress(request), cancellationToken).ConfigureAwait(false);
            string home = DeskLinks.PathOf(SupportDeskRoutes.MyTicketsTemplate);
            switch (outcome)
            {
                case SubscribeOutcome.Invalid:
                    return PageLayout.Error(request, StatusCodes.Status400BadRequest, "invalid-email", "That is not an email address.", "Enter an address such as team@example.com for status emails.");
                case SubscribeOutcome.Throttled:
                    request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling((retryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                    return PageLayout.Error(request, StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many subscription requests.",
                        "Too many subscription emails were asked for, for this address or from your network. Please try again later.");
                case SubscribeOutcome.Busy:
                    request.HttpContext.Response.Headers.RetryAfter = "30";
                    return PageLayout.Error(request, StatusCodes.Status503ServiceUnavailable, "mail-busy", "We cannot send emails right now.", "Please try again in a minute.");
                default:
                    return PageLayout.SeeOther(request, home + "?done=subscribed");
            }
        });

    public static IResult ConfirmPage(HttpRequest request) => ApiFailures.Guard(request, () =>
        Button(request, "Confirm your status emails", "Press the button to start getting status emails at this address.", "Confirm subscription",
            DeskLinks.PathOf(SupportDeskRoutes.StatusSubscriptionConfirmTemplate)));

    public Task<IResult> ConfirmAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            if (await subscriptions.ConfirmAsync(await TokenAsync(request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false) is not { } subscription)
            {
                return PageLayout.Error(request, StatusCodes.Status404NotFound, "subscription-not-found", "This link does not confirm a subscription.",
                    "It may have expired (links work for 7 days) or the subscription was cancelled. Subscribe again from the Support Center.");
            }

            return Done(request, "Subscribed", $"{subscription.Email} now gets an email whenever the {Regions.DisplayName(subscription.Region)} status page reports an incident or a major disruption. Every email has a one-click unsubscribe link.");
        });

    public static IResult UnsubscribePage(HttpRequest request) => ApiFailures.Guard(request, () =>
        Button(request, "Unsubscribe from status emails", "Press the button to stop status emails to this address.", "Unsubscribe",
            DeskLinks.PathOf(SupportDeskRoutes.StatusUnsubscribeTemplate)));

    public Task<IResult> UnsubscribeAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            string? token = await TokenAsync(request, cancellationToken).ConfigureAwait(false);
            (string Address, Region Region)? target = subscriptions.ReadUnsubscribe(token);
            if (target is null || !await subscriptions.UnsubscribeAsync(token, cancellationToken).ConfigureAwait(false))
            {
                return PageLayout.Error(request, StatusCodes.Status404NotFound, "unsubscribe-link-invalid", "This unsubscribe link is not valid.",
                    "It may be incomplete: use the link in the latest status email, or sign in to the Support Center to manage status emails.");
            }

            return Done(request, "Unsubscribed", $"{target.Value.Address} gets no more {Regions.DisplayName(target.Value.Region)} status emails.");
        });

    /// <summary>The token from the address (links, and RFC 8058 one-click posts) or from the page's form.</summary>
    static async Task<string?> TokenAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Query["token"].ToString() is { Length: > 0 } fromQuery)
        {
            return fromQuery;
        }

        return (await PageAccess.ReadFormAsync(request, cancellationToken).ConfigureAwait(false))?["token"].ToString();
    }

    static IResult Button(HttpRequest request, string title, string text, string button, string action)
    {
        string token = request.Query["token"].ToString();
        Html main = Html.Of($"""
            <h1>{title}</h1>
            <form method="post" action="{action}" class="panel narrow">
              <input type="hidden" name="token" value="{token}">
              <p>{text}</p>
              <div class="actions"><button type="submit">{button}</button></div>
            </form>
            """);
        return PageLayout.Customer(request, title, main);
    }

    static IResult Done(HttpRequest request, string title, string text)
    {
        Html main = Html.Of($"""
            <h1>{title}</h1>
            <p class="notice ok" role="status">{text}</p>
            <p><a href="{DeskLinks.PathOf(SupportDeskRoutes.MyTicketsTemplate)}">Go to the Support Center</a></p>
            """);
        return PageLayout.Customer(request, title, main);
    }
}
