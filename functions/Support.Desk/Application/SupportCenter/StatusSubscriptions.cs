using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Status;

namespace Support.Desk.Application.SupportCenter;

public enum SubscribeOutcome
{
    /// <summary>A confirmation email is on its way (or the address was already subscribed: the answer is the same).</summary>
    ConfirmationSent,
    Invalid,
    Throttled,
    Busy,
}

/// <summary>
/// Customers' subscriptions to a region's status emails. Double opt-in: a signed-in contact asks for an address, the
/// address gets a confirmation link, and only a confirmed subscription is emailed. Every status email carries a
/// one-click unsubscribe link. <see cref="BroadcastAsync"/> sends one change to every confirmed subscriber, each
/// message's ID fixed by the change and the address, so a broadcast repeated after a crash sends nobody a second copy.
/// </summary>
public sealed class StatusSubscriptions(
    IStatusSubscriptions store,
    IEmailSender email,
    IBackgroundMail mail,
    SignedTokens tokens,
    SupportCenterEmails emails,
    RequestLimits limits,
    TimeProvider clock)
{
    public async Task<(SubscribeOutcome Outcome, TimeSpan? RetryAfter)> SubscribeAsync(CustomerContact contact, string? address, Region region, string client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (ContactAddresses.Normalize(address) is not { } normalized)
        {
            return (SubscribeOutcome.Invalid, null);
        }

        EmailRequestCount count = await limits.TakeAsync("subscribe", normalized, client, contact.Tenant, cancellationToken).ConfigureAwait(false);
        if (count.ClientThrottled)
        {
            return (SubscribeOutcome.Throttled, count.ClientWait);
        }

        // An address asked for too often (perhaps not by its owner) gets no more confirmation emails for now; the answer is the same.
        if (count.AddressSpent || count.OrganisationSpent)
        {
            return (SubscribeOutcome.ConfirmationSent, null);
        }

        StatusSubscription? existing = await store.FindAsync(region, normalized, cancellationToken).ConfigureAwait(false);
        if (existing?.ConfirmedAt is not null)
        {
            return (SubscribeOutcome.ConfirmationSent, null);
        }

        var pending = new StatusSubscription(region, normalized, contact.Tenant, clock.GetUtcNow(), null);
        await store.SaveAsync(pending, cancellationToken).ConfigureAwait(false);
        return mail.TryEnqueue(emails.SubscriptionConfirmation(pending)) ? (SubscribeOutcome.ConfirmationSent, null) : (SubscribeOutcome.Busy, null);
    }

    /// <summary>Confirms the subscription a link names; null when the link is not genuine, has expired, or the subscription is gone.</summary>
    public async Task<StatusSubscription?> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        if (tokens.Read(TokenPurpose.SubscriptionConfirmation, token, 2, clock.GetUtcNow()) is not [string address, string regionName]
            || !WireNames.TryParse(regionName, out Region region)
            || await store.FindAsync(region, address, cancellationToken).ConfigureAwait(false) is not { } subscription)
        {
            return null;
        }

        if (subscription.ConfirmedAt is null)
        {
            subscription = subscription with { ConfirmedAt = clock.GetUtcNow() };
            await store.SaveAsync(subscription, cancellationToken).ConfigureAwait(false);
        }

        return subscription;
    }

    /// <summary>What an unsubscribe link names, when it is genuine (it does not expire).</summary>
    public (string Address, Region Region)? ReadUnsubscribe(string? token) =>
        tokens.Read(TokenPurpose.Unsubscribe, token, 2, clock.GetUtcNow()) is [string address, string regionName] && WireNames.TryParse(regionName, out Region region)
            ? (address, region)
            : null;

    /// <summary>Ends the subscription a link names (again is fine); false when the link is not genuine.</summary>
    public async Task<bool> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        if (this.ReadUnsubscribe(token) is not { } target)
        {
            return false;
        }

        await store.RemoveAsync(target.Region, target.Address, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether the address gets the region's emails (confirmed), asked for them (pending), or neither.</summary>
    public Task<StatusSubscription?> FindAsync(Region region, string address, CancellationToken cancellationToken) =>
        store.FindAsync(region, address, cancellationToken);

    /// <summary>Emails one change to every confirmed subscriber of the region; returns how many were handed to the provider now.</summary>
    public async Task<int> BroadcastAsync(Region region, StatusBroadcast change, StatusSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        IReadOnlyList<StatusSubscription> subscribers = await store.ListConfirmedAsync(region, cancellationToken).ConfigureAwait(false);
        int sent = 0;
        await Parallel.ForEachAsync(subscribers, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (subscriber, ct) =>
        {
            EmailMessage message = emails.StatusChange(subscriber, change.Id, change.At, change.Changes, snapshot);
            if (await email.SendAsync(message, ct).ConfigureAwait(false) == EmailSendOutcome.Sent)
            {
                Interlocked.Increment(ref sent);
            }
        }).ConfigureAwait(false);
        return sent;
    }
}
