using System.Text.Json;
using Support.Desk.Domain.Queue;

namespace Support.Desk.Domain.Incidents;

/// <summary>Staff open an incident: a title, its regions, and (optionally) the only tenants it concerns.</summary>
public sealed record OpenIncidentRequest(string Title, IReadOnlyList<Region> Regions, IReadOnlyList<string> Tenants, bool LinkOpenTickets);

/// <summary>An update to every linked ticket (customer-visible), or an internal note on each.</summary>
public sealed record IncidentPostRequest(string Body, bool Internal);

/// <summary>Link (or unlink) one ticket, or every open ticket matching a queue filter.</summary>
public sealed record IncidentLinkRequest(string? TicketId, QueueFilter? Filter);

/// <summary>Strict readers of the incident commands' JSON bodies, every bad field reported at once (as the ticket commands').</summary>
public static class IncidentCommandReaders
{
    public const int MaxTitleLength = 200;
    public const int MaxTenants = 50;

    public static readonly IReadOnlyList<string> OpenFields = ["title", "regions", "tenants", "linkOpenTickets"];
    public static readonly IReadOnlyList<string> PostFields = ["body", "internal"];
    public static readonly IReadOnlyList<string> LinkFields = ["ticketId", "filter"];
    public static readonly IReadOnlyList<string> FilterFields = ["tenant", "severity", "region", "tier", "status", "assignee"];

    public static (OpenIncidentRequest? Request, ValidationErrors Errors) Open(JsonElement body) => TicketCommandReaders.Read(body, OpenFields, r =>
    {
        string? title = r.Text("title", 3, MaxTitleLength, singleLine: true);
        List<string>? regionNames = r.StringList("regions", 3, 10);
        var regions = new List<Region>();
        foreach (string name in regionNames ?? [])
        {
            if (WireNames.TryParse(name, out Region region))
            {
                regions.Add(region);
            }
            else
            {
                r.Error("regions", $"'{name}' is not a region; use {string.Join(", ", WireNames.AllOf<Region>())}.");
            }
        }

        List<string>? tenants = r.Has("tenants") ? r.StringList("tenants", MaxTenants, 100) : [];
        bool? link = r.Has("linkOpenTickets") ? r.Boolean("linkOpenTickets") : true;
        return title is null || regionNames is null || regions.Count != regionNames.Count || tenants is null || link is null
            ? null
            : new OpenIncidentRequest(title, [.. regions.Distinct()], [.. tenants.Distinct(StringComparer.Ordinal)], link.Value);
    });

    public static (IncidentPostRequest? Request, ValidationErrors Errors) Post(JsonElement body) => TicketCommandReaders.Read(body, PostFields, r =>
    {
        string? text = r.Text("body", 1, TicketCommandReaders.MaxTextLength, singleLine: false);
        bool? isInternal = r.Has("internal") ? r.Boolean("internal") : false;
        return text is null || isInternal is null ? null : new IncidentPostRequest(text, isInternal.Value);
    });

    public static (IncidentLinkRequest? Request, ValidationErrors Errors) Link(JsonElement body) => TicketCommandReaders.Read(body, LinkFields, r =>
    {
        if (r.Has("ticketId") == r.Has("filter"))
        {
            r.Error("$", "Give either a ticketId or a filter (the queue's: tenant, severity, region, tier, status, assignee).");
            return null;
        }

        if (r.Has("ticketId"))
        {
            string? ticketId = r.Text("ticketId", 1, 40, singleLine: true);
            if (ticketId is not null && TicketIds.Normalize(ticketId) is null)
            {
                r.Error("ticketId", "Not a ticket ID (SUP-XXXX-XXXX-XXXX).");
                return null;
            }

            return ticketId is null ? null : new IncidentLinkRequest(TicketIds.Normalize(ticketId), null);
        }

        JsonFieldReader? f = r.Nested("filter", FilterFields);
        if (f is null)
        {
            return null;
        }

        var filter = new QueueFilter(
            Status: f.OptionalEnum<TicketStatus>("status"),
            Tenant: f.Text("tenant", 1, 100, singleLine: true, required: false),
            Severity: f.OptionalEnum<Severity>("severity"),
            Region: f.OptionalEnum<Region>("region"),
            Assignee: f.Text("assignee", 1, EmailAddresses.MaxLength, singleLine: true, required: false),
            Tier: f.OptionalEnum<SupportTier>("tier"));
        if (filter.Status == TicketStatus.Closed)
        {
            f.Error("status", "Closed tickets are not linked.");
        }

        return new IncidentLinkRequest(null, filter);
    });
}
