using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Support.Desk.Application;
using Support.Desk.Application.Status;
using Support.Desk.Hosting.Http;
using Support.Desk.Hosting.Workflows;

namespace Support.Functions;

/// <summary>HTTP triggers of the ticket API; the local host maps the same handlers.</summary>
public sealed class TicketHttpFunctions(TicketIntake intake, TicketQueries queries, TicketCommands commands, StatusQueries statusQueries, DeskHealth health)
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

    [Function(nameof(SupportDeskRoutes.UpdateTicket))]
    public Task<IActionResult> UpdateTicket(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = SupportDeskRoutes.TicketTemplate)] HttpRequest request,
        string ticketId,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken) =>
        TicketApi.ReassignAsync(request, ticketId, commands, queries, new DurableTicketWorkflows(durableClient), cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.RespondToTicket))]
    public Task<IActionResult> RespondToTicket(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = SupportDeskRoutes.ResponsesTemplate)] HttpRequest request,
        string ticketId,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken) =>
        TicketApi.RespondAsync(request, ticketId, commands, queries, new DurableTicketWorkflows(durableClient), cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.AddTicketUpdate))]
    public Task<IActionResult> AddTicketUpdate(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = SupportDeskRoutes.UpdatesTemplate)] HttpRequest request,
        string ticketId,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken) =>
        TicketApi.AddUpdateAsync(request, ticketId, commands, queries, new DurableTicketWorkflows(durableClient), cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.ProposeResolution))]
    public Task<IActionResult> ProposeResolution(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = SupportDeskRoutes.ResolutionTemplate)] HttpRequest request,
        string ticketId,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken) =>
        TicketApi.ProposeResolutionAsync(request, ticketId, commands, queries, new DurableTicketWorkflows(durableClient), cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.ConfirmResolution))]
    public Task<IActionResult> ConfirmResolution(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = SupportDeskRoutes.ConfirmationTemplate)] HttpRequest request,
        string ticketId,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken) =>
        TicketApi.ConfirmAsync(request, ticketId, commands, queries, new DurableTicketWorkflows(durableClient), cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.GetOpenApiDocument))]
    public static IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.OpenApiTemplate)] HttpRequest request) =>
        new HttpResultActionResult(OpenApiDocument.Get());

    [Function(nameof(SupportDeskRoutes.GetHealth))]
    public Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.HealthTemplate)] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken) =>
        HealthApi.GetAsync(request, health, new DurableTicketWorkflows(durableClient), cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.GetRegionalStatus))]
    public Task<IActionResult> GetRegionalStatus(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = SupportDeskRoutes.StatusTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        StatusApi.GetAsync(request, statusQueries, cancellationToken).AsActionResult();
}
