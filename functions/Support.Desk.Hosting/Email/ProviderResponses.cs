using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Support.Desk.Application;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Email;

/// <summary>How the email providers' HTTP answers map to retry decisions.</summary>
public static class ProviderResponses
{
    /// <summary>429 and 5xx (and 408) are transient and honour Retry-After; any other 4xx is permanent.</summary>
    public static EmailDeliveryException Failure(string provider, HttpStatusCode status, HttpResponseHeaders headers, string body)
    {
        string detail = body.Length > 300 ? body[..300] : body;
        bool transient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
        return new EmailDeliveryException($"{provider} answered {(int)status}: {detail}", permanent: !transient, retryAfter: transient ? RetryAfter(headers) : null);
    }

    /// <summary>The longest wait a provider may ask for; a longer (or absurd) Retry-After is taken as this.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(1);

    /// <summary>How long the provider asked to wait, clamped to 0 … <see cref="MaxRetryAfter"/> (a date in the past is "now").</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.RetryAfter?.Delta is { } delta)
        {
            return Clamp(delta);
        }

        if (headers.RetryAfter?.Date is { } date)
        {
            return Clamp(date - DateTimeOffset.UtcNow);
        }

        // SendGrid's rate limiter says when the window resets (epoch seconds).
        if (headers.TryGetValues("X-RateLimit-Reset", out IEnumerable<string>? reset)
            && long.TryParse(reset.First(), NumberStyles.None, CultureInfo.InvariantCulture, out long epoch)
            && epoch <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return Clamp(DateTimeOffset.FromUnixTimeSeconds(epoch) - DateTimeOffset.UtcNow);
        }

        return null;
    }

    static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
}
