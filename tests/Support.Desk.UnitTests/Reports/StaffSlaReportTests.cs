using Support.Desk.Domain;
using Support.Desk.Domain.Reports;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests.Reports;

/// <summary>The staff report's figures from day digests: counts by dimension, exact percentiles, backlog, missed clocks.</summary>
public class StaffSlaReportTests
{
    static readonly SlaPolicy Policy = new(new SlaPolicyOptions());
    static readonly DateOnly Day1 = new(2026, 11, 2);
    static readonly DateTimeOffset Start1 = ReportDays.StartOf(Day1);

    static ClockFact Clock(string ticket, string tenant, SupportPlan plan, Severity severity, DateTimeOffset started, SlaOutcome outcome, int? responseMinutes, string? incident = null) =>
        new(ticket, started, "first-response", tenant, plan, severity, Region.Eu, SlaClockKind.FirstResponse, started, TimeSpan.FromHours(1),
            started.AddHours(1), responseMinutes is { } m ? started.AddMinutes(m) : null, outcome,
            responseMinutes is { } r ? TimeSpan.FromMinutes(r) : null, incident);

    static TicketFact Ticket(string ticket, string tenant, DateTimeOffset created, DateTimeOffset? closed) =>
        new(ticket, tenant, SupportPlan.Gold, Severity.Urgent, Region.Eu, "Login fails", created, closed, null);

    [Fact]
    public void Build_CountsEachOutcomeUnderEveryDimension_AndAttainmentIsMetOverSettled()
    {
        ClockFact[] clocks =
        [
            Clock("T1", "acme", SupportPlan.Gold, Severity.Urgent, Start1.AddHours(1), SlaOutcome.Met, 20),
            Clock("T2", "acme", SupportPlan.Gold, Severity.Urgent, Start1.AddHours(2), SlaOutcome.Missed, 90, "INC-1"),
            Clock("T3", "globex", SupportPlan.Platinum, Severity.High, Start1.AddHours(3), SlaOutcome.Met, 30),
            Clock("T4", "globex", SupportPlan.Platinum, Severity.High, Start1.AddHours(4), SlaOutcome.Running, null),
        ];
        SlaDayDigest digest = SlaDayDigest.Of(Day1, [], clocks);

        StaffSlaReport report = StaffSlaReport.Build(Day1, Day1.AddDays(1), Start1.AddDays(1), [digest], [digest], Policy);

        Assert.Equal((2, 1, 1), (report.Total.Met, report.Total.Missed, report.Total.Running));
        Assert.Equal(2.0 / 3, report.Total.Attainment!.Value, 6);
        AttainmentRow acme = report.Attainment.Single(r => r.Dimension == ReportDimension.Tenant && r.Value == "acme");
        Assert.Equal((1, 1, 0), (acme.Met, acme.Missed, acme.Running));
        AttainmentRow premium = report.Attainment.Single(r => r.Dimension == ReportDimension.Tier && r.Value == "premium");
        Assert.Equal((1, 0, 1), (premium.Met, premium.Missed, premium.Running));
        AttainmentRow eu = Assert.Single(report.Attainment, r => r.Dimension == ReportDimension.Region);
        Assert.Equal(("eu", 2, 1, 1), (eu.Value, eu.Met, eu.Missed, eu.Running));
        Assert.Equal([new IncidentBreaches("INC-1", 1)], report.BreachesByIncident);
        Assert.Equal("T2", Assert.Single(report.Missed).TicketId);
    }

