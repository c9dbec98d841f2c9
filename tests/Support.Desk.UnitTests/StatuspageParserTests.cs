using Support.Desk.Domain.Status;

namespace Support.Desk.UnitTests;

/// <summary>The Statuspage v2 parser on hand-written fixtures that follow the public summary.json schema.</summary>
public class StatuspageParserTests
{
    static readonly StatuspageV2Parser Parser = new();

    static (StatusSnapshot? Snapshot, string? Error) Parse(string fixture) =>
        Parser.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "statuspage", fixture)));

    [Fact]
    public void Operational_IsNoneWithNoDisruption()
    {
        StatusSnapshot snapshot = Parse("operational.json").Snapshot!;

        Assert.Equal(StatusIndicator.None, snapshot.Indicator);
        Assert.Equal("All Systems Operational", snapshot.Description);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 12, 44, 118, TimeSpan.Zero), snapshot.PageUpdatedAt);
        Assert.False(snapshot.HasDisruption);
        Assert.False(snapshot.IsOutage);
        Assert.Equal(4, snapshot.Components.Count);
    }

    [Fact]
    public void ComponentGroups_AreLeftOut()
    {
        Assert.DoesNotContain(Parse("operational.json").Snapshot!.Components, c => c.Name == "US-1 (Americas)");
    }

    [Fact]
    public void MinorDegradation_IsADisruptionButNotAnOutage()
    {
        StatusSnapshot snapshot = Parse("minor-degraded.json").Snapshot!;

        Assert.Equal(StatusIndicator.Minor, snapshot.Indicator);
        Assert.Equal(("Multi-factor Authentication", ComponentStatus.DegradedPerformance), snapshot.Degraded.Select(c => (c.Name, c.Status)).Single());
        Assert.True(snapshot.HasDisruption);
        Assert.False(snapshot.IsOutage);
    }

    [Fact]
    public void MajorIncident_IsAnOutageWithItsUnresolvedIncident()
    {
        StatusSnapshot snapshot = Parse("major-incident.json").Snapshot!;

        Assert.True(snapshot.IsOutage);
        StatusIncident incident = Assert.Single(snapshot.Incidents);
        Assert.Equal(("Elevated login errors in US-1", "investigating", "major", "https://stspg.io/inc1ab"), (incident.Name, incident.Status, incident.Impact, incident.Link));
        Assert.Contains("incident \"Elevated login errors in US-1\" (investigating, major impact)", snapshot.Summary(), StringComparison.Ordinal);
        Assert.Contains("Authentication API partial-outage", snapshot.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Critical_ReadsMajorOutageComponents()
    {
        StatusSnapshot snapshot = Parse("critical-outage.json").Snapshot!;

        Assert.Equal(StatusIndicator.Critical, snapshot.Indicator);
        Assert.Equal([ComponentStatus.MajorOutage, ComponentStatus.MajorOutage], snapshot.Degraded.Select(c => c.Status));
    }

    [Fact]
    public void ScheduledMaintenance_IsListedWithItsWindow()
    {
        StatusMaintenance maintenance = Assert.Single(Parse("maintenance.json").Snapshot!.Maintenances);

        Assert.Equal("Database maintenance", maintenance.Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero), maintenance.ScheduledFor);
    }

    [Fact]
    public void ResolvedIncidents_AreNotActive()
    {
        Assert.Empty(Parse("resolved-incident.json").Snapshot!.Incidents);
    }

    [Theory]
    [InlineData("not-json.html", "not JSON")]
    [InlineData("truncated.json", "not JSON")]
    [InlineData("missing-status.json", "not a Statuspage summary")]
    public void BadBodies_AreRejectedWithAReason(string fixture, string reason)
    {
        var (snapshot, error) = Parse(fixture);

        Assert.Null(snapshot);
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_FromOperationalToMajorIncidentAndBack_AreRecordedEachWay()
    {
        StatusSnapshot operational = Parse("operational.json").Snapshot!;
        StatusSnapshot major = Parse("major-incident.json").Snapshot!;
        StatusSnapshot critical = Parse("critical-outage.json").Snapshot!;

        Assert.Equal(
            [StatusChangeKind.IndicatorChanged, StatusChangeKind.ComponentChanged, StatusChangeKind.IncidentOpened],
            StatusChanges.Between(operational, major).Select(c => c.Kind));
        Assert.Equal(
            [StatusChangeKind.IndicatorChanged, StatusChangeKind.ComponentChanged, StatusChangeKind.ComponentChanged, StatusChangeKind.IncidentUpdated],
            StatusChanges.Between(major, critical).Select(c => c.Kind));
        Assert.Equal(
            [StatusChangeKind.IndicatorChanged, StatusChangeKind.ComponentChanged, StatusChangeKind.ComponentChanged, StatusChangeKind.IncidentResolved],
            StatusChanges.Between(critical, operational).Select(c => c.Kind));
        Assert.Empty(StatusChanges.Between(major, major));
    }
}
