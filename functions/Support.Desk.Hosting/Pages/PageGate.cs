using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// What every page checks before it answers, with the services that takes: the staff session (a browser without one
/// is sent to sign in and brought back, any other client gets a 401 problem; posts must carry the form's anti-forgery
/// token and come from the desk's own origin), the Support Center contact's session (read once per request, and still
/// listed by the directory), and who the client is for the per-client limits.
/// </summary>
public sealed class PageGate(PageSessions sessions, CustomerSignIn signIn, PageOptions pages)
{
    public PageSessions Sessions => sessions;

    /// <summary>The signed-in session, or the answer for a request without one (or whose session ended, or whose holder may no longer use the console).</summary>
    public async Task<(StaffSession? Session, IResult? Refused)> RequireStaffAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await sessions.ReadStaffAsync(request, cancellationToken).ConfigureAwait(false) is { } session)
        {
            return (session, null);
        }

        if (HttpMethods.IsGet(request.Method) && PageLayout.WantsHtml(request))
        {
            return (null, PageLayout.SeeOther(request, DeskLinks.PathOf(SupportDeskRoutes.StaffSignInTemplate) + "?returnUrl=" + Uri.EscapeDataString(request.Path + request.QueryString)));
        }

        request.HttpContext.Response.Headers.WWWAuthenticate = "Cookie realm=\"support-desk-staff\"";
        return (null, PageLayout.Error(request, StatusCodes.Status401Unauthorized, "unauthenticated", "Sign in first.",
            $"Staff pages need a session: sign in at /{SupportDeskRoutes.StaffSignInTemplate}."));
    }

    /// <summary>A POST's session and form, checked for the anti-forgery token and the origin; otherwise the answer.</summary>
    public async Task<(StaffSession? Session, IFormCollection? Form, IResult? Refused)> RequireStaffFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (StaffSession? session, IResult? refused) = await this.RequireStaffAsync(request, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return (null, null, refused);
        }

        IFormCollection? form = await PageAccess.ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
        if (form is null)
        {
            return (null, null, PageLayout.Error(request, StatusCodes.Status415UnsupportedMediaType, "not-a-form", "Not a form.",
                "Staff pages take HTML form posts (application/x-www-form-urlencoded) of at most 128 KiB."));
        }

        return sessions.AcceptsForm(request, form, session)
            ? (session, form, null)
            : (null, null, PageAccess.Forgery(request));
    }

    /// <summary>
    /// The Support Center session, when its cookie names a current session on the server and the directory still lists
    /// the contact for its tenant. Read once per request: the page's layout shows the same session.
    /// </summary>
    public async Task<CustomerSession?> CustomerAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (PageAccess.TryGetCustomerOfRequest(request, out CustomerSession? known))
        {
            return known;
        }

        CustomerSession? session = await sessions.ReadCustomerAsync(request, cancellationToken).ConfigureAwait(false);
        if (session is not null && signIn.Confirm(session.Contact.Email, session.Contact.Tenant) is null)
        {
            session = null;
        }

        PageAccess.RememberCustomerOfRequest(request, session, session is null ? null : sessions.CustomerFormToken(session));
        return session;
    }

    /// <summary>The signed-in contact's session, or the answer for a request without one (a browser is sent to sign in and brought back).</summary>
    public async Task<(CustomerSession? Session, IResult? Refused)> RequireCustomerAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await this.CustomerAsync(request, cancellationToken).ConfigureAwait(false) is { } session)
        {
            return (session, null);
        }

        if (HttpMethods.IsGet(request.Method) && PageLayout.WantsHtml(request))
        {
            return (null, PageLayout.SeeOther(request, DeskLinks.PathOf(SupportDeskRoutes.CustomerSignInTemplate) + "?returnUrl=" + Uri.EscapeDataString(request.Path + request.QueryString)));
        }

        request.HttpContext.Response.Headers.WWWAuthenticate = "Cookie realm=\"support-center\"";
        return (null, PageLayout.Error(request, StatusCodes.Status401Unauthorized, "unauthenticated", "Sign in first.",
            $"Support Center pages need a session: sign in at /{SupportDeskRoutes.CustomerSignInTemplate} with your work email."));
    }

    /// <summary>A signed-in contact's POST and form, checked for the anti-forgery token and the origin; otherwise the answer.</summary>
    public async Task<(CustomerSession? Session, IFormCollection? Form, IResult? Refused)> RequireCustomerFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (CustomerSession? session, IResult? refused) = await this.RequireCustomerAsync(request, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return (null, null, refused);
        }

        IFormCollection? form = await PageAccess.ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
        if (form is null)
        {
            return (null, null, PageLayout.Error(request, StatusCodes.Status415UnsupportedMediaType, "not-a-form", "Not a form.",
                "Support Center pages take HTML form posts (application/x-www-form-urlencoded) of at most 128 KiB."));
        }

        return sessions.AcceptsCustomerForm(request, form, session) ? (session, form, null) : (null, null, PageAccess.Forgery(request));
    }

    /// <summary>
    /// Who is asking, for the per-client limits: the connection's address, or where the platform's front end says the
    /// request came from (<see cref="PageOptions.ClientAddressHeader"/>, its last entry: the one the front end appended,
    /// which a client cannot forge).
    /// </summary>
    public string ClientAddress(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (pages.ClientAddressHeader is { Length: > 0 } header && request.Headers[header].ToString() is { Length: > 0 } forwarded)
        {
            string last = forwarded.Split(',')[^1].Trim();
            // "203.0.113.7:51234" and "[2001:db8::1]:443" carry a port; a bare IPv6 address has colons of its own.
            int colon = last.LastIndexOf(':');
            return last.StartsWith('[') ? last[1..Math.Max(1, last.IndexOf(']', StringComparison.Ordinal))]
                : colon > 0 && last.IndexOf(':', StringComparison.Ordinal) == colon ? last[..colon] : last;
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>A reader of a same-origin <c>multipart/form-data</c> post (a page's form with files), or null for anything else.</summary>
    public MultipartReader? MultipartOf(HttpRequest request) =>
        sessions.IsSameOrigin(request) ? MultipartForms.ReaderOf(request) : null;
}
