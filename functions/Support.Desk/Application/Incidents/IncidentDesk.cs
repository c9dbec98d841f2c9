using System.Diagnostics;
using System.Security.Cryptography;
using Support.Desk.Application.Ports;
using Support.Desk.Application.Queue;
using Support.Desk.Domain;
using Support.Desk.Domain.Access;
using Support.Desk.Domain.Incidents;
using Support.Desk.Domain.Queue;
using Support.Desk.Settings;

namespace Support.Desk.Application.Incidents;

/// <summary>The answer to an incident command.</summary>
public abstract record IncidentResult
{
    private IncidentResult()
    {
    }

    public sealed record Opened(Incident Incident, bool Repeated) : IncidentResult;

    /// <summary>Recorded; its broadcast reaches the tickets in the background. <see cref="Repeated"/>: this key was posted before, and nothing new was recorded.</summary>
    public sealed record Posted(IncidentBroadcast Broadcast, bool Repeated) : IncidentResult;

    /// <summary>One ticket linked or unlinked.</summary>
    public sealed record TicketChanged(Ticket Ticket) : IncidentResult;

    public sealed record NotFound(string What) : IncidentResult;

    public sealed record Denied(AccessDecision Decision) : IncidentResult;

    /// <summary>The body could not be taken; the reader kept the reason.</summary>
    public sealed record Unreadable : IncidentResult;

    /// <summary>Not in the incident's (or the ticket's) current state: HTTP 409.</summary>
    public sealed record Conflict(string Reason) : IncidentResult;
}

/// <summary>Tickets of an incident by how close they are to breaching, tier, severity and tenant (open tickets only).</summary>
public sealed record IncidentTicketCounts(
    int Open,
    IReadOnlyDictionary<QueueRisk, int> ByRisk,
    IReadOnlyDictionary<SupportTier, int> ByTier,
    IReadOnlyDictionary<Severity, int> BySeverity,
    IReadOnlyDictionary<string, int> ByTenant);

/// <summary>An incident with everything its page shows.</summary>
public sealed record IncidentView(
    Incident Incident,
    IReadOnlyList<IncidentBroadcast> Broadcasts,
    IReadOnlyList<IncidentHistoryEntry> History,
    IncidentTicketCounts Counts,
    IReadOnlyList<QueueRow> Tickets);

