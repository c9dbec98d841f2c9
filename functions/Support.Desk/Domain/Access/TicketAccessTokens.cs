using System.Security.Cryptography;
using System.Text;
using Support.Desk.Settings;

namespace Support.Desk.Domain.Access;

/// <summary>
/// Per-ticket customer tokens. A token is an HMAC of the ticket ID under a server key, so the desk can put it
/// into every email without storing it: the ticket keeps only the token's SHA-256 hash, and a request is let in
/// when the hash of what it presents equals the stored one. An idempotent replay of a submission gets the same
/// token, and rotating the keys never locks out a token already issued.
/// </summary>
public sealed class TicketAccessTokens
{
    public const string Prefix = "tkt_";

    readonly byte[][] keys;

    public TicketAccessTokens(AccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.keys = [.. options.TicketTokenKeyList().Select(k => Encoding.UTF8.GetBytes(k))];
        if (this.keys.Length == 0)
        {
            throw new ArgumentException($"{AccessOptions.SectionName}:TicketTokenKeys holds no key.", nameof(options));
        }
    }

    /// <summary>The token for a ticket, from the current key: version 0 at submission, the next one each time staff revoke access.</summary>
    public string Issue(string ticketId, int version = 0) => Derive(this.keys[0], ticketId, version);

    /// <summary>The token whose hash a ticket stores, derived again for an email; null if no key still yields it.</summary>
    public string? Recover(string ticketId, string? storedHash, int version = 0)
    {
        if (storedHash is null)
        {
            return null;
        }

        foreach (byte[] key in this.keys)
        {
            string token = Derive(key, ticketId, version);
            if (Matches(storedHash, token))
            {
                return token;
            }
        }

        return null;
    }

    public static string HashOf(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time: whether <paramref name="presented"/> is the token whose hash is stored.</summary>
    public static bool Matches(string? storedHash, string? presented)
    {
        if (storedHash is null || string.IsNullOrEmpty(presented) || presented.Length > 256)
        {
            return false;
        }

        byte[] expected = Encoding.ASCII.GetBytes(storedHash);
        byte[] actual = Encoding.ASCII.GetBytes(HashOf(presented));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    static string Derive(byte[] key, string ticketId, int version)
    {
        // Version 0 keeps the original derivation, so links already sent keep working.
        string subject = "support-desk/ticket-access/v1/" + ticketId + (version == 0 ? string.Empty : "/" + version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        byte[] mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(subject));
        return Prefix + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
