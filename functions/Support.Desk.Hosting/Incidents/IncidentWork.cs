using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Support.Desk.Application.Incidents;
using Support.Desk.Settings;

namespace Support.Desk.Hosting.Incidents;

/// <summary>
/// Each host's incident work, every <see cref="IncidentOptions.WorkerInterval"/> and at once when a post here wakes it:
/// run the broadcasts that are not done (under leases, so two hosts never run one at the same time and a dead host's is
/// taken over) and send the digests that are due. A plain loop rather than a durable orchestration: a broadcast's row is
/// its own checkpoint, and each ticket's saved state decides what it still needs, so nothing more is to be remembered.
/// </summary>
/// <remarks>Its services come from factories, resolved once the host has started and checked its settings.</remarks>
public sealed partial class IncidentWork(
    Func<IncidentBroadcastRunner> broadcastsFactory,
    Func<IncidentDigestSender> digestsFactory,
    Func<IncidentOptions> optionsFactory,
    IncidentSignals signals,
    ILogger<IncidentWork> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IncidentBroadcastRunner broadcasts = broadcastsFactory();
        IncidentDigestSender digests = digestsFactory();
        IncidentOptions options = optionsFactory();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                BroadcastRunSummary ran = await broadcasts.RunPendingAsync(stoppingToken).ConfigureAwait(false);
                await digests.SendDueAsync(stoppingToken).ConfigureAwait(false);
                if (ran.Finished > 0)
                {
                    // The next broadcast of the same incident may be waiting for this one.
                    continue;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }

            try
            {
                await signals.WaitAsync(options.WorkerInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident work failed (storage?); it looks again shortly.")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
