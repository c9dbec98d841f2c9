using Microsoft.DurableTask;
using Support.Desk.Application;
using Support.Desk.Domain;

namespace Support.Desk.Hosting.Workflows;

public sealed record TicketStepRequest(string TicketId, DateTimeOffset At);

public sealed record TicketEmailRequest(string TicketId, TicketEmailKind Kind, DateTimeOffset At);

public sealed record RecordTicketEventRequest(string TicketId, TicketEvent Event);

public sealed class AcknowledgeTicketWorkflowActivity(TicketWorkflowSteps steps) : TaskActivity<TicketStepRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, TicketStepRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await steps.AcknowledgeStartAsync(input.TicketId, input.At, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}

public sealed class SendTicketEmailActivity(TicketWorkflowSteps steps) : TaskActivity<TicketEmailRequest, EmailSendOutcome>
{
    public override Task<EmailSendOutcome> RunAsync(TaskActivityContext context, TicketEmailRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return steps.SendEmailAsync(input.TicketId, input.Kind, input.At, CancellationToken.None);
    }
}

public sealed class RecordTicketEventActivity(TicketWorkflowSteps steps) : TaskActivity<RecordTicketEventRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordTicketEventRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await steps.RecordAsync(input.TicketId, input.Event, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
