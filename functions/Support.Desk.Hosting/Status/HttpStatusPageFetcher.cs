using System.Net;
using System.Net.Http.Headers;
using Support.Desk.Settings;
using Support.Desk.Status;

namespace Support.Desk.Hosting.Status;

/// <summary>
/// Fetches status pages politely: conditional GET (If-None-Match / If-Modified-Since) so an unchanged page
/// costs a 304, a per-request timeout, a cap on the body size, and no exception for HTTP problems.
/// </summary>
public sealed class HttpStatusPageFetcher(IHttpClientFactory clients, StatusPageOptions options) : IStatusPageFetcher
{
    public const string ClientName = "status-pages";

    public async Task<FetchResult> FetchAsync(Uri url, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (lastModified is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using HttpResponseMessage response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new FetchResult.NotModified();
            }

            if ((int)response.StatusCode is >= 300 and < 400)
            {
                return new FetchResult.Failed($"redirect loop or too many redirects (HTTP {(int)response.StatusCode})");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new FetchResult.Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
            {
                return new FetchResult.Failed($"response of {response.Content.Headers.ContentLength} bytes is over the {options.MaxResponseBytes}-byte limit");
            }

            byte[]? body;
            await using (Stream content = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false))
            {
                body = await CappedReader.ReadAsync(content, options.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
            }

            return body is null
                ? new FetchResult.Failed($"response is over the {options.MaxResponseBytes}-byte limit")
                : new FetchResult.Content(
                    body,
                    response.Content.Headers.ContentType?.MediaType,
                    response.Headers.ETag?.ToString(),
                    response.Content.Headers.LastModified?.ToString("R"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FetchResult.Failed($"timed out after {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return new FetchResult.Failed($"request failed: {ex.Message}");
        }
    }
}
