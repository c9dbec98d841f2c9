namespace Support.Desk.Hosting.Scheduling;

/// <summary>
/// A recurring job. <see cref="SettingName"/> holds its NCRONTAB expression (six fields, seconds first),
/// read by the Functions timer trigger as <c>%SettingName%</c> and by the local host's scheduler.
/// </summary>
public sealed record ScheduleDefinition(string Name, string SettingName, string DefaultExpression);

public static class SupportDeskSchedules
{
    /// <summary>Starts any SLA shard scheduler that is not running (also at host start).</summary>
    public static readonly ScheduleDefinition KeepSlaShardsRunning = new(nameof(KeepSlaShardsRunning), "KeepSlaShardsSchedule", "30 * * * * *");

    /// <summary>Polls every region's status page into Table Storage.</summary>
    public static readonly ScheduleDefinition PollRegionalStatus = new(nameof(PollRegionalStatus), "StatusPollSchedule", "0 * * * * *");

    /// <summary>Removes expired counters, used sign-in links, ended sessions and unconfirmed subscriptions (<c>ExpiredRowsSweep</c>).</summary>
    public static readonly ScheduleDefinition SweepExpiredRows = new(nameof(SweepExpiredRows), "SweepExpiredRowsSchedule", "0 17 * * * *");

    /// <summary>Emails subscribed contacts last month's SLA report in the first days of their month (<c>MonthlyReportMailer</c>, hourly).</summary>
    public static readonly ScheduleDefinition SendMonthlyReports = new(nameof(SendMonthlyReports), "MonthlyReportsSchedule", "0 40 * * * *");

    public static IReadOnlyList<ScheduleDefinition> All { get; } = [KeepSlaShardsRunning, PollRegionalStatus, SweepExpiredRows, SendMonthlyReports];
}
