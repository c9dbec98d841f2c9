using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using MimeKit;
using Support.Desk.Application.Inbound;
using Support.Desk.Domain.Attachments;
using Support.Desk.Hosting.Http.Contracts;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Http;

/// <summary>
/// <c>POST /api/inbound/email</c>: SendGrid's Inbound Parse webhook (basic-auth credentials of its own in its URL). The
/// post is <c>multipart/form-data</c> with <c>from</c>, <c>to</c>, <c>cc</c>, <c>subject</c>, <c>text</c>, <c>html</c>,
/// <c>headers</c> (the raw header block, for the Message-ID), <c>envelope</c> (JSON: the SMTP recipients and sender),
/// <c>SPF</c>, <c>dkim</c>, <c>attachments</c>, <c>attachment-info</c> and the files <c>attachment1</c>…. Anything the
/// desk does not post is answered 200 with the reason (the provider must not retry it; the log keeps it); a post
/// that is not such a form is a 400/413/415 problem.
/// </summary>
public sealed class InboundEmailApi(InboundReplies replies, InboundEmailOptions options)
{
    /// <summary>SendGrid's own limit for a whole message.</summary>
    public const long MaxBodyBytes = 30L * 1024 * 1024;
    const int MaxFieldBytes = 2 * 1024 * 1024;
    const int MaxFiles = 10;

    public Task<IResult> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            if (this.Authenticate(request) is { } refused)
            {
                return refused;
            }

            if (request.ContentLength is > MaxBodyBytes)
            {
                return Problems.Create(request, StatusCodes.Status413PayloadTooLarge, "inbound-too-large", "Email too large.", "An inbound email may be at most 30 MiB.");
            }

            if (MultipartForms.ReaderOf(request, headersCountLimit: 16) is not { } reader)
            {
                return Problems.Create(request, StatusCodes.Status415UnsupportedMediaType, "not-inbound-parse", "Not an Inbound Parse post.",
                    "Inbound email arrives as multipart/form-data, as SendGrid's Inbound Parse posts it (not the raw MIME option).");
            }

            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var files = new List<InboundAttachment>();
            long total = 0;
            for (MultipartSection? section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false); section is not null;
                 section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false))
            {
                if (section.GetContentDispositionHeader() is not { } disposition)
                {
                    continue;
                }

                bool file = disposition.IsFileDisposition();
                byte[]? content = await CappedReader.ReadAsync(section.Body, file ? AttachmentInspector.MaxUploadBytes : MaxFieldBytes, cancellationToken).ConfigureAwait(false);
                total += content?.Length ?? 0;
                if (content is null || total > MaxBodyBytes)
                {
                    return Problems.Create(request, StatusCodes.Status413PayloadTooLarge, "inbound-too-large", "Email too large.",
                        $"A field may be at most {MaxFieldBytes / (1024 * 1024)} MiB, a file {AttachmentInspector.MaxUploadBytes / (1024 * 1024)} MiB, the whole email 30 MiB.");
                }

                string name = disposition.Name.Value ?? string.Empty;
                if (file && files.Count < MaxFiles)
                {
                    files.Add(new InboundAttachment(disposition.FileName.Value ?? disposition.FileNameStar.Value ?? name, content));
                }
                else if (!file)
                {
                    fields[name] = Encoding.UTF8.GetString(content);
                }
            }

            if (!fields.TryGetValue("from", out string? from) || (!fields.ContainsKey("to") && !fields.ContainsKey("envelope")))
            {
                return Problems.Validation(request, Domain.ValidationErrors.Of(fields.ContainsKey("from") ? "to" : "from", "Inbound Parse posts carry from, and to or envelope."));
            }

            var email = new InboundEmail(
                from,
                Recipients(fields),
                Envelope(fields, "from") is [string sender] ? sender : null,
                fields.GetValueOrDefault("subject") ?? string.Empty,
                fields.GetValueOrDefault("text"),
                fields.GetValueOrDefault("html"),
                fields.GetValueOrDefault("SPF"),
                fields.GetValueOrDefault("dkim"),
                MessageIdOf(fields.GetValueOrDefault("headers")),
                files);
            InboundOutcome outcome = await replies.ReceiveAsync(email, cancellationToken).ConfigureAwait(false);
            return Results.Json(InboundOutcomeContract.From(outcome), ApiJson.Options, "application/json", StatusCodes.Status200OK);
        });

    /// <summary>
    /// The endpoint's own secret: basic-auth credentials from the Inbound Parse URL, checked before anything is read.
    /// Not the intake key and not a Functions host key: whoever holds those could otherwise post replies as any contact.
    /// </summary>
    IResult? Authenticate(HttpRequest request)
    {
        if (options.CredentialList().Count == 0)
        {
            return Problems.Create(request, StatusCodes.Status404NotFound, "inbound-email-off", "Replies by email are not set up.",
                "This desk takes no inbound email: InboundEmail:Credentials (and InboundEmail:ReplyDomain) are not set.");
        }

        string header = request.Headers.Authorization.ToString();
        string? presented = null;
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && header.Length < 1400)
        {
            try
            {
                presented = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            }
            catch (FormatException)
            {
                presented = null;
            }
        }

        if (options.Accepts(presented))
        {
            return null;
        }

        request.HttpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"support-desk-inbound-email\", charset=\"UTF-8\"";
        return Problems.Create(request, StatusCodes.Status401Unauthorized, "unauthenticated", "Inbound email credentials required.",
            "Post with the inbound endpoint's basic-auth credentials (InboundEmail:Credentials), as the Inbound Parse URL carries them.");
    }

    /// <summary>Every address the email was delivered to: the SMTP envelope's recipients first (what the MX really received), then To and Cc.</summary>
    static List<string> Recipients(Dictionary<string, string> fields)
    {
        var addresses = new List<string>(Envelope(fields, "to"));
        foreach (string header in new[] { "to", "cc" })
        {
            if (fields.TryGetValue(header, out string? list) && InternetAddressList.TryParse(list, out InternetAddressList? parsed))
            {
                addresses.AddRange(parsed.Mailboxes.Select(m => m.Address));
            }
        }

        return addresses;
    }

    /// <summary>A member of the <c>envelope</c> JSON (<c>{"to":["…"],"from":"…"}</c>) as a list; empty when absent or malformed.</summary>
    static string[] Envelope(Dictionary<string, string> fields, string member)
    {
        try
        {
            using JsonDocument envelope = JsonDocument.Parse(fields.GetValueOrDefault("envelope") ?? "{}");
            return envelope.RootElement.ValueKind == JsonValueKind.Object && envelope.RootElement.TryGetProperty(member, out JsonElement value)
                ? value.ValueKind switch
                {
                    JsonValueKind.String => [value.GetString()!],
                    JsonValueKind.Array => [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)],
                    _ => [],
                }
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The Message-ID from the raw header block (folded lines joined).</summary>
    static string? MessageIdOf(string? headers)
    {
        if (headers is null)
        {
            return null;
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(headers.TrimEnd() + "\r\n\r\n"));
        try
        {
            HeaderList parsed = HeaderList.Load(stream);
            return parsed[HeaderId.MessageId]?.Trim() is { Length: > 0 and <= 998 } id ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
