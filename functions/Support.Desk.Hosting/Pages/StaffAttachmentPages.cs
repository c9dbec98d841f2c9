using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Support.Desk.Application;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Access;
using Support.Desk.Hosting.Http;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Pages;

/// <summary>
/// Attachments from the staff pages: a download (the API's, with the session as the caller), and an HTTP trace as a
/// readable list of its requests: method, host and path, status, type, size and time, read from the sanitized HAR
/// that was stored (nothing redacted comes back).
/// </summary>
public sealed class StaffAttachmentPages(PageGate gate, TicketAttachments attachments)
{
    /// <summary>More rows than anyone reads on a page; the download has them all.</summary>
    const int MaxRows = 2000;

    public Task<IResult> DownloadAsync(HttpRequest request, string ticketId, string attachmentId, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (StaffSession? session, IResult? refused) = await gate.RequireStaffAsync(request, cancellationToken).ConfigureAwait(false);
            return session is null
                ? refused!
                : await AttachmentApi.DownloadAsync(request, session.Caller, ticketId, attachmentId, attachments, cancellationToken).ConfigureAwait(false);
        });

    public Task<IResult> TraceAsync(HttpRequest request, string ticketId, string attachmentId, CancellationToken cancellationToken) =>
        ApiFailures.GuardAsync(request, async () =>
        {
            (StaffSession? session, IResult? refused) = await gate.RequireStaffAsync(request, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                return refused!;
            }

            (AttachmentContent? content, AccessDecision _) = await attachments.OpenAsync(session.Caller, ticketId, attachmentId, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                return PageLayout.Error(request, StatusCodes.Status404NotFound, "attachment-not-found", "Attachment not found.", "There is no attachment with this ID on this ticket.");
            }

            IReadOnlyList<TraceRequest>? requests;
            await using (content.Content.ConfigureAwait(false))
            {
                requests = await ReadAsync(content.Content, cancellationToken).ConfigureAwait(false);
            }

            string download = DeskLinks.PathOf(SupportDeskRoutes.StaffAttachmentTemplate, ("ticketId", ticketId), ("attachmentId", attachmentId));
            Html main = requests is null
                ? Html.Of($"""<h1>{content.FileName}</h1><p>This attachment is not an HTTP trace. <a href="{download}">Download it</a>.</p>""")
                : Html.Of($"""
                    <p><a href="{DeskLinks.PathOf(SupportDeskRoutes.StaffTicketPageTemplate, ("ticketId", ticketId))}">← Ticket {ticketId}</a></p>
                    <h1>Requests in {content.FileName}</h1>
                    <p class="muted">{requests.Count} request(s){Html.When(requests.Count == MaxRows, Html.Trusted(" (the first 2,000)"))}. Values were redacted before the file was stored. <a href="{download}">Download the trace</a>.</p>
                    <div class="table-wrap"><table>
                      <thead><tr><th scope="col">#</th><th scope="col">Method</th><th scope="col">Host and path</th><th scope="col">Status</th><th scope="col" class="optional">Type</th><th scope="col" class="optional">Size</th><th scope="col">Time</th></tr></thead>
                      <tbody>{requests.Select((r, i) => Html.Of($"""
                        <tr><td>{i + 1}</td><td>{r.Method}</td><td>{r.Host}<br><span class="muted">{r.Path}</span></td><td>{r.Status}</td><td class="optional">{r.MimeType}</td><td class="optional">{r.Size}</td><td>{r.Time}</td></tr>
                        """))}</tbody>
                    </table></div>
                    """);
            return PageLayout.Staff(request, "Trace " + content.FileName, main, session, gate.Sessions, "queue");
        });

    sealed record TraceRequest(string Method, string Host, string Path, string Status, string MimeType, string Size, string Time);

    /// <summary>The requests of a HAR, or null when the file is not one (a log, a screenshot).</summary>
    static async Task<IReadOnlyList<TraceRequest>?> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        try
        {
            using JsonDocument har = await JsonDocument.ParseAsync(content, new JsonDocumentOptions { MaxDepth = 256 }, cancellationToken).ConfigureAwait(false);
            if (!har.RootElement.TryGetProperty("log", out JsonElement log) || !log.TryGetProperty("entries", out JsonElement entries) || entries.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return [.. entries.EnumerateArray().Take(MaxRows).Select(e =>
            {
                JsonElement req = Get(e, "request");
                JsonElement res = Get(e, "response");
                string url = Text(Get(req, "url"));
                Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed);
                return new TraceRequest(
                    Text(Get(req, "method")),
                    parsed?.Authority ?? string.Empty,
                    parsed is null ? url : parsed.AbsolutePath + (parsed.Query.Length > 0 ? parsed.Query : string.Empty),
                    Number(Get(res, "status")),
                    Text(Get(Get(res, "content"), "mimeType")),
                    Number(Get(Get(res, "content"), "size")),
                    Get(e, "time") is { ValueKind: JsonValueKind.Number } t ? t.GetDouble().ToString("0", CultureInfo.InvariantCulture) + " ms" : string.Empty);
            })];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static JsonElement Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) ? value : default;

    static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() ?? string.Empty : string.Empty;

    static string Number(JsonElement element) => element.ValueKind == JsonValueKind.Number ? element.GetRawText() : string.Empty;
}
