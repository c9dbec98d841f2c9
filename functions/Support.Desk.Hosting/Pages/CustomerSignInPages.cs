using System.Globalization;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// Support Center sign-in without passwords. <c>/sign-in</c> takes a work email and always answers "check your
/// inbox" (the same words, status and time for every address, known or not; only the limits, counted for every
/// address alike, can refuse). The emailed link opens <c>/sign-in/link</c> with its token in the fragment, which no
/// server log sees; the person presses "Sign in", which posts the token once: a mail scanner that fetches links
/// does not use it up. The session cookie is HttpOnly, SameSite=Lax, Secure with <c>__Host-</c> in Azure, and names
/// one tenant.
/// </summary>
public sealed class CustomerSignInPages(PageGate gate, CustomerSignIn signIn, Settings.SupportCenterOptions supportCenter)
{
    const string EmailField = "email";

    public Task<IResult> PageAsync(HttpRequest request, CancellationToken cancellationToken) => ApiFailures.GuardAsync(request, async () =>
        await gate.CustomerAsync(request, cancellationToken).ConfigureAwait(false) is not null
            ? PageLayout.SeeOther(request, PageAccess.SafeCustomerReturn(request.Query["returnUrl"]))
            : Render(request, email: string.Empty, error: null, StatusCodes.Status200OK));

    public Task<IResult> SignInAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            IFormCollection? form = await PageAccess.ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (form is null || !gate.Sessions.AcceptsSignInForm(request, form))
            {
                return PageAccess.Forgery(request);
            }

            string email = form[EmailField].ToString();
            (SignInLinkRequest outcome, TimeSpan? retryAfter) = await signIn.RequestLinkAsync(email, gate.ClientAddress(request), cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case SignInLinkRequest.Invalid:
                    return Render(request, email, "Enter your work email address, such as jane@example.com.", StatusCodes.Status400BadRequest);
                case SignInLinkRequest.Throttled:
                    TimeSpan wait = retryAfter ?? TimeSpan.FromMinutes(1);
                    request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                    return Render(request, email, $"Too many sign-in links were asked for, for this address or from your network. Please try again in {(int)Math.Ceiling(wait.TotalMinutes)} minute(s).", StatusCodes.Status429TooManyRequests);
                case SignInLinkRequest.Busy:
                    request.HttpContext.Response.Headers.RetryAfter = "30";
                    return Render(request, email, "We cannot send sign-in links right now. Please try again in a minute.", StatusCodes.Status503ServiceUnavailable);
            }

            Html main = Html.Of($"""
                <h1>Check your inbox</h1>
                <p role="status">If <strong>{email.Trim()}</strong> belongs to an organisation with an enterprise support plan, we have emailed it a sign-in link. It may take a minute to arrive.</p>
                <p>The link works once, for {(int)supportCenter.SignInLinkLifetime.TotalMinutes} minutes. Nothing arrived? Check your spam folder, or ask your organisation's administrator to add your address to the Support Center.</p>
                <p><a href="{DeskLinks.PathOf(SupportDeskRoutes.CustomerSignInTemplate)}">Use another address</a></p>
                """);
            return PageLayout.Customer(request, "Check your inbox", main);
        });

    /// <summary>Where the emailed link lands: a button that posts the fragment's token (filled in by the script).</summary>
    public static IResult LinkPage(HttpRequest request) => ApiFailures.Guard(request, () =>
    {
        Html main = Html.Of($"""
            <h1>Sign in to the Support Center</h1>
            <form id="sign-in-link" method="post" action="{DeskLinks.PathOf(SupportDeskRoutes.CustomerSignInLinkTemplate)}" class="panel narrow">
              <input type="hidden" name="token" value="">
              <p>Press the button to finish signing in on this device.</p>
              <p id="sign-in-link-missing" class="field-error" hidden>This link is incomplete: open it again from the email, or ask for a new one.</p>
              <div class="actions"><button type="submit">Sign in</button></div>
            </form>
            <noscript><p>Signing in from the link needs JavaScript: the key in the link stays in your browser and is never sent in the address.</p></noscript>
            """);
        return PageLayout.Customer(request, "Sign in", main);
    });

    public Task<IResult> LinkAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            // Redeeming sets the session cookie: from another site it would sign the victim in as the attacker's contact.
            IFormCollection? form = await PageAccess.ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (form is null || !gate.Sessions.IsSameOrigin(request, requireEvidence: true))
            {
                return PageAccess.Forgery(request);
            }

            if (await signIn.RedeemAsync(form["token"].ToString(), cancellationToken).ConfigureAwait(false) is not CustomerContact contact)
            {
                return Render(request, string.Empty, "That sign-in link has expired or was already used. Enter your email for a new one.", StatusCodes.Status400BadRequest);
            }

            await gate.Sessions.SignInCustomerAsync(request.HttpContext.Response, contact, cancellationToken).ConfigureAwait(false);
            return PageLayout.SeeOther(request, DeskLinks.PathOf(SupportDeskRoutes.MyTicketsTemplate));
        });

    public Task<IResult> SignOutAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (CustomerSession? session, _, IResult? refused) = await gate.RequireCustomerFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            await gate.Sessions.SignOutCustomerAsync(request, session, cancellationToken).ConfigureAwait(false);
            PageAccess.ForgetCustomerOfRequest(request);
            return PageLayout.SeeOther(request, DeskLinks.PathOf(SupportDeskRoutes.CustomerSignInTemplate) + "?signedOut=1");
        });

    IResult Render(HttpRequest request, string email, string? error, int status)
    {
        string formToken = gate.Sessions.SignInFormToken(request, request.HttpContext.Response);
        Html main = Html.Of($"""
            <h1>Sign in to the Support Center</h1>
            {Html.When(request.Query.ContainsKey("signedOut"), Html.Trusted("""<p class="notice ok" role="status">You are signed out, and this browser no longer opens the tickets whose links it opened.</p>"""))}
            <p>Log production issues, follow your organisation's tickets and confirm fixes. We email you a link to sign in: no password.</p>
            <form method="post" action="{DeskLinks.PathOf(SupportDeskRoutes.CustomerSignInTemplate)}" class="panel narrow">
              <input type="hidden" name="{PageSessions.FormField}" value="{formToken}">
              <label for="email">Work email</label>
              <input id="email" name="{EmailField}" type="email" autocomplete="email" required maxlength="{EmailAddresses.MaxLength}" value="{email}"{Html.When(error is not null, Html.Trusted(" aria-describedby=\"email-error\" aria-invalid=\"true\""))}>
              {Html.When(error is not null, Html.Of($"""<p class="field-error" id="email-error" role="alert">{error}</p>"""))}
              <div class="actions"><button type="submit">Email me a sign-in link</button></div>
            </form>
            <p class="muted">Emailed us about a ticket? The link in that email opens the ticket without signing in.</p>
            """);
        return PageLayout.Customer(request, "Sign in", main, status);
    }
}
