namespace Support.Desk.Domain.Access;

/// <summary>
/// A person who may act for a tenant in the Support Center: an address the directory lists as the tenant's contact,
/// or any address at one of the tenant's email domains. They proved the address by opening a sign-in link sent to it.
/// </summary>
public sealed record CustomerContact(string Email, string Tenant);

/// <summary>How the directory's addresses and domains are compared: trimmed, lower-case (mailbox names are
/// case-insensitive in practice, and domains always are).</summary>
public static class ContactAddresses
{
    /// <summary>The address in the form the directory keys, or null when it is no valid address.</summary>
    public static string? Normalize(string? email)
    {
        string? trimmed = email?.Trim();
        return EmailAddresses.IsValid(trimmed) ? trimmed!.ToLowerInvariant() : null;
    }

    /// <summary>The domain part of a normalised address.</summary>
    public static string DomainOf(string normalizedEmail)
    {
        ArgumentNullException.ThrowIfNull(normalizedEmail);
        return normalizedEmail[(normalizedEmail.LastIndexOf('@') + 1)..];
    }

    /// <summary>A domain as <c>EmailDomains</c> lists it: dotted labels of letters, digits and hyphens (IDNs in their xn-- form).</summary>
    public static bool IsWellFormedDomain(string? domain) =>
        domain is { Length: >= 3 and <= 253 }
        && domain.Contains('.', StringComparison.Ordinal)
        && domain.Split('.').All(label => label.Length is >= 1 and <= 63 && label[0] != '-' && label[^1] != '-'
            && label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'));
}
