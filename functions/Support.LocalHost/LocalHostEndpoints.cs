using Support.Desk.Application;
using Support.Desk.Hosting.Http;

namespace Support.LocalHost;

/// <summary>The desk's HTTP API on the local host: the same handlers and routes as the Functions triggers.</summary>
internal static class LocalHostEndpoints
{
    public static IEndpointRouteBuilder MapSupportDeskApi(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder api = endpoints.MapGroup($"/{SupportDeskRoutes.Prefix}");
        api.MapMethods(SupportDeskRoutes.SubmitTicket.Template, [SupportDeskRoutes.SubmitTicket.Method],
                (HttpRequest request, TicketIntake intake, ITicketWorkflows workflows, CancellationToken ct) =>
                    TicketApi.SubmitAsync(request, intake, workflows, ct))
            .WithName(SupportDeskRoutes.SubmitTicket.Name);
        api.MapMethods(SupportDeskRoutes.GetTicket.Template, [SupportDeskRoutes.GetTicket.Method],
                (HttpRequest request, string ticketId, TicketQueries queries, CancellationToken ct) =>
                    TicketApi.GetAsync(request, ticketId, queries, ct))
            .WithName(SupportDeskRoutes.GetTicket.Name);
        return endpoints;
    }
}
