using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Attachments;
using Support.Desk.Hosting.Http.Contracts;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// <c>POST /api/tickets/{id}/attachments</c> takes the file as the raw body (any content type; the content
/// decides what it is, the name only whether text is a log) with an optional <c>filename</c> query parameter;
/// <c>GET …/attachments/{attachmentId}</c> returns it as a download.
/// </summary>
public sealed class AttachmentApi(ApiAccess access, TicketAttachments attachments)
{
    public Task<IResult> AddAsync(HttpRequest request, string ticketId, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            if (caller is null)
            {
                return refused!;
            }

            // Read only once the ticket is known to take the file; a declared length over the limit is never read.
            Task<byte[]?> ReadBodyAsync(CancellationToken ct) =>
                CappedReader.ReadAsync(request.Body, AttachmentInspector.MaxUploadBytes, request.ContentLength, ct);

            string? fileName = request.Query["filename"].ToString() is { Length: > 0 } name ? name : null;
            AttachmentResult result = await attachments.ReceiveAsync(caller, ticketId, ReadBodyAsync, fileName, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case AttachmentResult.Stored stored:
                    AttachmentContract answer = AttachmentContract.From(stored.Attachment);
                    request.HttpContext.Response.Headers.Location = answer.Links.Self;
                    return Results.Json(answer, ApiJson.Options, "application/json", stored.AlreadyStored ? StatusCodes.Status200OK : StatusCodes.Status201Created);
                case AttachmentResult.TooLarge:
                    return Problems.Create(request, StatusCodes.Status413PayloadTooLarge, "attachment-too-large", "Attachment too large.",
                        $"Screenshots and log files may be at most {AttachmentInspector.MaxScreenshotBytes / (1024 * 1024)} MiB, HTTP traces {AttachmentInspector.MaxTraceBytes / (1024 * 1024)} MiB.");
                case AttachmentResult.Busy busy:
                    request.HttpContext.Response.Headers.RetryAfter = ((int)busy.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Problems.Create(request, StatusCodes.Status503ServiceUnavailable, "uploads-busy", "Too many uploads at once.",
                        "The desk is inspecting other uploads; send the file again after Retry-After seconds.");
                case AttachmentResult.Rejected rejected:
                    return Problems.Create(request, rejected.Rejection.Status, rejected.Rejection.Type, "Attachment not accepted.", rejected.Rejection.Detail);
                case AttachmentResult.Conflict conflict:
                    return Problems.Create(request, StatusCodes.Status409Conflict, "attachment-not-allowed", "Not allowed in the ticket's current state.", conflict.Reason);
                case AttachmentResult.Denied denied:
                    return ApiAccess.Refuse(request, denied.Decision);
                default:
                    return TicketApi.TicketNotFound(request);
            }
        });

    public Task<IResult> GetAsync(HttpRequest request, string ticketId, string attachmentId, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (Caller? caller, IResult? refused) = await access.AuthenticateAsync(request).ConfigureAwait(false);
            if (caller is null)
            {
                return refused!;
            }

            return await DownloadAsync(request, caller, ticketId, attachmentId, attachments, cancellationToken).ConfigureAwait(false);
        });

    /// <summary>An attachment as a download, for a caller already authenticated (by header here, by session on the pages).</summary>
    public static async Task<IResult> DownloadAsync(HttpRequest request, Caller caller, string ticketId, string attachmentId, TicketAttachments attachments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(attachments);
        (AttachmentContent? content, AccessDecision decision) = await attachments.OpenAsync(caller, ticketId, attachmentId, cancellationToken).ConfigureAwait(false);
        if (decision != AccessDecision.Continue)
        {
            return ApiAccess.Refuse(request, decision);
        }

        if (content is null)
        {
            return Problems.Create(request, StatusCodes.Status404NotFound, "attachment-not-found", "Attachment not found.",
                "There is no attachment with this ID on a ticket these credentials open.");
        }

        // Always a download, never rendered by the browser as what it claims to be.
        IHeaderDictionary headers = request.HttpContext.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return Results.Stream(content.Content, content.ContentType, content.FileName);
    }
}
