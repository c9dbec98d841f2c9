using System.ComponentModel;
using Support.Desk.Application;
using Support.Desk.Application.Ports;
using Support.Desk.Domain;
using Support.Desk.Domain.Attachments;
using Support.Desk.Domain.Status;
using Support.Desk.Routes;
using Support.Desk.Status;

namespace Support.Desk.Hosting.Http.Contracts;

/// <summary>A stored attachment.</summary>
public sealed record AttachmentContract(
    [property: Description("Derived from the stored content: the same file gets the same ID.")] string AttachmentId,
    string TicketId,
    [property: WireValues(typeof(AttachmentKind))] string Kind,
    [property: Description("The requested name reduced to safe characters, with the extension of what the content is.")] string FileName,
    string ContentType,
    [property: Description("Bytes stored (for a trace or a log, after sanitizing).")] long Size,
    [property: Description("Values redacted from a trace or a log.")] int? SecretsRedacted,
    AttachmentLinksContract Links)
{
    public static AttachmentContract From(AttachmentInfo a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.TicketId, WireNames.Of(a.Kind), a.FileName, a.ContentType, a.Size,
            a.Kind is AttachmentKind.HttpTrace or AttachmentKind.LogFile ? a.Redactions : null,
            new AttachmentLinksContract(DeskLinks.Attachment(a.TicketId, a.Id), DeskLinks.Ticket(a.TicketId)));
    }
}

public sealed record AttachmentLinksContract(string Self, string Ticket);

/// <summary>Every configured region's status page state and recent history.</summary>
public sealed record RegionalStatusContract(IReadOnlyList<RegionContract> Regions)
{
    public static RegionalStatusContract From(IEnumerable<RegionStatusView> views) => new([.. views.Select(RegionContract.From)]);
}

public sealed record RegionContract(
    [property: WireValues(typeof(Region))] string Region,
    string Name,
    Uri Page,
    [property: Description("ok, unknown (the page could not be read or is stale), or not-checked.")] string Health,
    string? UnknownReason,
    DateTimeOffset? UnknownSince,
    [property: WireValues(typeof(StatusIndicator))] string? Indicator,
    string? Description,
    DateTimeOffset? PageUpdatedAt,
    IReadOnlyList<IncidentContract>? Incidents,
    IReadOnlyList<ComponentContract>? DegradedComponents,
    IReadOnlyList<MaintenanceContract>? Maintenances,
    [property: Description("When this instance last polled the region.")] DateTimeOffset? LastCheckedAt,
    DateTimeOffset? LastChangedAt,
    IReadOnlyList<StatusHistoryContract> History)
{
    public static RegionContract From(RegionStatusView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        RegionState? state = view.State;
        StatusSnapshot? s = state?.Snapshot;
        return new(
            WireNames.Of(view.Region), Regions.DisplayName(view.Region), view.Page, state is null ? "not-checked" : WireNames.Of(state.Health), state?.UnknownReason,
            state?.UnknownSince, s is null ? null : WireNames.Of(s.Indicator), s?.Description, s?.PageUpdatedAt,
            s is null ? null : [.. s.Incidents.Select(i => new IncidentContract(i.Id, i.Name, i.Status, i.Impact, i.UpdatedAt, i.Link))],
            s is null ? null : [.. s.Degraded.Select(c => new ComponentContract(c.Id, c.Name, WireNames.Of(c.Status)))],
            s is null ? null : [.. s.Maintenances.Select(m => new MaintenanceContract(m.Id, m.Name, m.Status, m.ScheduledFor, m.ScheduledUntil))],
            view.LastCheckedAt, state?.ChangedAt,
            [.. view.History.Select(h => new StatusHistoryContract(h.At, WireNames.Of(h.Kind), h.Summary))]);
    }
}

public sealed record IncidentContract(string Id, string Name, string Status, string Impact, DateTimeOffset UpdatedAt, string? Link);

public sealed record ComponentContract(string Id, string Name, [property: WireValues(typeof(ComponentStatus))] string Status);

public sealed record MaintenanceContract(string Id, string Name, string Status, DateTimeOffset? ScheduledFor, DateTimeOffset? ScheduledUntil);

public sealed record StatusHistoryContract(DateTimeOffset At, [property: WireValues(typeof(StatusChangeKind))] string Kind, string Summary);

/// <summary>Whether the desk can take tickets.</summary>
public sealed record HealthContract(
    [property: Description("healthy or unhealthy.")] string Status,
    IReadOnlyList<HealthCheckContract> Checks,
    [property: Description("Age of the oldest regional status poll on this instance; absent when it does not poll.")] double? LastStatusPollAgeSeconds)
{
    public static HealthContract From(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.Healthy ? "healthy" : "unhealthy",
            [.. report.Checks.Select(c => new HealthCheckContract(c.Name, c.Healthy ? "healthy" : "unhealthy", c.Detail, Math.Round(c.DurationMs, 1)))],
            report.LastStatusPollAgeSeconds is { } age ? Math.Round(age) : null);
    }
}

public sealed record HealthCheckContract(string Name, string Status, string Detail, double DurationMs);

/// <summary>RFC 9457 problem details: every error the desk answers.</summary>
public sealed record ProblemContract(
    [property: Description("urn:support-desk:problem:<kind>")] string Type,
    string Title,
    int Status,
    string Detail,
    [property: Description("The request's path.")] string Instance,
    [property: Description("Quote it when you contact support.")] string TraceId,
    [property: Description("Every invalid field, by its path, with what is wrong.")] IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>What became of an inbound email: <c>posted</c>, <c>repeated</c> (already on the ticket) or <c>dropped</c> (with the reason).</summary>
public sealed record InboundOutcomeContract(string Outcome, string? TicketId, string? Reason, int? AttachmentsStored, int? AttachmentsRefused)
{
    public static InboundOutcomeContract From(Support.Desk.Application.Inbound.InboundOutcome outcome) => outcome switch
    {
        Support.Desk.Application.Inbound.InboundOutcome.Posted p => new("posted", p.TicketId, null, p.AttachmentsStored, p.AttachmentsRefused),
        Support.Desk.Application.Inbound.InboundOutcome.Repeated r => new("repeated", r.TicketId, null, null, null),
        Support.Desk.Application.Inbound.InboundOutcome.Dropped d => new("dropped", null, d.Reason, null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}
