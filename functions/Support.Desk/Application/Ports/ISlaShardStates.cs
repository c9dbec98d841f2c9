namespace Support.Desk.Application.Ports;

/// <summary>
/// A shard's state, one row per shard: which run holds it and until when (so a run handed out twice, or one that
/// outlived its message, cannot work the shard alongside another), and whether it sleeps and until when (so that a
/// writer whose ticket falls due sooner wakes it).
/// </summary>
public sealed record SlaShardState(string? Owner, DateTimeOffset LeaseUntil, DateTimeOffset? SleepingSince, DateTimeOffset? WakeAt, string? Version)
{
    /// <summary>A shard with no state row yet: nobody holds it and it is not asleep.</summary>
    public static SlaShardState None { get; } = new(null, DateTimeOffset.MinValue, null, null, null);

    public bool Asleep => this.SleepingSince is not null;
}

public interface ISlaShardStates
{
    Task<SlaShardState> GetAsync(int shard, CancellationToken cancellationToken);

    /// <summary>Writes the shard's state if it is still at <paramref name="ifVersion"/> (null: no row yet). Returns it with its new version, or null when it had changed.</summary>
    Task<SlaShardState?> TryReplaceAsync(int shard, SlaShardState state, string? ifVersion, CancellationToken cancellationToken);
}
