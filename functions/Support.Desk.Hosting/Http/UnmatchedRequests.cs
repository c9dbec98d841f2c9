using Microsoft.AspNetCore.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// The answer to a request no route takes, the same in both hosts: 405 with <c>Allow</c> when the path is one of
/// the desk's with another method, otherwise 404; problem+json either way.
/// </summary>
public static class UnmatchedRequests
{
    public static IResult Answer(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The site's root is the Support Center. It cannot be a route of its own: an empty Functions route means "the
        // function's name", so the catch-all (which both hosts send "/" to) sends browsers on to My tickets.
        if ((request.Path.Value ?? "/") == "/" && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            request.HttpContext.Response.Headers.Location = DeskLinks.PathOf(SupportDeskRoutes.MyTicketsTemplate);
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }

        string[] allowed = [.. SupportDeskEndpoints.Routes
            .Where(route => Matches(route.Template, request.Path.Value ?? string.Empty))
            .Select(route => route.Method)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
        if (allowed.Length > 0)
        {
            request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
            return Problems.Create(request, StatusCodes.Status405MethodNotAllowed, "method-not-allowed", "Method not allowed.",
                $"{request.Method} is not allowed here; this path takes {string.Join(", ", allowed)}.");
        }

        return Problems.Create(request, StatusCodes.Status404NotFound, "route-not-found", "Not found.",
            "No endpoint of the desk has this path. The API is described at /api/openapi.json.");
    }

    /// <summary>Whether a path fits a template of literal segments and <c>{parameters}</c> (case-insensitive, like routing).</summary>
    static bool Matches(string template, string path)
    {
        string[] expected = template.Trim('/').Split('/');
        string[] actual = path.Trim('/').Split('/');
        return expected.Length == actual.Length
            && expected.Zip(actual).All(pair => pair.First.StartsWith('{') ? pair.Second.Length > 0 : pair.First.Equals(pair.Second, StringComparison.OrdinalIgnoreCase));
    }
}
