namespace Support.Desk.Application;

/// <summary>Attachment uploads (configuration section <c>Attachments</c>).</summary>
public sealed class AttachmentOptions
{
    public const string SectionName = "Attachments";

    /// <summary>How many uploads one instance reads and inspects at once; each may hold a few hundred MB at its peak.</summary>
    public int MaxConcurrentUploads { get; set; } = 2;

    /// <summary>How long an upload waits for its turn before it is answered 503 with Retry-After.</summary>
    public TimeSpan UploadQueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (this.MaxConcurrentUploads is < 1 or > 64)
        {
            problems.Add($"{SectionName}:MaxConcurrentUploads must be between 1 and 64.");
        }

        if (this.UploadQueueTimeout < TimeSpan.Zero || this.UploadQueueTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"{SectionName}:UploadQueueTimeout must be between 00:00:00 and 00:05:00.");
        }

        return problems;
    }
}

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
