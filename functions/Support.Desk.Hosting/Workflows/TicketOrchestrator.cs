using Microsoft.DurableTask;
using Support.Desk.Application;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Workflows;

/// <summary>
/// One instance per ticket (instance ID = ticket ID): records that the SLA clock started, sends the
/// confirmation email, and counts down the first-response SLA on a durable timer. Deterministic: time
/// comes only from the context, side effects only from activities.
/// </summary>
public sealed class TicketOrchestrator : TaskOrchestrator<TicketWorkflowInput, string>
{
    /// <summary>Storage hiccups: a few quick retries.</summary>
    public static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    /// <summary>Email providers: back off longer; a failure is recorded and never stops the SLA countdown.</summary>
    public static readonly TaskOptions EmailRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(5)));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, TicketWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        await context.CallActivityAsync(
            nameof(AcknowledgeTicketWorkflowActivity), new TicketStepRequest(input.TicketId, context.CurrentUtcDateTime), StepRetry);

        try
        {
            await context.CallActivityAsync<EmailSendOutcome>(
                nameof(SendTicketEmailActivity),
                new TicketEmailRequest(input.TicketId, TicketEmailKind.Confirmation, context.CurrentUtcDateTime),
                EmailRetry);
        }
        catch (TaskFailedException failure)
        {
            await RecordAsync(context, input.TicketId, TicketEventKind.EmailFailed, $"Confirmation email could not be sent: {failure.FailureDetails.ErrorMessage}");
        }

        // Durable timers may fire a little early: wait again until the deadline has really passed.
        DateTime due = input.FirstResponseDueAt.UtcDateTime;
        while (context.CurrentUtcDateTime < due)
        {
            await context.CreateTimer(due, CancellationToken.None);
        }

        await RecordAsync(context, input.TicketId, TicketEventKind.FirstResponseDue, "First-response SLA deadline reached.");
        return "first-response-due";
    }

    static Task RecordAsync(TaskOrchestrationContext context, string ticketId, TicketEventKind kind, string summary) =>
        context.CallActivityAsync(
            nameof(RecordTicketEventActivity),
            new RecordTicketEventRequest(ticketId, TicketEvent.Create(context.CurrentUtcDateTime, kind, TicketWorkflowSteps.WorkflowActor, summary)),
            StepRetry);
}
