namespace Support.Desk.Domain.Status;

/// <summary>A status page's overall indicator (Atlassian Statuspage: none, minor, major, critical).</summary>
public enum StatusIndicator
{
    None,
    Minor,
    Major,
    Critical,
}

public enum ComponentStatus
{
    Operational,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
    UnderMaintenance,
}

public sealed record StatusComponent(string Id, string Name, ComponentStatus Status);

public sealed record StatusIncident(string Id, string Name, string Status, string Impact, DateTimeOffset UpdatedAt, string? Link);

public sealed record StatusMaintenance(string Id, string Name, string Status, DateTimeOffset? ScheduledFor, DateTimeOffset? ScheduledUntil);

/// <summary>What a region's status page said at one moment: overall state, components, unresolved incidents, maintenances.</summary>
public sealed record StatusSnapshot(
    StatusIndicator Indicator,
    string Description,
    DateTimeOffset PageUpdatedAt,
    IReadOnlyList<StatusComponent> Components,
    IReadOnlyList<StatusIncident> Incidents,
    IReadOnlyList<StatusMaintenance> Maintenances)
{
    public IEnumerable<StatusComponent> Degraded => this.Components.Where(c => c.Status != ComponentStatus.Operational);

    /// <summary>True when customers of the region are likely affected: an incident, or a component not operational.</summary>
    public bool HasDisruption => this.Incidents.Count > 0 || this.Degraded.Any() || this.Indicator != StatusIndicator.None;

    /// <summary>A major or critical page state: staff are told about these.</summary>
    public bool IsOutage => this.Indicator is StatusIndicator.Major or StatusIndicator.Critical;

    /// <summary>One line for tickets and emails, e.g. "Major outage: Elevated login errors (investigating); degraded: Authentication".</summary>
    public string Summary()
    {
        var parts = new List<string> { this.Description };
        parts.AddRange(this.Incidents.Select(i => $"incident \"{i.Name}\" ({i.Status}, {i.Impact} impact)"));
        string degraded = string.Join(", ", this.Degraded.Select(c => $"{c.Name} {WireNames.Of(c.Status)}"));
        if (degraded.Length > 0)
        {
            parts.Add($"components: {degraded}");
        }

        return string.Join("; ", parts);
    }
}

/// <summary>Configured regions with human names, matching the seed's three status pages.</summary>
public static class Regions
{
    public static string DisplayName(Region region) => region switch
    {
        Region.Us => "Americas",
        Region.Eu => "EU",
        Region.Au => "APAC",
        _ => region.ToString(),
    };
}
