using Support.Desk.Application;
using Support.Desk.Application.Status;
using Support.Desk.Hosting.Http;

namespace Support.LocalHost;

/// <summary>The desk's HTTP API on the local host: the same handlers and routes as the Functions triggers.</summary>
internal static class LocalHostEndpoints
{
    delegate Task<IResult> CommandHandler(HttpRequest request, string ticketId, TicketCommands commands, TicketQueries queries, ITicketWorkflows workflows, CancellationToken cancellationToken);

    public static IEndpointRouteBuilder MapSupportDeskApi(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder api = endpoints.MapGroup($"/{SupportDeskRoutes.Prefix}");
        Map(api, SupportDeskRoutes.SubmitTicket, (HttpRequest request, TicketIntake intake, ITicketWorkflows workflows, CancellationToken ct) =>
            TicketApi.SubmitAsync(request, intake, workflows, ct));
        Map(api, SupportDeskRoutes.GetTicket, (HttpRequest request, string ticketId, TicketQueries queries, CancellationToken ct) =>
            TicketApi.GetAsync(request, ticketId, queries, ct));
        MapCommand(api, SupportDeskRoutes.UpdateTicket, TicketApi.ReassignAsync);
        MapCommand(api, SupportDeskRoutes.RespondToTicket, TicketApi.RespondAsync);
        MapCommand(api, SupportDeskRoutes.AddTicketUpdate, TicketApi.AddUpdateAsync);
        MapCommand(api, SupportDeskRoutes.ProposeResolution, TicketApi.ProposeResolutionAsync);
        MapCommand(api, SupportDeskRoutes.ConfirmResolution, TicketApi.ConfirmAsync);
        Map(api, SupportDeskRoutes.GetOpenApiDocument, OpenApiDocument.Get);
        Map(api, SupportDeskRoutes.GetHealth, (HttpRequest request, DeskHealth health, ITicketWorkflows workflows, CancellationToken ct) => HealthApi.GetAsync(request, health, workflows, ct));
        Map(api, SupportDeskRoutes.GetRegionalStatus, (HttpRequest request, StatusQueries queries, CancellationToken ct) => StatusApi.GetAsync(request, queries, ct));
        return endpoints;
    }

    static void Map(RouteGroupBuilder api, RouteDefinition route, Delegate handler) =>
        api.MapMethods(route.Template, [route.Method], handler).WithName(route.Name);

    static void MapCommand(RouteGroupBuilder api, RouteDefinition route, CommandHandler handler) =>
        Map(api, route, (HttpRequest request, string ticketId, TicketCommands commands, TicketQueries queries, ITicketWorkflows workflows, CancellationToken ct) =>
            handler(request, ticketId, commands, queries, workflows, ct));
}
