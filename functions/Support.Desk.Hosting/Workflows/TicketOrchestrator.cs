using Microsoft.DurableTask;
using Support.Desk.Application;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Workflows;

/// <summary>
/// One instance per ticket (instance ID = ticket ID): a durable scheduler over the stored ticket. Each time
/// it wakes it lets <see cref="AdvanceTicketActivity"/> do what has fallen due (SLA warnings, breaches and
/// escalations, customer reminders, queued emails) and then sleeps until the next due time or until the
/// ticket changes (<see cref="TicketChangedEvent"/>), whichever comes first. It ends when the ticket is
/// closed and nothing is left to send.
/// </summary>
/// <remarks>
/// Deterministic: time only from the context, every side effect in an activity. History stays bounded by
/// continuing as new every <see cref="WakeUpsPerGeneration"/> wake-ups (all state lives on the ticket row).
/// A failing step (storage down) is retried on a timer rather than failing the instance, so no outage can
/// end a ticket's countdown.
/// </remarks>
public sealed class TicketOrchestrator : TaskOrchestrator<TicketWorkflowInput, string>
{
    public const string TicketChangedEvent = "ticket-changed";
    public const int WakeUpsPerGeneration = 25;
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    /// <summary>Storage hiccups: a few quick retries inside one step.</summary>
    public static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(15)));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, TicketWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        if (!input.Acknowledged)
        {
            await RetryUntilDoneAsync(context, () => context.CallActivityAsync<bool>(
                nameof(AcknowledgeTicketWorkflowActivity), new TicketStepRequest(input.TicketId, context.CurrentUtcDateTime), StepRetry));
            input = input with { Acknowledged = true };
        }

        for (int wakeUp = 0; wakeUp < WakeUpsPerGeneration; wakeUp++)
        {
            TicketSchedule schedule = await RetryUntilDoneAsync(context, () => context.CallActivityAsync<TicketSchedule>(
                nameof(AdvanceTicketActivity), input.TicketId, StepRetry));
            if (schedule.Finished)
            {
                return "closed";
            }

            await WaitForChangeOrTimeAsync(context, schedule.NextAt);
        }

        // Unprocessed "ticket-changed" events carry over to the next generation.
        context.ContinueAsNew(input, preserveUnprocessedEvents: true);
        return "continued";
    }

    static async Task WaitForChangeOrTimeAsync(TaskOrchestrationContext context, DateTimeOffset? at)
    {
        using var cancel = new CancellationTokenSource();
        Task changed = context.WaitForExternalEvent<string>(TicketChangedEvent, cancel.Token);
        if (at is null)
        {
            await changed;
            return;
        }

        DateTime due = at.Value.UtcDateTime;
        while (true)
        {
            Task timer = context.CreateTimer(due, cancel.Token);
            Task first = await Task.WhenAny(changed, timer);

            // Durable timers may fire a little early: only a timer at or past the due time counts.
            if (first == changed || context.CurrentUtcDateTime >= due)
            {
                cancel.Cancel();
                return;
            }
        }
    }

    static async Task<T> RetryUntilDoneAsync<T>(TaskOrchestrationContext context, Func<Task<T>> step)
    {
        while (true)
        {
            try
            {
                return await step();
            }
            catch (TaskFailedException)
            {
                await context.CreateTimer(context.CurrentUtcDateTime + RetryAfterFailure, CancellationToken.None);
            }
        }
    }
}
