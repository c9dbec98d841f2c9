using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// The shell every page shares (landmarks, skip link, navigation, one stylesheet and one script from
/// <c>/assets</c>), the security headers every page carries, and page-shaped answers: HTML, redirects after a
/// POST, and errors (an HTML page for a browser, problem+json for every other client).
/// </summary>
public static class PageLayout
{
    /// <summary>No inline script or style, nothing from elsewhere, no framing, forms post only here.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The staff console's sections, for the navigation: (label, path).</summary>
    static readonly (string Label, string Path, string Key)[] StaffSections =
    [
        ("Queue", DeskLinks.PathOf(SupportDeskRoutes.StaffConsoleTemplate), "queue"),
        ("Incidents", DeskLinks.PathOf(SupportDeskRoutes.StaffIncidentsTemplate), "incidents"),
        ("Regions", DeskLinks.PathOf(SupportDeskRoutes.StaffRegionsPageTemplate), "regions"),
        ("Reports", DeskLinks.PathOf(SupportDeskRoutes.StaffReportsPageTemplate), "reports"),
    ];

    public static IResult Staff(HttpRequest request, string title, Html main, StaffSession? session, PageSessions? sessions, string active, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(request);
        Html nav = session is null || sessions is null
            ? Html.Empty
            : Html.Of($"""
                <nav aria-label="Staff console"><ul class="nav">{StaffSections.Select(s => Html.Of($"""<li><a href="{s.Path}"{Html.When(s.Key == active, Html.Trusted(" aria-current=\"page\""))}>{s.Label}</a></li>"""))}</ul></nav>
                <form class="signout" method="post" action="{DeskLinks.PathOf(SupportDeskRoutes.StaffSignOutTemplate)}">
                  <input type="hidden" name="{PageSessions.FormField}" value="{sessions.FormToken(session)}">
                  <span class="who">{session.Name}</span> <button type="submit" class="link">Sign out</button>
                  <button type="submit" class="link" name="{StaffSignInPages.ScopeField}" value="{StaffSignInPages.EverywhereScope}">Sign out everywhere</button>
                </form>
                """);
        return Answer(request, Document(title, "Support desk", DeskLinks.PathOf(SupportDeskRoutes.StaffConsoleTemplate), nav, main), status);
    }

    static readonly (string Label, string Path, string Key)[] CustomerSections =
    [
        ("My tickets", DeskLinks.PathOf(SupportDeskRoutes.MyTicketsTemplate), "tickets"),
        ("Submit a ticket", DeskLinks.PathOf(SupportDeskRoutes.SubmitTicketPageTemplate), "submit"),
        ("SLA report", DeskLinks.PathOf(SupportDeskRoutes.CustomerReportsTemplate), "reports"),
    ];

    /// <summary>A page of the customer Support Center: the same shell with the Support Center's name, and its navigation for a signed-in contact.</summary>
    public static IResult Customer(HttpRequest request, string title, Html main, int status = StatusCodes.Status200OK, string active = "")
    {
        ArgumentNullException.ThrowIfNull(request);
        Html nav = PageAccess.CustomerOfRequest(request) is not { } signedIn
            ? Html.Empty
            : Html.Of($"""
                <nav aria-label="Support Center"><ul class="nav">{CustomerSections.Select(s => Html.Of($"""<li><a href="{s.Path}"{Html.When(s.Key == active, Html.Trusted(" aria-current=\"page\""))}>{s.Label}</a></li>"""))}</ul></nav>
                <form class="signout" method="post" action="{DeskLinks.PathOf(SupportDeskRoutes.CustomerSignOutTemplate)}">
                  <input type="hidden" name="{PageSessions.FormField}" value="{signedIn.FormToken}">
                  <span class="who">{signedIn.Session.Contact.Email} ({signedIn.Session.Contact.Tenant})</span> <button type="submit" class="link">Sign out</button>
                </form>
                """);
        return Answer(request, Document(title, "Support Center", DeskLinks.PathOf(SupportDeskRoutes.MyTicketsTemplate), nav, main), status);
    }

    static Html Document(string title, string brand, string home, Html nav, Html main) => Html.Of($"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{title} · {brand}</title>
        <link rel="stylesheet" href="{StaticAssets.PathOf("desk.css")}">
        <link rel="icon" href="{StaticAssets.PathOf("favicon.svg")}" type="image/svg+xml">
        <script src="{StaticAssets.PathOf("desk.js")}" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top"><a class="brand" href="{home}">{brand}</a>{nav}</header>
        <main id="main" tabindex="-1">
        {main}
        </main>
        </body>
        </html>
        """);

    static IResult Answer(HttpRequest request, Html page, int status)
    {
        SecureHeaders(request.HttpContext.Response);
        return Results.Text(page.Value, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    public static void SecureHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
        response.Headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";

        // Pages show tickets: never keep them in a shared or back/forward cache.
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>After a POST: see the result with a GET (303), so a reload never posts twice.</summary>
    public static IResult SeeOther(HttpRequest request, string location)
    {
        ArgumentNullException.ThrowIfNull(request);
        SecureHeaders(request.HttpContext.Response);
        request.HttpContext.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    public static bool WantsHtml(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>An error on a page route: a page saying what is wrong for a browser; problem+json for any other client.</summary>
    public static IResult Error(HttpRequest request, int status, string type, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!WantsHtml(request))
        {
            return Problems.Create(request, status, type, title, detail);
        }

        bool staff = request.Path.StartsWithSegments("/" + SupportDeskRoutes.StaffConsoleTemplate, StringComparison.OrdinalIgnoreCase);
        Html main = Html.Of($"""
            <h1>{title}</h1>
            <p>{detail}</p>
            <p><a href="{DeskLinks.PathOf(staff ? SupportDeskRoutes.StaffConsoleTemplate : SupportDeskRoutes.MyTicketsTemplate)}">{(staff ? "Back to the queue" : "Back to the Support Center")}</a></p>
            """);
        return staff ? Staff(request, title, main, null, null, string.Empty, status) : Customer(request, title, main, status);
    }
}
