namespace Support.Desk.Application.Ports;

/// <summary>
/// Counts requests per key in fixed windows, shared by every instance of the app (so a limit holds however many
/// hosts answer): the Support Center's sign-in and subscription forms per address, organisation and client, and
/// customers' quotas per contact and tenant.
/// </summary>
public interface IRequestThrottle
{
    /// <summary>
    /// Counts <paramref name="amount"/> (a request, or bytes) for <paramref name="key"/>: null when the window's total
    /// stays within <paramref name="limit"/>, else how long until the window ends (and nothing is counted).
    /// </summary>
    Task<TimeSpan?> TryTakeAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken, long amount = 1);
}
