using Support.Desk.Domain;
using Support.Desk.Domain.Reports;
using Support.Desk.Hosting.Http;
using Support.Desk.Settings;

namespace Support.Desk.UnitTests.Reports;

/// <summary>A customer's month in their own time zone, and the report's CSV as a spreadsheet would open it.</summary>
public class CustomerSlaReportTests
{
    static readonly SlaPolicy Policy = new(new SlaPolicyOptions());
    static readonly TimeZoneInfo Sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");

    static ClockFact Clock(string ticket, string tenant, DateTimeOffset started, SlaOutcome outcome, int? minutes) =>
        new(ticket, started, "first-response", tenant, SupportPlan.Platinum, Severity.Urgent, Region.Au, SlaClockKind.FirstResponse, started,
            TimeSpan.FromMinutes(30), started.AddMinutes(30), minutes is { } m ? started.AddMinutes(m) : null, outcome,
            minutes is { } r ? TimeSpan.FromMinutes(r) : null, null);

    static TicketFact Ticket(string ticket, string tenant, DateTimeOffset created) =>
        new(ticket, tenant, SupportPlan.Platinum, Severity.Urgent, Region.Au, "Tokens rejected", created, null, null);

    [Fact]
    public void MonthIn_SydneyDecember_StartsAndEndsAtLocalMidnight()
    {
        (DateTimeOffset from, DateTimeOffset to) = CustomerSlaReport.MonthIn(2026, 12, Sydney);

        // Daylight saving time in December: UTC+11.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 13, 0, 0, TimeSpan.Zero), from.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 13, 0, 0, TimeSpan.Zero), to.ToUniversalTime());
    }

    [Fact]
    public void Build_KeepsOnlyTheTenantsClocksOfItsLocalMonth_AndCountsBySeverity()
    {
        (DateTimeOffset from, _) = CustomerSlaReport.MonthIn(2026, 12, Sydney);
        ClockFact[] clocks =
        [
            Clock("SUP-1", "wombat", from.AddHours(1), SlaOutcome.Met, 10),
            Clock("SUP-2", "wombat", from.AddHours(2), SlaOutcome.Missed, 45),
            Clock("SUP-0", "wombat", from.AddMinutes(-1), SlaOutcome.Met, 5), // 23:59 on 30 November, Sydney time
            Clock("SUP-9", "other", from.AddHours(3), SlaOutcome.Met, 5),
        ];
        TicketFact[] tickets = [Ticket("SUP-1", "wombat", from.AddHours(1)), Ticket("SUP-2", "wombat", from.AddHours(2)), Ticket("SUP-0", "wombat", from.AddMinutes(-1))];

        CustomerSlaReport report = CustomerSlaReport.Build("wombat", 2026, 12, Sydney, from.AddDays(3), tickets, clocks, Policy, SupportTier.Premium);

        Assert.Equal(["SUP-1", "SUP-2"], report.Tickets.Select(t => t.Ticket.TicketId));
        SeverityAttainment urgent = report.BySeverity.Single(s => s.Severity == Severity.Urgent);
        Assert.Equal((1, 1, 0), (urgent.Met, urgent.Missed, urgent.Running));
        Assert.Equal(TimeSpan.FromMinutes(30), urgent.Target);
        Assert.Equal(TimeSpan.FromMinutes(10), urgent.MedianResponse);
        Assert.Equal(TimeSpan.FromMinutes(45), urgent.P90Response);
        Assert.All(report.BySeverity.Where(s => s.Severity != Severity.Urgent), s => Assert.Null(s.Attainment));
    }

    [Fact]
    public void Csv_MissedClocks_QuotesAndDefusesWhatASpreadsheetWouldRun()
    {
        DateTimeOffset due = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
        var report = new StaffSlaReport(
            new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), due.AddDays(1), new AttainmentRow(ReportDimension.Plan, "all", 0, 1, 0), [], [], [], [],
            [new MissedClock("SUP-1", "first-response", "=cmd", SupportPlan.Gold, Severity.Urgent, Region.Us, SlaClockKind.FirstResponse, due, null, "INC,1")]);

        string csv = SlaReportCsv.Render(report, SlaReportCsv.Table.Missed);

        string[] lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ticket,clock,tenant,plan,severity,region,kind,due_at_utc,answered_at_utc,incident", lines[0]);
        Assert.Equal("SUP-1,first-response,'=cmd,gold,urgent,us,first-response,2026-12-01T09:30:00Z,,\"INC,1\"", lines[1]);
    }
}
