using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Support.Desk.Settings;

namespace Support.Desk.Domain.Access;

/// <summary>What a signed token is for: each purpose has its own key, so a token of one is never accepted as another.</summary>
public enum TokenPurpose
{
    /// <summary>A Support Center sign-in link (address, tenant; 15 minutes; single use is the ledger's job).</summary>
    SignInLink,

    /// <summary>The link that confirms a status subscription (address, region).</summary>
    SubscriptionConfirmation,

    /// <summary>The one-click unsubscribe link in every status email (address, region); it does not expire.</summary>
    Unsubscribe,

    /// <summary>The tag in a ticket's reply address, so a made-up address reaches no ticket.</summary>
    ReplyAddress,
}

/// <summary>
/// Tokens the desk hands out in emails and verifies without storing them: the fields, an expiry, and an HMAC under
/// a key derived (HKDF) from the ticket-token keys for the token's purpose. The first key signs; every key verifies,
/// so rotating the keys never breaks a link already sent until the old key is removed. Fields are base64url-encoded,
/// so any text fits and nothing can be spliced across a separator.
/// </summary>
public sealed class SignedTokens
{
    const string Version = "v1";
    const int MaxTokenLength = 1024;

    readonly byte[][][] keys;

    public SignedTokens(AccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> secrets = options.TicketTokenKeyList();
        if (secrets.Count == 0)
        {
            throw new ArgumentException($"{AccessOptions.SectionName}:TicketTokenKeys holds no key.", nameof(options));
        }

        this.keys = [.. Enum.GetValues<TokenPurpose>().Select(purpose => secrets.Select(secret =>
            HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [],
                info: Encoding.UTF8.GetBytes("support-desk signed token v1 " + purpose))).ToArray())];
    }

    /// <summary>A token carrying <paramref name="fields"/> until <paramref name="expiresAt"/> (null: never expires).</summary>
    public string Issue(TokenPurpose purpose, DateTimeOffset? expiresAt, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        string expiry = expiresAt is { } at ? at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : "0";
        string payload = string.Join('.', [Version, expiry, .. fields.Select(f => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(f)))]);
        return payload + "." + Mac(this.keys[(int)purpose][0], payload);
    }

    /// <summary>The token's fields when it is genuine, of this purpose, has <paramref name="fieldCount"/> fields and has not expired; otherwise null.</summary>
    public IReadOnlyList<string>? Read(TokenPurpose purpose, string? token, int fieldCount, DateTimeOffset now)
    {
        if (token is not { Length: > 0 and <= MaxTokenLength })
        {
            return null;
        }

        string[] parts = token.Split('.');
        if (parts.Length != fieldCount + 3 || parts[0] != Version)
        {
            return null;
        }

        string payload = string.Join('.', parts[..^1]);
        byte[] presented = Encoding.ASCII.GetBytes(parts[^1]);
        bool genuine = false;
        foreach (byte[] key in this.keys[(int)purpose])
        {
            genuine |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(key, payload)), presented);
        }

        if (!genuine || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long expiry)
            || (expiry != 0 && now.ToUnixTimeSeconds() >= expiry))
        {
            return null;
        }

        try
        {
            return [.. parts[2..^1].Select(p => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(p)))];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>When a token that <see cref="Read"/> accepted expires (null: never), as it was issued.</summary>
    public static DateTimeOffset? ExpiryOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        string[] parts = token.Split('.');
        return parts.Length > 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long expiry) && expiry != 0
            ? DateTimeOffset.FromUnixTimeSeconds(expiry)
            : null;
    }

    /// <summary>
    /// A short tag of <paramref name="text"/> (lower-case hex, <paramref name="length"/> characters): for places that
    /// hold a few characters only and fold case, such as the local part of an email address.
    /// </summary>
    public string Tag(TokenPurpose purpose, string text, int length = 20) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(this.keys[(int)purpose][0], Encoding.UTF8.GetBytes(text)))[..length];

    /// <summary>
    /// Whether <paramref name="tag"/> is the whole tag of <paramref name="text"/> (<paramref name="length"/> hex
    /// characters, as <see cref="Tag"/> issues it) under any key, in constant time (case-insensitive). A shortened tag
    /// is refused: every character cut is four bits less for a forger to guess.
    /// </summary>
    public bool VerifiesTag(TokenPurpose purpose, string text, string? tag, int length = 20)
    {
        if (tag is null || tag.Length != length)
        {
            return false;
        }

        byte[] presented = Encoding.ASCII.GetBytes(tag.ToLowerInvariant());
        bool genuine = false;
        foreach (byte[] key in this.keys[(int)purpose])
        {
            genuine |= CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)))[..tag.Length]), presented);
        }

        return genuine;
    }

    static string Mac(byte[] key, string payload) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));
}
