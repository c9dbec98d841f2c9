using Support.Desk.Domain;

namespace Support.Desk.Application;

/// <summary>
/// The side effects of a ticket's workflow, each safe to repeat: the durable engine may run a step
/// again after a crash or a retry, so events carry deterministic IDs and emails deterministic message IDs.
/// </summary>
public sealed class TicketWorkflowSteps(ITicketStore store, IIntakeJournal journal, IEmailSender email)
{
    public const string WorkflowActor = "sla-workflow";

    public async Task AcknowledgeStartAsync(string ticketId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await store.AppendEventAsync(
            ticketId,
            TicketEvent.Create(at, TicketEventKind.WorkflowStarted, WorkflowActor, "SLA workflow started."),
            cancellationToken).ConfigureAwait(false);
        await journal.ClearAsync(ticketId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<EmailSendOutcome> SendEmailAsync(string ticketId, TicketEmailKind kind, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Ticket ticket = await store.FindTicketAsync(ticketId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Ticket {ticketId} does not exist.");
        EmailMessage message = TicketEmails.Compose(ticket, kind);
        EmailSendOutcome outcome = await email.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await store.AppendEventAsync(
            ticketId,
            TicketEvent.Create(at, TicketEventKind.EmailSent, WorkflowActor, $"{WireNames.Of(kind)} email sent to {message.To}.", message.MessageId),
            cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    public Task RecordAsync(string ticketId, TicketEvent ticketEvent, CancellationToken cancellationToken) =>
        store.AppendEventAsync(ticketId, ticketEvent, cancellationToken);
}
