using Cronos;
using Support.Desk.Application;
using Support.Desk.Hosting.Scheduling;
using Support.Desk.Application.Ports;
using Support.Desk.Status;

namespace Support.LocalHost;

/// <summary>A scheduled job as the local host runs it: the same schedule definition the Functions timer uses.</summary>
internal sealed record LocalScheduledJob(ScheduleDefinition Schedule, Func<IServiceProvider, CancellationToken, Task> RunAsync);

/// <summary>Runs the desk's schedules in-process, on the same NCRONTAB expressions as the Functions timer triggers.</summary>
internal sealed partial class ScheduledJobsService(
    IEnumerable<LocalScheduledJob> jobs,
    IServiceProvider services,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<ScheduledJobsService> logger) : BackgroundService
{
    public static IReadOnlyList<LocalScheduledJob> Jobs { get; } =
    [
        new(SupportDeskSchedules.ReconcileIntake, (sp, ct) => sp.GetRequiredService<IntakeReconciler>().RunAsync(ct)),
        new(SupportDeskSchedules.PollRegionalStatus, (sp, ct) => sp.GetRequiredService<StatusMonitor>().PollAllAsync(ct)),
    ];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => this.RunOnScheduleAsync(job, stoppingToken)));

    async Task RunOnScheduleAsync(LocalScheduledJob job, CancellationToken stoppingToken)
    {
        string expression = configuration[job.Schedule.SettingName] ?? job.Schedule.DefaultExpression;
        CronExpression cron = CronExpression.Parse(expression, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset now = clock.GetUtcNow();
            DateTimeOffset? next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            try
            {
                await Task.Delay(next.Value - now, clock, stoppingToken).ConfigureAwait(false);

                // A scope per run, as the Functions host gives each timer invocation.
                await using AsyncServiceScope scope = services.CreateAsyncScope();
                await job.RunAsync(scope.ServiceProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // One failed run must not end the schedule; the next occurrence tries again.
                LogJobFailed(logger, ex, job.Schedule.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed.")]
    private static partial void LogJobFailed(ILogger logger, Exception error, string job);
}
