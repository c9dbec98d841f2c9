using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Support.Desk.Domain;

/// <summary>
/// Standard Webhooks verification: <c>webhook-signature</c> holds one or more space-separated <c>v1,&lt;base64&gt;</c>
/// HMAC-SHA256 signatures of <c>{webhook-id}.{webhook-timestamp}.{body}</c>; any of the configured secrets
/// (<c>whsec_&lt;base64&gt;</c>, several during a rotation) may match; comparison is constant-time; the timestamp
/// must be within five minutes of now, which bounds how long a captured request could be replayed (and a
/// replay within that window carries the same webhook-id, so intake's idempotency answers with the same
/// ticket instead of creating another).
/// </summary>
public static class WebhookSignatures
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Null when the request is authentic; otherwise why not (never which secret was tried).</summary>
    public static string? Verify(string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return "The webhook-id, webhook-timestamp and webhook-signature headers are required.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return "webhook-timestamp must be Unix seconds.";
        }

        TimeSpan skew = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (skew > Tolerance || skew < -Tolerance)
        {
            return "webhook-timestamp is more than five minutes away from now.";
        }

        byte[] signed = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        foreach (string secret in secrets)
        {
            byte[] expected = HMACSHA256.HashData(KeyOf(secret), signed);
            foreach (string candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate.StartsWith("v1,", StringComparison.Ordinal)
                    && TryBase64(candidate[3..], out byte[] given)
                    && CryptographicOperations.FixedTimeEquals(expected, given))
                {
                    return null;
                }
            }
        }

        return "No webhook-signature matches.";
    }

    /// <summary>The signature for a message, as a sender computes it (used by tests and tools).</summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}."), .. body];
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), signed));
    }

    public static bool IsValidSecret(string secret) => secret.StartsWith("whsec_", StringComparison.Ordinal) && TryBase64(secret[6..], out byte[] key) && key.Length >= 16;

    static byte[] KeyOf(string secret) => Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);

    static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, bytes, out int written))
        {
            bytes = bytes[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
