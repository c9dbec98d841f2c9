using Microsoft.AspNetCore.Http;
using Support.Desk.Application.SupportCenter;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// What pages share that needs no service: reading a posted form within limits, safe return addresses, the forgery
/// answer, and the contact's session as this request has read it (the checks that need services are <see cref="PageGate"/>'s).
/// </summary>
public static class PageAccess
{
    /// <summary>A GET form's query without its empty fields (an empty field means "any" or "the default"), less <paramref name="except"/>.</summary>
    public static QueryCollection FilledFields(IQueryCollection query, string? except = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filled = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(StringComparer.Ordinal);
        foreach ((string key, Microsoft.Extensions.Primitives.StringValues values) in query.Where(p => p.Key != except && p.Value.ToString().Length > 0))
        {
            filled[key] = values;
        }

        return new QueryCollection(filled);
    }

    /// <summary>The signed-in contact this request has read, and their forms' token, for the layout's navigation.</summary>
    sealed record SignedInCustomer(CustomerSession? Session, string? FormToken);

    static readonly object CustomerKey = new();

    /// <summary>Whether this request has read the contact's session already (<see cref="PageGate.CustomerAsync"/>), and which.</summary>
    public static bool TryGetCustomerOfRequest(HttpRequest request, out CustomerSession? session)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool known = request.HttpContext.Items.TryGetValue(CustomerKey, out object? value);
        session = (value as SignedInCustomer)?.Session;
        return known;
    }

    public static void RememberCustomerOfRequest(HttpRequest request, CustomerSession? session, string? formToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Items[CustomerKey] = new SignedInCustomer(session, formToken);
    }

    /// <summary>The contact's session as this request already read it, with its forms' token (none when it has not, or there is none).</summary>
    public static (CustomerSession Session, string FormToken)? CustomerOfRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items.TryGetValue(CustomerKey, out object? value) && value is SignedInCustomer { Session: { } session, FormToken: { } token }
            ? (session, token)
            : null;
    }

    /// <summary>Forgets the session this request read (it was just ended), so the page answering the request shows none.</summary>
    public static void ForgetCustomerOfRequest(HttpRequest request) => RememberCustomerOfRequest(request, null, null);

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
