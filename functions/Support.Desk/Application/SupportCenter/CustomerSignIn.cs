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

    /// <summary>Too many requests from this client (counted for known and unknown addresses alike). An address asked for too often is never refused: it is answered as accepted and sent nothing.</summary>
    Throttled,

    /// <summary>The background mail queue is full: try again shortly.</summary>
    Busy,
}

/// <summary>
/// Passwordless sign-in to the Support Center. A work email in: when the directory says the address acts for a
/// tenant, a signed link valid <see cref="SupportCenterOptions.SignInLinkLifetime"/> is emailed in the background.
/// Every address is throttled and answered alike, whether known or not, and in the same time, so the form never
/// reveals which addresses are customers'. Only the client can be refused (429): an address asked for too often, or
/// an organisation's addresses flooded, get the same answer and no email, so a stranger's requests never lock a contact
/// out (see <see cref="RequestLimits"/>). Opening the link redeems it once (an insert into the used-links ledger),
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

        CustomerContact? contact = directory.FindContact(address);
        EmailRequestCount count = await limits.TakeAsync("sign-in", address, client, contact?.Tenant ?? "domain:" + ContactAddresses.DomainOf(address), cancellationToken).ConfigureAwait(false);
        if (count.ClientThrottled)
        {
            return (SignInLinkRequest.Throttled, count.ClientWait);
        }

        // Past the address's limit, or its organisation's cap for addresses that never signed in, say the same and send nothing.
        if (contact is null || count.AddressSpent
            || (count.OrganisationSpent && !await ledger.HasSignedInAsync(contact.Email, cancellationToken).ConfigureAwait(false)))
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

        // The link's own expiry places its row: two redemptions of one link always meet on the same row.
        if (!await ledger.TryUseAsync(linkId, SignedTokens.ExpiryOf(token!) ?? now + options.SignInLinkLifetime, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await ledger.MarkSignedInAsync(contact.Email, now, cancellationToken).ConfigureAwait(false);
        return contact;
    }

    /// <summary>The contact a session names, while the directory still lists the address for that tenant.</summary>
    public CustomerContact? Confirm(string email, string tenant) =>
        directory.FindContact(email) is { } contact && contact.Tenant == tenant ? contact : null;
}
