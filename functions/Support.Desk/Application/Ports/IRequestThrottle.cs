namespace Support.Desk.Application.Ports;

/// <summary>
/// Counts requests per key in fixed windows, shared by every instance of the app (so a limit holds however many
/// hosts answer): the Support Center's sign-in and subscription forms are limited per address and per client.
/// </summary>
public interface IRequestThrottle
{
    /// <summary>Counts one request for <paramref name="key"/>: null when it is within <paramref name="limit"/> per window, else how long until the window ends.</summary>
    Task<TimeSpan?> TryTakeAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken);
}