    [Fact]
    public void Build_ResponseTimes_AreExactNearestRankPercentilesAcrossDays()
    {
        // 10 answered urgent Gold clocks over two days: 1..10 minutes.
        ClockFact[] day1 = [.. Enumerable.Range(1, 5).Select(m => Clock($"A{m}", "acme", SupportPlan.Gold, Severity.Urgent, Start1.AddHours(m), SlaOutcome.Met, m))];
        ClockFact[] day2 = [.. Enumerable.Range(6, 5).Select(m => Clock($"B{m}", "acme", SupportPlan.Gold, Severity.Urgent, Start1.AddDays(1).AddHours(1), SlaOutcome.Met, m))];
        SlaDayDigest[] digests = [SlaDayDigest.Of(Day1, [], day1), SlaDayDigest.Of(Day1.AddDays(1), [], day2)];

        ResponseRow row = Assert.Single(StaffSlaReport.Build(Day1, Day1.AddDays(2), Start1.AddDays(2), digests, digests, Policy).Responses);

        Assert.Equal(10, row.Answered);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Median);
        Assert.Equal(TimeSpan.FromMinutes(9), row.P90);
        Assert.Equal(TimeSpan.FromHours(1), row.Target);
        Assert.Equal(10, row.WithinTarget);
    }

    [Fact]
    public void Build_Backlog_CountsTicketsOpenedBeforeThePeriodUntilTheyClose()
    {
        // Opened on day 1 and closed on day 3; opened on day 2 and still open.
        TicketFact[] tickets = [Ticket("T1", "acme", Start1.AddHours(1), Start1.AddDays(2).AddHours(1)), Ticket("T2", "acme", Start1.AddDays(1).AddHours(1), null)];
        SlaDayDigest[] history = [SlaDayDigest.Of(Day1, tickets, []), SlaDayDigest.Of(Day1.AddDays(1), tickets, [])];

        StaffSlaReport report = StaffSlaReport.Build(Day1.AddDays(1), Day1.AddDays(4), Start1.AddDays(10), [history[1]], history, Policy);

        Assert.Equal([new BacklogPoint(Day1.AddDays(1), 2), new BacklogPoint(Day1.AddDays(2), 1), new BacklogPoint(Day1.AddDays(3), 1)], report.Backlog);
    }

    [Fact]
    public void Digest_EncodeThenDecode_GivesTheSameFigures()
    {
        ClockFact[] clocks =
        [
            Clock("SUP-AAAA-BBBB-CCCC", "acme-corp", SupportPlan.HomeGrown, Severity.Low, Start1.AddHours(1), SlaOutcome.Missed, null, "INC-20261102-01"),
            Clock("SUP-AAAA-BBBB-DDDD", "acme-corp", SupportPlan.HomeGrown, Severity.Low, Start1.AddHours(2), SlaOutcome.Paused, null),
            Clock("SUP-AAAA-BBBB-EEEE", "acme-corp", SupportPlan.HomeGrown, Severity.Low, Start1.AddHours(3), SlaOutcome.Met, 7),
        ];
        TicketFact[] tickets = [Ticket("SUP-AAAA-BBBB-CCCC", "acme-corp", Start1.AddHours(1), Start1.AddDays(3))];
        SlaDayDigest digest = SlaDayDigest.Of(Day1, tickets, clocks);

        SlaDayDigest read = SlaDayDigest.Decode(digest.Encode());

        Assert.Equal(digest.Day, read.Day);
        Assert.Equal(digest.Counts, read.Counts);
        Assert.Equal(digest.Missed, read.Missed);
        Assert.Equal(digest.Opened, read.Opened);
        Assert.Equal(digest.ClosedOn, read.ClosedOn);
        Assert.Equal(digest.Responses.Single().Seconds, read.Responses.Single().Seconds);
    }

    [Fact]
    public void Digest_MalformedText_IsRefused()
    {
        Assert.Throws<FormatException>(() => SlaDayDigest.Decode("Q\tnonsense\n"));
        Assert.Throws<FormatException>(() => SlaDayDigest.Decode("C\tacme\tgold\turgent\tus\tfirst-response\tmet\t1\n"));
    }

    [Theory]
    [InlineData(null, null, "2026-11-06", "2026-12-06")]
    [InlineData("2026-01-01", "2026-12-31", "2026-01-01", "2027-01-01")]
    [InlineData("2026-12-05", "2026-12-05", "2026-12-05", "2026-12-06")]
    public void Period_Read_DefaultsAndInclusiveLastDay(string? from, string? to, string expectedFrom, string expectedTo)
    {
        (ReportPeriod? period, ValidationErrors errors) = ReportPeriod.Read(from, to, new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

        Assert.True(errors.IsEmpty);
        Assert.Equal(expectedFrom, ReportDays.DayKey(period!.From));
        Assert.Equal(expectedTo, ReportDays.DayKey(period.To));
    }

    [Theory]
    [InlineData("2026-13-01", null, "from")]
    [InlineData(null, "yesterday", "to")]
    [InlineData("2026-12-05", "2026-12-01", "from")]
    [InlineData("2024-01-01", "2026-12-01", "to")]
    [InlineData("9999-12-01", "9999-12-31", "to")]
    [InlineData("0001-01-01", "0001-01-02", "from")]
    [InlineData(null, "0001-01-02", "from")]
    public void Period_Read_BadPeriod_NamesTheField(string? from, string? to, string field)
    {
        (ReportPeriod? period, ValidationErrors errors) = ReportPeriod.Read(from, to, new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

        Assert.Null(period);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }
}
