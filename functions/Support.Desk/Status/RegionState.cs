using Support.Desk.Domain.Status;
using Support.Desk.Domain;

namespace Support.Desk.Status;

public enum RegionHealth
{
    /// <summary>The last poll read the page.</summary>
    Ok,

    /// <summary>The page could not be read or is stale; <see cref="RegionState.Snapshot"/> is the last good one.</summary>
    Unknown,
}

/// <summary>
/// What the desk knows of a region: the last good snapshot, whether the latest poll could read the page
/// (and why not), the validators for conditional GET, and whether staff were told of an ongoing outage.
/// </summary>
public sealed record RegionState(
    Region Region,
    StatusSnapshot? Snapshot,
    RegionHealth Health,
    string? UnknownReason,
    DateTimeOffset? UnknownSince,
    DateTimeOffset ChangedAt,
    string? ETag,
    string? LastModified,
    bool OutageNotified,
    string? PendingNotice)
{
    /// <summary>Changes recorded for subscribers and not yet sent to all of them (sent, then cleared, by the poll that recorded them or the next).</summary>
    public IReadOnlyList<StatusBroadcast> PendingBroadcasts { get; init; } = [];
}

/// <summary>One change of a region's status; <see cref="Indicator"/> is the new indicator of an indicator change (null for entries written before it was kept).</summary>
public sealed record StatusHistoryEntry(Region Region, DateTimeOffset At, StatusChangeKind Kind, string Summary, StatusIndicator? Indicator = null);
