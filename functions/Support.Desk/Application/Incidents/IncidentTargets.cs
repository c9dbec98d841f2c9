using System.Runtime.CompilerServices;
using Support.Desk.Application.Ports;
using Support.Desk.Domain.Incidents;
using Support.Desk.Domain.Queue;

namespace Support.Desk.Application.Incidents;

/// <summary>
/// Which tickets a broadcast goes to, read from the staff queue's open rows (one range read per page of a thousand; the
/// tickets table is never scanned): the incident's linked tickets, or for a link, the open tickets it covers or a
/// filter names. A row may be a moment ahead of its ticket; each ticket's own state decides when the broadcast reaches it.
/// </summary>
public static class IncidentTargets
{
    const int PageSize = 1000;

    public static async Task<IReadOnlyList<string>> OfAsync(IStaffQueueIndex index, Incident incident, IncidentBroadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(broadcast);
        var targets = new List<string>();
        IEnumerable<QueueFilter> filters = broadcast.Kind switch
        {
            IncidentBroadcastKind.Link when broadcast.Filter is { } filter => [filter],
            IncidentBroadcastKind.Link => incident.Regions.Select(r => new QueueFilter(Region: r)),
            IncidentBroadcastKind.Unlink => [(broadcast.Filter ?? new QueueFilter()) with { Incident = incident.Id }],
            IncidentBroadcastKind.Update or IncidentBroadcastKind.Note or IncidentBroadcastKind.Resolution => [new QueueFilter { Incident = incident.Id }],
            _ => throw new ArgumentOutOfRangeException(nameof(broadcast), broadcast.Kind, "Every broadcast kind must say which tickets it reaches."),
        };
        foreach (QueueFilter filter in filters)
        {
            await foreach (QueueEntry entry in ReadAllAsync(index, filter, cancellationToken).ConfigureAwait(false))
            {
                bool wanted = broadcast.Kind != IncidentBroadcastKind.Link
                    || (entry.Incident != incident.Id && (broadcast.Filter is not null || incident.Covers(entry.Region, entry.Tenant)));
                if (wanted)
                {
                    targets.Add(entry.TicketId);
                }
            }
        }

        return [.. targets.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every open row matching the filter, in queue order.</summary>
    public static async IAsyncEnumerable<QueueEntry> ReadAllAsync(IStaffQueueIndex index, QueueFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        string? after = null;
        while (true)
        {
            IReadOnlyList<QueueEntry> page = await index.ReadAsync(filter, after, PageSize, cancellationToken).ConfigureAwait(false);
            foreach (QueueEntry entry in page)
            {
                yield return entry;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].SortKey;
        }
    }
}
