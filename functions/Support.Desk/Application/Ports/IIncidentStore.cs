using Support.Desk.Domain.Incidents;

namespace Support.Desk.Application.Ports;

/// <summary>An incident with the version it was read at, for optimistic concurrency.</summary>
public sealed record VersionedIncident(Incident Incident, string Version);

/// <summary>A broadcast with the version it was read at (leases are taken and renewed on it).</summary>
public sealed record VersionedBroadcast(IncidentBroadcast Broadcast, string Version);

public enum AddBroadcastOutcome
{
    Added,

    /// <summary>A broadcast with this key exists: the post was made before.</summary>
    KeyTaken,

    /// <summary>The incident changed since it was read: read it again.</summary>
    IncidentChanged,
}

/// <summary>Incidents, their broadcasts and their history.</summary>
public interface IIncidentStore
{
    /// <summary>Stores a new incident; false when one with its ID exists (a status page's incident seen twice).</summary>
    Task<bool> CreateAsync(Incident incident, IncidentHistoryEntry opened, CancellationToken cancellationToken);

    Task<VersionedIncident?> LoadAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>Replaces the incident if it is still at <paramref name="version"/>, with history entries; null when it changed.</summary>
    Task<string?> TryUpdateAsync(Incident incident, string version, IReadOnlyList<IncidentHistoryEntry> history, CancellationToken cancellationToken);

    /// <summary>Every incident, newest first; <paramref name="openOnly"/> for those still open.</summary>
    Task<IReadOnlyList<Incident>> ListAsync(bool openOnly, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the incident as changed (its sequence advanced to the broadcast's number) together with the broadcast and
    /// the claim on its key, atomically; a key already claimed, or an incident changed since <paramref name="version"/>, writes nothing.
    /// </summary>
    Task<AddBroadcastOutcome> AddBroadcastAsync(Incident incident, string version, IncidentBroadcast broadcast, IncidentHistoryEntry history, CancellationToken cancellationToken);

    Task<IncidentBroadcast?> FindBroadcastByKeyAsync(string incidentId, string key, CancellationToken cancellationToken);

    Task<IReadOnlyList<IncidentBroadcast>> ListBroadcastsAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>Broadcasts of every incident that are not done yet.</summary>
    Task<IReadOnlyList<VersionedBroadcast>> PendingBroadcastsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the broadcast if it is still at <paramref name="version"/>; null when it changed.</summary>
    Task<string?> TryUpdateBroadcastAsync(IncidentBroadcast broadcast, string version, CancellationToken cancellationToken);

    Task<IReadOnlyList<IncidentHistoryEntry>> HistoryAsync(string incidentId, CancellationToken cancellationToken);
}
