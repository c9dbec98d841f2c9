using System.Security.Cryptography;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Settings;

namespace Support.Desk.Application.SupportCenter;

/// <summary>What became of a request for a sign-in link.</summary>
public enum SignInLinkRequest
{
    /// <summary>Accepted: a link was queued if the address belongs to a tenant; the answer is the same either way.</summary>
    Accepted,

    /// <summary>Not an email address.</summary>
    Invalid,

    /// <summary>Too many requests for this address or from this client (counted for known and unknown addresses alike).</summary>
    Throttled,

    /// <summary>The background mail queue is full: try again shortly.</summary>
    Busy,
}

/// <summary>
/// Passwordless sign-in to the Support Center. A work email in: when the directory says the address acts for a
/// tenant, a signed link valid <see cref="SupportCenterOptions.SignInLinkLifetime"/> is emailed in the background.
/// Every address is throttled and answered alike, whether known or not, and in the same time, so the form never
/// reveals which addresses are customers'. Opening the link redeems it once (an insert into the used-links ledger),
/// and only while the directory still lists the address for that tenant.
/// </summary>
public sealed class CustomerSignIn(
    ICustomerDirectory directory,
    RequestLimits limits,
    ISignInLinkLedger ledger,
    IBackgroundMail mail,
    SignedTokens tokens,
    SupportCenterEmails emails,
    SupportCenterOptions options,
    TimeProvider clock)
{
    public async Task<(SignInLinkRequest Outcome, TimeSpan? RetryAfter)> RequestLinkAsync(string? email, string client, CancellationToken cancellationToken)
    {
        if (ContactAddresses.Normalize(email) is not { } address)
        {
            return (SignInLinkRequest.Invalid, null);
        }

        if (await limits.TakeAsync("sign-in", address, client, cancellationToken).ConfigureAwait(false) is { } wait)
        {
            return (SignInLinkRequest.Throttled, wait);
        }

        if (directory.FindContact(address) is not { } contact)
        {
            return (SignInLinkRequest.Accepted, null);
        }

        DateTimeOffset now = clock.GetUtcNow();
        DateTimeOffset expires = now + options.SignInLinkLifetime;
        string linkId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string token = tokens.Issue(TokenPurpose.SignInLink, expires, contact.Email, contact.Tenant, linkId);
        return mail.TryEnqueue(emails.SignInLink(contact, token, linkId, expires))
            ? (SignInLinkRequest.Accepted, null)
            : (SignInLinkRequest.Busy, null);
    }

    /// <summary>The contact a link signs in, the first time it is used while valid; null otherwise (expired, used, forged, or no longer a contact).</summary>
    public async Task<CustomerContact?> RedeemAsync(string? token, CancellationToken cancellationToken)
    {
        DateTimeOffset now = clock.GetUtcNow();
        if (tokens.Read(TokenPurpose.SignInLink, token, 3, now) is not [string email, string tenant, string linkId]
            || directory.FindContact(email) is not { } contact || contact.Tenant != tenant)
        {
            return null;
        }

        return await ledger.TryUseAsync(linkId, now + options.SignInLinkLifetime, cancellationToken).ConfigureAwait(false) ? contact : null;
    }

    /// <summary>The contact a session names, while the directory still lists the address for that tenant.</summary>
    public CustomerContact? Confirm(string email, string tenant) =>
        directory.FindContact(email) is { } contact && contact.Tenant == tenant ? contact : null;
}
