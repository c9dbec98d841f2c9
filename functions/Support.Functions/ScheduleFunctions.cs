using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Support.Desk.Application;
using Support.Desk.Hosting.Scheduling;
using Support.Desk.Hosting.Workflows;
using Support.Desk.Status;

namespace Support.Functions;

/// <summary>Timer triggers; schedules come from app settings named in <see cref="SupportDeskSchedules"/>.</summary>
public sealed class ScheduleFunctions(IntakeReconciler reconciler, StatusMonitor statusMonitor, DurableClientAccessor durable)
{
    [Function(nameof(SupportDeskSchedules.ReconcileIntake))]
    public Task ReconcileIntake(
        [TimerTrigger("%ReconcileIntakeSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        durable.Use(durableClient);
        return reconciler.RunAsync(cancellationToken);
    }

    [Function(nameof(SupportDeskSchedules.PollRegionalStatus))]
    public Task PollRegionalStatus(
        [TimerTrigger("%StatusPollSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        statusMonitor.PollAllAsync(cancellationToken);
}
