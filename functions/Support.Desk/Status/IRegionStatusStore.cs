using Support.Desk.Domain.Status;
using Support.Desk.Domain;

namespace Support.Desk.Status;

public interface IRegionStatusStore
{
    Task<IReadOnlyList<VersionedRegionState>> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>Writes the state (if still at <paramref name="version"/>, null for a new region) and its history entries.</summary>
    Task<string> SaveAsync(RegionState state, string? version, IReadOnlyList<StatusHistoryEntry> history, CancellationToken cancellationToken);

    Task<IReadOnlyList<StatusHistoryEntry>> HistoryAsync(Region region, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}

public sealed record VersionedRegionState(RegionState State, string Version);
