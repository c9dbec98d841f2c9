using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Support.Desk.Application;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// HTTP handlers of the ticket API. Both hosts call these: the local host from minimal-API routes,
/// the Functions app from its HTTP triggers. They bind, call the application, and shape the answer.
/// </summary>
public static class TicketApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string WebhookIdHeader = "webhook-id";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static async Task<IResult> SubmitAsync(HttpRequest request, TicketIntake intake, ITicketWorkflows workflows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(intake);
        if (!IsJson(request.ContentType))
        {
            return Problems.Create(request, StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "Unsupported media type.", "Send the ticket as JSON with Content-Type: application/json.");
        }

        if (request.ContentLength > TicketSubmissionReader.MaxBodyBytes)
        {
            return TooLarge(request);
        }

        (string? key, string? keyProblem) = IdempotencyKeyOf(request);
        if (keyProblem is not null)
        {
            var headerErrors = new ValidationErrors();
            headerErrors.Add(IdempotencyKeyHeader, keyProblem);
            return Problems.Validation(request, headerErrors);
        }

        byte[]? body = await ReadBodyAsync(request, TicketSubmissionReader.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return TooLarge(request);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            var jsonErrors = new ValidationErrors();
            jsonErrors.Add("$", $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
            return Problems.Validation(request, jsonErrors);
        }

        using (document)
        {
            IntakeResult result = await intake.SubmitAsync(document.RootElement, key, workflows, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case IntakeResult.Accepted accepted:
                    if (accepted.Replayed)
                    {
                        request.HttpContext.Response.Headers[ReplayedHeader] = "true";
                    }

                    return Results.Json(
                        TicketResponses.Acknowledgement(accepted.Ticket), ApiJson.Options, "application/json", StatusCodes.Status201Created)
                        .WithLocation(request, TicketResponses.LocationOf(accepted.Ticket.Id));
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

    public static async Task<IResult> GetAsync(HttpRequest request, string ticketId, TicketQueries queries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(queries);
        TicketView? view = await queries.GetAsync(ticketId, cancellationToken).ConfigureAwait(false);
        return view is null
            ? Problems.Create(request, StatusCodes.Status404NotFound, "ticket-not-found", "Ticket not found.", "There is no ticket with this ID.")
            : Results.Json(TicketResponses.Detail(view), ApiJson.Options);
    }

    static IResult TooLarge(HttpRequest request) =>
        Problems.Create(request, StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Request body too large.",
            $"A ticket submission may be at most {TicketSubmissionReader.MaxBodyBytes / 1024} KiB; attach files separately.");

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

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer.</summary>
    static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    static IResult WithLocation(this IResult result, HttpRequest request, string location)
    {
        request.HttpContext.Response.Headers.Location = location;
        return result;
    }
}
