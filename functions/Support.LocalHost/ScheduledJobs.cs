using Cronos;
using Support.Desk.Application.Reports;
using Support.Desk.Application.Sla;
using Support.Desk.Hosting.Scheduling;
using Support.Desk.Hosting.Storage;
using Support.Desk.Application.Ports;
using Support.Desk.Status;

namespace Support.LocalHost;

/// <summary>
/// A scheduled job as the local host runs it: the same schedule definition the Functions timer uses, and optionally
/// what to run once when the host starts (the Functions timer's RunOnStartup).
/// </summary>
internal sealed record LocalScheduledJob(ScheduleDefinition Schedule, Func<IServiceProvider, CancellationToken, Task> RunAsync, Func<IServiceProvider, CancellationToken, Task>? RunOnStartup = null);

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
        new(SupportDeskSchedules.KeepSlaShardsRunning, (sp, ct) => sp.GetRequiredService<SlaShardKeeper>().RunAsync(ct),
            RunOnStartup: (sp, ct) => sp.GetRequiredService<SlaShardKeeper>().RunAsync(ct)),
        new(SupportDeskSchedules.PollRegionalStatus, (sp, ct) => sp.GetRequiredService<StatusMonitor>().PollAllAsync(ct)),
        new(SupportDeskSchedules.SweepExpiredRows, (sp, ct) => sp.GetRequiredService<ExpiredRowsSweep>().RunAsync(ct)),
        new(SupportDeskSchedules.SendMonthlyReports, (sp, ct) => sp.GetRequiredService<MonthlyReportMailer>().SendDueAsync(ct)),
    ];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => this.RunOnScheduleAsync(job, stoppingToken)));

    async Task RunOnScheduleAsync(LocalScheduledJob job, CancellationToken stoppingToken)
    {
        if (job.RunOnStartup is { } startup)
        {
            await this.RunAtStartupAsync(job.Schedule.Name, startup, stoppingToken).ConfigureAwait(false);
        }

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

                await this.RunOnceAsync(job.RunAsync, stoppingToken).ConfigureAwait(false);
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

    /// <summary>
    /// As the Functions timer's RunOnStartup. Jobs that talk to the durable sidecar find it listening only once the
    /// host has started, so the first attempts are retried for a while instead of waiting for the first occurrence.
    /// </summary>
    async Task RunAtStartupAsync(string name, Func<IServiceProvider, CancellationToken, Task> run, CancellationToken stoppingToken)
    {
        const int Attempts = 60;
        for (int attempt = 1; attempt <= Attempts && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await this.RunOnceAsync(run, stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (attempt == Attempts)
                {
                    LogJobFailed(logger, ex, name);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A scope per run, as the Functions host gives each timer invocation.</summary>
    async Task RunOnceAsync(Func<IServiceProvider, CancellationToken, Task> run, CancellationToken stoppingToken)
    {
        await using AsyncServiceScope scope = services.CreateAsyncScope();
        await run(scope.ServiceProvider, stoppingToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed.")]
    private static partial void LogJobFailed(ILogger logger, Exception error, string job);
}
