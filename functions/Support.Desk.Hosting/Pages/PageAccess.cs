using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// What every page needs before it answers: the staff session check (a browser without a session is sent to sign in
/// and brought back, any other client gets a 401 problem; posts must carry the form's anti-forgery token), the
/// pages' sessions, reading a posted form within limits, safe return addresses, and the forgery answer.
/// </summary>
public static class PageAccess
{
    public static PageSessions Sessions(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<PageSessions>();

    /// <summary>The signed-in session, or the answer for a request without one.</summary>
    public static (StaffSession? Session, IResult? Refused) Require(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Sessions(request).Read(request) is { } session)
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
        (StaffSession? session, IResult? refused) = Require(request);
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

    public static IResult Forgery(HttpRequest request) =>
        PageLayout.Error(request, StatusCodes.Status403Forbidden, "anti-forgery", "The form could not be verified.",
            "The form's anti-forgery token is missing or does not belong to your session (or the post came from another site). Reload the page and try again.");

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
