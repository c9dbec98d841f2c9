using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Application.Incidents;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Incidents;
using Support.Desk.Hosting.Http.Contracts;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// The incident API (staff only): list, open, read, post an update or note, resolve, link and unlink. Posts take an
/// optional <c>Idempotency-Key</c>: the same key posts once, and a repeat answers with the broadcast it made.
/// </summary>
public sealed class IncidentApi(ApiAccess access, IncidentDesk desk)
{
    const int MaxBodyBytes = 128 * 1024;

    public Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            if (caller is null)
            {
                return refused!;
            }

            (IReadOnlyList<Incident>? incidents, AccessDecision decision) = await desk.ListAsync(caller, cancellationToken).ConfigureAwait(false);
            return incidents is null ? ApiAccess.Refuse(request, decision) : Results.Json(new IncidentListContract([.. incidents.Select(IncidentSummaryContract.From)]), ApiJson.Options);
        });

    public Task<IResult> GetAsync(HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            if (caller is null)
            {
                return refused!;
            }

            (IncidentView? view, IncidentResult? problem) = await desk.GetAsync(caller, incidentId, cancellationToken).ConfigureAwait(false);
            return view is null ? Answer(request, problem!, null) : Results.Json(IncidentDetailContract.From(view), ApiJson.Options);
        });

    public Task<IResult> OpenAsync(HttpRequest request, CancellationToken cancellationToken) =>
        this.CommandAsync(request, IncidentCommandReaders.Open, (caller, read, key, ct) => desk.OpenAsync(caller, read, key, ct), cancellationToken);

    public Task<IResult> PostUpdateAsync(HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        this.CommandAsync(request, IncidentCommandReaders.Post, (caller, read, key, ct) => desk.PostAsync(caller, incidentId, read, key, ct), cancellationToken);

    public Task<IResult> ResolveAsync(HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        this.CommandAsync(request, TicketCommandReaders.Resolution, (caller, read, key, ct) => desk.ResolveAsync(caller, incidentId, read, key, ct), cancellationToken);

    public Task<IResult> LinkAsync(HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        this.CommandAsync(request, IncidentCommandReaders.Link, (caller, read, key, ct) => desk.LinkAsync(caller, incidentId, read, key, ct), cancellationToken);

    public Task<IResult> UnlinkAsync(HttpRequest request, string incidentId, CancellationToken cancellationToken) =>
        this.CommandAsync(request, IncidentCommandReaders.Link, (caller, read, key, ct) => desk.UnlinkAsync(caller, incidentId, read, key, ct), cancellationToken);

    Task<IResult> CommandAsync<T>(
        HttpRequest request,
        Func<JsonElement, (T? Request, ValidationErrors Errors)> parse,
        Func<Caller, CommandReader<T>, string?, CancellationToken, Task<IncidentResult>> run,
        CancellationToken cancellationToken)
        where T : class =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            if (caller is null)
            {
                return refused!;
            }

            string? key = request.Headers[TicketApi.IdempotencyKeyHeader].ToString() is { Length: > 0 } k ? k : null;
            if (key is not null && !TicketIntake.IsValidIdempotencyKey(key))
            {
                var errors = new ValidationErrors();
                errors.Add(TicketApi.IdempotencyKeyHeader, $"Must be 1 to {TicketIntake.MaxIdempotencyKeyLength} visible ASCII characters.");
                return Problems.Validation(request, errors);
            }

            var body = new JsonCommandBody<T>(request, MaxBodyBytes, parse);
            IncidentResult result = await run(caller, body.ReadAsync, key, cancellationToken).ConfigureAwait(false);
            return Answer(request, result, body.Problem);
        });

    static IResult Answer(HttpRequest request, IncidentResult result, IResult? unreadable)
    {
        switch (result)
        {
            case IncidentResult.Opened opened:
                string self = DeskLinks.PathOf(SupportDeskRoutes.IncidentTemplate, ("incidentId", opened.Incident.Id));
                request.HttpContext.Response.Headers.Location = self;
                return Results.Json(IncidentSummaryContract.From(opened.Incident), ApiJson.Options, "application/json",
                    opened.Repeated ? StatusCodes.Status200OK : StatusCodes.Status201Created);
            case IncidentResult.Posted posted:
                request.HttpContext.Response.Headers.Location = DeskLinks.PathOf(SupportDeskRoutes.IncidentTemplate, ("incidentId", posted.Broadcast.IncidentId));
                if (posted.Repeated)
                {
                    request.HttpContext.Response.Headers[TicketApi.ReplayedHeader] = "true";
                }

                return Results.Json(BroadcastContract.From(posted.Broadcast), ApiJson.Options, "application/json", StatusCodes.Status202Accepted);
            case IncidentResult.TicketChanged changed:
                return Results.Json(new IncidentLinkResultContract(changed.Ticket.Id, changed.Ticket.Incident?.IncidentId, DeskLinks.Ticket(changed.Ticket.Id)), ApiJson.Options);
            case IncidentResult.Unreadable:
                return unreadable ?? throw new InvalidOperationException("The command found its body unreadable, but the reader gave no reason.");
            case IncidentResult.Denied denied:
                return ApiAccess.Refuse(request, denied.Decision);
            case IncidentResult.Conflict conflict:
                return Problems.Create(request, StatusCodes.Status409Conflict, "incident-conflict", "Not allowed in the current state.", conflict.Reason);
            case IncidentResult.NotFound { What: "ticket" }:
                return TicketApi.TicketNotFound(request);
            case IncidentResult.NotFound:
                return Problems.Create(request, StatusCodes.Status404NotFound, "incident-not-found", "Incident not found.", "There is no incident with this ID.");
            default:
                throw new InvalidOperationException($"Unknown incident result {result.GetType().Name}.");
        }
    }
}
