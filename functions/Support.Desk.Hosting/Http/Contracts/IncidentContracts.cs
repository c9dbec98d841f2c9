using System.ComponentModel;
using Support.Desk.Application.Incidents;
using Support.Desk.Domain;
using Support.Desk.Domain.Incidents;
using Support.Desk.Domain.Queue;
using Support.Desk.Routes;

namespace Support.Desk.Hosting.Http.Contracts;

/// <summary>Staff open an incident (<c>POST /api/incidents</c>).</summary>
public sealed record OpenIncidentContract(
    [property: Description("3 to 200 characters, one line.")] string Title,
    [property: Description("The regions it concerns (us, eu, au); their tickets link to it while it is open.")] IReadOnlyList<string> Regions,
    [property: Description("Optional: only these tenants' tickets link to it.")] IReadOnlyList<string>? Tenants,
    [property: Description("Link the open tickets it covers now (default true); new tickets link as they arrive either way.")] bool? LinkOpenTickets);

/// <summary>An update to every linked ticket (<c>internal</c>: a note for staff on each).</summary>
public sealed record IncidentPostContract(string Body, bool? Internal);

/// <summary>One ticket, or every open ticket matching the queue's filters.</summary>
public sealed record IncidentLinkContract(string? TicketId, IncidentFilterContract? Filter);

public sealed record IncidentFilterContract(string? Tenant, string? Severity, string? Region, string? Tier, string? Status, string? Assignee);

/// <summary>An incident as listed.</summary>
public sealed record IncidentSummaryContract(
    string Id,
    string Title,
    [property: WireValues(typeof(IncidentStatus))] string Status,
    [property: WireValues(typeof(IncidentOrigin))] string Origin,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> Tenants,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    DateTimeOffset? ResolvedAt,
    string? Resolution,
    [property: Description("The status page's incident and its latest status, for one opened from a status page.")] string? StatusPageIncidentId,
    string? StatusPageState,
    string Self)
{
    public static IncidentSummaryContract From(Incident i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(i.Id, i.Title, WireNames.Of(i.Status), WireNames.Of(i.Origin), [.. i.Regions.Select(WireNames.Of)], i.Tenants, i.OpenedAt, i.OpenedBy,
            i.ResolvedAt, i.Resolution, i.StatusPageIncidentId, i.StatusPageState, DeskLinks.PathOf(SupportDeskRoutes.IncidentTemplate, ("incidentId", i.Id)));
    }
}

/// <summary>A broadcast: one post to every linked ticket, and how far it got.</summary>
public sealed record BroadcastContract(
    int Sequence,
    [property: WireValues(typeof(IncidentBroadcastKind))] string Kind,
    DateTimeOffset At,
    string Actor,
    string Body,
    [property: WireValues(typeof(BroadcastState)), Description("pending until every ticket it reaches has it; it runs in the background.")] string State,
    [property: Description("Tickets it changed (or had changed before a restart).")] int Applied,
    [property: Description("Tickets it passed over: closed, not linked, or linked elsewhere.")] int Skipped,
    DateTimeOffset? CompletedAt)
{
    public static BroadcastContract From(IncidentBroadcast b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return new(b.Sequence, WireNames.Of(b.Kind), b.At, b.Actor, b.Body, WireNames.Of(b.State), b.Applied, b.Skipped, b.CompletedAt);
    }
}

/// <summary>An incident with its broadcasts, history, and its open tickets counted and listed (the first 100, by time to breach).</summary>
public sealed record IncidentDetailContract(
    IncidentSummaryContract Incident,
    IReadOnlyList<BroadcastContract> Broadcasts,
    IReadOnlyList<IncidentHistoryContract> History,
    IncidentCountsContract Counts,
    IReadOnlyList<IncidentTicketContract> Tickets)
{
    public static IncidentDetailContract From(IncidentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        IncidentTicketCounts c = view.Counts;
        return new(
            IncidentSummaryContract.From(view.Incident),
            [.. view.Broadcasts.Select(BroadcastContract.From)],
            [.. view.History.Select(h => new IncidentHistoryContract(h.At, h.Summary))],
            new IncidentCountsContract(
                c.Open,
                c.ByRisk.ToDictionary(p => WireNames.Of(p.Key), p => p.Value),
                c.ByTier.ToDictionary(p => WireNames.Of(p.Key), p => p.Value),
                c.BySeverity.ToDictionary(p => WireNames.Of(p.Key), p => p.Value),
                c.ByTenant.ToDictionary(p => p.Key, p => p.Value)),
            [.. view.Tickets.Select(r => new IncidentTicketContract(r.Ticket.Id, r.Ticket.Submission.Subject, r.Ticket.Submission.Tenant, WireNames.Of(r.Ticket.Severity),
                WireNames.Of(r.Ticket.Tier), WireNames.Of(r.Ticket.Status), WireNames.Of(r.Risk), r.Clock?.DueAt, DeskLinks.Ticket(r.Ticket.Id)))]);
    }
}

public sealed record IncidentHistoryContract(DateTimeOffset At, string Summary);

/// <summary>Open linked tickets: in all, and by risk (breached, at-risk, ok), tier, severity and tenant.</summary>
public sealed record IncidentCountsContract(
    int Open,
    IReadOnlyDictionary<string, int> ByRisk,
    IReadOnlyDictionary<string, int> ByTier,
    IReadOnlyDictionary<string, int> BySeverity,
    IReadOnlyDictionary<string, int> ByTenant);

public sealed record IncidentTicketContract(
    string Id,
    string Subject,
    string Tenant,
    string Severity,
    string Tier,
    string Status,
    [property: WireValues(typeof(QueueRisk))] string Risk,
    DateTimeOffset? DueAt,
    string Self);

/// <summary>One ticket linked or unlinked: its incident now (null once unlinked).</summary>
public sealed record IncidentLinkResultContract(string TicketId, string? Incident, string Self);

/// <summary>Incidents, newest first.</summary>
public sealed record IncidentListContract(IReadOnlyList<IncidentSummaryContract> Incidents);
