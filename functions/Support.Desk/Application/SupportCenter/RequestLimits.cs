using System.Security.Cryptography;
using System.Text;
using Support.Desk.Application.Ports;
using Support.Desk.Settings;

namespace Support.Desk.Application.SupportCenter;

/// <summary>
/// The Support Center's limits on requests that send email (sign-in links, subscription confirmations): per address
/// and per client, each purpose counted apart, known and unknown addresses alike. Addresses and clients are hashed
/// for their keys, so the throttle's table holds neither.
/// </summary>
public sealed class RequestLimits(IRequestThrottle throttle, SupportCenterOptions options)
{
    /// <summary>Counts one request; how long to wait when the address's or the client's limit is spent, else null.</summary>
    public async Task<TimeSpan?> TakeAsync(string purpose, string address, string client, CancellationToken cancellationToken)
    {
        Task<TimeSpan?> byAddress = throttle.TryTakeAsync(Key(purpose, "address", address), options.RequestsPerAddress, options.AddressWindow, cancellationToken);
        Task<TimeSpan?> byClient = throttle.TryTakeAsync(Key(purpose, "client", client), options.RequestsPerClient, options.ClientWindow, cancellationToken);
        TimeSpan?[] waits = await Task.WhenAll(byAddress, byClient).ConfigureAwait(false);
        return waits.Max();
    }

    static string Key(string purpose, string kind, string value) =>
        $"{purpose}-{kind}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32]}";
}
