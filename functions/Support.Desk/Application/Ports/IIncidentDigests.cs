using Support.Desk.Domain;

namespace Support.Desk.Application.Ports;

/// <summary>A staff notice that joined its incident's digest instead of going out on its own.</summary>
public sealed record DigestEntry(
    string IncidentId,
    string Level,
    string NoticeId,
    DateTimeOffset At,
    string TicketId,
    string Subject,
    string Tenant,
    Severity Severity,
    SupportPlan Plan,
    string? Assignee,
    DateTimeOffset? DueAt);

/// <summary>The state of one incident's digest of one level: how many went, when the last did, and the one being sent (since when).</summary>
public sealed record DigestState(string IncidentId, string Level, int Sent, DateTimeOffset? LastSentAt, int? Pending)
{
    /// <summary>When a host claimed the pending digest: another host finishes it only once it is clearly abandoned.</summary>
    public DateTimeOffset? PendingSince { get; init; }

    public static DigestState Empty(string incidentId, string level) => new(incidentId, level, 0, null, null);
}

public sealed record VersionedDigestState(DigestState State, string? Version);

/// <summary>
/// Digest entries, per incident and level. An entry is added once (its notice's ID is its key), belongs to no digest
/// until a digest claims it, and keeps the number of the digest that listed it.
/// </summary>
public interface IIncidentDigests
{
    /// <summary>Adds the entry unless it is there already (a repeated delivery of the same notice).</summary>
    Task AddAsync(DigestEntry entry, CancellationToken cancellationToken);

    /// <summary>The (incident, level) pairs with entries no digest has claimed, or a digest claimed and not yet sent.</summary>
    Task<IReadOnlyList<(string IncidentId, string Level)>> WithUnclaimedAsync(CancellationToken cancellationToken);

    Task<VersionedDigestState> LoadStateAsync(string incidentId, string level, CancellationToken cancellationToken);

    /// <summary>Saves the state if it is still at the version read (null: never saved) and returns its new version; null when another host got there first.</summary>
    Task<string?> TrySaveStateAsync(DigestState state, string? version, CancellationToken cancellationToken);

    /// <summary>Marks every unclaimed entry of the pair as listed by digest <paramref name="digest"/>, and returns that digest's entries.</summary>
    Task<IReadOnlyList<DigestEntry>> ClaimAsync(string incidentId, string level, int digest, CancellationToken cancellationToken);
}

/// <summary>A chat channel's incoming webhook (Microsoft Teams or Slack).</summary>
public interface IChatWebhook
{
    bool IsConfigured { get; }

    Task PostAsync(string text, CancellationToken cancellationToken);
}
