using Support.Desk.Settings;

namespace Support.Desk.Application;

/// <summary>
/// Bounds how many uploads an instance holds in memory at once. An upload takes its turn before its body is
/// read, so one waiting for a turn holds nothing but its connection; one that waits too long is told to retry.
/// </summary>
public sealed class UploadThrottle(AttachmentOptions options) : IDisposable
{
    readonly SemaphoreSlim turns = new(options.MaxConcurrentUploads, options.MaxConcurrentUploads);

    /// <summary>What to tell a client that found no turn.</summary>
    public static TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(10);

    /// <summary>A turn (dispose it to give it back), or null when none came free in time.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken) =>
        await this.turns.WaitAsync(options.UploadQueueTimeout, cancellationToken).ConfigureAwait(false) ? new Turn(this.turns) : null;

    public void Dispose() => this.turns.Dispose();

    sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref this.released, 1) == 0)
            {
                turns.Release();
            }
        }
    }
}
