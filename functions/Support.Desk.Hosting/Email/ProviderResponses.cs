using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Support.Desk.Application;

namespace Support.Desk.Hosting.Email;

/// <summary>How the email providers' HTTP answers map to retry decisions.</summary>
internal static class ProviderResponses
{
    /// <summary>429 and 5xx (and 408) are transient and honour Retry-After; any other 4xx is permanent.</summary>
    public static EmailDeliveryException Failure(string provider, HttpStatusCode status, HttpResponseHeaders headers, string body)
    {
        string detail = body.Length > 300 ? body[..300] : body;
        bool transient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
        return new EmailDeliveryException($"{provider} answered {(int)status}: {detail}", permanent: !transient, retryAfter: transient ? RetryAfter(headers) : null);
    }

    public static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (headers.RetryAfter?.Date is { } date)
        {
            return date - DateTimeOffset.UtcNow;
        }

        // SendGrid's rate limiter says when the window resets (epoch seconds).
        if (headers.TryGetValues("X-RateLimit-Reset", out IEnumerable<string>? reset)
            && long.TryParse(reset.First(), NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch) - DateTimeOffset.UtcNow;
        }

        return null;
    }
}
