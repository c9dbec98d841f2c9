using Support.Desk.Application;
using Support.Desk.Application.Queue;
using Support.Desk.Hosting.Http;
using Support.Desk.Hosting.Pages;
using Support.Desk.Application.Ports;
using Support.Desk.Status;
using Support.Desk.Routes;

namespace Support.LocalHost;

/// <summary>The desk's HTTP API on the local host: the same handlers and routes as the Functions triggers.</summary>
internal static class LocalHostEndpoints
{
    public static IEndpointRouteBuilder MapSupportDeskApi(this IEndpointRouteBuilder endpoints, string functionKey)
    {
        // The API under /api, the staff console under /staff and the Support Center at the root: one group each.
        RouteGroupBuilder api = endpoints.MapGroup(string.Empty).WithGroupName("api");
        RouteGroupBuilder pages = endpoints.MapGroup(string.Empty).WithGroupName("pages");
        foreach (DeskEndpoint endpoint in SupportDeskEndpoints.All)
        {
            RouteDefinition route = endpoint.Route;
            RouteGroupBuilder group = route.Template.StartsWith(SupportDeskRoutes.Prefix + "/", StringComparison.Ordinal) ? api : pages;
            RouteHandlerBuilder mapped = group.MapMethods(route.Template, [route.Method], endpoint.Handler).WithName(route.Name).WithMetadata(route);
            if (route.RequiresFunctionKey)
            {
                mapped.AddEndpointFilter((invocation, next) => FunctionKeys.IsPresented(invocation.HttpContext.Request, functionKey)
                    ? next(invocation)
                    : ValueTask.FromResult<object?>(FunctionKeys.Refused(invocation.HttpContext.Request)));
            }
        }

        // Every other path and method: problem+json 404 or 405, as the Functions app's catch-all answers.
        endpoints.MapFallback(SupportDeskRoutes.UnmatchedTemplate, (HttpRequest request) => UnmatchedRequests.Answer(request))
            .WithName(SupportDeskRoutes.Unmatched.Name).WithMetadata(SupportDeskRoutes.Unmatched);
        return endpoints;
    }
}
