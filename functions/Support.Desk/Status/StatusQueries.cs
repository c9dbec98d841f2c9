using Support.Desk.Domain;

namespace Support.Desk.Application.Status;

public sealed record RegionStatusView(Region Region, Uri Page, RegionState? State, DateTimeOffset? LastCheckedAt, IReadOnlyList<StatusHistoryEntry> History);

/// <summary>Every configured region's current status and its history since a given time.</summary>
public sealed class StatusQueries(IRegionStatusStore store, RegionStatusBoard board, StatusPageOptions options, TimeProvider clock)
{
    public static readonly TimeSpan DefaultHistory = TimeSpan.FromHours(24);

    public async Task<IReadOnlyList<RegionStatusView>> GetAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        DateTimeOffset now = clock.GetUtcNow();
        DateTimeOffset from = since ?? now - DefaultHistory;
        Dictionary<Region, RegionState> states = (await store.LoadAllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.State.Region, s => s.State);
        return await Task.WhenAll(options.Pages().Select(async page => new RegionStatusView(
            page.Region,
            page.Url,
            states.GetValueOrDefault(page.Region),
            board.LastCheckedAt(page.Region),
            await store.HistoryAsync(page.Region, from, now.AddTicks(1), cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
    }
}
