namespace Support.Desk.Domain.Status;

public enum StatusChangeKind
{
    IndicatorChanged,
    ComponentChanged,
    IncidentOpened,
    IncidentUpdated,
    IncidentResolved,
    BecameUnknown,
    Recovered,
}

/// <summary>One entry of a region's status history; an indicator change carries the new indicator.</summary>
public sealed record StatusChange(StatusChangeKind Kind, string Summary, StatusIndicator? Indicator = null);

/// <summary>One poll's changes that subscribers are told about, fixed when the poll records them: <see cref="Id"/> names the change in every subscriber's message ID.</summary>
public sealed record StatusBroadcast(string Id, DateTimeOffset At, IReadOnlyList<string> Changes);

public static class StatusChanges
{
    /// <summary>
    /// Whether subscribers hear of a change: an incident opened, updated or resolved, the region going to a major or
    /// critical state, or coming back from one. Component flickers and the desk's own trouble reading a page do not.
    /// </summary>
    public static bool MattersToSubscribers(StatusChange change, StatusSnapshot before)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(before);
        return change.Kind switch
        {
            StatusChangeKind.IncidentOpened or StatusChangeKind.IncidentUpdated or StatusChangeKind.IncidentResolved => true,
            StatusChangeKind.IndicatorChanged => change.Indicator is StatusIndicator.Major or StatusIndicator.Critical || before.IsOutage,
            _ => false,
        };
    }

    /// <summary>What changed between two snapshots, as history entries; empty when nothing did.</summary>
    public static IReadOnlyList<StatusChange> Between(StatusSnapshot? before, StatusSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<StatusChange>();
        if (before is null || before.Indicator != after.Indicator)
        {
            changes.Add(new(StatusChangeKind.IndicatorChanged,
                $"Status {(before is null ? "first seen as" : $"changed from {WireNames.Of(before.Indicator)} to")} {WireNames.Of(after.Indicator)}: {after.Description}", after.Indicator));
        }

        Dictionary<string, StatusComponent> oldComponents = before?.Components.ToDictionary(c => c.Id) ?? [];
        foreach (StatusComponent component in after.Components)
        {
            ComponentStatus previous = oldComponents.TryGetValue(component.Id, out StatusComponent? old) ? old.Status : ComponentStatus.Operational;
            if (previous != component.Status && (before is not null || component.Status != ComponentStatus.Operational))
            {
                changes.Add(new(StatusChangeKind.ComponentChanged, $"{component.Name}: {WireNames.Of(previous)} → {WireNames.Of(component.Status)}"));
            }
        }

        Dictionary<string, StatusIncident> oldIncidents = before?.Incidents.ToDictionary(i => i.Id) ?? [];
        foreach (StatusIncident incident in after.Incidents)
        {
            if (!oldIncidents.TryGetValue(incident.Id, out StatusIncident? old))
            {
                changes.Add(new(StatusChangeKind.IncidentOpened, $"Incident opened: \"{incident.Name}\" ({incident.Status}, {incident.Impact} impact)"));
            }
            else if (old.Status != incident.Status || old.Impact != incident.Impact || old.UpdatedAt != incident.UpdatedAt)
            {
                changes.Add(new(StatusChangeKind.IncidentUpdated, $"Incident updated: \"{incident.Name}\" ({incident.Status}, {incident.Impact} impact)"));
            }
        }

        foreach (StatusIncident gone in oldIncidents.Values.Where(i => after.Incidents.All(n => n.Id != i.Id)))
        {
            changes.Add(new(StatusChangeKind.IncidentResolved, $"Incident resolved: \"{gone.Name}\""));
        }

        return changes;
    }
}
