using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Settings;

namespace Support.Desk.Status;

public sealed record RegionStatusView(Region Region, Uri Page, RegionState? State, DateTimeOffset? LastCheckedAt, IReadOnlyList<StatusHistoryEntry> History);

/// <summary>Every configured region's current status and its history since a given time.</summary>
public sealed class StatusQueries(IRegionStatusStore store, RegionStatusBoard board, StatusPageOptions options, TimeProvider clock)
{
    public static readonly TimeSpan DefaultHistory = TimeSpan.FromHours(24);

    /// <summary>The regions' status for staff; for anyone else, why not (no views).</summary>
    public async Task<(IReadOnlyList<RegionStatusView>? Regions, AccessDecision Decision)> GetAsync(Caller caller, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        // Staff only: customers see their region's disruption on their own tickets.
        if (TicketAccessPolicy.Decide(caller, TicketOperation.ReadStatus) is var decision and not AccessDecision.Continue)
        {
            return (null, decision);
        }

        DateTimeOffset now = clock.GetUtcNow();
        DateTimeOffset from = since ?? now - DefaultHistory;
        Dictionary<Region, RegionState> states = (await store.LoadAllAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.State.Region, s => s.State);
        RegionStatusView[] regions = await Task.WhenAll(options.Pages().Select(async page => new RegionStatusView(
            page.Region,
            page.Url,
            states.GetValueOrDefault(page.Region),
            board.LastCheckedAt(page.Region),
            await store.HistoryAsync(page.Region, from, now.AddTicks(1), cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        return (regions, AccessDecision.Continue);
    }
}
