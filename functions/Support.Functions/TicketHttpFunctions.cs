using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Support.Desk.Application;
using Support.Desk.Hosting.Http;
using Support.Desk.Hosting.Workflows;

namespace Support.Functions;

/// <summary>HTTP triggers of the ticket API; the local host maps the same handlers.</summary>
public sealed class TicketHttpFunctions(TicketIntake intake, TicketQueries queries)
{
    [Function(nameof(SupportDeskRoutes.SubmitTicket))]
    public Task<IActionResult> SubmitTicket(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = SupportDeskRoutes.TicketsTemplate)] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken) =>
        TicketApi.SubmitAsync(request, intake, new DurableTicketWorkflows(durableClient), cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.GetTicket))]
    public Task<IActionResult> GetTicket(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = SupportDeskRoutes.TicketTemplate)] HttpRequest request,
        string ticketId,
        CancellationToken cancellationToken) =>
        TicketApi.GetAsync(request, ticketId, queries, cancellationToken).AsActionResult();
}
