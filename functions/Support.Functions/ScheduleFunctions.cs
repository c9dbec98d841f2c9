using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Support.Desk.Application.Reports;
using Support.Desk.Application.Sla;
using Support.Desk.Hosting.Scheduling;
using Support.Desk.Hosting.Storage;
using Support.Desk.Hosting.Workflows;
using Support.Desk.Status;

namespace Support.Functions;

/// <summary>Timer triggers; schedules come from app settings named in <see cref="SupportDeskSchedules"/>.</summary>
public sealed class ScheduleFunctions(SlaShardKeeper keeper, StatusMonitor statusMonitor, ExpiredRowsSweep sweep, MonthlyReportMailer monthlyReports, DurableClientAccessor durable)
{
    /// <summary>Also when the host starts: a new deployment's shards must not wait for the first minute.</summary>
    [Function(nameof(SupportDeskSchedules.KeepSlaShardsRunning))]
    public Task KeepSlaShardsRunning(
        [TimerTrigger("%KeepSlaShardsSchedule%", RunOnStartup = true)] TimerInfo timer,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        durable.Use(durableClient);
        return keeper.RunAsync(cancellationToken);
    }

    [Function(nameof(SupportDeskSchedules.PollRegionalStatus))]
    public Task PollRegionalStatus(
        [TimerTrigger("%StatusPollSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        statusMonitor.PollAllAsync(cancellationToken);

    [Function(nameof(SupportDeskSchedules.SweepExpiredRows))]
    public Task SweepExpiredRows(
        [TimerTrigger("%SweepExpiredRowsSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        sweep.RunAsync(cancellationToken);

    [Function(nameof(SupportDeskSchedules.SendMonthlyReports))]
    public Task SendMonthlyReports(
        [TimerTrigger("%MonthlyReportsSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        monthlyReports.SendDueAsync(cancellationToken);
}