/// <summary>
/// Major incidents: staff (or a status page) open one; tickets of its regions link to it; one post reaches every linked
/// ticket once (<see cref="IncidentBroadcastRunner"/> runs it); resolving it proposes the resolution on each. Every post
/// is recorded with its idempotency key before any ticket is touched, so a double submit posts once.
/// </summary>
public sealed class IncidentDesk(
    IIncidentStore store,
    IncidentBoard board,
    IncidentSignals signals,
    TicketWriter writer,
    StaffQueue queue,
    IStaffQueueIndex queueIndex,
    SlaPolicy policy,
    EscalationOptions escalation,
    TimeProvider clock)
{
    /// <summary>Linked tickets an incident's page lists (the counts cover all of them).</summary>
    public const int ListedTickets = 100;

    const int MaxAttempts = 10;

    /// <summary>A key for a post that came without one (each such post is new).</summary>
    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async Task<IncidentResult> OpenAsync(Caller caller, CommandReader<OpenIncidentRequest> read, string? key, CancellationToken cancellationToken)
    {
        (OpenIncidentRequest? request, IncidentResult? stop) = await AcceptAsync(caller, read, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return stop!;
        }

        DateTimeOffset now = clock.GetUtcNow();
        string actor = caller.Staff!.Name;
        string id = key is null ? IncidentIds.NewRandom() : IncidentIds.FromKey(actor, key);
        var incident = new Incident(id, request.Title, request.Regions, request.Tenants, IncidentOrigin.Staff, IncidentStatus.Open, now, actor, 0);
        return await this.OpenCoreAsync(incident, request.LinkOpenTickets, $"Opened by {actor}.", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An incident the status page reports (<see cref="StatusPageIncidentSync"/>); opening it twice finds the first.</summary>
    public Task<IncidentResult> OpenFromStatusPageAsync(Incident incident, CancellationToken cancellationToken) =>
        this.OpenCoreAsync(incident, linkOpenTickets: true, $"Opened from the {Domain.Status.Regions.DisplayName(incident.Regions[0])} status page.", cancellationToken);

    async Task<IncidentResult> OpenCoreAsync(Incident incident, bool linkOpenTickets, string summary, CancellationToken cancellationToken)
    {
        using Activity? span = DeskTelemetry.Source.StartActivity("incident.open");
        span?.SetTag("incident.id", incident.Id);
        bool created = await store.CreateAsync(incident, new IncidentHistoryEntry(incident.OpenedAt, summary), cancellationToken).ConfigureAwait(false);
        VersionedIncident stored = await store.LoadAsync(incident.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Incident {incident.Id} was stored but cannot be read.");
        board.Saved(stored.Incident);
        if (linkOpenTickets && stored.Incident.IsOpen)
        {
            // Repeated by a second open (a double submit, a second poll) under the same key: one broadcast either way.
            await this.BroadcastAsync(incident.Id, "link-at-open", IncidentBroadcastKind.Link, incident.OpenedBy, "Link the open tickets the incident covers.", null, _ => null, cancellationToken).ConfigureAwait(false);
        }

        return new IncidentResult.Opened(stored.Incident, Repeated: !created);
    }

    /// <summary>A customer-visible update to every linked ticket, or (internal) a note on each.</summary>
    public async Task<IncidentResult> PostAsync(Caller caller, string incidentId, CommandReader<IncidentPostRequest> read, string? key, CancellationToken cancellationToken)
    {
        (IncidentPostRequest? request, IncidentResult? stop) = await AcceptAsync(caller, read, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return stop!;
        }

        return await this.BroadcastAsync(incidentId, key ?? NewKey(), request.Internal ? IncidentBroadcastKind.Note : IncidentBroadcastKind.Update,
            caller.Staff!.Name, request.Body, null, _ => null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves the incident (staff): each linked open ticket is proposed its resolution, and each customer confirms or rejects.</summary>
    public async Task<IncidentResult> ResolveAsync(Caller caller, string incidentId, CommandReader<ResolutionRequest> read, string? key, CancellationToken cancellationToken)
    {
        (ResolutionRequest? request, IncidentResult? stop) = await AcceptAsync(caller, read, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return stop!;
        }

        return await this.ResolveCoreAsync(incidentId, key ?? NewKey(), caller.Staff!.Name, request.Summary, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The status page says the incident is over: the same resolution, by the desk.</summary>
    public Task<IncidentResult> ResolveFromStatusPageAsync(string incidentId, string resolution, CancellationToken cancellationToken) =>
        this.ResolveCoreAsync(incidentId, "resolved-by-status-page", StatusPageIncidentSync.Actor, resolution, cancellationToken);

    Task<IncidentResult> ResolveCoreAsync(string incidentId, string key, string actor, string resolution, CancellationToken cancellationToken) =>
        this.BroadcastAsync(incidentId, key, IncidentBroadcastKind.Resolution, actor, resolution, null, incident => incident.IsOpen
            ? null
            : $"Incident {incident.Id} was resolved at {incident.ResolvedAt:u}.", cancellationToken,
            (incident, now) => incident with { Status = IncidentStatus.Resolved, ResolvedAt = now, Resolution = resolution },
            $"Resolved by {actor}.");

    /// <summary>Links one ticket (taking it from another incident, if it was in one), or every open ticket matching a queue filter.</summary>
    public Task<IncidentResult> LinkAsync(Caller caller, string incidentId, CommandReader<IncidentLinkRequest> read, string? key, CancellationToken cancellationToken) =>
        this.LinkOrUnlinkAsync(caller, incidentId, read, key, link: true, cancellationToken);

    /// <summary>Unlinks one ticket, or every linked ticket matching a queue filter.</summary>
    public Task<IncidentResult> UnlinkAsync(Caller caller, string incidentId, CommandReader<IncidentLinkRequest> read, string? key, CancellationToken cancellationToken) =>
        this.LinkOrUnlinkAsync(caller, incidentId, read, key, link: false, cancellationToken);

    async Task<IncidentResult> LinkOrUnlinkAsync(Caller caller, string incidentId, CommandReader<IncidentLinkRequest> read, string? key, bool link, CancellationToken cancellationToken)
    {
        (IncidentLinkRequest? request, IncidentResult? stop) = await AcceptAsync(caller, read, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return stop!;
        }

        string actor = caller.Staff!.Name;
        if (request.Filter is { } filter)
        {
            return await this.BroadcastAsync(incidentId, key ?? NewKey(), link ? IncidentBroadcastKind.Link : IncidentBroadcastKind.Unlink, actor,
                $"{(link ? "Link" : "Unlink")} the tickets matching {Describe(filter)}.", filter,
                incident => link && !incident.IsOpen ? $"Incident {incident.Id} is resolved; tickets are no longer linked to it." : null, cancellationToken).ConfigureAwait(false);
        }

        if (IncidentIds.Normalize(incidentId) is not { } id || await store.LoadAsync(id, cancellationToken).ConfigureAwait(false) is not { } loaded)
        {
            return new IncidentResult.NotFound("incident");
        }

        Incident incident = loaded.Incident;
        if (link && !incident.IsOpen)
        {
            return new IncidentResult.Conflict($"Incident {incident.Id} is resolved; tickets are no longer linked to it.");
        }

        TicketWrite written = await writer.WriteAsync(request.TicketId!, _ => true, (ticket, now) => link
            ? IncidentTicketRules.Link(ticket, incident, actor, now, moveFromOther: true)
            : IncidentTicketRules.Unlink(ticket, incident.Id, actor, now), cancellationToken).ConfigureAwait(false);
        return written switch
        {
            TicketWrite.Saved saved => new IncidentResult.TicketChanged(saved.Ticket),
            TicketWrite.AlreadyApplied repeated => new IncidentResult.TicketChanged(repeated.Ticket),
            TicketWrite.Rejected rejected => new IncidentResult.Conflict(rejected.Reason),
            TicketWrite.NotFound => new IncidentResult.NotFound("ticket"),
            _ => throw new InvalidOperationException($"Unknown write outcome {written.GetType().Name}."),
        };
    }

    /// <summary>
    /// Records a broadcast under its key (a key posted before returns that broadcast, and nothing new is recorded), with
    /// the incident's change if any, in one write; then wakes this host's runner.
    /// </summary>
    async Task<IncidentResult> BroadcastAsync(
        string incidentId,
        string key,
        IncidentBroadcastKind kind,
        string actor,
        string body,
        QueueFilter? filter,
        Func<Incident, string?> conflict,
        CancellationToken cancellationToken,
        Func<Incident, DateTimeOffset, Incident>? change = null,
        string? history = null)
    {
        if (IncidentIds.Normalize(incidentId) is not { } id)
        {
            return new IncidentResult.NotFound("incident");
        }

        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await store.FindBroadcastByKeyAsync(id, key, cancellationToken).ConfigureAwait(false) is { } earlier)
            {
                return new IncidentResult.Posted(earlier, Repeated: true);
            }

            if (await store.LoadAsync(id, cancellationToken).ConfigureAwait(false) is not { } loaded)
            {
                return new IncidentResult.NotFound("incident");
            }

            if (conflict(loaded.Incident) is { } reason)
            {
                return new IncidentResult.Conflict(reason);
            }

            DateTimeOffset now = clock.GetUtcNow();
            Incident next = (change?.Invoke(loaded.Incident, now) ?? loaded.Incident) with { Sequence = loaded.Incident.Sequence + 1 };
            var broadcast = new IncidentBroadcast(id, next.Sequence, key, kind, now, actor, body, filter, BroadcastState.Pending);
            var entry = new IncidentHistoryEntry(now, history ?? $"{WireNames.Of(kind)} {next.Sequence} posted by {actor}.");
            switch (await store.AddBroadcastAsync(next, loaded.Version, broadcast, entry, cancellationToken).ConfigureAwait(false))
            {
                case AddBroadcastOutcome.Added:
                    board.Saved(next);
                    signals.Wake();
                    return new IncidentResult.Posted(broadcast, Repeated: false);
                case AddBroadcastOutcome.KeyTaken:
                case AddBroadcastOutcome.IncidentChanged:
                    continue;
            }
        }

        throw new TicketContentionException(id, TimeSpan.FromSeconds(1));
    }

    public async Task<(IReadOnlyList<Incident>? Incidents, AccessDecision Decision)> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        AccessDecision decision = TicketAccessPolicy.Decide(caller, TicketOperation.ManageIncidents);
        return decision != AccessDecision.Continue ? (null, decision) : (await store.ListAsync(openOnly: false, cancellationToken).ConfigureAwait(false), decision);
    }

    /// <summary>The incident, its broadcasts and history, counts of its open tickets, and the first of them in queue order; or why not.</summary>
    public async Task<(IncidentView? View, IncidentResult? Problem)> GetAsync(Caller caller, string incidentId, CancellationToken cancellationToken)
    {
        if (Refused(caller) is { } denied)
        {
            return (null, denied);
        }

        if (IncidentIds.Normalize(incidentId) is not { } id || await store.LoadAsync(id, cancellationToken).ConfigureAwait(false) is not { } loaded)
        {
            return (null, new IncidentResult.NotFound("incident"));
        }

        Task<IReadOnlyList<IncidentBroadcast>> broadcasts = store.ListBroadcastsAsync(id, cancellationToken);
        Task<IReadOnlyList<IncidentHistoryEntry>> history = store.HistoryAsync(id, cancellationToken);
        Task<IncidentTicketCounts> counts = this.CountAsync(id, cancellationToken);
        Task<QueueResult> rows = queue.ListAsync(caller, new QueueFilter { Incident = id }, null, ListedTickets, cancellationToken);
        await Task.WhenAll(broadcasts, history, counts, rows).ConfigureAwait(false);
        IReadOnlyList<QueueRow> tickets = await rows.ConfigureAwait(false) is QueueResult.Listed listed ? listed.Page.Rows : [];
        return (new IncidentView(loaded.Incident, await broadcasts.ConfigureAwait(false), await history.ConfigureAwait(false), await counts.ConfigureAwait(false), tickets), null);
    }

    /// <summary>
    /// Counts from the queue's rows alone (one range read, no ticket loaded): a running clock's deadline is in its row's
    /// key, so its risk is known; paused and answered tickets are not at risk.
    /// </summary>
    async Task<IncidentTicketCounts> CountAsync(string incidentId, CancellationToken cancellationToken)
    {
        DateTimeOffset now = clock.GetUtcNow();
        var byRisk = Enum.GetValues<QueueRisk>().ToDictionary(r => r, _ => 0);
        var byTier = new Dictionary<SupportTier, int>();
        var bySeverity = new Dictionary<Severity, int>();
        var byTenant = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int open = 0;
        await foreach (QueueEntry entry in IncidentTargets.ReadAllAsync(queueIndex, new QueueFilter { Incident = incidentId }, cancellationToken).ConfigureAwait(false))
        {
            open++;
            byRisk[this.RiskOf(entry, now)]++;
            byTier[entry.Tier] = byTier.GetValueOrDefault(entry.Tier) + 1;
            bySeverity[entry.Severity] = bySeverity.GetValueOrDefault(entry.Severity) + 1;
            byTenant[entry.Tenant] = byTenant.GetValueOrDefault(entry.Tenant) + 1;
        }

        return new IncidentTicketCounts(open, byRisk, byTier, bySeverity, byTenant);
    }

    QueueRisk RiskOf(QueueEntry entry, DateTimeOffset now)
    {
        if (QueueEntry.RunningDeadlineOf(entry.SortKey) is not { } due)
        {
            return QueueRisk.Ok;
        }

        if (due <= now)
        {
            return QueueRisk.Breached;
        }

        TimeSpan target = policy.TermsFor(entry.Tier, entry.Severity).Target;
        return due - now <= target * (1 - escalation.WarningFraction) ? QueueRisk.AtRisk : QueueRisk.Ok;
    }

    /// <summary>The staff caller's request, read only once the caller may manage incidents; or the answer that stops here.</summary>
    static async Task<(T? Request, IncidentResult? Stop)> AcceptAsync<T>(Caller caller, CommandReader<T> read, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(read);
        if (Refused(caller) is { } denied)
        {
            return (null, denied);
        }

        return await read(cancellationToken).ConfigureAwait(false) is { } request ? (request, null) : (null, new IncidentResult.Unreadable());
    }

    static IncidentResult.Denied? Refused(Caller caller) =>
        TicketAccessPolicy.Decide(caller, TicketOperation.ManageIncidents) is var decision and not AccessDecision.Continue ? new IncidentResult.Denied(decision) : null;

    /// <summary>A queue filter in words, for the incident's record of what was linked.</summary>
    public static string Describe(QueueFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name} {value}");
            }
        }

        Add("status", filter.Status is { } s ? WireNames.Of(s) : null);
        Add("tenant", filter.Tenant);
        Add("severity", filter.Severity is { } v ? WireNames.Of(v) : null);
        Add("region", filter.Region is { } r ? WireNames.Of(r) : null);
        Add("tier", filter.Tier is { } t ? WireNames.Of(t) : null);
        Add("assignee", filter.Assignee);
        return parts.Count == 0 ? "every open ticket" : string.Join(", ", parts);
    }
}
