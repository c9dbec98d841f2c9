using Support.Desk.Domain.Access;

namespace Support.Desk.Domain.Email;

/// <summary>
/// The reply address of a ticket's customer emails: <c>reply+{ticket id}.{tag}@{reply domain}</c>, where the tag is an
/// HMAC of the ticket ID. A reply's address names its ticket, and nobody can make up one for another ticket. Mail
/// systems may fold the local part's case, so the ID is matched case-insensitively and the tag is lower-case hex.
/// </summary>
public sealed class ReplyAddresses(SignedTokens tokens)
{
    const string Prefix = "reply+";

    public string For(string ticketId, string domain)
    {
        ArgumentNullException.ThrowIfNull(ticketId);
        return $"{Prefix}{ticketId.ToLowerInvariant()}.{tokens.Tag(TokenPurpose.ReplyAddress, ticketId.ToUpperInvariant())}@{domain}";
    }

    /// <summary>The ticket a reply address names, when it is one of ours at <paramref name="domain"/> with a genuine tag; otherwise null.</summary>
    public string? TicketOf(string? address, string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        string? normalized = ContactAddresses.Normalize(address);
        if (normalized is null || !ContactAddresses.DomainOf(normalized).Equals(domain, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string local = normalized[..normalized.LastIndexOf('@')];
        int dot = local.LastIndexOf('.');
        if (!local.StartsWith(Prefix, StringComparison.Ordinal) || dot <= Prefix.Length)
        {
            return null;
        }

        string? ticketId = TicketIds.Normalize(local[Prefix.Length..dot].ToUpperInvariant());
        return ticketId is not null && tokens.VerifiesTag(TokenPurpose.ReplyAddress, ticketId, local[(dot + 1)..]) ? ticketId : null;
    }
}
