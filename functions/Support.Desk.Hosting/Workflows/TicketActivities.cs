using Microsoft.DurableTask;
using Support.Desk.Application;
using Support.Desk.Application.Ports;

namespace Support.Desk.Hosting.Workflows;

public sealed record TicketStepRequest(string TicketId, DateTimeOffset At);

/// <summary>Records that the ticket's workflow started and clears its intake journal entry.</summary>
public sealed class AcknowledgeTicketWorkflowActivity(TicketProgress progress) : TaskActivity<TicketStepRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, TicketStepRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await progress.AcknowledgeStartAsync(input.TicketId, input.At, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}

/// <summary>Does what has fallen due for the ticket and says when to wake next.</summary>
public sealed class AdvanceTicketActivity(TicketProgress progress) : TaskActivity<string, TicketSchedule>
{
    public override Task<TicketSchedule> RunAsync(TaskActivityContext context, string input) =>
        progress.AdvanceAsync(input, CancellationToken.None);
}
