namespace Support.Desk.Application;

/// <summary>
/// Raised when a ticket kept changing under a command for longer than the command may wait (many people and the
/// SLA step writing the same ticket at once). Nothing of the command was saved; the caller may send it again
/// after <see cref="RetryAfter"/>. The HTTP layer answers 503 with Retry-After: a busy ticket is not a fault.
/// </summary>
public sealed class TicketContentionException(string ticketId, TimeSpan retryAfter)
    : Exception($"Ticket {ticketId} kept changing under concurrent writes; nothing was saved, send the request again.")
{
    public string TicketId { get; } = ticketId;

    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// How a command waits its turn on a ticket that others are writing: full-jitter exponential back-off (so the
/// losers of one round do not collide again in the next), within a time budget rather than a fixed count of tries.
/// </summary>
public sealed class TicketContention(TimeProvider clock)
{
    /// <summary>How long one command keeps trying before it answers "busy".</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    /// <summary>What a busy answer asks the client to wait.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(15);
    static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(400);

    public long Start() => clock.GetTimestamp();

    /// <summary>Waits before the next try after <paramref name="failedAttempts"/> lost writes; throws once the budget is spent.</summary>
    public async Task BackOffAsync(string ticketId, long startedAt, int failedAttempts, CancellationToken cancellationToken)
    {
        TimeSpan elapsed = clock.GetElapsedTime(startedAt);
        if (elapsed >= Budget)
        {
            throw new TicketContentionException(ticketId, RetryAfter);
        }

        double ceiling = Math.Min(MaxDelay.TotalMilliseconds, FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempts - 1, 10)));
        TimeSpan delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
        if (elapsed + delay >= Budget)
        {
            throw new TicketContentionException(ticketId, RetryAfter);
        }

        await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
    }
}
