using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Incidents;

namespace Support.Desk.Application.Incidents;

/// <summary>
/// The open incidents as this instance last read them (at most <see cref="Fresh"/> old, and changed at once by what this
/// instance does): intake links new tickets, and the SLA step groups notices, without a storage read each.
/// </summary>
public sealed class IncidentBoard(IIncidentStore store, TimeProvider clock)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    readonly Lock gate = new();
    IReadOnlyList<Incident> open = [];
    DateTimeOffset readAt = DateTimeOffset.MinValue;
    Task<IReadOnlyList<Incident>>? reading;

    /// <summary>
    /// The open incidents. Once they are older than <see cref="Fresh"/>, one read refreshes them in the background while
    /// callers go on with the copy they have (a submission never waits for it); only the very first call waits.
    /// </summary>
    public Task<IReadOnlyList<Incident>> OpenAsync(CancellationToken cancellationToken)
    {
        lock (this.gate)
        {
            if (clock.GetUtcNow() - this.readAt < Fresh)
            {
                return Task.FromResult(this.open);
            }

            Task<IReadOnlyList<Incident>> refresh = this.reading ??= this.ReadAsync();
            return this.readAt == DateTimeOffset.MinValue ? refresh : Task.FromResult(this.open);
        }
    }

    async Task<IReadOnlyList<Incident>> ReadAsync()
    {
        await Task.Yield();
        try
        {
            DateTimeOffset at = clock.GetUtcNow();
            IReadOnlyList<Incident> read = await store.ListAsync(openOnly: true, CancellationToken.None).ConfigureAwait(false);
            lock (this.gate)
            {
                (this.open, this.readAt) = (read, at);
            }

            return read;
        }
        finally
        {
            lock (this.gate)
            {
                this.reading = null;
            }
        }
    }

    /// <summary>The open incident a new ticket of this region and tenant joins (the oldest, when several cover it).</summary>
    public async Task<Incident?> OpenForAsync(Region region, string tenant, CancellationToken cancellationToken) =>
        (await this.OpenAsync(cancellationToken).ConfigureAwait(false)).Where(i => i.Covers(region, tenant)).MinBy(i => i.OpenedAt);

    public async Task<Incident?> FindOpenAsync(string incidentId, CancellationToken cancellationToken) =>
        (await this.OpenAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(i => i.Id == incidentId);

    /// <summary>What this instance just saved: seen at once here, and by other instances within <see cref="Fresh"/>.</summary>
    public void Saved(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        lock (this.gate)
        {
            IReadOnlyList<Incident> others = [.. this.open.Where(i => i.Id != incident.Id)];
            this.open = incident.IsOpen ? [.. others, incident] : others;
        }
    }
}
