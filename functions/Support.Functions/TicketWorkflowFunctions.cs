using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Support.Desk.Application;
using Support.Desk.Hosting.Workflows;
using Support.Desk.Application.Ports;

namespace Support.Functions;

/// <summary>
/// One-line wrappers that expose the class-based orchestrator and activities to the Functions host
/// (the source generator that would write these is not available). Function names are the class names,
/// exactly as the local host's registry names them.
/// </summary>
public sealed class TicketWorkflowFunctions(TicketProgress progress)
{
    [Function(nameof(TicketOrchestrator))]
    public static Task<string> RunTicketOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new TicketOrchestrator().RunAsync(context, context.GetInput<TicketWorkflowInput>()!);

    [Function(nameof(AcknowledgeTicketWorkflowActivity))]
    public Task<bool> AcknowledgeTicketWorkflow([ActivityTrigger] TicketStepRequest input, FunctionContext context) =>
        new AcknowledgeTicketWorkflowActivity(progress).RunAsync(ActivityContext.For(context), input);

    [Function(nameof(AdvanceTicketActivity))]
    public Task<TicketSchedule> AdvanceTicket([ActivityTrigger] string ticketId, FunctionContext context) =>
        new AdvanceTicketActivity(progress).RunAsync(ActivityContext.For(context), ticketId);

    /// <summary>The activity context a class-based activity expects, from the Functions invocation.</summary>
    sealed class ActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;

        public static ActivityContext For(FunctionContext context) =>
            new(context.FunctionDefinition.Name, context.BindingContext.BindingData.TryGetValue("instanceId", out object? id) ? id?.ToString() ?? string.Empty : string.Empty);
    }
}
