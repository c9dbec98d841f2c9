using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// What every page needs before it answers: the staff session check (a browser without a session is sent to sign in
/// and brought back, any other client gets a 401 problem; posts must carry the form's anti-forgery token), the
/// pages' sessions, reading a posted form within limits, safe return addresses, and the forgery answer.
/// </summary>
public static class PageAccess
{
    public static PageSessions Sessions(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<PageSessions>();

    /// <summary>The signed-in session, or the answer for a request without one (or whose session ended, or whose holder may no longer use the console).</summary>
    public static async Task<(StaffSession? Session, IResult? Refused)> RequireAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await Sessions(request).ReadStaffAsync(request, cancellationToken).ConfigureAwait(false) is { } session)
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

    /// <summary>A POST's session and form, checked for the anti-forgery token; otherwise the answer.</summary>
    public static async Task<(StaffSession? Session, IFormCollection? Form, IResult? Refused)> RequireFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (StaffSession? session, IResult? refused) = await RequireAsync(request, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return (null, null, refused);
        }

        IFormCollection? form = await ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
        if (form is null)
        {
            return (null, null, PageLayout.Error(request, StatusCodes.Status415UnsupportedMediaType, "not-a-form", "Not a form.",
                "Staff pages take HTML form posts (application/x-www-form-urlencoded) of at most 128 KiB."));
        }

        return Sessions(request).AcceptsForm(request, form, session)
            ? (session, form, null)
            : (null, null, Forgery(request));
    }

    static readonly object CustomerKey = new();

    /// <summary>
    /// The Support Center session, when its cookie names a current session on the server and the directory still lists
    /// the contact for its tenant. Read once per request: the page's layout shows the same session (<see cref="CustomerOfRequest"/>).
    /// </summary>
    public static async Task<CustomerSession?> CustomerAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HttpContext.Items.TryGetValue(CustomerKey, out object? known))
        {
            return known as CustomerSession;
        }

        CustomerSession? session = await Sessions(request).ReadCustomerAsync(request, cancellationToken).ConfigureAwait(false);
        CustomerSignIn signIn = request.HttpContext.RequestServices.GetRequiredService<CustomerSignIn>();
        if (session is not null && signIn.Confirm(session.Contact.Email, session.Contact.Tenant) is null)
        {
            session = null;
        }

        request.HttpContext.Items[CustomerKey] = session;
        return session;
    }

    /// <summary>The contact's session as this request already read it (null when it has not, or there is none): for the layout's navigation.</summary>
    public static CustomerSession? CustomerOfRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items.TryGetValue(CustomerKey, out object? known) ? known as CustomerSession : null;
    }

    /// <summary>Forgets the session this request read (it was just ended), so the page answering the request shows none.</summary>
    public static void ForgetCustomerOfRequest(HttpRequest request) => request.HttpContext.Items[CustomerKey] = null;

    /// <summary>The signed-in contact's session, or the answer for a request without one (a browser is sent to sign in and brought back).</summary>
    public static async Task<(CustomerSession? Session, IResult? Refused)> RequireCustomerAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await CustomerAsync(request, cancellationToken).ConfigureAwait(false) is { } session)
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

    /// <summary>A signed-in contact's POST and form, checked for the anti-forgery token; otherwise the answer.</summary>
    public static async Task<(CustomerSession? Session, IFormCollection? Form, IResult? Refused)> RequireCustomerFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (CustomerSession? session, IResult? refused) = await RequireCustomerAsync(request, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return (null, null, refused);
        }

        IFormCollection? form = await ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
        if (form is null)
        {
            return (null, null, PageLayout.Error(request, StatusCodes.Status415UnsupportedMediaType, "not-a-form", "Not a form.",
                "Support Center pages take HTML form posts (application/x-www-form-urlencoded) of at most 128 KiB."));
        }

        return Sessions(request).AcceptsCustomerForm(request, form, session) ? (session, form, null) : (null, null, Forgery(request));
    }

    /// <summary>
    /// Who is asking, for the per-client limits: the connection's address, or where the platform's front end says the
    /// request came from (<see cref="PageOptions.ClientAddressHeader"/>, its last entry: the one the front end appended,
    /// which a client cannot forge).
    /// </summary>
    public static string ClientAddress(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        PageOptions pages = request.HttpContext.RequestServices.GetRequiredService<PageOptions>();
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

    /// <summary>A return address that stays on this site's Support Center pages (never an open redirect, never a staff page).</summary>
    public static string SafeCustomerReturn(string? returnUrl)
    {
        string home = DeskLinks.PathOf(SupportDeskRoutes.MyTicketsTemplate);
        return returnUrl is { Length: > 1 and < 2048 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.StartsWith("/staff", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("/api", StringComparison.OrdinalIgnoreCase)
            && !url.Contains('\\', StringComparison.Ordinal) && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? url
            : home;
    }

    /// <summary>A reader of a same-site <c>multipart/form-data</c> post (a page's form with files), or null for anything else.</summary>
    public static Microsoft.AspNetCore.WebUtilities.MultipartReader? MultipartOf(HttpRequest request) =>
        Sessions(request).IsSameOrigin(request) ? MultipartForms.ReaderOf(request) : null;

    public static IResult Forgery(HttpRequest request) =>
        PageLayout.Error(request, StatusCodes.Status403Forbidden, "anti-forgery", "The form could not be verified.",
            "The form's anti-forgery token is missing or does not belong to your session, or the post did not come from this site's own pages. Reload the page and try again.");

    const long MaxFormBytes = 128 * 1024;

    /// <summary>The posted form, or null when the body is no URL-encoded form or is too large.</summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true
            || request.ContentLength is > MaxFormBytes)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = (int)MaxFormBytes, KeyLengthLimit = 64, ValueCountLimit = 64 }, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A return address that stays on this site's staff pages (never an open redirect).</summary>
    public static string SafeReturn(string? returnUrl)
    {
        string home = DeskLinks.PathOf(SupportDeskRoutes.StaffConsoleTemplate);
        return returnUrl is { Length: > 0 and < 2048 } url && url.StartsWith(home, StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\', StringComparison.Ordinal) && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? url
            : home;
    }
}
