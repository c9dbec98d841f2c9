using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Access;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

using Support.Desk.Hosting.Http.Contracts;

using Support.Desk.Routes;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// HTTP handlers of the ticket API. Both hosts call these: the local host from minimal-API routes,
/// the Functions app from its HTTP triggers. They bind, call the application, and shape the answer.
/// </summary>
public sealed class TicketApi(ApiAccess access, TicketIntake intake, TicketCommands commands, TicketQueries queries, WebhookOptions webhooks)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string WebhookIdHeader = "webhook-id";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const string WebhookTimestampHeader = "webhook-timestamp";
    public const string WebhookSignatureHeader = "webhook-signature";

    public Task<IResult> SubmitAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, () => this.SubmitCoreAsync(request, cancellationToken));

    async Task<IResult> SubmitCoreAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (string? key, string? keyProblem) = IdempotencyKeyOf(request);
        if (keyProblem is not null)
        {
            var headerErrors = new ValidationErrors();
            headerErrors.Add(IdempotencyKeyHeader, keyProblem);
            return Problems.Validation(request, headerErrors);
        }

        IReadOnlyList<string> secrets = webhooks.SecretList();
        (JsonDocument? document, IResult? problem) = await ReadJsonAsync(request, TicketSubmissionReader.MaxBodyBytes, cancellationToken, verify: body =>
        {
            string? failure = secrets.Count == 0 ? null : WebhookSignatures.Verify(
                request.Headers[WebhookIdHeader], request.Headers[WebhookTimestampHeader], request.Headers[WebhookSignatureHeader], body, secrets, DateTimeOffset.UtcNow);
            return failure is null ? null : Problems.Create(request, StatusCodes.Status401Unauthorized, "invalid-webhook-signature", "Webhook signature not accepted.", failure);
        }).ConfigureAwait(false);
        if (document is null)
        {
            return problem!;
        }

        using (document)
        {
            IntakeResult result = await intake.SubmitAsync(document.RootElement, key, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case IntakeResult.Accepted { Replayed: true } replay when secrets.Count > 0:
                    // A signed delivery is accepted once. A second one with the same webhook-id (a sender's retry
                    // or a captured request played back) creates nothing and learns only which ticket it was.
                    request.HttpContext.Response.Headers.Location = DeskLinks.Ticket(replay.Ticket.Id);
                    return Problems.Create(request, StatusCodes.Status409Conflict, "webhook-replayed", "Webhook already delivered.",
                        $"This webhook-id was already accepted as ticket {replay.Ticket.Id}; nothing new was created.");
                case IntakeResult.Accepted accepted:
                    if (accepted.Replayed)
                    {
                        request.HttpContext.Response.Headers[ReplayedHeader] = "true";
                    }

                    request.HttpContext.Response.Headers.Location = DeskLinks.Ticket(accepted.Ticket.Id);
                    return Results.Json(
                        AcknowledgementContract.From(accepted.Ticket, accepted.FirstResponse, accepted.AccessToken), ApiJson.Options, "application/json", StatusCodes.Status201Created);
                case IntakeResult.Invalid invalid:
                    return Problems.Validation(request, invalid.Errors);
                case IntakeResult.KeyReused:
                    return Problems.Create(request, StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused",
                        "Idempotency key already used.",
                        "This idempotency key was already used for a different ticket submission. Use a new key for a new ticket.");
                default:
                    throw new InvalidOperationException($"Unexpected intake result {result.GetType().Name}.");
            }
        }
    }

    public Task<IResult> RespondAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        CommandAsync(request, ticketId, TicketCommandReaders.Response, (caller, read, ct) => commands.RespondAsync(caller, ticketId, read, ct), queries, cancellationToken);

    public Task<IResult> AddUpdateAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        CommandAsync(request, ticketId, TicketCommandReaders.Update, (caller, read, ct) => commands.AddUpdateAsync(caller, ticketId, read, ct), queries, cancellationToken);

    public Task<IResult> ProposeResolutionAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        CommandAsync(request, ticketId, TicketCommandReaders.Resolution, (caller, read, ct) => commands.ProposeResolutionAsync(caller, ticketId, read, ct), queries, cancellationToken);

    public Task<IResult> ConfirmAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        CommandAsync(request, ticketId, TicketCommandReaders.Confirmation, (caller, read, ct) => commands.ConfirmAsync(caller, ticketId, read, ct), queries, cancellationToken);

    public Task<IResult> ReassignAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        CommandAsync(request, ticketId, TicketCommandReaders.Reassign, (caller, read, ct) => commands.ReassignAsync(caller, ticketId, read, ct), queries, cancellationToken);

    /// <summary><c>POST …/access-revocation</c> (staff, no body): earlier links stop working; the requester gets a fresh one.</summary>
    public Task<IResult> RevokeAccessAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            ArgumentNullException.ThrowIfNull(commands);
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            return caller is null
                ? refused!
                : await AnswerAsync(request, caller, ticketId, await commands.RevokeAccessAsync(caller, ticketId, cancellationToken).ConfigureAwait(false), null, queries, cancellationToken).ConfigureAwait(false);
        });

    public Task<IResult> GetAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            return caller is null ? refused! : await GetCoreAsync(request, caller, ticketId, queries, cancellationToken).ConfigureAwait(false);
        });

    static async Task<IResult> GetCoreAsync(HttpRequest request, Caller caller, string ticketId, TicketQueries queries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        return await queries.GetAsync(caller, ticketId, cancellationToken).ConfigureAwait(false) switch
        {
            TicketLookup.Found found => Results.Json(TicketContract.From(found.View), ApiJson.Options),
            TicketLookup.Denied denied => ApiAccess.Refuse(request, denied.Decision),
            _ => TicketNotFound(request),
        };
    }

    const int MaxCommandBodyBytes = 128 * 1024;

    /// <summary>
    /// A lifecycle command over HTTP: authenticate, then hand the application a reader for the body. The
    /// application decides whether the caller may use the command before it reads the body (through the reader:
    /// content type, size, JSON, strict fields), and whether this body asks what the caller may not.
    /// </summary>
    Task<IResult> CommandAsync<T>(
        HttpRequest request,
        string ticketId,
        Func<JsonElement, (T? Request, ValidationErrors Errors)> parse,
        Func<Caller, CommandReader<T>, CancellationToken, Task<CommandResult>> run,
        TicketQueries queries,
        CancellationToken cancellationToken)
        where T : class
    {
        return ApiFailures.GuardAsync(request, async () =>
        {
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            if (caller is null)
            {
                return refused!;
            }

            var body = new JsonCommandBody<T>(request, MaxCommandBodyBytes, parse);
            CommandResult result = await run(caller, body.ReadAsync, cancellationToken).ConfigureAwait(false);
            return await AnswerAsync(request, caller, ticketId, result, body.Problem, queries, cancellationToken).ConfigureAwait(false);
        });
    }

    static async Task<IResult> AnswerAsync(HttpRequest request, Caller caller, string ticketId, CommandResult result, IResult? unreadable, TicketQueries queries, CancellationToken cancellationToken) => result switch
    {
        CommandResult.Done => await GetCoreAsync(request, caller, ticketId, queries, cancellationToken).ConfigureAwait(false),
        CommandResult.Unreadable => unreadable ?? throw new InvalidOperationException("The command found its body unreadable, but the reader gave no reason."),
        CommandResult.Conflict conflict => Problems.Create(request, StatusCodes.Status409Conflict, "invalid-transition", "Not allowed in the ticket's current state.", conflict.Reason),
        CommandResult.Denied denied => ApiAccess.Refuse(request, denied.Decision),
        CommandResult.Refused refusal => ApiAccess.Forbidden(request, refusal.Reason),
        CommandResult.Invalid invalid => Problems.Validation(request, invalid.Errors),
        _ => TicketNotFound(request),
    };

    /// <summary>Also the answer for a ticket the caller's token does not open: tokens never reveal which tickets exist.</summary>
    internal static IResult TicketNotFound(HttpRequest request) =>
        Problems.Create(request, StatusCodes.Status404NotFound, "ticket-not-found", "Ticket not found.", "There is no ticket with this ID that these credentials open.");

    /// <summary>Checks content type and size and parses the body; otherwise the problem to answer with.</summary>
    internal static async Task<(JsonDocument? Document, IResult? Problem)> ReadJsonAsync(
        HttpRequest request, int maxBytes, CancellationToken cancellationToken, Func<byte[], IResult?>? verify = null)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.Create(request, StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "Unsupported media type.", "Send the body as JSON with Content-Type: application/json."));
        }

        byte[]? body = request.ContentLength > maxBytes ? null : await CappedReader.ReadAsync(request.Body, maxBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (null, Problems.Create(request, StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Request body too large.",
                $"The body may be at most {maxBytes / 1024} KiB; attach files separately."));
        }

        // Authenticity first: an unsigned body is not even parsed.
        if (verify?.Invoke(body) is { } rejected)
        {
            return (null, rejected);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            var errors = new ValidationErrors();
            errors.Add("$", $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
            return (null, Problems.Validation(request, errors));
        }

        if (JsonUnicode.FindInvalidText(document.RootElement) is { } field)
        {
            document.Dispose();
            var errors = new ValidationErrors();
            errors.Add(field, "Must be valid Unicode text: the body holds bytes that are not UTF-8, or an unpaired surrogate escape such as \\ud800.");
            return (null, Problems.Validation(request, errors));
        }

        return (document, null);
    }

    static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed)
        && (parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || parsed.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Idempotency-Key, or the Standard Webhooks <c>webhook-id</c>; both may be sent when equal.</summary>
    static (string? Key, string? Problem) IdempotencyKeyOf(HttpRequest request)
    {
        string? key = request.Headers[IdempotencyKeyHeader].ToString() is { Length: > 0 } k ? k : null;
        string? webhookId = request.Headers[WebhookIdHeader].ToString() is { Length: > 0 } w ? w : null;
        if (key is not null && webhookId is not null && key != webhookId)
        {
            return (null, $"Differs from the {WebhookIdHeader} header; send one key, or the same value in both.");
        }

        key ??= webhookId;
        return key is null || TicketIntake.IsValidIdempotencyKey(key)
            ? (key, null)
            : (null, $"Must be 1 to {TicketIntake.MaxIdempotencyKeyLength} visible ASCII characters.");
    }

}
