using System.Net.Mail;

namespace Support.Desk.Domain;

public static class EmailAddresses
{
    public const int MaxLength = 254;

    /// <summary>A bare address (no display name) with a dotted domain, at most 254 characters.</summary>
    public static bool IsValid(string? text) =>
        text is { Length: > 0 and <= MaxLength }
        && text.Trim() == text
        && MailAddress.TryCreate(text, out MailAddress? parsed)
        && parsed.Address == text
        && parsed.Host.Contains('.', StringComparison.Ordinal)
        && !parsed.Host.EndsWith('.');
}
