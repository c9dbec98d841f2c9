using System.Security.Cryptography;
using System.Text;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;

namespace Support.Desk.Settings;

/// <summary>Replies by email (section <c>InboundEmail</c>).</summary>
public sealed class InboundEmailOptions : IValidatedOptions
{
    public const string SectionName = "InboundEmail";

    public const int MinimumSecretLength = 32;

    /// <summary>
    /// The domain whose mail SendGrid's Inbound Parse receives (e.g. <c>reply.support.example</c>). When set, customers'
    /// ticket emails carry a <c>Reply-To</c> at it, and replies posted to the inbound endpoint become updates. Empty: off.
    /// </summary>
    public string? ReplyDomain { get; set; }

    /// <summary>
    /// The inbound endpoint's own secret: basic-auth credentials <c>user:secret</c> that SendGrid sends because they
    /// are in the Inbound Parse URL (<c>https://user:secret@host/api/inbound/email</c>). Separate from the intake key
    /// and from the Functions host keys, so a webhook sender cannot post emails. Two entries while rotating.
    /// </summary>
    public string Credentials { get; set; } = string.Empty;

    public string? Domain => string.IsNullOrWhiteSpace(this.ReplyDomain) ? null : this.ReplyDomain.Trim().ToLowerInvariant();

    public IReadOnlyList<string> CredentialList() => KeyLists.Parse(this.Credentials);

    /// <summary>Whether <paramref name="presented"/> (<c>user:secret</c> from an Authorization: Basic header) is one of the credentials, in constant time.</summary>
    public bool Accepts(string? presented)
    {
        if (presented is null or { Length: 0 or > 1024 })
        {
            return false;
        }

        // Hashes first, so the comparison takes the same time whatever the lengths.
        byte[] candidate = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        bool accepted = false;
        foreach (string credential in this.CredentialList())
        {
            accepted |= CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(credential)), candidate);
        }

        return accepted;
    }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (this.Domain is not null && !ContactAddresses.IsWellFormedDomain(this.Domain))
        {
            problems.Add($"{SectionName}:ReplyDomain '{this.ReplyDomain}' is not a domain such as reply.support.example.");
        }

        IReadOnlyList<string> credentials = this.CredentialList();
        if (this.Domain is not null && credentials.Count == 0)
        {
            problems.Add($"{SectionName}:Credentials is required with a ReplyDomain: the user:secret that SendGrid's Inbound Parse URL carries.");
        }

        if (credentials.Any(c => c.StartsWith("@Microsoft.KeyVault", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add($"{SectionName}:Credentials holds an unresolved Key Vault reference; check the secret exists and the app's identity may read it.");
        }
        else if (credentials.Any(c => c.IndexOf(':', StringComparison.Ordinal) is var colon && (colon <= 0 || c.Length - colon - 1 < MinimumSecretLength)))
        {
            problems.Add($"{SectionName}:Credentials entries are user:secret, the secret at least {MinimumSecretLength} characters.");
        }

        return problems;
    }
}
