using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Support.Desk.Application;
using Support.Desk.Application.Queue;
using Support.Desk.Hosting.Http;
using Support.Desk.Hosting.Workflows;
using Support.Desk.Status;
using Support.Desk.Routes;

namespace Support.Functions;

/// <summary>
/// HTTP triggers of the ticket API; the local host maps the same handlers. Intake needs a function key (the
/// webhook sender's). The other ticket routes are anonymous to the platform because customers cannot be
/// given function keys: the application authenticates every caller (ticket token, staff key or Entra ID).
/// </summary>
public sealed class TicketHttpFunctions(
    TicketApi tickets, InboundEmailApi inbound, QueueApi queue, AttachmentApi attachments, StatusApi status, DeskHealth health, DurableClientAccessor durable)
{
    [Function(nameof(SupportDeskRoutes.SubmitTicket))]
    public Task<IActionResult> SubmitTicket(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = SupportDeskRoutes.TicketsTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        tickets.SubmitAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.ReceiveInboundEmail))]
    public Task<IActionResult> ReceiveInboundEmail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.InboundEmailTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        inbound.ReceiveAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.ListTickets))]
    public Task<IActionResult> ListTickets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.TicketsTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        queue.ListAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.GetTicket))]
    public Task<IActionResult> GetTicket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.TicketTemplate)] HttpRequest request,
        string ticketId,
        CancellationToken cancellationToken) =>
        tickets.GetAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.UpdateTicket))]
    public Task<IActionResult> UpdateTicket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = SupportDeskRoutes.TicketTemplate)] HttpRequest request,
        string ticketId,
        CancellationToken cancellationToken) =>
        tickets.ReassignAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.RespondToTicket))]
    public Task<IActionResult> RespondToTicket(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.ResponsesTemplate)] HttpRequest request,
        string ticketId,
        CancellationToken cancellationToken) =>
        tickets.RespondAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.AddTicketUpdate))]
    public Task<IActionResult> AddTicketUpdate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.UpdatesTemplate)] HttpRequest request,
        string ticketId,
        CancellationToken cancellationToken) =>
        tickets.AddUpdateAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.ProposeResolution))]
    public Task<IActionResult> ProposeResolution(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.ResolutionTemplate)] HttpRequest request,
        string ticketId,
        CancellationToken cancellationToken) =>
        tickets.ProposeResolutionAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.ConfirmResolution))]
    public Task<IActionResult> ConfirmResolution(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.ConfirmationTemplate)] HttpRequest request,
        string ticketId,
        CancellationToken cancellationToken) =>
        tickets.ConfirmAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.AddAttachment))]
    public Task<IActionResult> AddAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.AttachmentsTemplate)] HttpRequest request,
        string ticketId,
        CancellationToken cancellationToken) =>
        attachments.AddAsync(request, ticketId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.GetAttachment))]
    public Task<IActionResult> GetAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.AttachmentTemplate)] HttpRequest request,
        string ticketId,
        string attachmentId,
        CancellationToken cancellationToken) =>
        attachments.GetAsync(request, ticketId, attachmentId, cancellationToken).AsActionResult();

    [Function(nameof(SupportDeskRoutes.RevokeTicketAccess))]
    public Task<IActionResult> RevokeTicketAccess(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = SupportDeskRoutes.AccessRevocationTemplate)] HttpRequest request,
        string ticketId,
        CancellationToken cancellationToken) =>
        tickets.RevokeAccessAsync(request, ticketId, cancellationToken).AsActionResult();

    /// <summary>Lowest precedence: routes with literal segments win, so only what nothing else takes arrives here.</summary>
    [Function(nameof(SupportDeskRoutes.Unmatched))]
    public static IActionResult Unmatched(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", "post", "put", "patch", "delete", "options", Route = SupportDeskRoutes.UnmatchedTemplate)] HttpRequest request) =>
        new HttpResultActionResult(UnmatchedRequests.Answer(request));

    [Function(nameof(SupportDeskRoutes.GetOpenApiDocument))]
    public static IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.OpenApiTemplate)] HttpRequest request) =>
        new HttpResultActionResult(OpenApiDocument.Get());

    [Function(nameof(SupportDeskRoutes.GetHealth))]
    public Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.HealthTemplate)] HttpRequest request,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken) =>
        this.WithDurableClient(durableClient, () => HealthApi.GetAsync(request, health, cancellationToken));

    [Function(nameof(SupportDeskRoutes.GetRegionalStatus))]
    public Task<IActionResult> GetRegionalStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = SupportDeskRoutes.StatusTemplate)] HttpRequest request,
        CancellationToken cancellationToken) =>
        status.GetAsync(request, cancellationToken).AsActionResult();

    /// <summary>Hands the invocation's durable client to the scope (the SLA shards' port, which health asks), then runs the handler.</summary>
    Task<IActionResult> WithDurableClient(DurableTaskClient durableClient, Func<Task<IResult>> handler)
    {
        durable.Use(durableClient);
        return handler().AsActionResult();
    }
}
