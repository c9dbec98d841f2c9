using System.Security.Cryptography;
using System.Text;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

namespace Support.Desk.Application.SupportCenter;

/// <summary>
/// What the limits say of one request that would email an address. A spent client limit refuses the client (429).
/// A spent address or organisation limit never refuses: whoever asks is not necessarily the address's owner, and a
/// stranger's requests must not lock the owner out. The request is answered as usual and nothing is sent; the owner
/// already holds a link that is still valid (an address's window is no longer than a link's life).
/// </summary>
public sealed record EmailRequestCount(TimeSpan? ClientWait, bool AddressSpent, bool OrganisationSpent)
{
    public bool ClientThrottled => this.ClientWait is not null;
}

/// <summary>
/// The Support Center's limits on requests that send email (sign-in links, subscription confirmations), each purpose
/// counted apart, known and unknown addresses alike (so the answer and its timing say nothing of who is a contact):
/// per client (refused when spent), per address and per organisation (the email is quietly not sent when spent).
/// Addresses and clients are hashed for their keys, so the throttle's table holds neither.
/// </summary>
public sealed class RequestLimits(IRequestThrottle throttle, SupportCenterOptions options)
{
    /// <summary>Counts one request for <paramref name="address"/> from <paramref name="client"/>; <paramref name="organisation"/> is the tenant, or the address's domain when it is nobody's.</summary>
    public async Task<EmailRequestCount> TakeAsync(string purpose, string address, string client, string organisation, CancellationToken cancellationToken)
    {
        Task<TimeSpan?> byClient = throttle.TryTakeAsync(Key(purpose, "client", client), options.RequestsPerClient, options.ClientWindow, cancellationToken);
        Task<TimeSpan?> byAddress = throttle.TryTakeAsync(Key(purpose, "address", address), options.RequestsPerAddress, options.AddressWindow, cancellationToken);
        Task<TimeSpan?> byOrganisation = throttle.TryTakeAsync(Key(purpose, "organisation", organisation), options.EmailsPerOrganisation, options.OrganisationWindow, cancellationToken);
        TimeSpan?[] waits = await Task.WhenAll(byClient, byAddress, byOrganisation).ConfigureAwait(false);
        return new EmailRequestCount(waits[0], waits[1] is not null, waits[2] is not null);
    }

    static string Key(string purpose, string kind, string value) =>
        $"{purpose}-{kind}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32]}";
}
