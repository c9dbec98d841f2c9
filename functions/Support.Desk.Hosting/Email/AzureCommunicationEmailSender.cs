using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.Options;
using Support.Desk.Application;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Email;

/// <summary>
/// Sends through the Azure Communication Services Email REST API (<c>POST {endpoint}/emails:send</c>, 202 and
/// an operation to poll), authenticated by HMAC-SHA256 with the resource key or by a Microsoft Entra ID
/// token. Retries are idempotent on the service side: <c>Operation-Id</c> and <c>Repeatability-Request-Id</c>
/// derive from the message ID and <c>Repeatability-First-Sent</c> is the first attempt's time.
/// </summary>
public sealed class AzureCommunicationEmailSender(
    IHttpClientFactory clients,
    IOptions<EmailOptions> options,
    TokenCredential? credential,
    TimeProvider clock) : IEmailSender
{
    public const string ClientName = "acs-email";
    public const string TokenScope = "https://communication.azure.com//.default";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<EmailSendOutcome> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        AzureCommunicationEmailOptions acs = options.Value.AzureCommunication;
        Uri endpoint = acs.Endpoint ?? throw new InvalidOperationException("Email:AzureCommunication:Endpoint is not set.");
        string operationId = OperationIdFor(message.MessageId);
        DateTimeOffset firstSent = message.FirstAttemptAt ?? clock.GetUtcNow();
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(
            new
            {
                senderAddress = acs.SenderAddress,
                content = new { subject = message.Subject, plainText = message.TextBody, html = message.HtmlBody },
                recipients = new
                {
                    to = new[] { new { address = message.To } },
                    cc = message.Cc.Where(cc => !cc.Equals(message.To, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase).Select(cc => new { address = cc }).ToArray(),
                },
                headers = new Dictionary<string, string>(EmailHeaders.For(message, options.Value)) { ["X-Support-Message-Id"] = message.MessageId },
                replyTo = message.ReplyTo is { } replyTo ? new[] { new { address = replyTo } } : [],
                userEngagementTrackingDisabled = true,
            },
            Json);

        HttpClient http = clients.CreateClient(ClientName);
        using HttpResponseMessage response = await this.SendSignedAsync(http, HttpMethod.Post, new Uri(endpoint, $"/emails:send?api-version={acs.ApiVersion}"), body, request =>
        {
            request.Headers.Add("Operation-Id", operationId);
            request.Headers.Add("Repeatability-Request-Id", operationId);
            request.Headers.Add("Repeatability-First-Sent", firstSent.ToString("R", CultureInfo.InvariantCulture));
        }, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // The first attempt is older than the service's repeatability window: ask whether it was accepted.
            return await this.OperationExistsAsync(http, endpoint, operationId, acs.ApiVersion, cancellationToken).ConfigureAwait(false)
                ? EmailSendOutcome.AlreadySent
                : throw new EmailDeliveryException("Repeatability window passed and no operation was found; sending again.", permanent: false, retryAfter: TimeSpan.Zero);
        }

        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw ProviderResponses.Failure("Azure Communication Services", response.StatusCode, response.Headers, text);
        }

        Uri status = OperationStatusUri(endpoint, response.Headers, operationId, acs.ApiVersion);
        await this.WaitForOperationAsync(http, status, acs.OperationWait, cancellationToken).ConfigureAwait(false);
        return EmailSendOutcome.Sent;
    }

    /// <summary>
    /// Where to poll the operation: the service's <c>Operation-Location</c> when it points at the configured endpoint
    /// (same scheme, host and port); otherwise the documented path on the endpoint. The desk signs every poll with
    /// its key or token, so it never follows a location elsewhere, whoever answered the send.
    /// </summary>
    public static Uri OperationStatusUri(Uri endpoint, HttpResponseHeaders headers, string operationId, string apiVersion)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.TryGetValues("Operation-Location", out IEnumerable<string>? locations)
            && Uri.TryCreate(locations.First(), UriKind.Absolute, out Uri? location)
            && Uri.Compare(location, endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return location;
        }

        return new Uri(endpoint, $"/emails/operations/{operationId}?api-version={apiVersion}");
    }

    /// <summary>A stable GUID per message ID, so every retry of a message is the same operation to the service.</summary>
    public static string OperationIdFor(string messageId)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(messageId));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>
    /// The documented HMAC-SHA256 scheme: sign "VERB\npath?query\nx-ms-date;host;x-ms-content-sha256"
    /// with the base64-decoded access key.
    /// </summary>
    public static (string Date, string ContentHash, string Authorization) Sign(HttpMethod method, Uri uri, byte[] body, string accessKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        string date = now.ToString("R", CultureInfo.InvariantCulture);
        string contentHash = Convert.ToBase64String(SHA256.HashData(body));
        string stringToSign = $"{method.Method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";
        string signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(accessKey), Encoding.UTF8.GetBytes(stringToSign)));
        return (date, contentHash, $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
    }

    async Task<HttpResponseMessage> SendSignedAsync(HttpClient http, HttpMethod method, Uri uri, byte[] body, Action<HttpRequestMessage>? decorate, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        decorate?.Invoke(request);
        string? key = options.Value.AzureCommunication.AccessKey;
        if (!string.IsNullOrWhiteSpace(key))
        {
            (string date, string hash, string authorization) = Sign(method, uri, body, key, clock.GetUtcNow());
            request.Headers.Add("x-ms-date", date);
            request.Headers.Add("x-ms-content-sha256", hash);
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        else
        {
            TokenCredential tokens = credential ?? throw new InvalidOperationException("No access key and no Entra ID credential for Azure Communication Services.");
            AccessToken token = await tokens.GetTokenAsync(new TokenRequestContext([TokenScope]), cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        }

        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    async Task WaitForOperationAsync(HttpClient http, Uri status, TimeSpan wait, CancellationToken cancellationToken)
    {
        DateTimeOffset deadline = clock.GetUtcNow() + wait;
        while (clock.GetUtcNow() < deadline)
        {
            using HttpResponseMessage response = await this.SendSignedAsync(http, HttpMethod.Get, status, [], null, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                using JsonDocument operation = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                string state = operation.RootElement.TryGetProperty("status", out JsonElement s) ? s.GetString() ?? string.Empty : string.Empty;
                if (state.Equals("Succeeded", StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }

                if (state is "Failed" or "Canceled")
                {
                    string error = operation.RootElement.TryGetProperty("error", out JsonElement e) ? e.GetRawText() : state;
                    throw new EmailDeliveryException($"Azure Communication Services could not deliver the message: {error}", permanent: true);
                }
            }

            TimeSpan pause = ProviderResponses.RetryAfter(response.Headers) ?? TimeSpan.FromMilliseconds(500);
            await Task.Delay(pause > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : pause, clock, cancellationToken).ConfigureAwait(false);
        }

        // Accepted (202) but still running: the service owns delivery from here.
    }

    async Task<bool> OperationExistsAsync(HttpClient http, Uri endpoint, string operationId, string apiVersion, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await this.SendSignedAsync(http, HttpMethod.Get, new Uri(endpoint, $"/emails/operations/{operationId}?api-version={apiVersion}"), [], null, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }
}
