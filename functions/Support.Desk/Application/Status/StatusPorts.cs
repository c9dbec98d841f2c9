using Support.Desk.Domain;
using Support.Desk.Domain.Status;

namespace Support.Desk.Application.Status;

public abstract record FetchResult
{
    private FetchResult()
    {
    }

    /// <summary>304: the page has not changed since the validators we sent.</summary>
    public sealed record NotModified : FetchResult;

    public sealed record Content(byte[] Body, string? ContentType, string? ETag, string? LastModified) : FetchResult;

    public sealed record Failed(string Reason) : FetchResult;
}

/// <summary>Fetches a status page with conditional GET, a timeout and a size cap; never throws for HTTP problems.</summary>
public interface IStatusPageFetcher
{
    Task<FetchResult> FetchAsync(Uri url, string? etag, string? lastModified, CancellationToken cancellationToken);
}

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
    string? PendingNotice);

public sealed record StatusHistoryEntry(Region Region, DateTimeOffset At, StatusChangeKind Kind, string Summary);

public interface IRegionStatusStore
{
    Task<IReadOnlyList<VersionedRegionState>> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>Writes the state (if still at <paramref name="version"/>, null for a new region) and its history entries.</summary>
    Task<string> SaveAsync(RegionState state, string? version, IReadOnlyList<StatusHistoryEntry> history, CancellationToken cancellationToken);

    Task<IReadOnlyList<StatusHistoryEntry>> HistoryAsync(Region region, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}

public sealed record VersionedRegionState(RegionState State, string Version);

/// <summary>Open tickets by region (and tenant), kept by the ticket workflow: a ticket is added when its workflow starts, removed when it closes.</summary>
public interface IOpenTicketIndex
{
    Task AddAsync(Ticket ticket, CancellationToken cancellationToken);

    Task RemoveAsync(Ticket ticket, CancellationToken cancellationToken);

    Task<IReadOnlyList<OpenTicketEntry>> ListAsync(Region region, CancellationToken cancellationToken);
}

public sealed record OpenTicketEntry(string TicketId, string Tenant, Severity Severity, string Subject, DateTimeOffset CreatedAt);
