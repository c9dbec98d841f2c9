using System.Threading.Channels;

namespace Support.Desk.Application.Incidents;

/// <summary>Wakes this host's incident work at once when a broadcast is posted here (other hosts find it at their next look).</summary>
public sealed class IncidentSignals
{
    readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => this.wake.Writer.TryWrite(true);

    /// <summary>Waits for a wake-up or the delay, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(delay);
        try
        {
            await this.wake.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The delay passed.
        }
    }
}
