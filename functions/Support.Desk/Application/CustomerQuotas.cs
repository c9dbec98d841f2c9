using System.Security.Cryptography;
using System.Text;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Settings;

namespace Support.Desk.Application;

/// <summary>What a customer is counted for.</summary>
public enum QuotaKind
{
    Tickets,
    UrgentTickets,
    Updates,
    AttachmentBytes,
}

/// <summary>
/// A customer used up a quota: nothing of the request was taken; the caller may send it again after
/// <see cref="RetryAfter"/>. The HTTP layer answers 429 with Retry-After (a plain message on the pages).
/// </summary>
public sealed class QuotaExceededException(QuotaKind kind, bool tenantWide, TimeSpan retryAfter, string detail) : Exception(detail)
{
    public QuotaKind Kind { get; } = kind;

    public bool TenantWide { get; } = tenantWide;

    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Customers' quotas (<see cref="QuotaOptions"/>), counted per contact and per tenant in the shared throttle, so they
/// hold across instances. Staff are never counted. A request that would pass one count but not the other is refused,
/// though the first count is spent: a refusal is the rare case, and the quotas are about floods, not exact billing.
/// </summary>
public sealed class CustomerQuotas(IRequestThrottle throttle, QuotaOptions options)
{
    /// <summary>Counts what a customer is about to put in; throws <see cref="QuotaExceededException"/> when a quota is spent.</summary>
    public async Task TakeAsync(QuotaKind kind, string contact, string tenant, CancellationToken cancellationToken, long amount = 1)
    {
        ArgumentNullException.ThrowIfNull(contact);
        ArgumentNullException.ThrowIfNull(tenant);
        (long perContact, long perTenant, TimeSpan window) = kind switch
        {
            QuotaKind.Tickets => ((long)options.TicketsPerContact, (long)options.TicketsPerTenant, options.TicketWindow),
            QuotaKind.UrgentTickets => (options.UrgentTicketsPerContact, options.UrgentTicketsPerTenant, options.TicketWindow),
            QuotaKind.Updates => (options.UpdatesPerContact, options.UpdatesPerTenant, options.UpdateWindow),
            QuotaKind.AttachmentBytes => (options.AttachmentBytesPerContact, options.AttachmentBytesPerTenant, options.AttachmentWindow),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown quota."),
        };
        string name = WireNames.Of(kind);
        if (await throttle.TryTakeAsync(Key(name, "contact", contact.ToLowerInvariant()), perContact, window, cancellationToken, amount).ConfigureAwait(false) is { } wait)
        {
            throw new QuotaExceededException(kind, tenantWide: false, wait, Describe(kind, perContact, window, "for one person"));
        }

        if (await throttle.TryTakeAsync(Key(name, "tenant", tenant), perTenant, window, cancellationToken, amount).ConfigureAwait(false) is { } tenantWait)
        {
            throw new QuotaExceededException(kind, tenantWide: true, tenantWait, Describe(kind, perTenant, window, "for your organisation"));
        }
    }

    /// <summary>A ticket logged by a signed-in contact: counted as a ticket, and an urgent one also as urgent.</summary>
    public async Task TakeTicketAsync(string contact, string tenant, bool urgent, CancellationToken cancellationToken)
    {
        await this.TakeAsync(QuotaKind.Tickets, contact, tenant, cancellationToken).ConfigureAwait(false);
        if (urgent)
        {
            await this.TakeAsync(QuotaKind.UrgentTickets, contact, tenant, cancellationToken).ConfigureAwait(false);
        }
    }

    static string Describe(QuotaKind kind, long limit, TimeSpan window, string whose)
    {
        string per = window >= TimeSpan.FromDays(1) ? "a day" : window == TimeSpan.FromHours(1) ? "an hour" : $"{window.TotalMinutes:0} minutes";
        return kind switch
        {
            QuotaKind.Tickets => $"At most {limit} tickets {per} can be logged {whose} here.",
            QuotaKind.UrgentTickets => $"At most {limit} urgent tickets {per} can be logged {whose} here; add to an open urgent ticket, or log this one as high.",
            QuotaKind.Updates => $"At most {limit} updates {per} can be posted {whose}.",
            QuotaKind.AttachmentBytes => $"At most {limit / (1024 * 1024)} MiB of files {per} can be attached {whose}.",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown quota."),
        } + " Please try again later, or call your support contact if production is down.";
    }

    static string Key(string kind, string scope, string value) =>
        $"quota-{kind}-{scope}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32]}";
}
