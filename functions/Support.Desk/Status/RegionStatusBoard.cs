using Support.Desk.Application.Ports;
using System.Collections.Concurrent;
using Support.Desk.Domain;
using Support.Desk.Domain.Status;
using Support.Desk.Settings;

namespace Support.Desk.Status;

/// <summary>
/// This instance's view of every region's status: kept current by the poller in this process, otherwise
/// re-read from storage at most once per <see cref="StatusPageOptions.CacheFor"/>, so ticket intake and
/// emails can annotate with the regional status without a storage round trip on every request.
/// </summary>
public sealed class RegionStatusBoard(IRegionStatusStore store, StatusPageOptions options, TimeProvider clock) : IRegionalStatus, IDisposable
{
    readonly ConcurrentDictionary<Region, RegionState> states = new();
    readonly ConcurrentDictionary<Region, DateTimeOffset> lastChecked = new();
    readonly SemaphoreSlim reload = new(1, 1);
    DateTimeOffset loadedAt = DateTimeOffset.MinValue;

    public void Record(RegionState state, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(state);
        this.states[state.Region] = state;
        this.lastChecked[state.Region] = checkedAt;
    }

    public void Dispose() => this.reload.Dispose();

    public void Checked(Region region, DateTimeOffset at) => this.lastChecked[region] = at;

    /// <summary>When this instance last polled the region (null when polling runs elsewhere).</summary>
    public DateTimeOffset? LastCheckedAt(Region region) => this.lastChecked.TryGetValue(region, out DateTimeOffset at) ? at : null;

    public DateTimeOffset? OldestPollAt()
    {
        DateTimeOffset?[] polled = [.. options.Pages().Select(p => this.LastCheckedAt(p.Region))];
        return polled.Any(p => p is not null) ? polled.Where(p => p is not null).Min() : null;
    }

    public async ValueTask<RegionState?> GetAsync(Region region, CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - this.loadedAt > options.CacheFor)
        {
            await this.ReloadAsync(cancellationToken).ConfigureAwait(false);
        }

        return this.states.GetValueOrDefault(region);
    }

    /// <summary>
    /// A line for a ticket or an email when the region's page shows a disruption (an incident, a degraded
    /// component or a non-"none" indicator); null when it is operational or unknown.
    /// </summary>
    public async ValueTask<string?> AdvisoryAsync(Region region, CancellationToken cancellationToken)
    {
        RegionState? state = await this.GetAsync(region, cancellationToken).ConfigureAwait(false);
        return state is { Health: RegionHealth.Ok, Snapshot: { HasDisruption: true } snapshot }
            ? $"{Regions.DisplayName(region)} status page: {snapshot.Summary()}"
            : null;
    }

    /// <summary>The current status in words, for escalation emails: disruption, operational, or unknown with the reason.</summary>
    public async ValueTask<string> DescribeAsync(Region region, CancellationToken cancellationToken)
    {
        RegionState? state = await this.GetAsync(region, cancellationToken).ConfigureAwait(false);
        return state switch
        {
            null => $"{Regions.DisplayName(region)}: not yet checked",
            { Health: RegionHealth.Unknown } => $"{Regions.DisplayName(region)}: unknown ({state.UnknownReason})",
            { Snapshot: { } s } => $"{Regions.DisplayName(region)}: {s.Summary()}",
            _ => $"{Regions.DisplayName(region)}: unknown",
        };
    }

    async Task ReloadAsync(CancellationToken cancellationToken)
    {
        if (!await this.reload.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            // Another caller is reloading: answer from what is known rather than queueing behind it.
            return;
        }

        try
        {
            foreach (VersionedRegionState stored in await store.LoadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                this.states[stored.State.Region] = stored.State;
            }

            this.loadedAt = clock.GetUtcNow();
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Status is advisory: a storage hiccup must never fail a ticket; try again next time.
        }
        finally
        {
            this.reload.Release();
        }
    }
}
