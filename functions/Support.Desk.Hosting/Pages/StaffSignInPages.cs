using Microsoft.AspNetCore.Http;
using Support.Desk.Hosting.Access;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// Staff sign-in to the pages. Locally (and wherever staff keys are configured) with a staff key, typed into a form.
/// In Azure with Microsoft Entra ID through App Service Authentication: the platform signs the user in and passes
/// the principal to <c>/staff/sign-in/entra</c>, which checks the staff app role and starts the same session.
/// </summary>
public sealed class StaffSignInPages(PageGate gate, CallerAuthenticator authenticator, PageOptions pages, AccessOptions access)
{
    const string KeyField = "staffKey";
    const string ReturnField = "returnUrl";

    /// <summary>The sign-out form's second button: end every session of this person, on every device.</summary>
    public const string ScopeField = "scope";
    public const string EverywhereScope = "everywhere";

    public IResult Page(HttpRequest request) => ApiFailures.Guard(request, () => Render(request, error: null, StatusCodes.Status200OK));

    public Task<IResult> SignInAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            PageSessions sessions = gate.Sessions;
            IFormCollection? form = await PageAccess.ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (form is null || !sessions.AcceptsSignInForm(request, form))
            {
                return PageAccess.Forgery(request);
            }

            string key = form[KeyField].ToString();
            if (key.Length is 0 or > 512 || authenticator.HolderOf(key) is not { } holder)
            {
                return Render(request, "That staff key is not valid.", StatusCodes.Status401Unauthorized);
            }

            if (!sessions.MayUseConsole(holder))
            {
                return Render(request, "That key's holder is not on the staff roster, so it cannot open the console.", StatusCodes.Status403Forbidden);
            }

            await sessions.SignInStaffAsync(request.HttpContext.Response, holder, SignInMethod.StaffKey, PageSessions.CredentialOf(key), cancellationToken).ConfigureAwait(false);
            return PageLayout.SeeOther(request, PageAccess.SafeReturn(form[ReturnField]));
        });

    /// <summary>Where App Service Authentication returns to after Entra ID sign-in.</summary>
    public Task<IResult> EntraSignInAsync(HttpRequest request, CancellationToken cancellationToken) => ApiFailures.GuardAsync(request, async () =>
    {
        if (!pages.AppServiceAuthentication)
        {
            return PageLayout.Error(request, StatusCodes.Status404NotFound, "entra-sign-in-off", "Entra ID sign-in is not set up here.",
                "This deployment signs staff in with staff keys. Entra ID sign-in needs App Service Authentication in front of the app (Pages:AppServiceAuthentication).");
        }

        if (AppServicePrincipal.Read(request) is not { } principal)
        {
            return PageLayout.Error(request, StatusCodes.Status401Unauthorized, "unauthenticated", "Not signed in with Microsoft.",
                "App Service Authentication passed no signed-in user; start again from the sign-in page.");
        }

        PageSessions sessions = gate.Sessions;
        if (!principal.Roles.Contains(access.Entra.StaffRole, StringComparer.Ordinal) || principal.Name is null || !sessions.MayUseConsole(principal.Name))
        {
            return PageLayout.Error(request, StatusCodes.Status403Forbidden, "forbidden", "Not a staff member.",
                $"Your account signed in, but it does not hold the app role {access.Entra.StaffRole} (or is not on the staff roster). Ask an administrator to assign it.");
        }

        await sessions.SignInStaffAsync(request.HttpContext.Response, principal.Name, SignInMethod.Entra, null, cancellationToken).ConfigureAwait(false);
        return PageLayout.SeeOther(request, PageAccess.SafeReturn(request.Query[ReturnField]));
    });

    public Task<IResult> SignOutAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (StaffSession? session, IFormCollection? form, IResult? refused) = await gate.RequireStaffFormAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            bool everywhere = form![ScopeField].ToString() == EverywhereScope;
            await gate.Sessions.SignOutStaffAsync(request.HttpContext.Response, session, everywhere, cancellationToken).ConfigureAwait(false);

            // With Entra ID, end the platform's session too, or the next visit signs straight back in.
            return PageLayout.SeeOther(request, session.Method == SignInMethod.Entra && pages.AppServiceAuthentication
                ? "/.auth/logout?post_logout_redirect_uri=" + Uri.EscapeDataString(DeskLinks.PathOf(SupportDeskRoutes.StaffSignInTemplate))
                : DeskLinks.PathOf(SupportDeskRoutes.StaffSignInTemplate) + "?signedOut=1");
        });

    IResult Render(HttpRequest request, string? error, int status)
    {
        PageSessions sessions = gate.Sessions;
        string returnUrl = PageAccess.SafeReturn(request.Query[ReturnField]);
        string entraStart = "/.auth/login/aad?post_login_redirect_uri="
            + Uri.EscapeDataString(DeskLinks.PathOf(SupportDeskRoutes.StaffEntraSignInTemplate) + "?returnUrl=" + Uri.EscapeDataString(returnUrl));
        bool keys = access.StaffKeyList().Count > 0;
        Html main = Html.Of($"""
            <div class="signin">
            <h1>Staff sign-in</h1>
            {Html.When(request.Query.ContainsKey("signedOut"), Html.Trusted("""<p class="notice ok" role="status">You are signed out.</p>"""))}
            {Html.When(error is not null, Html.Of($"""<p class="notice error" role="alert" id="signin-error">{error}</p>"""))}
            {Html.When(pages.AppServiceAuthentication, Html.Of($"""<p><a class="button" href="{entraStart}">Sign in with Microsoft</a></p>"""))}
            {Html.When(keys, Html.Of($"""
              <form method="post" action="{DeskLinks.PathOf(SupportDeskRoutes.StaffSignInTemplate)}" class="panel">
                <input type="hidden" name="{PageSessions.FormField}" value="{sessions.SignInFormToken(request, request.HttpContext.Response)}">
                <input type="hidden" name="{ReturnField}" value="{returnUrl}">
                <label for="staffKey">Staff key</label>
                <input id="staffKey" name="{KeyField}" type="password" autocomplete="current-password" required{Html.When(error is not null, Html.Trusted(" aria-describedby=\"signin-error\" aria-invalid=\"true\""))}>
                <p class="muted">Your personal key from Access:StaffKeys (local.settings.json prints it when the local host starts).</p>
                <div class="actions"><button type="submit">Sign in</button></div>
              </form>
              """))}
            </div>
            """);
        return PageLayout.Staff(request, "Sign in", main, null, null, string.Empty, status);
    }
}
