using Support.Desk.Domain;
using Support.Desk.Domain.Status;
using Support.Desk.Status;

namespace Support.Desk.UnitTests;

/// <summary>A region's 7-day strip: each 6-hour stretch shows the worst state the region was in during it.</summary>
public class StatusStripTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    static readonly Uri Page = new("https://status.example/api/v2/summary.json");

    static StatusHistoryEntry Entry(double hoursAgo, StatusChangeKind kind, StatusIndicator? indicator = null) =>
        new(Region.Eu, Now.AddHours(-hoursAgo), kind, kind.ToString(), indicator);

    static RegionStatusView View(StatusIndicator current, params StatusHistoryEntry[] history) =>
        new(Region.Eu, Page, new RegionState(Region.Eu, new StatusSnapshot(current, "d", Now, [], [], []), RegionHealth.Ok, null, null, Now, null, null, false, null), Now, history);

    [Fact]
    public void Quiet_Week_Is28OperationalStretches()
    {
        IReadOnlyList<StripCell> strip = StatusStrip.Of(View(StatusIndicator.None), Now);

        Assert.Equal(28, strip.Count);
        Assert.All(strip, c => Assert.Equal(StripLevel.Operational, c.Level));
        Assert.Equal(Now.AddDays(-7), strip[0].From);
        Assert.Equal(Now, strip[^1].Until);
    }

    [Fact]
    public void Outage_CarriesOverFromTheChangeThatStartedItToTheOneThatEndedIt()
    {
        IReadOnlyList<StripCell> strip = StatusStrip.Of(View(StatusIndicator.None,
            Entry(30, StatusChangeKind.IndicatorChanged, StatusIndicator.Major),
            Entry(13, StatusChangeKind.IndicatorChanged, StatusIndicator.None)), Now);

        // Stretches of six hours ending at Now: 30 h ago falls in the stretch [-30, -24), recovery 13 h ago in [-18, -12).
        StripLevel[] last = [.. strip.TakeLast(6).Select(c => c.Level)];
        Assert.Equal([StripLevel.Operational, StripLevel.Major, StripLevel.Major, StripLevel.Major, StripLevel.Operational, StripLevel.Operational], last);
        Assert.Equal(1, strip[^5].Changes);
    }

    [Fact]
    public void OpenIncident_IsAtLeastMinor_UntilResolved_AndUnreadableIsUnknownButNeverHidesAnOutage()
    {
        IReadOnlyList<StripCell> strip = StatusStrip.Of(View(StatusIndicator.None,
            Entry(40, StatusChangeKind.IncidentOpened),
            Entry(35, StatusChangeKind.IncidentResolved),
            Entry(20, StatusChangeKind.BecameUnknown),
            Entry(19, StatusChangeKind.IndicatorChanged, StatusIndicator.Critical),
            Entry(15, StatusChangeKind.Recovered),
            Entry(14, StatusChangeKind.IndicatorChanged, StatusIndicator.None)), Now);

        StripLevel[] levels = [.. strip.Select(c => c.Level)];
        Assert.Equal(StripLevel.Minor, levels[^7]);     // [-42, -36): the incident opened
        Assert.Equal(StripLevel.Minor, levels[^6]);     // [-36, -30): resolved in it
        Assert.Equal(StripLevel.Operational, levels[^5]);
        Assert.Equal(StripLevel.Critical, levels[^4]);  // [-24, -18): unknown, then critical
        Assert.Equal(StripLevel.Critical, levels[^3]);  // [-18, -12): critical until 14 h ago
        Assert.Equal(StripLevel.Operational, levels[^1]);
    }

    [Fact]
    public void NoChangeInTheWindow_ShowsTheCurrentIndicatorThroughout()
    {
        Assert.All(StatusStrip.Of(View(StatusIndicator.Minor), Now), c => Assert.Equal(StripLevel.Minor, c.Level));
    }
}
