using System.Security.Cryptography;
using System.Text;
using Support.Desk.Domain.Queue;

namespace Support.Desk.Domain.Incidents;

public enum IncidentStatus
{
    Open,
    Resolved,
}

/// <summary>Where an incident came from: a regional status page's incident the poller saw, or a staff member.</summary>
public enum IncidentOrigin
{
    StatusPage,
    Staff,
}

/// <summary>
/// A major incident: one cause behind many tickets (a regional outage). Tickets of its regions (and tenants, when it
/// names any) link to it while it is open; what staff post on it reaches every linked ticket once.
/// <see cref="Sequence"/> numbers its broadcasts.
/// </summary>
public sealed record Incident(
    string Id,
    string Title,
    IReadOnlyList<Region> Regions,
    IReadOnlyList<string> Tenants,
    IncidentOrigin Origin,
    IncidentStatus Status,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    int Sequence)
{
    /// <summary>The status page's own incident ID, for one opened from a status page.</summary>
    public string? StatusPageIncidentId { get; init; }

    /// <summary>The status page incident's status and time as last recorded ("investigating", "identified", …).</summary>
    public string? StatusPageState { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public string? Resolution { get; init; }

    public bool IsOpen => this.Status == IncidentStatus.Open;

    /// <summary>Whether a ticket of this region and tenant is one of the incident's.</summary>
    public bool Covers(Region region, string tenant) =>
        this.Regions.Contains(region) && (this.Tenants.Count == 0 || this.Tenants.Contains(tenant, StringComparer.Ordinal));
}

/// <summary>What a broadcast does to each ticket it reaches.</summary>
public enum IncidentBroadcastKind
{
    /// <summary>A customer-visible update: a staff response on each linked ticket (meets its running response clock), emailed once.</summary>
    Update,

    /// <summary>A note for staff on each linked ticket.</summary>
    Note,

    /// <summary>The incident's resolution proposed on each linked open ticket; each customer confirms or rejects.</summary>
    Resolution,

    /// <summary>Link every open ticket matching a queue filter.</summary>
    Link,

    /// <summary>Unlink every linked ticket matching a queue filter.</summary>
    Unlink,
}

public enum BroadcastState
{
    Pending,
    Done,
}

/// <summary>
/// One action on all of an incident's tickets, recorded before any ticket is touched and run until done by whichever
/// host holds its lease. <see cref="Key"/> is the poster's idempotency key: a repeated post finds this broadcast.
/// </summary>
public sealed record IncidentBroadcast(
    string IncidentId,
    int Sequence,
    string Key,
    IncidentBroadcastKind Kind,
    DateTimeOffset At,
    string Actor,
    string Body,
    QueueFilter? Filter,
    BroadcastState State)
{
    /// <summary>Tickets the broadcast changed, and tickets it passed over (closed, not linked, already done).</summary>
    public int Applied { get; init; }

    public int Skipped { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Who runs it now and until when (a host that dies lets its lease lapse, and another takes over).</summary>
    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }
}

/// <summary>One entry of an incident's history: the status page's word on it, or what staff did.</summary>
public sealed record IncidentHistoryEntry(DateTimeOffset At, string Summary);

/// <summary>
/// A ticket's link to an incident. <see cref="Applied"/> lists the broadcasts this ticket has taken, saved with the
/// ticket in the same write as their effect: that is what makes each broadcast reach a ticket once, however often it
/// is run.
/// </summary>
public sealed record IncidentLink(string IncidentId, DateTimeOffset LinkedAt, IReadOnlyList<int> Applied)
{
    public bool HasApplied(int sequence) => this.Applied.Contains(sequence);
}

/// <summary>Incident IDs such as <c>INC-4F7Q2M</c>: random for staff's, derived from the region and page's incident for a status page's (so polls agree).</summary>
public static class IncidentIds
{
    const string Prefix = "INC-";
    const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    const int Symbols = 8;
    static readonly System.Buffers.SearchValues<char> Symbol = System.Buffers.SearchValues.Create(Alphabet);

    public static string NewRandom()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return Format(BitConverter.ToUInt64(bytes));
    }

    /// <summary>The incident a staff member's open request names: the same key (a double submit) opens the same incident.</summary>
    public static string FromKey(string actor, string key) =>
        Format(BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"staff\n{actor}\n{key}")), 0));

    public static string FromStatusPage(Region region, string statusPageIncidentId) =>
        Format(BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{WireNames.Of(region)}\n{statusPageIncidentId}")), 0));

    /// <summary>Upper-cased when well-formed; null otherwise.</summary>
    public static string? Normalize(string? candidate)
    {
        if (candidate is null || candidate.Length != Prefix.Length + Symbols || !candidate.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string upper = candidate.ToUpperInvariant();
        return upper.AsSpan(Prefix.Length).IndexOfAnyExcept(Symbol) < 0 ? upper : null;
    }

    static string Format(ulong value)
    {
        var text = new StringBuilder(Prefix, Prefix.Length + Symbols);
        for (int i = 0; i < Symbols; i++)
        {
            text.Append(Alphabet[(int)(value & 31)]);
            value >>= 5;
        }

        return text.ToString();
    }
}
